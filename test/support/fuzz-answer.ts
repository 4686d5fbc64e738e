import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { namesField } from './fuzz-mutate';
import { holdsGarbage } from './fuzz-values';

/** What one fuzzed request sent, for judging the answer and for the failure message. */
export interface FuzzedRequest {
  label: string;
  /** The field the fuzz broke ("body.name", "params.id", "headers.authorization"); none for junk bodies sent to routes that read none. */
  field?: string;
  /** Everything the client sent that a store could keep: body and query values. */
  sent: unknown;
}

/** Answers by status, so a run shows how much got past the validators (and how much a rate limit stopped). */
export function createTally() {
  const counts = new Map<string, number>();
  return {
    count(status: number) {
      const key = status === 429 ? '429' : `${Math.floor(status / 100)}xx`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    get: (key: string) => counts.get(key) ?? 0,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    toString: () => [...counts.entries()].map(([key, n]) => `${key}: ${n}`).join(', '),
  };
}

/**
 * The rules for every answer to a fuzzed request: never a server error; a refusal is problem+json
 * and stores nothing; a 400 names the broken field; nothing holding garbage text is ever accepted.
 */
export function judgeAnswer(request: FuzzedRequest, response: LightMyRequestResponse, changed: string[]) {
  const status = response.statusCode;
  const label = `${request.label} → ${status} ${response.body.slice(0, 300)}`;
  expect(status, label).toBeLessThan(500);
  if (status < 400) {
    expect(holdsGarbage(request.sent), `accepted garbage: ${label}`).toBe(false);
    return;
  }
  expect(response.headers['content-type'], label).toMatch(/^application\/problem\+json/);
  expect(changed, `stored although refused: ${label}`).toEqual([]);
  if (status !== 400) return;
  const errors: { field: string }[] = response.json().errors ?? [];
  expect(errors.length, `400 without the field: ${label}`).toBeGreaterThan(0);
  if (request.field) {
    const field = request.field;
    expect(
      errors.some((e) => namesField(e.field, field)),
      `400 names ${errors.map((e) => e.field).join(', ')}, not ${field}: ${label}`,
    ).toBe(true);
  }
}

/**
 * Runs a property for each item (route, message type) and reports every item's counterexample at
 * once, not only the first: fast-check's message names the counterexample and the seed to replay it
 * with (FC_SEED), its cause the rule that broke.
 */
export async function checkEach<T>(items: T[], name: (item: T) => string, check: (item: T) => Promise<void>) {
  const failures: string[] = [];
  for (const item of items) {
    try {
      await check(item);
    } catch (error) {
      const { message, cause } = error as Error & { cause?: Error };
      failures.push(`${name(item)}: ${cause?.message ?? ''}\n${message.slice(0, 600)}`);
    }
  }
  expect(failures, failures.join('\n\n')).toEqual([]);
}
