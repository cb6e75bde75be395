import { ApiError, apiErrorFromBody } from './api-error.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  /** Login answers 401 for wrong credentials; that must not bounce the user to the sign-in screen. */
  signInOn401?: boolean;
}

/**
 * Same-origin JSON over fetch with the cookie session. Every state-changing request carries the
 * CSRF token the server handed out at login or `GET /api/me`; a 401 anywhere tells the app to
 * show the sign-in screen.
 */
export class HttpClient {
  readonly #baseUrl: string;
  #csrfToken: string | null = null;
  #onUnauthorized: (() => void) | null = null;

  /** `baseUrl` is empty in the browser (same origin); tests point it at a real server. */
  constructor(baseUrl = '') {
    this.#baseUrl = baseUrl;
  }

  get csrfToken(): string | null {
    return this.#csrfToken;
  }

  setCsrfToken(token: string | null): void {
    this.#csrfToken = token;
  }

  onUnauthorized(handler: (() => void) | null): void {
    this.#onUnauthorized = handler;
  }

  /** Forget the login here and show the sign-in screen (the server already said 401). */
  signOutLocally(): void {
    this.#csrfToken = null;
    this.#onUnauthorized?.();
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, body, options);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  async request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    try {
      return await this.#send<T>(method, path, body, options);
    } catch (error) {
      // A server restart or a second tab can rotate the CSRF token under us: fetch the current
      // one (GET /api/me) and try the request once more before showing an error.
      if (!(error instanceof ApiError && error.code === 'E_CSRF' && method !== 'GET')) throw error;
      const me = await this.#send<{ csrfToken?: unknown }>('GET', '/api/me', undefined, options);
      if (typeof me?.csrfToken !== 'string') throw error;
      this.#csrfToken = me.csrfToken;
      return this.#send<T>(method, path, body, options);
    }
  }

  async #send<T>(method: Method, path: string, body: unknown, options: RequestOptions): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.#csrfToken !== null) headers['x-csrf-token'] = this.#csrfToken;

    let response: Response;
    try {
      response = await fetch(this.#baseUrl + path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'E_NETWORK', 'Cannot reach the Callgate server. Check your connection.');
    }

    const text = await response.text();
    let parsed: unknown = null;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }

    if (!response.ok) {
      const error = apiErrorFromBody(response.status, parsed, response.headers.get('retry-after'));
      if (response.status === 401 && options.signInOn401 !== false) this.signOutLocally();
      throw error;
    }
    return parsed as T;
  }
}

/** The console's one client (same origin). */
export const http = new HttpClient();
