import type { CallEvent, CallRecording } from '@callgate/agi/testing';

/** What the terminal phone shows for a live call event (undefined: nothing). */
export function describeCallEvent(event: CallEvent): string | undefined {
  switch (event.type) {
    case 'prompt':
      return `▶ ${event.file}`;
    case 'app':
      return event.name.toLowerCase() === 'confbridge'
        ? `☎ joined ConfBridge ${event.args.split(',')[0] ?? ''}`
        : `⚙ ${event.name}(${event.args})`;
    case 'hangup':
      return event.by === 'caller' ? '✆ you hung up' : '✆ the application hung up';
    default:
      return undefined;
  }
}

/** The server's answer to a route it does not have (the FastAGI server sets its status variable so). */
export const NO_ROUTE = 'NOROUTE';

/** Apps that take the call somewhere: the last one run is where it went. */
const DESTINATIONS = new Set(['confbridge', 'dial', 'voicemail', 'voicemailmain', 'queue', 'musiconhold']);

/**
 * The one line that ends a call: the route, the result variables the app set (`CALLGATE_*`, and
 * DIALSTATUS when it dialled), where the call went, how it ended, and AGISTATUS. `key=value`
 * pairs, values quoted when they hold a space, so a script can read it.
 */
export function summaryLine(route: string, recording: CallRecording): string {
  const parts: string[] = [`route=${quote(route)}`];
  const seen = new Set<string>();
  for (const { name } of recording.variablesSet) {
    if (seen.has(name) || !(name.startsWith('CALLGATE_') || name === 'DIALSTATUS')) continue;
    seen.add(name);
    parts.push(`${name}=${quote(recording.variables[name] ?? '')}`);
  }
  const last = [...recording.apps].reverse().find((a) => DESTINATIONS.has(a.name.toLowerCase()));
  if (last) {
    const target = last.name.toLowerCase() === 'dial' ? (last.args.split(',')[0] ?? '') : last.args;
    parts.push(`went=${quote(`${last.name}(${target})`)}`);
  }
  if (recording.hungUpBy === 'caller') parts.push('ended=you-hung-up');
  else if (recording.hungUpBy === 'application') parts.push('ended=app-hung-up');
  else if (recording.continuesAt) {
    const { context, extension, priority } = recording.continuesAt;
    parts.push(`continues=${quote(`${context},${extension},${priority}`)}`);
  }
  parts.push(`AGISTATUS=${recording.agiStatus}`);
  return `summary: ${parts.join(' ')}`;
}

function quote(value: string): string {
  return /^[^\s"]*$/.test(value) && value !== '' ? value : JSON.stringify(value);
}

/** The transcript as the lab prints it: `<<` written by Asterisk, `>>` sent by the application. */
export function formatTranscript(recording: CallRecording): string[] {
  return recording.transcript.map((line) => {
    const seconds = (line.at / 1000).toFixed(3).padStart(8);
    return `${seconds}s  ${line.from === 'asterisk' ? '<<' : '>>'}  ${JSON.stringify(line.line)}`;
  });
}
