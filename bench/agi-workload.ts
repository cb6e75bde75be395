/**
 * The workload both benchmark targets run: the environment Asterisk sends, the six commands a
 * typical IVR step sends, and the reply Asterisk 22 gives each (from the recorded transcripts).
 */

export function environmentBlock(n: number, script = 'bench'): string {
  return (
    'agi_network: yes\n' +
    `agi_network_script: ${script}\n` +
    `agi_request: agi://127.0.0.1:4573/${script}\n` +
    `agi_channel: PJSIP/bench-${n.toString(16).padStart(8, '0')}\n` +
    'agi_language: en\n' +
    'agi_type: PJSIP\n' +
    `agi_uniqueid: 1795342851.${n}\n` +
    'agi_version: 22.10.1\n' +
    'agi_callerid: 5551234\n' +
    'agi_calleridname: Probe Caller\n' +
    'agi_callingpres: 0\n' +
    'agi_callingani2: 0\n' +
    'agi_callington: 0\n' +
    'agi_callingtns: 0\n' +
    'agi_dnid: unknown\n' +
    'agi_rdnis: unknown\n' +
    'agi_context: bench\n' +
    'agi_extension: 2345\n' +
    'agi_priority: 2\n' +
    'agi_enhanced: 0.0\n' +
    'agi_accountcode: \n' +
    'agi_threadid: 139767221229248\n' +
    'agi_arg_1: first\n' +
    '\n'
  );
}

/** Asterisk's reply to each workload command, keyed by the command's first word. */
export function replyFor(commandLine: string): string {
  const verb = commandLine.slice(0, commandLine.indexOf(' ') === -1 ? undefined : commandLine.indexOf(' '));
  switch (verb.toUpperCase()) {
    case 'ANSWER':
      return '200 result=0\n';
    case 'GET':
      return commandLine.startsWith('GET DATA') ? '200 result=1234\n' : '200 result=1 (5551234)\n';
    case 'STREAM':
      return '200 result=0 endpos=8000\n';
    case 'SET':
    case 'VERBOSE':
    case 'NOOP':
      return '200 result=1\n';
    default:
      return '510 Invalid or unknown command\n';
  }
}

/** The six command lines the plain-socket floor sends, as the typed channel encodes them. */
export const WORKLOAD_COMMANDS: readonly string[] = [
  'ANSWER',
  'GET VARIABLE CALLERID(num)',
  'STREAM FILE hello-world ""',
  'GET DATA agent-pass 5000 4',
  'SET VARIABLE CALLGATE_STATUS OK',
  'VERBOSE done 1',
];

/** The command a held session waits in (Asterisk answers it only when the caller leaves). */
export const HOLD_COMMAND = 'EXEC ConfBridge 8600051';
