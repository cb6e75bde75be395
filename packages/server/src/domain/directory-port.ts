/**
 * What the directory needs from persistence (implemented in ../store/directory-repo.ts). Kept
 * apart from store-port.ts so the directory can grow without touching the core repositories.
 */
import type { CallerProfile, CallerProfilePatch } from './directory-caller.ts';
import type { DirectoryEntry } from './directory-entry.ts';

export type NewDirectoryEntry = Omit<DirectoryEntry, 'id' | 'createdAt' | 'updatedAt'>;
export type DirectoryEntryPatch = Partial<NewDirectoryEntry>;

export interface DirectoryRepo {
  /** Throws E_DUPLICATE when the extension exists. */
  insert(row: NewDirectoryEntry, at: Date): Promise<DirectoryEntry>;
  findById(id: number): Promise<DirectoryEntry | undefined>;
  findByExtension(extension: string): Promise<DirectoryEntry | undefined>;
  /** Ordered by extension. */
  list(): Promise<DirectoryEntry[]>;
  update(id: number, patch: DirectoryEntryPatch, at: Date): Promise<DirectoryEntry | undefined>;
}

export interface CallerProfileRepo {
  /** The first enabled contact whose office number is one of `numbers`, in the order given. */
  findByNumbers(numbers: readonly string[]): Promise<CallerProfile | undefined>;
  findByOfficeNum(officeNum: string): Promise<CallerProfile | undefined>;
  update(contactId: number, patch: CallerProfilePatch, at: Date): Promise<CallerProfile | undefined>;
}

/** The store parts the directory services use. */
export interface DirectoryStore {
  directory: DirectoryRepo;
  callerProfiles: CallerProfileRepo;
}
