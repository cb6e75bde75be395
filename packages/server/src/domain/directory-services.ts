/** The directory's services as createServices adds them to `Services`. */
import { type CallerLookupService, createCallerLookupService } from './directory-caller-lookup.ts';
import { createDirectoryService, type DirectoryService } from './directory-service.ts';
import type { ServiceContext } from './service-context.ts';

export interface DirectoryServices {
  /** Extension directory: entries and the routing decision for a dialled extension. */
  directory: DirectoryService;
  /** Caller ID lookup in the contacts; VIP and account per contact. */
  callers: CallerLookupService;
}

export function createDirectoryServices(ctx: ServiceContext): DirectoryServices {
  return { directory: createDirectoryService(ctx), callers: createCallerLookupService(ctx) };
}
