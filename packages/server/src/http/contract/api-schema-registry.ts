/**
 * The API's named shapes: each schema registered here appears once in the OpenAPI document, under
 * `components.schemas.<id>`, and every route that returns it refers to it there.
 */
import { z } from 'zod';

export const apiSchemas = z.registry<{ id: string }>();

export function named<S extends z.ZodType>(id: string, schema: S): S {
  apiSchemas.add(schema, { id });
  return schema;
}

/** A time as the API writes it: ISO 8601 in UTC (`Date.prototype.toISOString`). */
export const timestamp = () => z.iso.datetime();
