/**
 * The HTTP API and web console: `apiPlugin`, registered by `callgate serve` with
 * `{ services, config, logger }`. Routes and types follow the REST contract v1.
 */
export { ApiError, type ApiErrorBody, type ApiErrorCode, type FieldErrors } from './api-error.ts';
export { type ApiPluginOptions, apiPlugin } from './api-plugin.ts';
export { CSRF_HEADER, SESSION_COOKIE } from './request-auth.ts';
