import { readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * The secrets that must never live in the database or in DATA_DIR: whoever copies those must not be
 * able to forge links (LINK_SECRET), decrypt shared files (FILE_MASTER_KEY) or rewrite the audit trail
 * unnoticed (AUDIT_KEY). Each comes, in this order, from the environment variable, from a file named by
 * `<VARIABLE>_FILE`, or from the systemd credential `$CREDENTIALS_DIRECTORY/<VARIABLE>`.
 */
export const SECRET_VARIABLES = {
  link: 'LINK_SECRET',
  files: 'FILE_MASTER_KEY',
  audit: 'AUDIT_KEY',
} as const;
export type SecretName = keyof typeof SECRET_VARIABLES;
export const SECRET_NAMES = Object.keys(SECRET_VARIABLES) as SecretName[];

export const SECRET_MIN_LENGTH = 32;

/** The append-only file of signed audit checkpoints (see resolveAnchorFile). */
export const ANCHOR_FILE_VARIABLE = 'AUDIT_ANCHOR_FILE';

/**
 * What a production start (https PUBLIC_URL) refuses to run without. deploy/ must provide each of
 * these; test/api/deploy-secrets.test.ts holds the shipped unit and env example against this list.
 */
export const PRODUCTION_REQUIRED = [...SECRET_NAMES.map((n) => SECRET_VARIABLES[n]), ANCHOR_FILE_VARIABLE];

/** Where the trial's generated secrets went before, in the database (table instance_secrets). */
const LEGACY_ROW: Record<SecretName, string | null> = { link: 'link', files: 'files', audit: null };

export interface SecretSettings {
  /** Values given from outside (environment, *_FILE, systemd credentials). */
  configured: Partial<Record<SecretName, string>>;
  /**
   * Production (PUBLIC_URL https:): every secret must be configured, nothing is generated. Otherwise
   * (the embedded trial) missing ones are generated once into `dir`.
   */
  production: boolean;
  /** The trial's own secrets directory (SECRETS_DIR), outside DATA_DIR: one file per variable, 0600. */
  dir: string;
}

export interface SecretIssue {
  variable: string;
  message: string;
}

/** The path with every existing part resolved (symbolic links followed), so "inside" means inside. */
function canonical(path: string): string {
  const rest: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return resolve(path);
      rest.push(basename(current));
      current = parent;
    }
  }
}

/** Whether `path` is `dir` or lies below it. */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(canonical(dir), canonical(path));
  return rel === '' || !(rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel));
}

/** Next to DATA_DIR, never in it: `<parent of DATA_DIR>/<name>`. */
export const besideDataDir = (dataDir: string, name: string) => join(dirname(resolve(dataDir)), name);

function readSecretFile(path: string): string {
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
}

const insideDataDir = (path: string, dataDir: string) =>
  `${path} lies inside DATA_DIR (${dataDir}): a copy of the data would carry the key; keep it elsewhere`;

/**
 * One secret given from outside: the variable itself, a file named by `<VARIABLE>_FILE` (outside
 * DATA_DIR), or the systemd credential `$CREDENTIALS_DIRECTORY/<VARIABLE>`, in this order. `value` is
 * undefined when none of them holds it (or when an issue names why it cannot be read).
 */
export function readExternalSecret(
  env: Record<string, string | undefined>,
  variable: string,
  dataDir: string,
): { value?: string; issues: SecretIssue[] } {
  const issues: SecretIssue[] = [];
  const outsideDataDir = (source: string, path: string) => {
    if (!isInside(path, dataDir)) return true;
    issues.push({ variable: source, message: insideDataDir(path, dataDir) });
    return false;
  };
  const fileVariable = `${variable}_FILE`;
  const direct = env[variable];
  const file = env[fileVariable];
  if (direct && file)
    return { issues: [{ variable, message: `set either ${variable} or ${fileVariable}, not both` }] };
  if (direct) return { value: direct, issues };
  if (file) {
    if (!outsideDataDir(fileVariable, file)) return { issues };
    try {
      return { value: readSecretFile(file), issues };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      return { issues: [{ variable: fileVariable, message: `cannot read ${file} (${code})` }] };
    }
  }
  const credentials = env.CREDENTIALS_DIRECTORY;
  if (!credentials) return { issues };
  const path = join(credentials, variable);
  let value: string;
  try {
    value = readSecretFile(path);
  } catch {
    // No credential of this name: the secret is not given.
    return { issues };
  }
  return outsideDataDir('CREDENTIALS_DIRECTORY', path) ? { value, issues } : { issues };
}

