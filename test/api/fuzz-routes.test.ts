import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { RouteSummary } from '../../src/server/app';
import { PROOF_OF_WORK_HEADER } from '../../src/shared/proof-of-work';
import { describeEachDb } from '../support/each-db';
import { checkEach, createTally, type FuzzedRequest, judgeAnswer } from '../support/fuzz-answer';
import { BODY_EXAMPLES, QUERY_EXAMPLES } from '../support/fuzz-examples';
import { applyMutation, mutatedField, mutationsOf } from '../support/fuzz-mutate';
import { type Bookkeeping, changedTables, type StoredState, storedState } from '../support/fuzz-stored';
import {
  asUtf8,
  fuzzRuns,
  fuzzTimeout,
  holdsGarbage,
  junkEncoded,
  junkValue,
  percentEncode,
} from '../support/fuzz-values';
import {
  createFuzzWorld,
  FUZZ_ENV,
  type FuzzWorld,
  requestHeadersFor,
  validUrl,
} from '../support/fuzz-world';
import { samplePdf } from '../support/sample-files';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Property-based fuzzing of every API route: mutated valid bodies and queries, junk path parameters
 * and credentials. See fuzz-answer.ts for what every answer must satisfy.
 */

/**
 * What changes by design whatever the answer: the last use of a session or an API key, the server's
 * heartbeat, spent proofs of work (a proof is used up by the attempt, refused or not: no replay), and
 * the sign-in throttle (a wrong password counts: that is the point).
 */
const BOOKKEEPING: Bookkeeping = {
  staff_sessions: ['last_seen_at'],
  api_keys: ['last_used_at'],
  server_processes: '*',
  proof_of_work_spent: '*',
  sign_in_throttle: '*',
};
// Per route and run of the suite; the seed changes every run, so CI searches further over time (FUZZ_SCALE for more now).
const RUNS = { body: 15, query: 15, params: 4, headers: 4, upload: 10 };

const keyOf = (route: RouteSummary) => `${route.method} ${route.url}`;
const takes = (route: RouteSummary, part: 'body' | 'querystring') => route.schema?.[part] !== undefined;
const describeBody = (body: unknown) => JSON.stringify(body)?.slice(0, 200);

