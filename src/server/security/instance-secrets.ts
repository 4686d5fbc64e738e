import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client';

/**
 * The configured secret, or the one this installation generated for itself on its first start (kept in
 * the database, so every server process of the installation shares it).
 */
export async function loadInstanceSecret(db: Db, name: string, configured?: string): Promise<string> {
  if (configured) return configured;
  await db.query(`INSERT INTO instance_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
    name,
    randomBytes(32).toString('base64url'),
  ]);
  const [row] = await db.query<{ value: string }>('SELECT value FROM instance_secrets WHERE name = $1', [
    name,
  ]);
  return row!.value;
}
