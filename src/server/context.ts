import type { Config } from './config';
import type { Db } from './db/client';
import type { SessionStore } from './modules/auth/sessions';

/** What route modules need from the running server; built once in app.ts. */
export interface AppContext {
  config: Config;
  db: Db;
  sessions: SessionStore;
}