/**
 * Reads the secrets given from outside and judges where they come from. Runs while the configuration
 * is read, so a production start without them stops before anything else, naming the variables.
 */
export function resolveSecretSettings(
  env: Record<string, string | undefined>,
  options: { dataDir: string; production: boolean },
): { settings: SecretSettings; issues: SecretIssue[] } {
  const issues: SecretIssue[] = [];
  const configured: Partial<Record<SecretName, string>> = {};
  for (const name of SECRET_NAMES) {
    const variable = SECRET_VARIABLES[name];
    const fileVariable = `${variable}_FILE`;
    const read = readExternalSecret(env, variable, options.dataDir);
    issues.push(...read.issues);
    if (read.issues.length > 0) continue;
    const value = read.value;
    if (value !== undefined) {
      if (value.length < SECRET_MIN_LENGTH)
        issues.push({ variable, message: `at least ${SECRET_MIN_LENGTH} characters` });
      else configured[name] = value;
      continue;
    }
    if (options.production) {
      const legacy = LEGACY_ROW[name];
      issues.push({
        variable,
        message:
          `required when PUBLIC_URL is https: (production): set ${variable}, or ${fileVariable} naming a file ` +
          `outside DATA_DIR, or the systemd credential ${variable} (LoadCredential=); new value: ` +
          '`openssl rand -base64 48`' +
          (legacy
            ? `. An earlier version generated it into the database: use that value to keep existing ${name === 'link' ? 'links' : 'files'} ` +
              `working (SELECT value FROM instance_secrets WHERE name = '${legacy}'); Amtsraum then removes it there`
            : ''),
      });
    }
  }
  const dir = env.SECRETS_DIR || besideDataDir(options.dataDir, 'amtsraum-secrets');
  if ((env.SECRETS_DIR || !options.production) && isInside(dir, options.dataDir)) {
    issues.push({ variable: 'SECRETS_DIR', message: insideDataDir(dir, options.dataDir) });
  }
  return { settings: { configured, production: options.production, dir }, issues };
}

/**
 * The audit anchor file (AUDIT_ANCHOR_FILE): outside DATA_DIR; required in production, in the trial
 * `<parent of DATA_DIR>/amtsraum-audit-anchors.jsonl`.
 */
export function resolveAnchorFile(
  env: Record<string, string | undefined>,
  options: { dataDir: string; production: boolean },
): { anchorFile: string; issues: SecretIssue[] } {
  const given = env[ANCHOR_FILE_VARIABLE];
  if (!given && options.production) {
    return {
      anchorFile: '',
      issues: [
        {
          variable: ANCHOR_FILE_VARIABLE,
          message:
            'required when PUBLIC_URL is https: (production): an append-only file outside DATA_DIR and the database, e.g. /var/log/amtsraum/audit-anchors.jsonl',
        },
      ],
    };
  }
  const anchorFile = given || besideDataDir(options.dataDir, 'amtsraum-audit-anchors.jsonl');
  if (isInside(anchorFile, options.dataDir)) {
    return {
      anchorFile,
      issues: [
        {
          variable: ANCHOR_FILE_VARIABLE,
          message: `${anchorFile} lies inside DATA_DIR (${options.dataDir})`,
        },
      ],
    };
  }
  return { anchorFile, issues: [] };
}
