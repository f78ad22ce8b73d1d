/**
 * Ajv's errors, worded for the person who wrote the manifest: where (a JSON path from `$`), what was
 * found there and what is allowed, e.g. `at $.abr.maxBitrate: found "fast" (a string); allowed: an
 * integer from 100000 to 100000000`. The allowed values are read from the schema itself, so the
 * message follows the schema when it changes.
 */
import type { ErrorObject } from 'ajv';

/** The schema shapes the manifest schema uses (a subset of JSON Schema draft-07). */
export interface SchemaNode {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  maxProperties?: number;
  format?: string;
  pattern?: string;
  oneOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  required?: string[];
}

/** Formats the schema names, in words. */
const FORMATS: Record<string, string> = {
  timecode: 'a timecode HH:MM:SS:FF or HH:MM:SS.mmm',
};

/** `$.abr.maxBitrate`, `$.metadata["cost centre"]`: an Ajv instance path (JSON Pointer) as a JSON path. */
export function jsonPath(instancePath: string, child?: string): string {
  const segments = instancePath === '' ? [] : instancePath.slice(1).split('/');
  if (child !== undefined) segments.push(child);
  return segments.reduce((path, raw) => {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment) ? `${path}.${segment}` : `${path}[${JSON.stringify(segment)}]`;
  }, '$');
}

/** A value as found: `"fast" (a string)`, `12.5 (a number)`, `an object`. */
export function describeFound(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  switch (typeof value) {
    case 'string': {
      const shown =
        value.length > 60 ? `${JSON.stringify(value.slice(0, 60))}… (a string of ${value.length} characters)` : `${JSON.stringify(value)} (a string)`;
      return shown;
    }
    case 'number':
      return `${value} (${Number.isInteger(value) ? 'a whole number' : 'a number'})`;
    case 'boolean':
      return `${value} (a boolean)`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function range(min: number | undefined, max: number | undefined, exclusiveMin?: number): string {
  if (exclusiveMin !== undefined) return max !== undefined ? ` above ${exclusiveMin} and at most ${max}` : ` above ${exclusiveMin}`;
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

/** What a schema allows, in words: `an integer from 3 to 15`, `one of "dash", "loudness"`. */
export function describeAllowed(schema: SchemaNode): string {
  if (schema.oneOf) return schema.oneOf.map(describeAllowed).join(', or ');
  if (schema.enum) return `one of ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}`;
  switch (schema.type) {
    case 'integer':
      return `a whole number${range(schema.minimum, schema.maximum, schema.exclusiveMinimum)}`;
    case 'number':
      return `a number${range(schema.minimum, schema.maximum, schema.exclusiveMinimum)}`;
    case 'string': {
      if (schema.format && FORMATS[schema.format]) return FORMATS[schema.format];
      const { minLength: min, maxLength: max } = schema;
      if (min !== undefined && max !== undefined) return `a string of ${min} to ${max} characters`;
      if (max !== undefined) return `a string of at most ${max} characters`;
      return min ? `a string of at least ${min} characters` : 'a string';
    }
    case 'object': {
      const fields = Object.keys(schema.properties ?? {}).filter((name) => name !== '$schema');
      if (fields.length > 0) return `an object with the fields ${fields.join(', ')}`;
      const values = typeof schema.additionalProperties === 'object' ? ` of ${describeAllowed(schema.additionalProperties)} values` : '';
      return `an object${values}`;
    }
    default:
      return 'a JSON value';
  }
}

interface Problem {
  path: string;
  found: string;
  allowed: string;
}

/** One problem per Ajv error, except that a `oneOf` and the errors of its alternatives are one problem. */
function problemOf(error: ErrorObject, all: readonly ErrorObject[]): Problem | undefined {
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = (error.params as { additionalProperty: string }).additionalProperty;
      return { path: jsonPath(error.instancePath, field), found: 'a field this manifest format does not have', allowed: describeAllowed(parent) };
    }
    case 'required': {
      const field = (error.params as { missingProperty: string }).missingProperty;
      const property = parent.properties?.[field] ?? {};
      return { path: jsonPath(error.instancePath, field), found: 'nothing', allowed: `${describeAllowed(property)} (${field} is required)` };
    }
    case 'maxProperties':
      return {
        path: jsonPath(error.instancePath),
        found: `an object with more than ${parent.maxProperties} fields`,
        allowed: `at most ${parent.maxProperties} fields`,
      };
    case 'propertyNames':
      return undefined;
    default: {
      // An alternative of a oneOf failing is reported once, by the oneOf error at the same path.
      const inOneOf = error.keyword !== 'oneOf' && all.some((other) => other.keyword === 'oneOf' && other.instancePath === error.instancePath);
      if (inOneOf) return undefined;
      // A field name refused by `propertyNames`: Ajv reports the name as the data at the object's path.
      const ofName = all.some((other) => other.keyword === 'propertyNames' && other.instancePath === error.instancePath);
      if (ofName && typeof error.data === 'string') {
        const { minLength: min = 0, maxLength: max } = parent;
        return {
          path: jsonPath(error.instancePath),
          found: `the field name ${JSON.stringify(error.data)}`,
          allowed: `field names of ${min || 1} to ${max} characters`,
        };
      }
      return { path: jsonPath(error.instancePath), found: describeFound(error.data), allowed: describeAllowed(parent) };
    }
  }
}

/** `at <path>: found <what>; allowed: <what>`, one line per problem, without repeats. */
export function describeProblems(errors: readonly ErrorObject[]): string[] {
  const lines = errors
    .map((error) => problemOf(error, errors))
    .filter((problem): problem is Problem => problem !== undefined)
    .map((problem) => formatProblem(problem.path, problem.found, problem.allowed));
  return [...new Set(lines)];
}

export function formatProblem(path: string, found: string, allowed: string): string {
  return `at ${path}: found ${found}; allowed: ${allowed}`;
}
