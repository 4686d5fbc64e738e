import fc from 'fast-check';
import { junkKey, junkValue, nastyText } from './fuzz-values';

/**
 * Mutations of a valid request body: one field at a time replaced, removed or joined by an unknown
 * field. A mutated valid body reaches far more of the server than random bodies, which the schema
 * refuses at its first look.
 */

export type Path = (string | number)[];

export type Mutation =
  | { kind: 'replace'; path: Path; value: unknown }
  | { kind: 'remove'; path: Path }
  | { kind: 'add'; path: Path; key: string; value: unknown };

/** Every place in a JSON value, the value itself (path []) included. */
export function pathsOf(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [path];
  const children = Array.isArray(value)
    ? value.flatMap((child, i) => pathsOf(child, [...path, i]))
    : Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...path, key]));
  return [path, ...children];
}

/** Places of objects, where a field can be added. */
const objectPaths = (value: unknown) =>
  pathsOf(value).filter((path) => {
    const at = valueAt(value, path);
    return at !== null && typeof at === 'object' && !Array.isArray(at);
  });

const valueAt = (value: unknown, path: Path): unknown =>
  path.reduce<unknown>((at, key) => (at as Record<string | number, unknown>)[key], value);

/** The mutations of one valid example. */
export function mutationsOf(example: unknown): fc.Arbitrary<Mutation> {
  const paths = pathsOf(example);
  const fields = paths.filter((path) => path.length > 0);
  const objects = objectPaths(example);
  const choices: fc.Arbitrary<Mutation>[] = [
    fc.record({ kind: fc.constant('replace' as const), path: fc.constantFrom(...paths), value: junkValue }),
  ];
  if (fields.length > 0)
    choices.push(fc.record({ kind: fc.constant('remove' as const), path: fc.constantFrom(...fields) }));
  // Nasty text inside an otherwise valid value: it passes the field's other rules and reaches the store.
  const texts = fields.filter((path) => typeof valueAt(example, path) === 'string');
  if (texts.length > 0)
    choices.push(
      fc
        .record({ path: fc.constantFrom(...texts), at: fc.nat(), text: nastyText })
        .map(({ path, at, text }) => {
          const valid = valueAt(example, path) as string;
          const i = at % (valid.length + 1);
          return { kind: 'replace' as const, path, value: valid.slice(0, i) + text + valid.slice(i) };
        }),
    );
  if (objects.length > 0)
    choices.push(
      fc.record({
        kind: fc.constant('add' as const),
        path: fc.constantFrom(...objects),
        key: junkKey,
        value: junkValue,
      }),
    );
  return fc.oneof(...choices);
}

/** The example with the mutation applied (the example itself is left as it was). */
export function applyMutation(example: unknown, mutation: Mutation): unknown {
  if (mutation.kind === 'replace' && mutation.path.length === 0) return mutation.value;
  const copy = structuredClone(example);
  const parentPath = mutation.kind === 'add' ? mutation.path : mutation.path.slice(0, -1);
  const parent = valueAt(copy, parentPath) as Record<string | number, unknown>;
  if (mutation.kind === 'add') {
    // An own property even for "__proto__", as JSON.parse on the server makes it.
    Object.defineProperty(parent, mutation.key, { value: mutation.value, enumerable: true, writable: true });
  } else {
    const key = mutation.path.at(-1)!;
    if (mutation.kind === 'replace') parent[key] = mutation.value;
    else if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  }
  return copy;
}

/** The field a mutation touched, as problem documents name it ("body.openingHours.mon.0.to"). */
export function mutatedField(part: 'body' | 'querystring' | 'message', mutation: Mutation) {
  return [part, ...mutation.path, ...(mutation.kind === 'add' ? [mutation.key] : [])].join('.');
}

/**
 * Whether a problem's field names the mutated one: the same, a field within it (the mutation put an
 * object there), or one containing it (an object refusing an unknown field, a rule across fields).
 */
export function namesField(named: string, mutated: string): boolean {
  return named === mutated || named.startsWith(`${mutated}.`) || mutated.startsWith(`${named}.`);
}
