/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 document of every /api route this server registered.
 * Public: it describes the routes (which the console's code shows anyway) and no data, and API
 * clients and tools read it before they sign in. Built once, on the first request, when every route
 * is in place.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApiRoute, buildOpenApiDocument } from './openapi-document.ts';
import { documented } from './route-doc.ts';

/** The version of the API contract the document describes. */
export const API_VERSION = '1.0.0';

/** Starts recording the /api routes registered on `app` from now on (call it before any route). */
export function recordApiRoutes(app: FastifyInstance): ApiRoute[] {
  const routes: ApiRoute[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url !== '/api' && !route.url.startsWith('/api/')) return;
    for (const method of [route.method].flat()) {
      // Fastify adds a HEAD beside every GET; the GET describes both.
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, access: route.config?.access, api: route.config?.api });
    }
  });
  return routes;
}

export function registerOpenApiRoute(app: FastifyInstance, routes: readonly ApiRoute[]): void {
  let document: object | undefined;
  app.get(
    '/api/openapi.json',
    documented('public', {
      tag: 'meta',
      summary: 'This document: every /api route, its parameters, bodies and answers',
      responses: { 200: z.looseObject({ openapi: z.literal('3.1.0') }) },
    }),
    async () => {
      document ??= buildOpenApiDocument(routes, { version: API_VERSION });
      return document;
    },
  );
}
