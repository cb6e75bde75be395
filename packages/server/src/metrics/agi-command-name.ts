import { AGI_COMMAND_NAMES } from '@callgate/agi';

/**
 * The name an AGI command line is counted under in metrics: its command words (`GET DATA`,
 * `STREAM FILE`), never its arguments, so label values stay few. EXEC keeps its application name
 * (`EXEC ConfBridge`) because an app that holds a call for an hour must not blur `EXEC Playback`.
 */
const BY_WORD_COUNT = [...AGI_COMMAND_NAMES].sort((a, b) => b.split(' ').length - a.split(' ').length);
const APP_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

export function agiCommandName(line: string): string {
  const words = line.trim().split(/[ \t]+/);
  const upper = words.map((w) => w.toUpperCase());
  for (const command of BY_WORD_COUNT) {
    const parts = command.split(' ');
    if (parts.every((part, i) => upper[i] === part)) {
      if (command === 'EXEC') {
        const app = (words[1] ?? '').replace(/^"|"$/g, '');
        return APP_NAME.test(app) ? `EXEC ${app}` : 'EXEC';
      }
      return command;
    }
  }
  return 'UNKNOWN';
}
