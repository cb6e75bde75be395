import type { AgiCommandHandler } from './agi-command-outcome.ts';
import * as channel from './channel-commands.ts';
import * as media from './media-commands.ts';
import { recordedUsageTexts } from './usage-texts.ts';

export interface AgiCommandDefinition {
  /** The command words, lower case. */
  words: readonly string[];
  /** Whether Asterisk runs it on a dead (hung-up) channel; otherwise 511. */
  allowedWhenDead: boolean;
  handler: AgiCommandHandler;
  /** The 520 usage text; undefined sends the one-line "Proper usage not available." */
  usage: string | undefined;
  /** A new command from the application stops it without a reply (it waits on the AGI fd too). */
  supersedable: boolean;
}

const define = (
  name: string,
  allowedWhenDead: boolean,
  handler: AgiCommandHandler,
): AgiCommandDefinition => ({
  words: name.split(' '),
  allowedWhenDead,
  handler,
  usage: recordedUsageTexts[name],
  supersedable: /^(stream file|control stream file|get data|get option|say )/.test(name),
});

/** Asterisk 22's AGI commands (res_agi.c and app_stack's GOSUB), with their dead-channel flags. */
export const agiCommandTable: readonly AgiCommandDefinition[] = [
  define('answer', false, channel.answer),
  define('asyncagi break', true, channel.acceptAndIgnore(2)),
  define('channel status', false, channel.channelStatus),
  define('database del', true, channel.databaseDel),
  define('database deltree', true, channel.databaseDeltree),
  define('database get', true, channel.databaseGet),
  define('database put', true, channel.databasePut),
  define('exec', true, channel.exec),
  define('get data', false, media.getData),
  define('get full variable', true, channel.getFullVariable),
  define('get option', false, media.getOption),
  define('get variable', true, channel.getVariable),
  define('gosub', false, channel.gosub),
  define('hangup', false, channel.hangup),
  define('noop', true, channel.noop),
  define('receive char', false, channel.receiveChar),
  define('receive text', false, channel.receiveText),
  define('record file', false, media.recordFile),
  define('say alpha', false, media.sayAlpha),
  define('say digits', false, media.sayDigits),
  define('say number', false, media.sayNumber),
  define('say phonetic', false, media.sayPhonetic),
  define('say date', false, media.sayTime('date')),
  define('say time', false, media.sayTime('time')),
  define('say datetime', false, media.sayTime('datetime')),
  define('send image', false, channel.acceptAndIgnore(3)),
  define('send text', false, channel.acceptAndIgnore(3)),
  define('set autohangup', false, channel.setAutohangup),
  define('set callerid', false, channel.setCallerId),
  define('set context', false, channel.setContext),
  define('set extension', false, channel.setExtension),
  define('set music', false, channel.acceptAndIgnore(3)),
  define('set priority', false, channel.setPriority),
  define('set variable', true, channel.setVariable),
  define('stream file', false, media.streamFile),
  define('control stream file', false, media.controlStreamFile),
  define('tdd mode', false, channel.acceptAndIgnore(3)),
  define('verbose', true, channel.verbose),
  define('wait for digit', false, media.waitForDigit),
  define('speech create', false, channel.acceptAndIgnore(3)),
  define('speech set', false, channel.acceptAndIgnore(4)),
  define('speech destroy', true, channel.acceptAndIgnore(2)),
  define('speech load grammar', false, channel.acceptAndIgnore(5)),
  define('speech unload grammar', true, channel.acceptAndIgnore(4)),
  define('speech activate grammar', false, channel.acceptAndIgnore(4)),
  define('speech deactivate grammar', false, channel.acceptAndIgnore(4)),
  define('speech recognize', false, channel.acceptAndIgnore(4)),
];

/**
 * find_command(argv, 0): every word of a command must match (any case); extra tokens are its
 * arguments; too few tokens (`GET`) match nothing.
 */
export function findAgiCommand(argv: readonly string[]): AgiCommandDefinition | undefined {
  let best: AgiCommandDefinition | undefined;
  for (const command of agiCommandTable) {
    if (command.words.length > argv.length) continue;
    if (!command.words.every((word, i) => argv[i]!.toLowerCase() === word)) continue;
    if (best === undefined || command.words.length > best.words.length) best = command;
  }
  return best;
}

/** The 520 block for a command, as separate lines (first line, usage text lines, last line). */
export function usageLines(command: AgiCommandDefinition): string[] {
  if (command.usage === undefined) return ['520 Invalid command syntax.  Proper usage not available.'];
  const body = command.usage.endsWith('\n') ? command.usage.slice(0, -1) : command.usage;
  return [
    '520-Invalid command syntax.  Proper usage follows:',
    ...body.split('\n'),
    '520 End of proper usage.',
  ];
}
