import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Db, Queryable } from '../db/client';
import { type CatalogTable, listReferences, listTables, quoteIdent } from './catalog';
import { PORTABLE_TEXT_SETTINGS } from './dump-database';
import { loadOrder, selfReferencing } from './load-order';
import { BackupError, type Manifest } from './manifest';

const INSERT_ROWS = 500;

type TableEntry = Manifest['tables'][number];

/** The INSERT of one batch: each row a JSON array of texts, cast to the target column's type. */
function insertStatement(entry: TableEntry, table: CatalogTable) {
  const types = new Map(table.columns.map((c) => [c.name, c.type]));
  const missing = entry.columns.filter((c) => !types.has(c));
  if (missing.length > 0) {
    throw new BackupError(
      `the backup's table ${entry.name} has columns this schema lacks: ${missing.join(', ')}`,
    );
  }
  const values = entry.columns.map((c, i) => `(r->>${i})::${types.get(c)}`).join(', ');
  // OVERRIDING SYSTEM VALUE: identity columns keep the numbers they had (audit sequence numbers).
  return `INSERT INTO ${quoteIdent(entry.name)} (${entry.columns.map(quoteIdent).join(', ')})
    OVERRIDING SYSTEM VALUE SELECT ${values} FROM json_array_elements($1::json) AS r`;
}

/**
 * Inserts one table's rows in batches; a table that references itself in one statement, since a
 * foreign key is checked at the end of its statement and a child row may come before its parent.
 */
async function loadTable(tx: Queryable, source: string, entry: TableEntry, sql: string, whole: boolean) {
  let batch: string[] = [];
  let rows = 0;
  const flush = async () => {
    if (batch.length > 0) await tx.query(sql, [`[${batch.join(',')}]`]);
    batch = [];
  };
  const lines = createInterface({
    input: createReadStream(join(source, entry.path), 'utf8'),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (line === '') continue;
    batch.push(line);
    rows++;
    if (!whole && batch.length >= INSERT_ROWS) await flush();
  }
  await flush();
  if (rows !== entry.rows)
    throw new BackupError(`${entry.path} holds ${rows} rows, the manifest says ${entry.rows}`);
}

/**
 * Loads the backup's rows into a database migrated to the backup's schema, in one transaction. Rows
 * the migrations seeded are replaced by the backup's. The tables' own triggers are paused meanwhile
 * (DISABLE TRIGGER USER needs only ownership, not superuser): what they would derive from a new row is
 * in the backup already, and counting it twice would be wrong. Foreign keys stay checked.
 */
export async function loadDatabase(db: Db, source: string, manifest: Manifest) {
  const catalog = new Map((await listTables(db)).map((t) => [t.name, t]));
  const references = await listReferences(db);
  const entries = new Map(manifest.tables.map((t) => [t.name, t]));
  const statements = new Map<string, string>();
  for (const entry of manifest.tables) {
    const table = catalog.get(entry.name);
    if (!table) throw new BackupError(`the backup's table ${entry.name} does not exist in this schema`);
    statements.set(entry.name, insertStatement(entry, table));
  }
  const order = loadOrder([...entries.keys()], references);
  const selfReferences = selfReferencing(references);
  await db.transaction(async (tx) => {
    for (const setting of PORTABLE_TEXT_SETTINGS) await tx.query(setting);
    for (const name of order) await tx.query(`ALTER TABLE ${quoteIdent(name)} DISABLE TRIGGER USER`);
    for (const name of [...order].reverse()) await tx.query(`DELETE FROM ${quoteIdent(name)}`);
    for (const name of order) {
      await loadTable(tx, source, entries.get(name)!, statements.get(name)!, selfReferences.has(name));
    }
    for (const name of order) await tx.query(`ALTER TABLE ${quoteIdent(name)} ENABLE TRIGGER USER`);
    for (const sequence of manifest.sequences) {
      await tx.query('SELECT setval($1::regclass, $2::bigint, $3::boolean)', [
        quoteIdent(sequence.name),
        sequence.lastValue,
        sequence.isCalled,
      ]);
    }
  });
}
