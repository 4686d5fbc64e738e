import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { type Config, ConfigError, loadConfig } from '../../config';
import type { Db } from '../../db/client';
import { migrate } from '../../db/migrate';
import { openDatabase } from '../../db/open';
import { prepareSecrets } from '../../security/instance-secrets';
import {
  AuthorityError,
  disableAuthority,
  enableAuthority,
  listAuthorities,
  provisionAuthority,
} from '../tenants/provision';
import { type Authority, AuthorityCreate, AuthoritySlugParams } from '../tenants/schema';

/** The exit codes of `npm run operator`, for scripts. */
export const EXIT = {
  ok: 0,
  /** Something broke that input cannot fix: the database is unreachable, a bug. */
  failure: 1,
  /** Unknown command or option, invalid input or configuration. */
  usage: 2,
  /** No authority with this slug. */
  unknownAuthority: 3,
  /** The slug or the administrator's e-mail address is taken. */
  conflict: 4,
} as const;

export const USAGE = `Amtsraum operator commands (same configuration as the server: DATABASE_URL, or DATA_DIR)

  npm run operator -- authority:create --slug <slug> --name <name> --admin-email <e-mail>
                      [--admin-name <name>] [--time-zone Europe/Berlin] [--holiday-state BY] [--json]
      Creates an authority and its first administrator; the generated password is shown once.
  npm run operator -- authority:list [--json]
  npm run operator -- authority:disable <slug> [--json]
      Public pages answer 410, staff sessions end, sign-in is refused; nothing is deleted.
  npm run operator -- authority:enable <slug> [--json]
      Opens it again; the staff accounts its disabling deactivated are active again.

Exit codes: 0 done, 1 failure (e.g. database unreachable), 2 invalid input or configuration,
3 unknown authority, 4 slug taken.
With embedded PGlite (no DATABASE_URL) stop the server first: one process at a time may open DATA_DIR.
`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

