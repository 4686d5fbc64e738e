import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import pg from 'pg';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** The one database interface the rest of the server sees: PGlite embedded or a real PostgreSQL. */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A PGlite database; its whole data directory can be dumped and loaded into a new one (tests' template). */
export interface PgliteDb extends Db {
  dumpDataDir(): Promise<Blob>;
}

/** `from`: a dumped data directory to start with instead of an empty one (skips initdb). */
export async function openPglite(dataDir?: string, from?: Blob): Promise<PgliteDb> {
  const lite = await PGlite.create(dataDir, {
    extensions: { btree_gist },
    ...(from ? { loadDataDir: from } : {}),
  });
  const run = async <T>(target: Pick<PGlite, 'query'>, sql: string, params?: unknown[]) =>
    (await target.query<T>(sql, params)).rows;
  const exec = async (target: Pick<PGlite, 'exec'>, sql: string) => {
    await target.exec(sql);
  };
  return {
    kind: 'pglite',
    query: (sql, params) => run(lite, sql, params),
    exec: (sql) => exec(lite, sql),
    transaction: (work) =>
      lite.transaction((tx) =>
        work({ query: (sql, params) => run(tx, sql, params), exec: (sql) => exec(tx, sql) }),
      ),
    close: () => lite.close(),
    dumpDataDir: async () => lite.dumpDataDir('none'),
  };
}

export function openPostgres(connectionString: string): Db {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle connection dropped by the server (restart, failover) is replaced on next use; it must not crash us.
  pool.on('error', (error) => console.warn(`PostgreSQL connection lost: ${error.message}`));
  return {
    kind: 'postgres',
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    exec: async (sql) => {
      await pool.query(sql);
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async (sql, params) => (await client.query(sql, params)).rows,
          exec: async (sql) => {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
