import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { openPglite } from '../../db/client';
import { migrate } from '../../db/migrate';
import { createTenant } from './provision';

describe('creating an authority', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
  });
  afterAll(() => db.close());

  it('refuses slugs that the app uses as paths, so /login or /admin never become an authority', async () => {
    for (const slug of ['login', 'admin', 'staff', 'api', 'barrierefreiheit', 'assets']) {
      await expect(createTenant(db, { slug, name: 'X' })).rejects.toThrow(/path of the app/);
    }
    await expect(createTenant(db, { slug: 'musterstadt', name: 'Stadt Musterstadt' })).resolves.toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });
});
