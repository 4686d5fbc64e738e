import type { Config } from '../config';
import { BackupError } from './manifest';

interface Written {
  createdAt: string;
  schema: string;
  tables: number;
  rows: number;
  files: number;
}

/** The server's own address as this host reaches it (a wildcard listen is reached on loopback). */
function serverUrl(config: Pick<Config, 'host' | 'port'>) {
  const host = ['0.0.0.0', '::', '[::]'].includes(config.host) ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${config.port}`;
}

/**
 * Has the running server write the backup (POST /api/operator/backups): the embedded database admits
 * only the process that holds it, so while Amtsraum runs on it, only Amtsraum can take the snapshot.
 */
export async function backupViaServer(config: Config, target: string): Promise<string> {
  const url = `${serverUrl(config)}/api/operator/backups`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ target }),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    throw new BackupError(
      `the embedded database is in use, and the server at ${url} does not answer (${cause})`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as Partial<Written> & { detail?: string };
  if (response.status !== 201) {
    throw new BackupError(
      `the running server refused the backup (${response.status}): ${body.detail ?? 'no reason given'}`,
    );
  }
  const { createdAt, schema, tables, rows, files } = body as Written;
  return `Backup written by the running server to ${target}: ${tables} tables (${rows} rows), ${files} files, schema ${schema}, taken ${createdAt}.`;
}
