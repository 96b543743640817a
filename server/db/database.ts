import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

export type DbKind = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  kind: DbKind;
  /** The raw better-sqlite3 connection (SQLite only): online backup and bulk paths use it. */
  sqlite?: SQLite.Database;
  /** The pg pool (PostgreSQL only). */
  pool?: pg.Pool;
  close(): Promise<void>;
}

// PostgreSQL returns int8 and numeric as strings and DATE as a local Date; keep them portable.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);

export interface OpenOptions {
  kind: DbKind;
  sqlitePath?: string;
  databaseUrl?: string;
  poolSize?: number;
}

export function openDatabase(opts: OpenOptions): DbHandle {
  const plugins = [new CamelCasePlugin()];
  if (opts.kind === 'sqlite') {
    const file = opts.sqlitePath ?? ':memory:';
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    // SQLite's default page cache is 2 MiB; a register of 100,000 assets with its indexes is far
    // larger, and large imports and list queries then re-read pages from the OS all the time.
    sqlite.pragma('cache_size = -65536'); // 64 MiB, in KiB
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins });
    return {
      db,
      kind: 'sqlite',
      sqlite,
      async close() {
        await db.destroy();
      },
    };
  }
  if (!opts.databaseUrl) throw new Error('DATABASE_URL is required for PostgreSQL');
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
  // An idle connection that the server closes (restart, failover, admin command) must not bring the
  // process down; the pool replaces it on the next query.
  pool.on('error', (e) => process.emitWarning(`PostgreSQL connection closed: ${e.message}`, { code: 'SHIRUBE_PG_IDLE' }));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
  return {
    db,
    kind: 'postgres',
    pool,
    async close() {
      await db.destroy();
    },
  };
}

/**
 * Kysely prepares every statement anew; on SQLite preparing costs several times what running a
 * small query does. Reuse prepared statements by their SQL text (Kysely runs one query at a time
 * on this connection, so a statement is never used twice at once).
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= 2000) cache.clear();
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
