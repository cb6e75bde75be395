/** An API harness with one client signed in per role, for tests of who may do what. */
import {
  ADMIN,
  ALICE,
  type ApiClient,
  type ApiHarness,
  openApiHarness,
  SUPERVISOR,
} from '../http/api-harness.ts';

export interface RoleClients {
  h: ApiHarness;
  admin: ApiClient;
  supervisor: ApiClient;
  /** Alice, an agent. */
  agent: ApiClient;
}

export async function openWithRoleClients(): Promise<RoleClients> {
  const h = await openApiHarness();
  try {
    return {
      h,
      admin: await h.loginAs(ADMIN),
      supervisor: await h.loginAs(SUPERVISOR),
      agent: await h.loginAs(ALICE),
    };
  } catch (err) {
    // The caller never gets the harness to close: close it here, or the open server hangs the run.
    await h.close();
    throw err;
  }
}
