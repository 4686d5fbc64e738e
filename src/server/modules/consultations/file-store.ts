import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../../db/client';
import { loadInstanceSecret } from '../../security/instance-secrets';

/** The configured master key, or the one this installation generated on its first start, as 32 bytes. */
export async function loadFileMasterKey(db: Db, configured: string | undefined): Promise<Buffer> {
  const secret = await loadInstanceSecret(db, 'files', configured);
  return createHash('sha256').update(`amtsraum.files:${secret}`).digest();
}

export interface EncryptedFile {
  ciphertext: Buffer;
  /** iv (12) ‖ tag (16) ‖ encrypted file key (32), bound to the file id. */
  wrappedKey: Buffer;
  iv: Buffer;
  authTag: Buffer;
}

const gcm = (key: Buffer, iv: Buffer, aad: string, data: Buffer) => {
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
  return { ciphertext, tag: cipher.getAuthTag() };
};

const ungcm = (key: Buffer, iv: Buffer, tag: Buffer, aad: string, data: Buffer) => {
  const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]);
};

/** Encrypts with a fresh 256-bit key, which is itself encrypted with the master key. */
export function encryptFile(masterKey: Buffer, fileId: string, plaintext: Buffer): EncryptedFile {
  const fileKey = randomBytes(32);
  const iv = randomBytes(12);
  const { ciphertext, tag: authTag } = gcm(fileKey, iv, `file:${fileId}`, plaintext);
  const wrapIv = randomBytes(12);
  const wrapped = gcm(masterKey, wrapIv, `key:${fileId}`, fileKey);
  return { ciphertext, iv, authTag, wrappedKey: Buffer.concat([wrapIv, wrapped.tag, wrapped.ciphertext]) };
}

export function decryptFile(masterKey: Buffer, fileId: string, file: EncryptedFile): Buffer {
  const w = file.wrappedKey;
  const fileKey = ungcm(masterKey, w.subarray(0, 12), w.subarray(12, 28), `key:${fileId}`, w.subarray(28));
  return ungcm(fileKey, file.iv, file.authTag, `file:${fileId}`, file.ciphertext);
}

/** Where a file's bytes live: only ids in the path, never the uploader's name. */
export const filePath = (dataDir: string, tenantId: string, fileId: string) =>
  join(dataDir, 'files', tenantId, `${fileId}.bin`);

export async function writeFileAtomically(path: string, dir: string, bytes: Buffer) {
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes, { flag: 'wx', mode: 0o600 });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

export const readStoredFile = (path: string) => readFile(path);

/**
 * The uploader's name as shown to the other side: the last path segment only, no control or shell-
 * significant characters, at most 200 characters, ending in an extension of the detected type.
 */
export function displayName(raw: string, extensions: readonly string[]): string {
  const last = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = last
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  const wanted = extensions[0] ?? 'bin';
  if (!extensions.includes(ext)) name = `${name || 'Datei'}.${wanted}`;
  if (name.length > 200) {
    const suffix = name.slice(name.lastIndexOf('.'));
    name = `${Array.from(name.slice(0, name.lastIndexOf('.')))
      .slice(0, 190)
      .join('')}${suffix}`;
  }
  return name;
}

/** `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 / 5987). */
export function contentDisposition(name: string) {
  const ascii = name.replace(/[^\w.\- ]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Decodes X-File-Name: percent-encoded UTF-8, optionally in RFC 5987 form (UTF-8''…). */
export function decodeFileNameHeader(header: string): string | null {
  const value = header.replace(/^UTF-8''/i, '');
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
