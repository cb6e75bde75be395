/**
 * Validates a request's body, query or params with zod and turns every failure into one 400
 * E_VALIDATION with a message per field (`fields.pin`, `fields['voice.host']`).
 */
import type { z } from 'zod';
import { type FieldErrors, invalidFields } from './api-error.ts';

type Part = 'body' | 'query' | 'params';

const WHAT: Record<Part, string> = {
  body: 'The request body',
  query: 'The query string',
  params: 'The URL',
};

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const prefix = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[prefix ? `${prefix}.${key}` : key] ??= 'Unknown field';
      continue;
    }
    fields[prefix || '_'] ??= issue.message;
  }
  return fields;
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: Part): z.output<S> {
  if (part === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw invalidFields({}, `${WHAT.body} must be a JSON object.`);
  }
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const fields = fieldErrorsOf(result.error);
  const first = Object.entries(fields)[0];
  const message =
    first && Object.keys(fields).length === 1 && first[0] !== '_'
      ? `${first[0]}: ${first[1]}`
      : `${WHAT[part]} has fields that are not valid.`;
  throw invalidFields(fields, first?.[0] === '_' ? first[1] : message);
}
