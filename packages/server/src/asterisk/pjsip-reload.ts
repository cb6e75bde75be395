import type { AmiClient } from './ami-client.ts';

export interface PjsipReloadOptions {
  timeoutMs?: number;
}

/**
 * Asks Asterisk to re-read its PJSIP configuration after a new render: `Action: ModuleLoad` with
 * `LoadType: reload` (write permission `system`). Asterisk has no `ModuleReload` action; it answers
 * that with "Invalid/unknown command" (recording 02). Resolves with Asterisk's message ("Module
 * reloaded."); rejects with E_AMI_DOWN / E_AMI_ACTION / E_AMI_TIMEOUT like any action.
 */
export async function reloadPjsip(client: AmiClient, options: PjsipReloadOptions = {}): Promise<string> {
  const response = await client.action(
    { Action: 'ModuleLoad', Module: 'res_pjsip.so', LoadType: 'reload' },
    { timeoutMs: options.timeoutMs },
  );
  return response.get('Message') ?? '';
}
