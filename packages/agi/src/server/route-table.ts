import { AgiError } from '../errors.ts';

/** What a matched route hands the handler: the pattern it matched and the `:name` segments. */
export interface RouteMatch<T> {
  /** The pattern as registered (`users/:id`), or `*` for the fallback: a low-cardinality label. */
  readonly route: string;
  readonly params: Readonly<Record<string, string>>;
  readonly value: T;
}

interface ParamRoute<T> {
  readonly pattern: string;
  /** `null` marks a `:param` segment; a string must match exactly. */
  readonly segments: readonly (string | null)[];
  readonly names: readonly string[];
  readonly value: T;
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/** The label the fallback route reports, in logs and per-route counters. */
export const FALLBACK_ROUTE = '*';

/** Removes leading and trailing slashes so `/hello/` and `hello` name the same script. */
export function normalizeScriptPath(path: string): string {
  let start = 0;
  let end = path.length;
  while (start < end && path.charCodeAt(start) === 47) start++;
  while (end > start && path.charCodeAt(end - 1) === 47) end--;
  return path.slice(start, end);
}

/**
 * Routes FastAGI script paths: exact paths (a map lookup), parameterised paths (`users/:id`; a static
 * segment beats a parameter at the first place they differ, then registration order) and one optional fallback.
 */
export class RouteTable<T> {
  /** Exact routes keep one shared match each: nothing is allocated per call. */
  readonly #exact = new Map<string, RouteMatch<T>>();
  readonly #params: ParamRoute<T>[] = [];
  #fallback: T | undefined;

  add(pattern: string, value: T): void {
    const path = normalizeScriptPath(pattern);
    if (path === '' || path.includes('?')) {
      throw new AgiError('AGI_ERR_BAD_ARGUMENT', `invalid route pattern ${JSON.stringify(pattern)}`);
    }
    const parts = path.split('/');
    if (parts.some((p) => p === '')) {
      throw new AgiError(
        'AGI_ERR_BAD_ARGUMENT',
        `route pattern has an empty segment: ${JSON.stringify(pattern)}`,
      );
    }
    if (!parts.some((p) => p.startsWith(':'))) {
      if (this.#exact.has(path)) {
        throw new AgiError('AGI_ERR_BAD_ARGUMENT', `route ${JSON.stringify(path)} is already registered`);
      }
      this.#exact.set(path, Object.freeze({ route: path, params: NO_PARAMS, value }));
      return;
    }
    const names: string[] = [];
    const segments = parts.map((p) => {
      if (!p.startsWith(':')) return p;
      const name = p.slice(1);
      if (name === '' || names.includes(name)) {
        throw new AgiError('AGI_ERR_BAD_ARGUMENT', `bad parameter ${JSON.stringify(p)} in route ${pattern}`);
      }
      names.push(name);
      return null;
    });
    if (this.#params.some((r) => r.pattern === path)) {
      throw new AgiError('AGI_ERR_BAD_ARGUMENT', `route ${JSON.stringify(path)} is already registered`);
    }
    const route: ParamRoute<T> = {
      pattern: path,
      segments,
      names,
      value,
    };
    // Stable insertion keeps registration order among routes of equal specificity.
    const at = this.#params.findIndex((r) => moreSpecific(route, r));
    if (at === -1) this.#params.push(route);
    else this.#params.splice(at, 0, route);
  }

  setFallback(value: T): void {
    this.#fallback = value;
  }

  match(scriptPath: string): RouteMatch<T> | undefined {
    const path = normalizeScriptPath(scriptPath);
    const exact = this.#exact.get(path);
    if (exact !== undefined) return exact;
    if (this.#params.length > 0) {
      const parts = path.split('/');
      for (const r of this.#params) {
        const params = matchSegments(r, parts);
        if (params) return { route: r.pattern, params, value: r.value };
      }
    }
    if (this.#fallback !== undefined)
      return { route: FALLBACK_ROUTE, params: NO_PARAMS, value: this.#fallback };
    return undefined;
  }
}

/**
 * Reading left to right, the first segment where one route is static and the other a parameter
 * decides: `users/all/:x` before `users/:id/x`, `users/:id` before `:section/me`.
 */
function moreSpecific<T>(a: ParamRoute<T>, b: ParamRoute<T>): boolean {
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const aStatic = a.segments[i] !== null;
    const bStatic = b.segments[i] !== null;
    if (aStatic !== bStatic) return aStatic;
  }
  return false;
}

function matchSegments<T>(
  route: ParamRoute<T>,
  parts: readonly string[],
): Record<string, string> | undefined {
  if (parts.length !== route.segments.length) return undefined;
  const params: Record<string, string> = {};
  let n = 0;
  for (let i = 0; i < parts.length; i++) {
    const want = route.segments[i];
    const got = parts[i] ?? '';
    if (want === null) {
      if (got === '') return undefined;
      params[route.names[n++] as string] = decodeSegment(got);
    } else if (want !== got) {
      return undefined;
    }
  }
  return params;
}

/** Percent-decodes one segment; a malformed escape is kept as sent rather than failing the call. */
function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