describeEachDb('fuzzed requests to every route', (kind) => {
  let server: TestServer;
  let world: FuzzWorld;
  let stored: () => Promise<StoredState>;
  let routes: RouteSummary[];
  const tally = createTally();

  beforeAll(async () => {
    server = await startTestServer(kind, { env: FUZZ_ENV });
    world = await createFuzzWorld(server);
    stored = await storedState(server.ctx.db, BOOKKEEPING);
    routes = server.routes.filter(
      (r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.url !== '/api/ws',
    );
  });
  afterAll(async () => {
    console.info(`fuzzed requests [${kind}]: ${tally.total()} (${tally})`);
    await world?.identityProvider.close();
    await server?.close();
    // Rate limits are raised for tests: if they stopped most requests, the fuzz proved little.
    expect(tally.get('429'), String(tally)).toBeLessThan(tally.total() / 2 + 1);
  });

  /** What is stored after the last refused request: nothing may have changed since (saves a snapshot). */
  let afterRefusal: StoredState | undefined;
  beforeEach(() => {
    afterRefusal = undefined;
  });

  /** Sends one request and judges its answer against the database before and after. */
  async function fuzz(request: FuzzedRequest, options: InjectOptions) {
    const before = afterRefusal ?? (await stored());
    const response = await server.app.inject(options);
    const after = await stored();
    afterRefusal = response.statusCode >= 400 ? after : undefined;
    tally.count(response.statusCode);
    judgeAnswer(request, response, changedTables(before, after));
    return response;
  }

  const forEachRoute = (selected: RouteSummary[], check: (route: RouteSummary) => Promise<void>) =>
    checkEach(selected, keyOf, check);

  const jsonRequest = async (route: RouteSummary, url: string, body: unknown): Promise<InjectOptions> => ({
    method: route.method as InjectOptions['method'],
    url,
    headers: { ...(await requestHeadersFor(server, route, url, world)), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });

  it(
    'has a valid example for every route with a body or a query, and each gets past the validators',
    fuzzTimeout(120_000),
    async () => {
      const bodyRoutes = routes.filter((r) => takes(r, 'body')).map(keyOf);
      const queryRoutes = routes.filter((r) => takes(r, 'querystring')).map(keyOf);
      expect(bodyRoutes.filter((key) => !BODY_EXAMPLES[key])).toEqual([]);
      expect(queryRoutes.filter((key) => !QUERY_EXAMPLES[key])).toEqual([]);
      // Every example belongs to a route that still reads it.
      expect(Object.keys(BODY_EXAMPLES).filter((key) => !bodyRoutes.includes(key))).toEqual([]);
      expect(Object.keys(QUERY_EXAMPLES).filter((key) => !queryRoutes.includes(key))).toEqual([]);
      for (const route of routes.filter((r) => takes(r, 'body') || takes(r, 'querystring'))) {
        const url = validUrl(route, world);
        const query = QUERY_EXAMPLES[keyOf(route)]?.(world) as Record<string, string> | undefined;
        const response = await server.app.inject(
          await jsonRequest(
            route,
            query ? `${url}?${new URLSearchParams(query)}` : url,
            BODY_EXAMPLES[keyOf(route)]?.(world),
          ),
        );
        expect(response.statusCode, `${keyOf(route)}: ${response.body}`).not.toBe(400);
        expect(response.statusCode, `${keyOf(route)}: ${response.body}`).toBeLessThan(500);
      }
    },
  );

  it(
    'answers mutated bodies without 5xx, naming the field of a 400 and storing nothing it refused',
    fuzzTimeout(120_000),
    async () => {
      await forEachRoute(
        routes.filter((r) => takes(r, 'body')),
        async (route) => {
          const example = BODY_EXAMPLES[keyOf(route)]!(world);
          const url = validUrl(route, world);
          await fc.assert(
            fc.asyncProperty(mutationsOf(example), async (mutation) => {
              const body = applyMutation(example, mutation);
              await fuzz(
                {
                  label: `${keyOf(route)} ${mutatedField('body', mutation)} = ${describeBody(body)}`,
                  field: mutatedField('body', mutation),
                  sent: body,
                },
                await jsonRequest(route, url, body),
              );
            }),
            fuzzRuns(RUNS.body),
          );
        },
      );
    },
  );

  it('answers mutated query strings the same way', fuzzTimeout(120_000), async () => {
    await forEachRoute(
      routes.filter((r) => takes(r, 'querystring')),
      async (route) => {
        const example = QUERY_EXAMPLES[keyOf(route)]!(world) as Record<string, string>;
        const url = validUrl(route, world);
        /** A mutated query, or one value replaced by percent-encoding no text has. */
        const variants = fc.oneof(
          mutationsOf(example).map((mutation) => {
            const query = queryString(applyMutation(example, mutation));
            // What the server reads: names and values decoded as text (an empty list sends nothing).
            return {
              query,
              field: asUtf8(mutatedField('querystring', mutation)),
              sent: [...new URLSearchParams(query)],
            };
          }),
          fc
            .record({ name: fc.constantFrom(...Object.keys(example)), raw: junkEncoded })
            .map(({ name, raw }) => ({
              query: Object.entries(example)
                .map(([key, value]) => `${key}=${key === name ? raw : percentEncode(value)}`)
                .join('&'),
              field: `querystring.${name}`,
              sent: undefined,
            })),
        );
        await fc.assert(
          fc.asyncProperty(variants, async ({ query, field, sent }) => {
            await fuzz(
              { label: `${keyOf(route)}?${query.slice(0, 200)}`, field, sent },
              await jsonRequest(route, `${url}?${query}`, undefined),
            );
          }),
          fuzzRuns(RUNS.query),
        );
      },
    );
  });

  it('answers junk path parameters without 5xx and stores nothing', fuzzTimeout(120_000), async () => {
    await forEachRoute(
      routes.filter((r) => r.url.includes(':')),
      async (route) => {
        const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        const junkParams = fc.record(Object.fromEntries(names.map((name) => [name, junkEncoded])));
        await fc.assert(
          fc.asyncProperty(junkParams, junkValue, async (params, body) => {
            const url = route.url.replace(/:(\w+)/g, (_, name: string) => params[name]!);
            // Routes that read no body get junk; the others their valid example, so the address is the fault.
            const example = BODY_EXAMPLES[keyOf(route)];
            const sent = example ? example(world) : route.method === 'GET' ? undefined : body;
            await fuzz(
              { label: `${keyOf(route)} as ${url.slice(0, 200)}`, sent },
              await jsonRequest(route, url, sent),
            );
          }),
          fuzzRuns(RUNS.params),
        );
      },
    );
  });

  it(
    'answers junk headers without credentials without 5xx and stores nothing',
    fuzzTimeout(120_000),
    async () => {
      const junkHeader = fc.oneof(
        fc.string({ unit: 'binary-ascii', maxLength: 60 }).map(headerSafe),
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          `Bearer ${'x'.repeat(300)}`,
          'Basic YWRtaW46YWRtaW4=',
          'text/plain',
          'application/json; charset=utf-16',
          'application/json; charset=latin1',
          'multipart/form-data; boundary=x',
          'application/x-www-form-urlencoded',
          'application/octet-stream',
          Buffer.from('{"challenge":{},"solution":{}}').toString('base64'),
        ),
        junkEncoded.map((s) => `Bearer ${s}`),
      );
      const headerName = fc.constantFrom('authorization', 'cookie', 'content-type', PROOF_OF_WORK_HEADER);
      await forEachRoute(routes, async (route) => {
        const url = validUrl(route, world);
        const example = BODY_EXAMPLES[keyOf(route)]?.(world);
        await fc.assert(
          fc.asyncProperty(junkHeader, headerName, async (value, header) => {
            // No valid credentials at all: whatever the route does, it must not do it for this request.
            const options = await jsonRequest(route, url, example);
            const { authorization: _a, cookie: _c, ...others } = options.headers as Record<string, string>;
            await fuzz(
              { label: `${keyOf(route)} with ${header}: ${value.slice(0, 80)}`, sent: example },
              { ...options, headers: { ...others, [header]: value } },
            );
          }),
          fuzzRuns(RUNS.headers),
        );
      });
    },
  );

  it(
    'answers uploads of junk bytes under junk names without 5xx, keeping only clean names',
    fuzzTimeout(30_000),
    async () => {
      const route = routes.find((r) => keyOf(r) === 'POST /api/consultations/:id/files')!;
      const url = validUrl(route, world);
      const names = fc.oneof(junkEncoded, fc.string({ unit: 'binary-ascii', maxLength: 60 }).map(headerSafe));
      const bytes = fc.oneof(
        fc.constant(await samplePdf()),
        fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
        fc.constant(Buffer.alloc(0)),
      );
      await fc.assert(
        fc.asyncProperty(names, bytes, async (name, payload) => {
          const label = `upload ${payload.length} bytes as ${name.slice(0, 80)}`;
          const response = await fuzz(
            { label, sent: undefined },
            {
              method: 'POST',
              url,
              headers: {
                cookie: world.admin.cookie,
                'content-type': 'application/octet-stream',
                'x-file-name': name,
              },
              payload,
            },
          );
          // The uploader's name is made safe (no path, no control characters) rather than refused.
          if (response.statusCode === 201) expect(holdsGarbage(response.json().name), label).toBe(false);
        }),
        fuzzRuns(RUNS.upload),
      );
    },
  );
});

/** Header values as HTTP carries them: no control characters. */
const headerSafe = (value: string) => value.replace(/[^\x20-\x7e\x80-\xff]/g, '');

/** A query string as a browser builds it: each value percent-encoded text, lists as repeated names. */
function queryString(query: unknown): string {
  if (query === null || typeof query !== 'object' || Array.isArray(query))
    return `q=${percentEncode(JSON.stringify(query) ?? '')}`;
  return Object.entries(query)
    .flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map(
        (v) =>
          `${percentEncode(name)}=${percentEncode(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`,
      ),
    )
    .join('&');
}
