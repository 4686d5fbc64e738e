import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type OpenApiDocument, resolveRef, type Schema, typeName } from './openapi';

/** Recursive $refs would nest forever; no schema of ours is this deep. */
const MAX_DEPTH = 8;

interface SchemaProps {
  schema: Schema;
  doc: OpenApiDocument;
}

/** A JSON schema as a nested list: each field with its type, whether it is required, its description and limits. */
export function SchemaView({ schema, doc }: SchemaProps) {
  const { t } = useTranslation();
  const resolved = resolveRef(schema, doc);
  const facts = schemaFacts(resolved, t);
  return (
    <div className="schema-view">
      <p className="kern-body">
        <code>{fullTypeName(resolved, doc)}</code>
        {resolved.description ? <span lang="en"> – {resolved.description}</span> : null}
        {facts.length > 0 ? <span> ({facts.join('; ')})</span> : null}
      </p>
      <SchemaChildren schema={resolved} doc={doc} depth={0} />
    </div>
  );
}

/** The fields, list items or alternatives inside a schema, as a nested list; nothing for plain values. */
function SchemaChildren({ schema, doc, depth }: SchemaProps & { depth: number }) {
  const { t } = useTranslation();
  if (depth >= MAX_DEPTH) return null;
  const inner = innerSchema(schema, doc);
  const alternatives = inner.anyOf ?? inner.oneOf ?? inner.allOf;
  const extra = typeof inner.additionalProperties === 'object' ? inner.additionalProperties : null;
  const properties = Object.entries(inner.properties ?? {});
  if (properties.length === 0 && !alternatives && !extra) return null;
  const required = new Set(inner.required ?? []);
  return (
    <ul className="schema-tree">
      {properties.map(([name, property]) => (
        <SchemaItem
          key={name}
          label={name}
          required={required.has(name)}
          schema={property}
          doc={doc}
          depth={depth}
        />
      ))}
      {extra ? (
        <SchemaItem label={t('adminIntegrations.apiDocs.anyKey')} schema={extra} doc={doc} depth={depth} />
      ) : null}
      {alternatives?.map((alternative, index) => (
        <SchemaItem
          // Alternatives have no names; their order is what the document gives.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={index}
          label={t(
            inner.allOf ? 'adminIntegrations.apiDocs.allOfPart' : 'adminIntegrations.apiDocs.alternative',
            { number: index + 1 },
          )}
          schema={alternative}
          doc={doc}
          depth={depth}
        />
      ))}
    </ul>
  );
}

interface SchemaItemProps extends SchemaProps {
  label: string;
  /** Only for object fields; undefined for alternatives and extra keys. */
  required?: boolean;
  depth: number;
}

function SchemaItem({ label, required, schema, doc, depth }: SchemaItemProps) {
  const { t } = useTranslation();
  const resolved = resolveRef(schema, doc);
  const facts = schemaFacts(resolved, t);
  return (
    <li>
      <span className="schema-tree__head">
        <code className="schema-tree__name">{label}</code> <code>{fullTypeName(resolved, doc)}</code>
        {required === undefined ? null : (
          <span className="schema-tree__required">
            {' '}
            {required ? t('adminIntegrations.apiDocs.required') : t('adminIntegrations.apiDocs.optional')}
          </span>
        )}
      </span>
      {resolved.description ? (
        <span className="schema-tree__text" lang="en">
          {resolved.description}
        </span>
      ) : null}
      {facts.length > 0 ? <span className="schema-tree__text">{facts.join('; ')}</span> : null}
      <SchemaChildren schema={resolved} doc={doc} depth={depth + 1} />
    </li>
  );
}

/** What a list's items are made of, for lists; the schema itself otherwise. */
const innerSchema = (schema: Schema, doc: OpenApiDocument) =>
  schema.items ? resolveRef(schema.items, doc) : schema;

/** "array<object>", "string (uuid)", "string | null", or "anyOf" for unions without a type. */
function fullTypeName(schema: Schema, doc: OpenApiDocument): string {
  if (schema.items) return `array<${fullTypeName(resolveRef(schema.items, doc), doc)}>`;
  const name = typeName(schema);
  if (name) return name;
  if (schema.anyOf) return 'anyOf';
  if (schema.oneOf) return 'oneOf';
  if (schema.allOf) return 'allOf';
  return schema.const === undefined ? 'any' : 'const';
}

/** Outside the safe integer range a limit only says "any integer" (zod writes those for z.int()). */
const meaningful = (limit: number | undefined) =>
  limit !== undefined && Math.abs(limit) < Number.MAX_SAFE_INTEGER ? limit : undefined;

function range(t: TFunction, min: number | undefined, max: number | undefined, unit: string) {
  const lo = meaningful(min);
  const hi = meaningful(max);
  const key =
    lo !== undefined && hi !== undefined
      ? 'between'
      : lo !== undefined
        ? 'atLeast'
        : hi !== undefined
          ? 'atMost'
          : null;
  return key ? t(`adminIntegrations.apiDocs.${key}`, { min: lo, max: hi, unit }).trim() : null;
}

/** The limits and values a schema allows, in words. */
function schemaFacts(schema: Schema, t: TFunction): string[] {
  const list = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');
  return [
    schema.enum ? t('adminIntegrations.apiDocs.values', { values: list(schema.enum) }) : null,
    schema.const === undefined
      ? null
      : t('adminIntegrations.apiDocs.values', { values: list([schema.const]) }),
    schema.default === undefined
      ? null
      : t('adminIntegrations.apiDocs.default', { value: JSON.stringify(schema.default) }),
    range(t, schema.minLength, schema.maxLength, t('adminIntegrations.apiDocs.characters')),
    range(t, schema.minItems, schema.maxItems, t('adminIntegrations.apiDocs.entries')),
    range(t, schema.minimum, schema.maximum, ''),
    // A format (uuid, date-time, email) says it better than the long pattern zod derives from it.
    schema.pattern && !schema.format
      ? t('adminIntegrations.apiDocs.pattern', { pattern: schema.pattern })
      : null,
    schema.additionalProperties === false && schema.properties
      ? t('adminIntegrations.apiDocs.noOtherFields')
      : null,
  ].filter((fact): fact is string => fact !== null);
}
