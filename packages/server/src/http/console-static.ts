/**
 * The web console's static build at `/`, with the SPA fallback: any GET outside `/api` that is
 * not a file answers `index.html`, so the console's URLs survive a reload. Without a build, a
 * short page says how to make one.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from './api-error.ts';

export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../console/dist/', import.meta.url));

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Callgate: console not built</title></head>
<body><h1>The Callgate web console is not built</h1>
<p>The API is running. Build the console once, then reload this page:</p>
<pre>npm run build</pre></body></html>
`;

export async function registerConsole(app: FastifyInstance, dir: string): Promise<void> {
  const built = existsSync(`${dir}/index.html`);
  if (built) {
    await app.register(fastifyStatic, {
      root: dir,
      index: ['index.html'],
      // Hashed asset names may be cached for long; index.html (served below) never is.
      setHeaders: (res, path) => {
        res.setHeader(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    const isApi = path === '/api' || path.startsWith('/api/');
    if (isApi || (request.method !== 'GET' && request.method !== 'HEAD')) {
      throw notFound(`No route ${request.method} ${path}`);
    }
    reply.header('cache-control', 'no-cache');
    if (!built) return reply.code(200).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return reply.sendFile('index.html');
  });
}
