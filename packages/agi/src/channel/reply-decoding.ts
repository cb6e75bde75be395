import { AgiError } from '../errors.ts';
import { replyExcerpt } from '../protocol/input-commands.ts';
import type { AgiReply } from '../protocol/reply.ts';
import type { ChannelState, ChannelStatus, SpeechRecognition, SpeechResult } from './command-results.ts';

/**
 * Turns anything but a 200 into its typed error: 510 → AGI_ERR_INVALID_COMMAND, 511 →
 * AGI_ERR_DEAD_CHANNEL, 520 → AGI_ERR_USAGE (with the usage text), any other code →
 * AGI_ERR_PROTOCOL. A 200 without `result=` is AGI_ERR_PROTOCOL too. Messages quote the reply
 * only when it does not answer an input command (see input-commands.ts).
 */
export function assertSuccess(reply: AgiReply, command: string): AgiReply & { result: string } {
  switch (reply.code) {
    case 200:
      if (reply.result === undefined) throw protocolError(reply, command, 'a 200 reply without result=');
      return reply as AgiReply & { result: string };
    case 510:
      throw new AgiError(
        'AGI_ERR_INVALID_COMMAND',
        `Asterisk does not know this command: ${replyExcerpt(reply.raw, command)}`,
        { command },
      );
    case 511:
      throw new AgiError('AGI_ERR_DEAD_CHANNEL', 'not permitted on a dead channel', { command });
    case 520:
      throw new AgiError('AGI_ERR_USAGE', 'Asterisk rejected the command syntax', {
        command,
        usage: reply.usage ?? reply.raw,
      });
    default:
      throw protocolError(reply, command, `unexpected reply code ${reply.code}`);
  }
}

export function protocolError(reply: AgiReply, command: string, what: string): AgiError {
  return new AgiError('AGI_ERR_PROTOCOL', `${what}: ${replyExcerpt(reply.raw, command)}`, { command });
}

/** The integer after `result=`; AGI_ERR_PROTOCOL when it is not one. */
export function integerResult(reply: AgiReply, command: string): number {
  if (reply.result === undefined || !/^-?[0-9]+$/.test(reply.result)) {
    throw protocolError(reply, command, 'result is not an integer');
  }
  return Number(reply.result);
}

/** An integer attribute such as `endpos`; AGI_ERR_PROTOCOL when missing or not an integer. */
export function integerAttribute(reply: AgiReply, name: string, command: string): number {
  const value = reply.attributes[name];
  if (value === undefined || !/^-?[0-9]+$/.test(value)) {
    throw protocolError(reply, command, `${name} missing or not an integer`);
  }
  return Number(value);
}

/** STREAM FILE, WAIT FOR DIGIT, SAY *: the ASCII code of the digit, 0 for none. */
export function digitOfCode(code: number): string | undefined {
  return code > 0 ? String.fromCharCode(code) : undefined;
}

const STATES: readonly ChannelState[] = [
  'down',
  'reserved',
  'offhook',
  'dialing',
  'ring',
  'ringing',
  'up',
  'busy',
  'dialing-offhook',
  'prering',
];

export function channelStatusOf(code: number): ChannelStatus {
  return { code, state: STATES[code] ?? 'unknown' };
}

/**
 * SPEECH RECOGNIZE replies (res_agi.c): `200 result=1 (speech) endpos=N results=K score0=S
 * text0="..." grammar0=G ...`, `200 result=1 (digit) digit=D endpos=N`, `200 result=1 (timeout)
 * endpos=N`, `200 result=1 (hangup) endpos=N`. Returns undefined for the failure reply (result=0).
 */
export function speechRecognitionOf(reply: AgiReply, command: string): SpeechRecognition | undefined {
  if (reply.result !== '1') return undefined;
  const endposSamples = integerAttribute(reply, 'endpos', command);
  switch (reply.data) {
    case 'speech': {
      const count = integerAttribute(reply, 'results', command);
      const results: SpeechResult[] = [];
      for (let i = 0; i < count; i++) {
        results.push({
          score: integerAttribute(reply, `score${i}`, command),
          text: reply.attributes[`text${i}`] ?? '',
          grammar: reply.attributes[`grammar${i}`] ?? '',
        });
      }
      return { kind: 'speech', results, endposSamples };
    }
    case 'digit': {
      const digit = reply.attributes.digit;
      if (!digit) throw protocolError(reply, command, 'digit missing');
      return { kind: 'digit', digit, endposSamples };
    }
    case 'timeout':
    case 'hangup':
      return { kind: reply.data, endposSamples };
    default:
      throw protocolError(reply, command, 'unknown SPEECH RECOGNIZE outcome');
  }
}
