import { type ExpressionScope, parseCallerId, parseFunctionCall } from './dialplan-expression.ts';

export interface DialplanLocation {
  context: string;
  extension: string;
  priority: number;
}

export interface ChannelIdentity {
  name: string;
  uniqueId: string;
  language: string;
  type: string;
  callerIdNum: string;
  callerIdName: string;
  accountCode: string;
}

/** Who ended the call: the caller (script, test, terminal) or the application (HANGUP, Hangup()). */
export type HungUpBy = 'caller' | 'application';

/**
 * The state of the simulated channel: identity, caller ID, answer state, variables, where the
 * dialplan continues, and whether it has hung up.
 */
export class ChannelModel implements ExpressionScope {
  readonly identity: ChannelIdentity;
  readonly location: DialplanLocation;
  answered: boolean;
  hungUpBy: HungUpBy | undefined;
  hungUpAt: number | undefined;
  readonly #variables = new Map<string, string>();
  readonly #onSet: (name: string, value: string) => void;

  constructor(
    identity: ChannelIdentity,
    location: DialplanLocation,
    variables: Record<string, string>,
    answered: boolean,
    onSet: (name: string, value: string) => void = () => {},
  ) {
    this.identity = { ...identity };
    this.location = { ...location };
    this.answered = answered;
    for (const [name, value] of Object.entries(variables)) this.#variables.set(name, value);
    this.#onSet = onSet;
  }

  get hungUp(): boolean {
    return this.hungUpBy !== undefined;
  }

  hangUp(by: HungUpBy, at: number): void {
    if (this.hungUpBy !== undefined) return;
    this.hungUpBy = by;
    this.hungUpAt = at;
  }

  /** The state names CHANNEL(state) uses; the AGI runs on a ringing channel until ANSWER. */
  get stateName(): string {
    return this.answered ? 'Up' : 'Ring';
  }

  /** CHANNEL STATUS codes: 4 ringing, 6 up. */
  get stateCode(): number {
    return this.answered ? 6 : 4;
  }

  read(name: string): string | undefined {
    const call = parseFunctionCall(name);
    if (call) return this.#readFunction(call.fn, call.args);
    if (this.#variables.has(name)) return this.#variables.get(name);
    switch (name) {
      case 'CHANNEL':
        return this.identity.name;
      case 'CONTEXT':
        return this.location.context;
      case 'EXTEN':
        return this.location.extension;
      case 'PRIORITY':
        return String(this.location.priority);
      case 'UNIQUEID':
        return this.identity.uniqueId;
      case 'LANGUAGE':
        return this.identity.language;
      default:
        return undefined;
    }
  }

  /** Sets a variable, or writes a function such as CALLERID(num). */
  write(name: string, value: string): void {
    const call = parseFunctionCall(name);
    if (call?.fn === 'CALLERID') {
      const field = call.args.toLowerCase();
      if (field === 'num' || field === 'number') this.identity.callerIdNum = value;
      else if (field === 'name') this.identity.callerIdName = value;
      else if (field === 'all') this.setCallerId(value);
    } else {
      this.#variables.set(name, value);
    }
    this.#onSet(name, value);
  }

  setCallerId(text: string): void {
    const parsed = parseCallerId(text);
    this.identity.callerIdName = parsed.name;
    this.identity.callerIdNum = parsed.num;
  }

  variables(): Record<string, string> {
    return Object.fromEntries(this.#variables);
  }

  #readFunction(fn: string, args: string): string | undefined {
    switch (fn) {
      case 'CALLERID': {
        const field = args.toLowerCase();
        const { callerIdNum: num, callerIdName: name } = this.identity;
        if (field === 'num' || field === 'number') return num;
        if (field === 'name') return name;
        if (field === 'all') return name ? `"${name}" <${num}>` : `<${num}>`;
        return undefined;
      }
      case 'CHANNEL': {
        const field = args.toLowerCase();
        if (field === 'state') return this.stateName;
        if (field === 'name') return this.identity.name;
        if (field === 'language') return this.identity.language;
        if (field === 'uniqueid') return this.identity.uniqueId;
        return undefined;
      }
      case 'LEN':
        return String(Buffer.byteLength(args, 'utf8'));
      default:
        return undefined;
    }
  }
}
