import { api } from '../../api/client';

/**
 * The parts of an OpenAPI 3.1 document that the docs page shows. The document is our own server's
 * (/api/v1/openapi.json, generated from the zod schemas); what it leaves out, the page leaves out.
 */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: Schema;
}

export type Content = Record<string, { schema?: Schema }>;

export interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content?: Content };
  responses?: Record<string, { description?: string; content?: Content }>;
  /** Each entry names a scheme and the scopes it needs; an empty list means no authentication. */
  security?: Record<string, string[]>[];
}

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type Method = (typeof METHODS)[number];

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Partial<Record<Method, Operation>>>;
  components?: {
    schemas?: Record<string, Schema>;
    securitySchemes?: Record<string, { type: string; scheme?: string; description?: string }>;
  };
}

/** Where the document is served (public, no key needed). */
export const OPENAPI_URL = '/api/v1/openapi.json';
export const loadOpenApiDocument = () => api<OpenApiDocument>('GET', OPENAPI_URL.replace(/^\/api/, ''));

export interface DocOperation {
  method: Method;
  path: string;
  operation: Operation;
}

export interface TagGroup {
  name: string;
  description?: string | undefined;
  operations: DocOperation[];
}

/**
 * The operations grouped by their first tag, in the document's tag order (tags it does not declare
 * after, in order of appearance); operations without a tag under `untagged`.
 */
export function operationsByTag(doc: OpenApiDocument, untagged: string): TagGroup[] {
  const groups = new Map<string, TagGroup>(
    (doc.tags ?? []).map((tag) => [tag.name, { ...tag, operations: [] }]),
  );
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const name = operation.tags?.[0] ?? untagged;
      if (!groups.has(name)) groups.set(name, { name, operations: [] });
      groups.get(name)!.operations.push({ method, path, operation });
    }
  }
  return [...groups.values()].filter((group) => group.operations.length > 0);
}

/** The schema a local `$ref` (#/components/schemas/…) points at; other schemas as they are. */
export function resolveRef(schema: Schema, doc: OpenApiDocument): Schema {
  const name = schema.$ref?.match(/^#\/components\/schemas\/(.+)$/)?.[1];
  return (name && doc.components?.schemas?.[name]) || schema;
}

/** The scopes an operation needs, or null when it needs no key at all. */
export function requiredScopes(operation: Operation): string[] | null {
  if (!operation.security || operation.security.length === 0) return null;
  return operation.security.flatMap((requirement) => Object.values(requirement).flat());
}

/** "string (uuid)", "integer", "string | null", "array": the type as the API names it. */
export function typeName(schema: Schema): string {
  const types = [schema.type ?? []].flat();
  const base = types.length > 0 ? types.join(' | ') : schema.$ref ? schema.$ref.split('/').at(-1)! : '';
  return schema.format ? `${base} (${schema.format})` : base;
}
