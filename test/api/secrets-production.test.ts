import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config';
import { anchorIsGenuine, type SignedAnchor } from '../../src/server/modules/audit/audit-anchors';
import { deriveAuditKeys } from '../../src/server/modules/audit/audit-hash';
import {
  ANCHOR_FILE_VARIABLE,
  PRODUCTION_REQUIRED,
  SECRET_NAMES,
  SECRET_VARIABLES,
} from '../../src/server/security/secret-sources';
import { startMain } from '../support/main-process';

/**
 * The real `src/server/main.ts`, as an operator starts it: with an https PUBLIC_URL it must bring every
 * secret from outside (variable, *_FILE or systemd credential) and the anchor file, or stop naming each
 * one missing; the trial (http) generates them and says where.
 */
const scratch = mkdtempSync(join(tmpdir(), 'amtsraum-secrets-production-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PRODUCTION = 'https://termine.example.de';
/** One value per secret variable, each in a file of its own outside every DATA_DIR below. */
const values = Object.fromEntries(
  SECRET_NAMES.map((n) => [SECRET_VARIABLES[n], randomBytes(36).toString('base64url')]),
);
const secretsAt = (dir: string) => {
  mkdirSync(dir, { recursive: true });
  for (const [variable, value] of Object.entries(values)) writeFileSync(join(dir, variable), `${value}\n`);
  return dir;
};
const fileDir = secretsAt(join(scratch, 'files'));
/** Every requirement met through *_FILE variables. */
const withFiles = (name: string): Record<string, string> => ({
  PUBLIC_URL: PRODUCTION,
  DATA_DIR: join(scratch, name, 'data'),
  [ANCHOR_FILE_VARIABLE]: join(scratch, name, 'anchors.jsonl'),
  ...Object.fromEntries(Object.keys(values).map((v) => [`${v}_FILE`, join(fileDir, v)])),
});
const withoutVariable = (env: Record<string, string>, variable: string) =>
  Object.fromEntries(Object.entries(env).filter(([key]) => key !== variable && key !== `${variable}_FILE`));

/** A line of the refusal naming the variable, as loadConfig lists them. */
const named = (variable: string) => new RegExp(`^\\s*${variable}: required when PUBLIC_URL is https`, 'm');
/** A Node stack frame: an operator must get the message, not a crash. */
const STACK_FRAME = /^\s+at .+[(:]\d+/m;

async function refusal(env: Record<string, string>) {
  const server = startMain(env);
  return { code: await server.exited, output: server.output() };
}

/** Starts, answers /readyz, and on SIGTERM leaves anchors signed with the AUDIT_KEY it was given. */
async function startsWith(env: Record<string, string>, name: string) {
  const server = startMain(env);
  try {
    const [, url] = await server.until(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  } finally {
    server.child.kill('SIGTERM');
  }
  expect(await server.exited).toBe(0);
  expect(server.output()).not.toMatch(/generated/);
  // Production generates nothing: no secrets directory appears beside DATA_DIR.
  expect(existsSync(join(scratch, name, 'amtsraum-secrets'))).toBe(false);
  // The demo seed's audit events were anchored at the stop, under the key from outside.
  const lines = readFileSync(env[ANCHOR_FILE_VARIABLE]!, 'utf8').trim().split('\n');
  const keys = deriveAuditKeys(values[SECRET_VARIABLES.audit]!);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(anchorIsGenuine(keys, JSON.parse(line) as SignedAnchor)).toBe(true);
}

// Each start compiles TypeScript on the fly; the ones that get going also create a PGlite database.
describe('secrets of a production start (https PUBLIC_URL)', { timeout: 120_000 }, () => {
  it('without any, stops with exit code 2 naming each missing one, no stack trace, nothing generated', async () => {
    const { code, output } = await refusal({
      PUBLIC_URL: PRODUCTION,
      DATA_DIR: join(scratch, 'none', 'data'),
    });
    expect(code).toBe(2);
    for (const variable of PRODUCTION_REQUIRED) expect(output).toMatch(named(variable));
    expect(output).not.toMatch(STACK_FRAME);
    expect(existsSync(join(scratch, 'none'))).toBe(false);
  });

  // The same check in process for each one alone (a spawned start costs seconds of compiling each).
  it.each(PRODUCTION_REQUIRED)('names %s alone when only it is missing', (missing) => {
    const refused = (() => {
      try {
        loadConfig(withoutVariable(withFiles('one-missing'), missing));
        return '';
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
    })();
    expect(refused).toMatch(named(missing));
    for (const other of PRODUCTION_REQUIRED.filter((v) => v !== missing))
      expect(refused).not.toMatch(named(other));
  });

  it('starts with the secrets in files named by *_FILE variables', async () => {
    await startsWith(withFiles('file-run'), 'file-run');
  });

  it('starts with the secrets as systemd credentials ($CREDENTIALS_DIRECTORY/<VARIABLE>)', async () => {
    const env = withFiles('credential-run');
    for (const variable of Object.keys(values)) delete env[`${variable}_FILE`];
    const credentials = secretsAt(join(scratch, 'credentials'));
    await startsWith({ ...env, CREDENTIALS_DIRECTORY: credentials }, 'credential-run');
  });
});

describe('secrets of the trial (http PUBLIC_URL)', { timeout: 120_000 }, () => {
  it('generates the missing secrets beside DATA_DIR, 0600, and says so and where the anchors go', async () => {
    const server = startMain({ DATA_DIR: join(scratch, 'trial', 'data') });
    const dir = join(scratch, 'trial', 'amtsraum-secrets');
    try {
      const [, generated] = await server.until(/generated ([A-Z_, ]+) into (\S+) \(trial/);
      expect(server.output()).toContain(`into ${dir} (trial`);
      expect(generated!.split(', ').sort()).toEqual(Object.keys(values).sort());
      await server.until(/Server listening at/);
      expect(server.output()).toContain(join(scratch, 'trial', 'amtsraum-audit-anchors.jsonl'));
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    for (const variable of Object.keys(values))
      expect(statSync(join(dir, variable)).mode & 0o777).toBe(0o600);
  });
});
