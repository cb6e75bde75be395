/** Asterisk's sound files are 8 kHz: STREAM FILE's endpos counts samples, 8 per ms. */
export const samplesPerMs = 8;

export interface SoundLibraryOptions {
  /** Known files and their length in ms (`beep` is 425.5 ms = 3404 samples, as recorded). */
  sounds?: Record<string, number>;
  /** Files that do not exist (STREAM FILE answers `result=-1 endpos=0`). */
  missing?: Iterable<string>;
  /** Length of any other file; `null` makes every unknown file missing. Default 1000 ms. */
  unknownSoundMs?: number | null;
}

/** Length of one SAY building block (`digits/1`, `letters/a`, ...). */
const sayFileMs = 750;

/** Lengths of the stock files the lab transcripts play, so replies match them byte for byte. */
export const stockSoundMs: Readonly<Record<string, number>> = {
  beep: 425.5,
  'vm-goodbye': 865,
  'demo-congrats': 10_000,
};

/** Which sound files exist and how long they play. Recordings are added as they are made. */
export class SoundLibrary {
  readonly #sounds = new Map<string, number>();
  readonly #missing: Set<string>;
  readonly #unknownMs: number | null;

  constructor(options: SoundLibraryOptions = {}) {
    for (const [name, ms] of Object.entries({ ...stockSoundMs, ...options.sounds }))
      this.#sounds.set(name, ms);
    this.#missing = new Set(options.missing ?? []);
    this.#unknownMs = options.unknownSoundMs === undefined ? 1000 : options.unknownSoundMs;
  }

  /** Length in ms, or undefined when the file does not exist. */
  lengthMs(file: string): number | undefined {
    if (this.#missing.has(file)) return undefined;
    const known = this.#sounds.get(file);
    if (known !== undefined) return known;
    // SAY * plays one short file per digit or letter (SAY DIGITS 123 took 2.25 s in media.txt).
    if (this.#unknownMs !== null && /^(digits|letters|phonetic)\//.test(file)) return sayFileMs;
    return this.#unknownMs ?? undefined;
  }

  add(file: string, ms: number): void {
    this.#missing.delete(file);
    this.#sounds.set(file, ms);
  }
}
