/**
 * Demo data for a first start: an admin, two dial-in agents, three phones (one for hot desk),
 * the pause codes and a contact. Only on an empty database (no agents); returns the credentials
 * so `callgate serve` can print how to log in. Demo PINs are well known on purpose.
 */
import { randomBytes } from 'node:crypto';
import type { Agent } from './agent.ts';
import type { Contact } from './contact.ts';
import type { Services } from './create-services.ts';
import type { Device } from './device.ts';
import type { PauseCode } from './pause-code.ts';

export interface SeededLogin {
  agent: Agent;
  password: string;
  pin: string | null;
}

export interface DemoData {
  admin: SeededLogin;
  agents: SeededLogin[];
  devices: Device[];
  pauseCodes: PauseCode[];
  contacts: Contact[];
}

const PAUSE_CODES = [
  { code: 'BREAK', name: 'Break', billable: false, maxSeconds: 900 },
  { code: 'LUNCH', name: 'Lunch', billable: false, maxSeconds: 3600 },
  { code: 'TRAIN', name: 'Training', billable: true, maxSeconds: null },
];

/** Returns undefined when the database already has agents. */
export async function seedDemoData(services: Services): Promise<DemoData | undefined> {
  if ((await services.agents.count()) > 0) return undefined;
  const adminPassword = randomBytes(9).toString('base64url');
  const admin: SeededLogin = {
    agent: await services.agents.create({
      userId: '9000',
      name: 'Admin',
      role: 'admin',
      password: adminPassword,
    }),
    password: adminPassword,
    pin: null,
  };
  const agents: SeededLogin[] = [];
  for (const demo of [
    { userId: '1001', name: 'Alice Agent', password: 'alice-1001', pin: '4321', hotDesk: false },
    { userId: '1002', name: 'Bob Agent', password: 'bob-1002', pin: '8765', hotDesk: true },
  ]) {
    const agent = await services.agents.create({ ...demo, role: 'agent' });
    agents.push({ agent, password: demo.password, pin: demo.pin });
  }
  const devices = [
    await services.devices.create({
      name: 'Desk 2001',
      endpoint: 'PJSIP/2001',
      location: 'Floor 1',
      kind: 'desk',
    }),
    await services.devices.create({
      name: 'Desk 2002',
      endpoint: 'PJSIP/2002',
      location: 'Floor 1',
      kind: 'desk',
    }),
    await services.devices.create({
      name: 'Hot desk 2003',
      endpoint: 'PJSIP/2003',
      location: 'Hot desk',
      kind: 'desk',
    }),
  ];
  const existing = new Set((await services.pauseCodes.list()).map((p) => p.code));
  for (const code of PAUSE_CODES) if (!existing.has(code.code)) await services.pauseCodes.create(code);
  const contacts = [
    await services.contacts.create({
      officeNum: '5001',
      name: 'Front desk',
      details: 'Reception, ground floor',
    }),
  ];
  return { admin, agents, devices, pauseCodes: await services.pauseCodes.list(), contacts };
}
