import type { Migration } from 'kysely';
import * as m0001 from './0001_platform';
import * as m0002 from './0002_identity';

/**
 * The one migration set, for SQLite and PostgreSQL alike. Append new files; never edit a
 * migration that has shipped. Numbers are reserved per module: 0003 catalog, 0004 assets,
 * 0005 network, 0006 documents, 0007 vendors, 0008 disposal and notifications.
 */
export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_identity': m0002,
};
