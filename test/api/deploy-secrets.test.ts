import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import { ANCHOR_FILE_VARIABLE, PRODUCTION_REQUIRED } from '../../src/server/security/secret-sources';

/**
 * deploy/ as shipped must start in production: the unit and the env example together provide every
 * secret the code's PRODUCTION_REQUIRED names, so the two cannot drift apart again.
 */
const read = (path: string) => readFileSync(new URL(`../../deploy/${path}`, import.meta.url), 'utf8');

/** `KEY=value` lines; comments and blank lines skipped. */
const assignments = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('['))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)] as [string, string];
    });

const unit = assignments(read('systemd/amtsraum@.service').replaceAll('%i', '8081'));
const settings = (key: string) => unit.filter(([k]) => k === key).map(([, v]) => v);
/** What systemd hands the process: the env file, then the unit's own Environment= (PORT=%i …). */
const environment: Record<string, string> = {
  ...Object.fromEntries(assignments(read('amtsraum.env.example'))),
  ...Object.fromEntries(settings('Environment').flatMap((v) => v.split(/\s+/).map((a) => a.split('=', 2)))),
};
/** LoadCredential=ID:PATH: the credential ID and the file systemd reads it from. */
const credentials = settings('LoadCredential').map((v) => v.split(':', 2) as [string, string]);

const scratch = mkdtempSync(join(tmpdir(), 'amtsraum-deploy-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
// As systemd does at start: each credential's file copied into $CREDENTIALS_DIRECTORY under its ID.
for (const [id] of credentials) writeFileSync(join(scratch, id), randomBytes(36).toString('base64url'));

describe('deploy/ provides what a production start requires', () => {
  it('is a production configuration, and the code requires something of it', () => {
    expect(environment.PUBLIC_URL).toMatch(/^https:/);
    expect(PRODUCTION_REQUIRED.length).toBeGreaterThan(0);
  });

  it.each(PRODUCTION_REQUIRED)('%s comes from the env example or a systemd credential', (variable) => {
    const given = [variable, `${variable}_FILE`].some((key) => environment[key]);
    expect(given || credentials.some(([id]) => id === variable)).toBe(true);
  });

  it('the configuration loads as systemd would start it, every secret from the credentials', () => {
    const config = loadConfig({ ...environment, CREDENTIALS_DIRECTORY: scratch });
    for (const [id] of credentials)
      expect(Object.values(config.secrets.configured)).toContain(readFileSync(join(scratch, id), 'utf8'));
    expect(config.auditAnchorFile).toBe(environment[ANCHOR_FILE_VARIABLE]);
  });

  it('the unit may write DATA_DIR and the anchor file beside ProtectSystem=strict', () => {
    expect(settings('ProtectSystem')).toEqual(['strict']);
    const writable = settings('ReadWritePaths').flatMap((v) => v.split(/\s+/));
    const mayWrite = (path: string) => writable.some((dir) => path === dir || path.startsWith(`${dir}/`));
    expect(mayWrite(environment.DATA_DIR!)).toBe(true);
    expect(mayWrite(dirname(environment[ANCHOR_FILE_VARIABLE]!))).toBe(true);
  });

  it('/metrics is either guarded by a token or explicitly not opened through nginx', () => {
    expect(environment.METRICS_OPEN ?? 'false').toBe('false');
    expect(read('amtsraum.env.example')).toMatch(/^#?METRICS_TOKEN=/m);
  });
});
