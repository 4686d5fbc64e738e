import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'sealed:v1:';

/**
 * Short secrets the database must hold but must not give away (TOTP seeds, identity providers' client
 * secrets): AES-256-GCM under a key derived from FILE_MASTER_KEY, which lives outside the database and
 * DATA_DIR, bound to their row by `context` (a sealed value copied to another row does not open).
 * A value without the prefix (written before sealing, or by a test fixture) is read as it is.
 */
export function createSealedText(fileMasterKey: string) {
  const key = createHash('sha256').update(`amtsraum.sealed-text:${fileMasterKey}`).digest();
  return {
    seal(plain: string, context: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(context));
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
    },
    open(stored: string, context: string): string {
      if (!stored.startsWith(PREFIX)) return stored;
      const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12)).setAAD(
        Buffer.from(context),
      );
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
export type SealedText = ReturnType<typeof createSealedText>;
