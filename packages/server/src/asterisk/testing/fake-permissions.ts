/**
 * Manager permissions of the fake Asterisk. An action needs one of its write classes (as
 * ListCommands shows them in recording 41); an event reaches a connection whose user reads one of
 * the classes in its `Privilege:`. The default user is the one docs/asterisk.md asks for.
 */

/** Write classes per action (`<none>`: anyone logged in), and the text ListCommands gives. */
export const ACTION_PRIVILEGES: Readonly<Record<string, { classes: readonly string[]; synopsis: string }>> = {
  Challenge: { classes: [], synopsis: 'Generate Challenge for MD5 Auth.' },
  ConfbridgeKick: { classes: ['call'], synopsis: 'Kick a Confbridge user.' },
  ConfbridgeList: { classes: ['reporting'], synopsis: 'List participants in a conference.' },
  Hangup: { classes: ['system', 'call'], synopsis: 'Hangup channel.' },
  ListCommands: { classes: [], synopsis: 'List available manager commands.' },
  Login: { classes: [], synopsis: 'Login Manager.' },
  Logoff: { classes: [], synopsis: 'Logoff Manager.' },
  ModuleLoad: { classes: ['system'], synopsis: 'Module management.' },
  Originate: { classes: ['originate'], synopsis: 'Originate a call.' },
  Ping: { classes: [], synopsis: 'Keepalive command.' },
  PJSIPShowContacts: { classes: ['system'], synopsis: 'Lists PJSIP Contacts.' },
  PJSIPShowEndpoints: { classes: ['system'], synopsis: 'Lists PJSIP endpoints.' },
  QueueAdd: { classes: ['agent'], synopsis: 'Add interface to queue.' },
  QueuePause: { classes: ['agent'], synopsis: 'Makes a queue member temporarily unavailable.' },
  QueueRemove: { classes: ['agent'], synopsis: 'Remove interface from queue.' },
  QueueStatus: { classes: [], synopsis: 'Show queue status.' },
  QueueSummary: { classes: [], synopsis: 'Show queue summary.' },
  Reload: { classes: ['system', 'config'], synopsis: 'Send a reload event.' },
  // Outside the docs' user (41 answers "Permission denied"), modelled so a denial can be tested.
  AGI: { classes: ['agi'], synopsis: 'Add an AGI command to execute by Async AGI.' },
  Command: { classes: ['command'], synopsis: 'Execute Asterisk CLI Command.' },
  MessageSend: { classes: ['message'], synopsis: 'Send an out of call message to an endpoint.' },
  UpdateConfig: { classes: ['config'], synopsis: 'Update basic configuration.' },
  UserEvent: { classes: ['user'], synopsis: 'Send an arbitrary event.' },
};

/** The manager user of docs/asterisk.md: `read = call,agent,system`, `write = originate,call,agent,reporting,system`. */
export const DOCS_MANAGER_USER = {
  read: ['call', 'agent', 'system'],
  write: ['originate', 'call', 'agent', 'reporting', 'system'],
} as const;

/** `Privilege: call,all` → may a user who reads `read` see it? */
export function mayRead(read: readonly string[], privilege: string | undefined): boolean {
  if (privilege === undefined) return true;
  const classes = privilege.split(',').filter((c) => c !== 'all');
  return classes.length === 0 || classes.some((c) => read.includes(c) || read.includes('all'));
}

/** May a user with these write classes send the action? Unknown actions are not a permission matter. */
export function mayWrite(write: readonly string[], action: string): boolean {
  const entry = actionEntry(action);
  if (!entry || entry.classes.length === 0) return true;
  return write.includes('all') || entry.classes.some((c) => write.includes(c));
}

export function actionEntry(
  action: string,
): { name: string; classes: readonly string[]; synopsis: string } | undefined {
  const wanted = action.toLowerCase();
  for (const [name, entry] of Object.entries(ACTION_PRIVILEGES)) {
    if (name.toLowerCase() === wanted) return { name, ...entry };
  }
  return undefined;
}
