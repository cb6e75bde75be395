/**
 * What each API route tells the OpenAPI document (openapi-document.ts) about itself, next to its
 * handler: the zod schemas it parses its params, query and body with, and those of its answers.
 * `documented(access, doc)` gives the route options: `app.get(url, documented(...), handler)`.
 * A route under /api without a doc is listed as undocumented, and a test fails on it.
 */
import type { z } from 'zod';
import type { RouteAccess } from './request-auth.ts';

/** Error statuses a route may answer besides those its access and inputs imply. */
export type ErrorStatus = 401 | 403 | 404 | 409 | 423 | 429;

export interface RouteDoc {
  /** One line: what the route does. */
  readonly summary: string;
  readonly description?: string;
  /** Groups routes in the document: `auth`, `agent`, `admin`, ... */
  readonly tag: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** Success answers by status: a JSON body's schema, `null` for none (204), or a stream's media type. */
  readonly responses: Readonly<Partial<Record<200 | 201 | 204, z.ZodType | null | { stream: string }>>>;
  readonly errors?: readonly ErrorStatus[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    api?: RouteDoc;
  }
}

export function documented(
  access: RouteAccess,
  api: RouteDoc,
): { config: { access: RouteAccess; api: RouteDoc } } {
  return { config: { access, api } };
}
