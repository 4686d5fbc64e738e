import fc from 'fast-check';

/**
 * Values a hostile or broken client sends instead of what a field expects: text that breaks storage or
 * display, instants and numbers at and beyond every limit, wrong types and nesting no request needs.
 */

/** Characters that databases, mails, PDFs or screens handle badly; lone surrogates survive in JSON. */
const NASTY_CHARS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\u000b',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u200e',
  '\u200f',
  '\u202e',
  '\u2066',
  '\u2028',
  '\ufeff',
  '\uffff',
  '\ud800',
  '\udfff',
  '\ud83d',
  '\n',
  '\r',
  '\t',
  ' ',
  '%',
  '\\',
  '"',
  "'",
  '<',
  '>',
  '&',
  '$',
  '{',
  '/',
  '.',
  '😀',
  'ß',
  'İ',
  'ǅ',
  'e\u0301',
];

/** Text mixed from nasty characters, any code point and plain letters. */
export const nastyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...NASTY_CHARS),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});

/** One request body of this many characters is more than the 1 MiB body limit allows. */
export const OVERSIZE = 1_100_000;

const LONG_TEXTS = ['', ' ', '\u200f\u202e', 'x'.repeat(5_000), 'ä'.repeat(70_000), 'x'.repeat(OVERSIZE)];

/** Instants and dates that parse badly, are out of range for the database, or do not exist. */
const BAD_DATES = [
  '9999-12-31T08:00:00Z',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '-271821-04-20',
  '0000-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '2199-12-31T23:59:59Z',
  '2200-01-01T00:00:00Z',
  '2026-02-30',
  '2026-02-29T09:00:00Z',
  '2026-13-01',
  '2026-12-02T24:00:00Z',
  '2026-12-02T09:00:60Z',
  '2026-12-02T09:00:00+99:00',
  '2026-12-02T09:00:00.123456789+14:00',
  '2026-12-02T09:00:00',
  '2026-W49-3',
  '2026-336',
  '20261202T090000Z',
  '2026-12-02 09:00',
  'Invalid Date',
  'now',
  '12:60',
  '24:00',
  '-01:00',
];

/** Numbers at and beyond the limits of JavaScript, PostgreSQL integers and any sane field. */
const BAD_NUMBERS = [
  1e308,
  -1e308,
  -0,
  5e-324,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 63),
  0.5,
  -1,
  1e21,
];

/** Strings that look numeric to some parsers and not to others. */
const NUMERIC_STRINGS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '1e400',
  '-0',
  '0x1F',
  '１２',
  '1_000',
  ' 1',
  '1.0',
];

/** An array or object nested far deeper than any request. */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 'tief';
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

const DEEP = [nested(1000, 'array'), nested(1000, 'object'), nested(40, 'object')];

const scalarJunk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: nastyText },
  { weight: 2, arbitrary: fc.constantFrom(...LONG_TEXTS) },
  { weight: 3, arbitrary: fc.constantFrom(...BAD_DATES) },
  {
    weight: 1,
    arbitrary: fc
      .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
      .map((d) => d.toISOString()),
  },
  { weight: 2, arbitrary: fc.constantFrom(...BAD_NUMBERS) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(...NUMERIC_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(null, true, false, 0, '') },
);

/** Any value a JSON body can carry in place of a field. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: scalarJunk },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], {}, [null], { $gt: '' }) },
  { weight: 1, arbitrary: fc.array(scalarJunk, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyText, scalarJunk, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(...DEEP) },
);

/** Keys a client could add to an object, prototype names included. */
export const junkKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'tenantId', ''),
  nastyText,
);

/**
 * Percent-encoded text for addresses and headers, including encodings no valid UTF-8 text has
 * (encoded surrogates, overlong NUL, stray bytes) and broken escapes.
 */
export const junkEncoded: fc.Arbitrary<string> = fc.oneof(
  nastyText.map(percentEncode),
  fc.constantFrom('%ED%A0%80', '%C0%80', '%00', '%FF', '%', '%zz', '%E2%80', '..%2F..', 'x'.repeat(3000)),
);

/** The text as UTF-8 carries it: a lone surrogate arrives as U+FFFD, so the server names that. */
export function asUtf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** Percent-encodes the UTF-8 bytes of any string (a lone surrogate becomes U+FFFD, as a browser sends it). */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Text that must never be stored: NUL and other control characters (tab and line breaks aside), and
 * lone surrogates, which no encoding of text can keep.
 */
export function isGarbageText(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) || LONE_SURROGATE.test(text);
}

/** Whether a value holds garbage text anywhere, in keys or values. */
export function holdsGarbage(value: unknown): boolean {
  if (typeof value === 'string') return isGarbageText(value);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, child]) => isGarbageText(key) || holdsGarbage(child));
}

/** FUZZ_SCALE=<factor> runs more (or fewer) cases for a deeper search; test timeouts grow with it. */
export const FUZZ_SCALE = Number(process.env.FUZZ_SCALE ?? 1);

/**
 * fast-check's run parameters: a fresh seed each run (printed with any counterexample); FC_SEED=<seed>
 * replays a reported failure.
 */
export function fuzzRuns(numRuns: number): Pick<fc.Parameters, 'numRuns' | 'seed'> {
  const runs = Math.max(1, Math.round(numRuns * FUZZ_SCALE));
  const seed = process.env.FC_SEED;
  return seed ? { numRuns: runs, seed: Number(seed) } : { numRuns: runs };
}

/** A test's time limit for its share of fuzzing, scaled with FUZZ_SCALE. */
export const fuzzTimeout = (ms: number) => ({ timeout: Math.max(ms, ms * FUZZ_SCALE) });
