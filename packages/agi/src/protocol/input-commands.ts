/**
 * The commands whose reply can carry what the caller keyed, said or typed: a PIN keyed into GET
 * DATA comes back as `200 result=4321`, a digit pressed during STREAM FILE as its ASCII code. When
 * such a reply is malformed, its text must not reach an error message or a log line, so errors and
 * protocol reports about these commands say how long the reply was, never what it said.
 *
 * The set: GET DATA, GET OPTION, STREAM FILE, CONTROL STREAM FILE, WAIT FOR DIGIT, every SAY *
 * (escape digits), RECORD FILE (the digit that stopped it), RECEIVE CHAR, RECEIVE TEXT, SPEECH
 * RECOGNIZE (words and digits), and the commands that read a value back — GET VARIABLE, GET FULL
 * VARIABLE, DATABASE GET — since a dialplan Read() or an earlier app may have stored caller input
 * there. Commands are matched on their words, case-insensitively, as Asterisk reads them.
 */
export const INPUT_COMMANDS: readonly string[] = Object.freeze([
  'CONTROL STREAM FILE',
  'DATABASE GET',
  'GET DATA',
  'GET FULL VARIABLE',
  'GET OPTION',
  'GET VARIABLE',
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
  'SPEECH RECOGNIZE',
  'STREAM FILE',
  'WAIT FOR DIGIT',
]);

/** The longest name above plus its blank: all a line's start needs to be compared. */
const PREFIX_LENGTH = 'CONTROL STREAM FILE '.length;

/** True when `commandLine` (as sent, e.g. `GET DATA "agent-pass" 5000 12`) is an input command. */
export function isInputCommand(commandLine: string | undefined): boolean {
  if (commandLine === undefined) return false;
  // Asterisk splits words on blanks and tabs; one blank between words is what any encoder sends.
  const start = `${commandLine.slice(0, PREFIX_LENGTH).toUpperCase().replace(/\t/g, ' ')} `;
  for (const name of INPUT_COMMANDS) {
    if (start.startsWith(name) && start.charCodeAt(name.length) === 0x20) return true;
  }
  return false;
}

/**
 * How an error or a log line may show a reply line: quoted and cut to 80 characters, or — when it
 * answers an input command — only its length, with the reason it is withheld.
 */
export function replyExcerpt(line: string, commandLine: string | undefined): string {
  if (isInputCommand(commandLine)) {
    return `(${Buffer.byteLength(line)} bytes withheld: a reply to an input command may carry what the caller keyed)`;
  }
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line);
}
