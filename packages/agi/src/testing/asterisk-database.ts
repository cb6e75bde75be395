/**
 * AstDB as the DATABASE commands see it: `family/key` entries, shared between calls when the same
 * instance is passed to several of them.
 */
export class AsteriskDatabase {
  readonly #entries = new Map<string, string>();

  get(family: string, key: string): string | undefined {
    return this.#entries.get(`/${family}/${key}`);
  }

  put(family: string, key: string, value: string): void {
    this.#entries.set(`/${family}/${key}`, value);
  }

  /** Asterisk reports success even when the key did not exist. */
  del(family: string, key: string): void {
    this.#entries.delete(`/${family}/${key}`);
  }

  /** Deletes the family (and sub-families) or one key tree in it; returns how many were deleted. */
  deltree(family: string, keytree?: string): number {
    const prefix = keytree ? `/${family}/${keytree}/` : `/${family}/`;
    let deleted = 0;
    for (const name of [...this.#entries.keys()]) {
      if (name.startsWith(prefix) || (keytree !== undefined && name === `/${family}/${keytree}`)) {
        this.#entries.delete(name);
        deleted += 1;
      }
    }
    return deleted;
  }

  entries(): Record<string, string> {
    return Object.fromEntries(this.#entries);
  }
}
