/**
 * The name an AGI command line is counted under in metrics: its command words (`GET DATA`,
 * `STREAM FILE`), never its arguments, so label values stay few. EXEC keeps its application name
 * (`EXEC ConfBridge`) because an app that holds a call for an hour must not blur `EXEC Playback`.
 */
const KNOWN_COMMANDS: readonly string[] = [
  'ANSWER',
  'ASYNCAGI BREAK',
  'CHANNEL STATUS',
  'CONTROL STREAM FILE',
  'DATABASE DEL',
  'DATABASE DELTREE',
  'DATABASE GET',
  'DATABASE PUT',
  'EXEC',
  'GET DATA',
  'GET FULL VARIABLE',
  'GET OPTION',
  'GET VARIABLE',
  'GOSUB',
  'HANGUP',
  'NOOP',
  'RECEIVE CHAR',
  'RECEIVE TEXT',
  'RECORD FILE',
  'SAY ALPHA',
  'SAY DATE',
  'SAY DATETIME',
  'SAY DIGITS',
  'SAY NUMBER',
  'SAY PHONETIC',
  'SAY TIME',
  'SEND IMAGE',
  'SEND TEXT',
  'SET AUTOHANGUP',
  'SET CALLERID',
  'SET CONTEXT',
  'SET EXTENSION',
  'SET MUSIC',
  'SET PRIORITY',
  'SET VARIABLE',
  'SPEECH ACTIVATE GRAMMAR',
  'SPEECH CREATE',
  'SPEECH DEACTIVATE GRAMMAR',
  'SPEECH DESTROY',
  'SPEECH LOAD GRAMMAR',
  'SPEECH RECOGNIZE',
  'SPEECH SET',
  'SPEECH UNLOAD GRAMMAR',
  'STREAM FILE',
  'TDD MODE',
  'VERBOSE',
  'WAIT FOR DIGIT',
];

const BY_WORD_COUNT = [...KNOWN_COMMANDS].sort((a, b) => b.split(' ').length - a.split(' ').length);
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