class UsageError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const OPTIONS = {
  slug: { type: 'string' },
  name: { type: 'string' },
  'admin-email': { type: 'string' },
  'admin-name': { type: 'string' },
  'time-zone': { type: 'string' },
  'holiday-state': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** A zod refusal as one line naming the option it came from. */
function firstIssue(error: z.ZodError, flagOf: (path: string) => string) {
  const issue = error.issues[0]!;
  const path = issue.path.join('.');
  return new UsageError(`${flagOf(path)}: ${issue.message}`, path);
}

const FLAG_OF: Record<string, string> = {
  slug: '--slug',
  name: '--name',
  timeZone: '--time-zone',
  holidayState: '--holiday-state',
  admin: '--admin-email',
  'admin.email': '--admin-email',
  'admin.displayName': '--admin-name',
};

type Parsed = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;

/** What a command will do, checked completely before the database is opened. */
type Plan =
  | { command: 'help' }
  | { command: 'authority:list' }
  | { command: 'authority:create'; input: z.output<typeof AuthorityCreate> }
  | { command: 'authority:disable' | 'authority:enable'; slug: string };

function plan(parsed: Parsed): Plan {
  const [command, ...rest] = parsed.positionals;
  const { values } = parsed;
  if (values.help || command === undefined || command === 'help') return { command: 'help' };
  const noPositionals = () => {
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  };
  const unused = (allowed: string[]) => {
    const extra = Object.keys(values).filter(
      (key) =>
        !allowed.includes(key) &&
        key !== 'json' &&
        key !== 'help' &&
        values[key as keyof typeof values] !== undefined,
    );
    if (extra.length > 0) throw new UsageError(`--${extra[0]} does not apply to ${command}`);
  };
  switch (command) {
    case 'authority:list':
      noPositionals();
      unused([]);
      return { command };
    case 'authority:create': {
      noPositionals();
      const input = AuthorityCreate.safeParse({
        slug: values.slug,
        name: values.name,
        ...(values['time-zone'] === undefined ? {} : { timeZone: values['time-zone'] }),
        ...(values['holiday-state'] === undefined ? {} : { holidayState: values['holiday-state'] }),
        admin: {
          email: values['admin-email'],
          ...(values['admin-name'] === undefined ? {} : { displayName: values['admin-name'] }),
        },
      });
      if (!input.success) throw firstIssue(input.error, (path) => FLAG_OF[path] ?? path);
      return { command, input: input.data };
    }
    case 'authority:disable':
    case 'authority:enable': {
      unused([]);
      const [slug, ...more] = rest;
      if (slug === undefined) throw new UsageError(`${command} needs the slug of the authority`, 'slug');
      if (more.length > 0) throw new UsageError(`unexpected argument "${more[0]}"`);
      const checked = AuthoritySlugParams.safeParse({ slug });
      if (!checked.success) throw firstIssue(checked.error, () => 'slug');
      return { command, slug: checked.data.slug };
    }
    default:
      throw new UsageError(`unknown command "${command}" (try: npm run operator -- help)`);
  }
}

const ACTOR = 'operator:cli';

function describe(a: Authority) {
  const status = a.status === 'active' ? 'active' : `disabled since ${a.disabledAt}`;
  return `${a.slug} – ${a.name} (${status}, ${a.staffCount} staff, ${a.timeZone}, holidays ${a.holidayState})`;
}

async function execute(
  step: Exclude<Plan, { command: 'help' }>,
  db: Db,
  config: Config,
  io: CliIo,
  json: boolean,
) {
  const print = (value: unknown, text: string) => io.out(json ? JSON.stringify(value, null, 2) : text);
  switch (step.command) {
    case 'authority:list': {
      const authorities = await listAuthorities(db);
      const lines = authorities.map(describe);
      print({ authorities }, lines.length > 0 ? lines.join('\n') : 'No authorities yet.');
      return;
    }
    case 'authority:create': {
      const created = await provisionAuthority(db, step.input, { actor: ACTOR });
      const admin = created.admin!;
      const origin = config.publicUrl.origin;
      print(
        { authority: created.authority, admin },
        [
          `Authority created: ${describe(created.authority)}`,
          `Citizen pages:     ${origin}/${created.authority.slug}`,
          `First administrator: ${admin.displayName} <${admin.email}>, sign in at ${origin}/login`,
          `Password (shown only now, stored only as a hash): ${admin.password}`,
          'Hand it over on a separate, secure channel; the administrator should set an own password',
          'at once under Administration → Staff.',
        ].join('\n'),
      );
      return;
    }
    case 'authority:disable': {
      const result = await disableAuthority(db, step.slug, { actor: ACTOR });
      print(
        { authority: result.authority, changed: result.changed },
        result.changed
          ? `Disabled: ${describe(result.authority)}; ${result.staffIds.length} staff account(s) signed out and locked.`
          : `Already disabled: ${describe(result.authority)}`,
      );
      return;
    }
    case 'authority:enable': {
      const result = await enableAuthority(db, step.slug, { actor: ACTOR });
      print(
        { authority: result.authority, changed: result.changed },
        result.changed
          ? `Enabled: ${describe(result.authority)}; ${result.staffIds.length} staff account(s) active again.`
          : `Already active: ${describe(result.authority)}`,
      );
      return;
    }
  }
}

/** Runs one operator command; returns the exit code. */
export async function runOperatorCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  let json = argv.includes('--json');
  const fail = (code: number, kind: string, message: string, field?: string) => {
    io.err(
      json ? JSON.stringify({ error: { kind, message, ...(field ? { field } : {}) } }) : `Error: ${message}`,
    );
    return code;
  };
  let step: Plan;
  let config: Config;
  try {
    const parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    json = parsed.values.json;
    step = plan(parsed);
    if (step.command === 'help') {
      io.out(USAGE);
      return EXIT.ok;
    }
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof UsageError) return fail(EXIT.usage, 'invalid-input', error.message, error.field);
    if (error instanceof ConfigError) return fail(EXIT.usage, 'invalid-configuration', error.message);
    // parseArgs: an unknown option or a missing value.
    if (error instanceof TypeError && 'code' in error)
      return fail(EXIT.usage, 'invalid-input', error.message);
    throw error;
  }
  let raw: Db | undefined;
  try {
    raw = await openDatabase(config);
    await migrate(raw);
    // As the server starts: the same secrets, and the audit key bound to the handle (audit trail).
    const { db } = await prepareSecrets(config, raw);
    await execute(step, db, config, io, json);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof AuthorityError) {
      const code =
        error.code === 'unknown-authority'
          ? EXIT.unknownAuthority
          : error.code === 'invalid'
            ? EXIT.usage
            : EXIT.conflict;
      return fail(code, error.code, error.message, error.field);
    }
    return fail(EXIT.failure, 'failure', error instanceof Error ? error.message : String(error));
  } finally {
    await raw?.close();
  }
}
