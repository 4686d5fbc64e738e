import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Queryable } from '../db/client';
import { type CatalogTable, listSequences, listTables, quoteIdent } from './catalog';
import { BackupError, type Manifest } from './manifest';

/**
 * Session settings under which every value's text is the same whichever server writes or reads it
 * (instants in UTC, ISO dates, hex bytea, shortest exact floats), so a dump of PGlite loads into
 * PostgreSQL and back unchanged. Set in the dump's and in the restore's transaction.
 */
export const PORTABLE_TEXT_SETTINGS = [
  `SET LOCAL TimeZone = 'UTC'`,
  `SET LOCAL DateStyle = 'ISO, YMD'`,
  `SET LOCAL IntervalStyle = 'postgres'`,
  `SET LOCAL bytea_output = 'hex'`,
  'SET LOCAL extra_float_digits = 1',
];

/**
 * Not dumped: the migration list travels in the manifest (the restore rebuilds the schema from it), and
 * instance_secrets may still hold an old trial's generated link or file secret, which never goes into a
 * backup.
 */
export const NOT_DUMPED = new Set(['schema_migrations', 'instance_secrets']);

const FETCH_ROWS = 1000;

/**
 * Writes every table of the transaction's snapshot to database/<table>.jsonl: one line per row, a JSON
 * array of the column values as PostgreSQL prints them (what COPY would write), null for NULL.
 */
export async function dumpTables(tx: Queryable, target: string): Promise<Manifest['tables']> {
  const dumped: Manifest['tables'] = [];
  for (const table of await listTables(tx)) {
    if (!NOT_DUMPED.has(table.name)) dumped.push(await dumpTable(tx, table, target));
  }
  return dumped;
}

async function dumpTable(tx: Queryable, table: CatalogTable, target: string) {
  if (!/^[\w.-]+$/.test(table.name)) throw new BackupError(`table name ${table.name} cannot be a file name`);
  const path = `database/${table.name}.jsonl`;
  const values = table.columns.map((c) => `t.${quoteIdent(c.name)}::text`).join(', ');
  // A cursor pages through the snapshot without holding the whole table in memory.
  await tx.query(
    `DECLARE amtsraum_backup NO SCROLL CURSOR FOR
       SELECT to_json(ARRAY[${values}]::text[])::text AS row FROM ${quoteIdent(table.name)} t`,
  );
  const hash = createHash('sha256');
  let bytes = 0;
  let rows = 0;
  const file = await open(join(target, path), 'wx', 0o600);
  try {
    for (;;) {
      const batch = await tx.query<{ row: string }>(`FETCH FORWARD ${FETCH_ROWS} FROM amtsraum_backup`);
      if (batch.length === 0) break;
      const chunk = Buffer.from(batch.map((r) => `${r.row}\n`).join(''));
      await file.write(chunk);
      hash.update(chunk);
      bytes += chunk.length;
      rows += batch.length;
    }
  } finally {
    await file.close();
  }
  await tx.query('CLOSE amtsraum_backup');
  const columns = table.columns.map((c) => c.name);
  return { name: table.name, columns, rows, path, bytes, sha256: hash.digest('hex') };
}

/** Where each sequence stands (not transactional: it may be ahead of the snapshot, which only skips numbers). */
export async function dumpSequences(tx: Queryable): Promise<Manifest['sequences']> {
  const positions: Manifest['sequences'] = [];
  for (const name of await listSequences(tx)) {
    const [row] = await tx.query<{ lastValue: string; isCalled: boolean }>(
      `SELECT last_value::text AS "lastValue", is_called AS "isCalled" FROM ${quoteIdent(name)}`,
    );
    positions.push({ name, lastValue: row!.lastValue, isCalled: row!.isCalled });
  }
  return positions;
}
