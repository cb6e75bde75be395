/**
 * The OpenAPI 3.1 document of the HTTP API, made from the routes as Fastify registered them and
 * the zod schemas each declared (route-doc.ts): request params, query and body as the handler
 * parses them (zod input), answers as the views build them (zod output). Named shapes
 * (contract/api-schema-registry.ts) are listed once under components.schemas. Pure: no I/O.
 */
import { z } from 'zod';
import { apiSchemas } from './contract/api-schema-registry.ts';
import { apiErrorSchema } from './contract/error-contract.ts';
import type { RouteAccess } from './request-auth.ts';
import type { RouteDoc } from './route-doc.ts';

/** A route under /api as registered: its method, URL pattern and route config. */
export interface ApiRoute {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess | undefined;
  readonly api: RouteDoc | undefined;
}

type Json = Record<string, unknown>;

/** Marks operations of routes that declared no doc; a test fails while there are any. */
export const UNDOCUMENTED = 'x-callgate-undocumented';

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'E_VALIDATION: a field, the query or the URL is not valid (`fields` says which and why).',
  '401': 'E_AUTH (not signed in, or the web login expired) or E_BAD_CREDENTIALS (sign-in).',
  '403':
    'E_FORBIDDEN (the role may not do this, or the account is disabled) or E_CSRF (the x-csrf-token header is missing or stale).',
  '404': 'E_NOT_FOUND: no such record, or no open session.',
  '409':
    'E_CONFLICT, E_STATE, E_DEVICE_IN_USE or E_SESSION_EXISTS: the request clashes with the current state.',
  '423': 'E_LOCKED: too many failed sign-ins for this user ID; `retryAfterSec` says when to try again.',
  '429': 'E_RATE_LIMIT: too many attempts; `retryAfterSec` says when to try again.',
  default: 'E_INTERNAL (500) or E_STORE_UNAVAILABLE (503, the database did not answer).',
};

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Collects named shapes into components.schemas while converting each route's schemas. */
class SchemaConverter {
  readonly components: Record<string, Json> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      metadata: apiSchemas,
      // Transforms and refinements have no JSON Schema: the document shows what is sent.
      unrepresentable: 'any',
    }) as Json;
    const {
      $schema: _dialect,
      $defs,
      ...root
    } = JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json & {
      $defs?: Record<string, Json>;
    };
    for (const [id, definition] of Object.entries($defs ?? {})) {
      const known = this.components[id];
      if (known && JSON.stringify(known) !== JSON.stringify(definition)) {
        throw new Error(`schema ${id} has two different shapes in the API`);
      }
      this.components[id] = definition;
    }
    return root;
  }

  /** An object schema's properties as OpenAPI parameters (`in: path` or `in: query`). */
  parameters(schema: z.ZodType, where: 'path' | 'query'): Json[] {
    const json = this.convert(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
    return Object.entries(json.properties ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      schema: property,
    }));
  }
}

function errorStatuses(route: ApiRoute, doc: RouteDoc | undefined): string[] {
  const statuses = new Set<string>();
  if (doc?.params || doc?.query || doc?.body) statuses.add('400');
  const access = route.access ?? 'admin-area';
  if (access !== 'public') statuses.add('401');
  if (access === 'admin-area' || (access !== 'public' && !READ_METHODS.has(route.method)))
    statuses.add('403');
  if (doc?.params) statuses.add('404');
  for (const status of doc?.errors ?? []) statuses.add(String(status));
  return [...statuses].sort();
}

function security(route: ApiRoute): Json[] {
  // A route without `access` is admin-only (request-auth.ts): it needs the login too.
  if (route.access === 'public') return [];
  return READ_METHODS.has(route.method) ? [{ session: [] }] : [{ session: [], csrf: [] }];
}

/** `GET /api/admin/agents/:id/queues` → `getAdminAgentsByIdQueues`. */
function operationId(method: string, url: string): string {
  const words = url
    .split('/')
    .filter((part) => part !== '' && part !== 'api')
    .flatMap((part) => (part.startsWith(':') ? ['by', part.slice(1)] : part.split(/[-.]/)));
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function operation(route: ApiRoute, schemas: SchemaConverter): Json {
  const doc = route.api;
  const responses: Json = {};
  for (const [status, answer] of Object.entries(doc?.responses ?? {})) {
    if (answer === undefined) continue;
    if (answer === null) responses[status] = { description: 'Done; no body.' };
    else if ('stream' in answer && typeof answer.stream === 'string') {
      responses[status] = {
        description: 'A stream that stays open.',
        content: { [answer.stream]: { schema: { type: 'string' } } },
      };
    } else {
      responses[status] = {
        description: 'OK',
        content: { 'application/json': { schema: schemas.convert(answer as z.ZodType, 'output') } },
      };
    }
  }
  for (const status of errorStatuses(route, doc))
    responses[status] = { $ref: `#/components/responses/E${status}` };
  responses.default = { $ref: '#/components/responses/Edefault' };

  const parameters = [
    ...(doc?.params ? schemas.parameters(doc.params, 'path') : []),
    ...(doc?.query ? schemas.parameters(doc.query, 'query') : []),
  ];
  const body = doc?.body;
  return {
    operationId: operationId(route.method, route.url),
    summary: doc?.summary ?? 'Not documented yet',
    ...(doc?.description ? { description: doc.description } : {}),
    ...(doc ? { tags: [doc.tag] } : { [UNDOCUMENTED]: true }),
    security: security(route),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body
      ? {
          requestBody: {
            // A body that may be left out: the handler reads a missing one as `{}`.
            required: !body.safeParse({}).success,
            content: { 'application/json': { schema: schemas.convert(body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

export interface OpenApiInfo {
  readonly version: string;
}

export function buildOpenApiDocument(routes: readonly ApiRoute[], info: OpenApiInfo): Json {
  const schemas = new SchemaConverter();
  const errorBody = schemas.convert(apiErrorSchema, 'output');
  const paths: Record<string, Record<string, Json>> = {};
  const sorted = [...routes].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  for (const route of sorted) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route, schemas);
  }
  const tags = [...new Set(routes.flatMap((r) => (r.api ? [r.api.tag] : [])))]
    .sort()
    .map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Callgate HTTP API',
      version: info.version,
      description:
        'The API the Callgate web console uses. Sign in with POST /api/login: the answer sets the ' +
        '`callgate_sid` cookie (HttpOnly) and carries a `csrfToken`; send the cookie with every request and ' +
        'the token in the `x-csrf-token` header of every request that changes something. Errors are ' +
        '`{ error: { code, message, fields?, retryAfterSec? } }`; clients match `code`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags,
    paths,
    components: {
      schemas: schemas.components,
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'callgate_sid',
          description: 'The web login, set by POST /api/login.',
        },
        csrf: {
          type: 'apiKey',
          in: 'header',
          name: 'x-csrf-token',
          description: 'The csrfToken of the login.',
        },
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([status, description]) => [
          `E${status}`,
          { description, content: { 'application/json': { schema: errorBody } } },
        ]),
      ),
    },
  };
}
