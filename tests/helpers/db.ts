import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DbHandle, openDatabase } from '../../server/db/database';

/** The PostgreSQL server the tests use; each test file gets its own database on it. */
export const TEST_PG_URL = process.env.SHIRUBE_TEST_PG_URL ?? 'postgres://root@localhost/postgres?host=/var/run/postgresql';

export function testDbKind(): 'sqlite' | 'postgres' {
  return process.env.SHIRUBE_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, empty database of the requested kind; close() drops it (PostgreSQL) or discards it (SQLite in memory). */
export async function freshDatabase(kind = testDbKind()): Promise<DbHandle> {
  if (kind === 'sqlite') return openDatabase({ kind: 'sqlite', sqlitePath: ':memory:' });
  const name = `shirube_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const handle = openDatabase({ kind: 'postgres', databaseUrl: withDatabase(TEST_PG_URL, name), poolSize: 5 });
  const close = handle.close;
  handle.close = async () => {
    await close();
    const a = new pg.Client({ connectionString: TEST_PG_URL });
    await a.connect();
    try {
      await a.query(`drop database if exists ${name} with (force)`);
    } finally {
      await a.end();
    }
  };
  return handle;
}
