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

/** Where the call ended up, in a few lines: apps run, how it ended, AGISTATUS. */
export function describeOutcome(recording: CallRecording): string[] {
  const lines: string[] = [];
  for (const app of recording.apps) {
    if (app.name.toLowerCase() === 'dial') {
      lines.push(`dialed ${app.args.split(',')[0] ?? ''}: ${recording.variables.DIALSTATUS ?? 'no status'}`);
    }
  }
  if (recording.hungUpBy === 'caller') lines.push('hung up (by you)');
  else if (recording.hungUpBy === 'application') lines.push('hung up (by the application)');
  else if (recording.continuesAt) {
    const { context, extension, priority } = recording.continuesAt;
    lines.push(`jumped to ${context},${extension},${priority}`);
  }
  lines.push(`AGISTATUS=${recording.agiStatus}`);
  return lines;
}

/** The transcript as the lab prints it: `<<` written by Asterisk, `>>` sent by the application. */
export function formatTranscript(recording: CallRecording): string[] {
  return recording.transcript.map((line) => {
    const seconds = (line.at / 1000).toFixed(3).padStart(8);
    return `${seconds}s  ${line.from === 'asterisk' ? '<<' : '>>'}  ${JSON.stringify(line.line)}`;
  });
}
