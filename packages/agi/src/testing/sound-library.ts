import { coreSoundsEn } from './core-sounds-en.ts';

/** Asterisk's sound files are 8 kHz: STREAM FILE's endpos counts samples, 8 per ms. */
export const samplesPerMs = 8;

export interface SoundLibraryOptions {
  /** Files that exist beside the core sounds (recordings of your own), with their length in ms. */
  sounds?: Record<string, number>;
  /** Files that exist beside the core sounds, each `defaultSoundMs` long (`callgate call --prompt`). */
  extra?: Iterable<string>;
  /** Files that do not exist, core sounds included (STREAM FILE answers `result=-1 endpos=0`). */
  missing?: Iterable<string>;
  /**
   * Every file name plays (this long, in ms), as if the sounds directory had anything asked for.
   * Off by default: a name that is not a core sound nor declared is missing, as on a stock Asterisk.
   */
  anySoundMs?: number;
  /** Length of a core sound or extra file whose length is not known. Default 1000 ms. */
  defaultSoundMs?: number;
}

/** Length of one SAY building block (`digits/1`, `letters/a`, ...). */
const sayFileMs = 750;
const defaultMs = 1000;

/** Lengths of the stock files the lab transcripts play, so replies match them byte for byte. */
export const stockSoundMs: Readonly<Record<string, number>> = {
  beep: 425.5,
  'vm-goodbye': 865,
  'demo-congrats': 10_000,
};

const coreSounds: ReadonlySet<string> = new Set(coreSoundsEn);

/**
 * Which sound files exist and how long they play. By default the ones a stock Asterisk has: the
 * English core sounds (core-sounds-en.ts); anything else answers as a missing file does on a
 * real Asterisk (recording C14: `an-error-has-occurred` played nothing and the AGI failed).
 */
export class SoundLibrary {
  readonly #sounds = new Map<string, number>();
  readonly #missing: Set<string>;
  readonly #anyMs: number | undefined;
  readonly #defaultMs: number;

  constructor(options: SoundLibraryOptions = {}) {
    this.#defaultMs = options.defaultSoundMs ?? defaultMs;
    for (const [name, ms] of Object.entries(stockSoundMs)) this.#sounds.set(name, ms);
    for (const name of options.extra ?? []) this.#sounds.set(name, this.#defaultMs);
    for (const [name, ms] of Object.entries(options.sounds ?? {})) this.#sounds.set(name, ms);
    this.#missing = new Set(options.missing ?? []);
    this.#anyMs = options.anySoundMs;
  }

  /** Whether a stock Asterisk with the English core sounds has this prompt. */
  static isCoreSound(name: string): boolean {
    return coreSounds.has(name);
  }

  /** Length in ms, or undefined when the file does not exist. */
  lengthMs(file: string): number | undefined {
    if (this.#missing.has(file)) return undefined;
    const known = this.#sounds.get(file);
    if (known !== undefined) return known;
    // SAY * plays one short file per digit or letter (SAY DIGITS 123 took 2.25 s in media.txt).
    const say = /^(digits|letters|phonetic)\//.test(file);
    if (coreSounds.has(file)) return say ? sayFileMs : this.#defaultMs;
    if (this.#anyMs !== undefined) return say ? sayFileMs : this.#anyMs;
    return undefined;
  }

  add(file: string, ms: number): void {
    this.#missing.delete(file);
    this.#sounds.set(file, ms);
  }
}
