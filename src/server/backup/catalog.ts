import type { Queryable } from '../db/client';

/** A table of the application's schema as the backup sees it. */
export interface CatalogTable {
  name: string;
  /** Stored columns in their order; generated columns are left out (the database computes them). */
  columns: { name: string; type: string }[];
}

/** "name" as an SQL identifier, whatever it holds (names come from a backup's manifest too). */
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Tables of the current schema, partitions folded into their parent, in name order. */
export async function listTables(db: Queryable): Promise<CatalogTable[]> {
  const rows = await db.query<{ table: string; column: string; type: string }>(
    `SELECT c.relname::text AS "table", a.attname::text AS "column",
            format_type(a.atttypid, a.atttypmod) AS "type"
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
  );
  const tables = new Map<string, CatalogTable>();
  for (const row of rows) {
    const table = tables.get(row.table) ?? { name: row.table, columns: [] };
    table.columns.push({ name: row.column, type: row.type });
    tables.set(row.table, table);
  }
  return [...tables.values()];
}

/** Which table references which (foreign keys within the current schema). */
export async function listReferences(db: Queryable): Promise<{ child: string; parent: string }[]> {
  return db.query(
    `SELECT DISTINCT child.relname::text AS child, parent.relname::text AS parent
       FROM pg_constraint co
       JOIN pg_class child ON child.oid = co.conrelid
       JOIN pg_class parent ON parent.oid = co.confrelid
       JOIN pg_namespace n ON n.oid = child.relnamespace
      WHERE co.contype = 'f' AND n.nspname = current_schema()`,
  );
}

/** Sequences of the current schema (identity columns own theirs). */
export async function listSequences(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND n.nspname = current_schema() ORDER BY c.relname`,
  );
  return rows.map((r) => r.name);
}
