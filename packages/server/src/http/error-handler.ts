/**
 * Every failure leaves the API as the contract's error body. Domain errors map to their status;
 * Fastify's own (bad JSON, body too large, wrong content type) become E_VALIDATION; anything else
 * is logged and answered with a bare 500 that reveals nothing.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../domain/domain-error.ts';
import { ApiError } from './api-error.ts';
import { apiErrorFromDomain } from './domain-error-response.ts';

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the request body as application/json.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request body does not match its Content-Length.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; send a JSON object.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
};

export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (isDomainError(err)) return apiErrorFromDomain(err);
  const fastifyError = err as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 429)
      return new ApiError(429, 'E_RATE_LIMIT', 'Too many requests. Wait a moment and try again.');
    const known = fastifyError.code ? FASTIFY_MESSAGES[fastifyError.code] : undefined;
    // JSON.parse failures arrive as a SyntaxError with status 400.
    const message =
      known ??
      (err instanceof SyntaxError ? FASTIFY_MESSAGES.FST_ERR_CTP_INVALID_JSON_BODY! : 'Bad request.');
    return new ApiError(status, 'E_VALIDATION', message);
  }
  return undefined;
}

export function apiErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const apiError = toApiError(err);
  if (!apiError) {
    request.log.error({ err }, 'request failed');
    void reply
      .code(500)
      .send(new ApiError(500, 'E_INTERNAL', 'Something went wrong on the server.').toBody());
    return;
  }
  if (apiError.status >= 500) request.log.warn({ err }, 'request failed: store');
  if (apiError.retryAfterSec !== undefined) void reply.header('retry-after', String(apiError.retryAfterSec));
  void reply.code(apiError.status).send(apiError.toBody());
}
