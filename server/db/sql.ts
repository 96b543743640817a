import { type RawBuilder, sql } from 'kysely';
import type { Db, DbKind } from './database';

/** Portable helpers for the storage conventions documented in schema.ts. */

export const flag = (b: boolean | null | undefined): 0 | 1 => (b ? 1 : 0);
export const isSet = (v: number | boolean | null | undefined): boolean => v === 1 || v === true;

export const nowIso = (): string => new Date().toISOString();

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  if (typeof text !== 'string') return text as T; // already parsed (PostgreSQL json columns)
  return JSON.parse(text) as T;
}

/** A condition that is always false (e.g. a scope with no sections). SQLite cannot bind booleans, so it is written as SQL. */
export const nothing = (): RawBuilder<boolean> => sql<boolean>`1 = 0`;

/** A camelCase key as its snake_case column name (the CamelCasePlugin's rule, for raw SQL). */
export const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Escape LIKE wildcards so user input matches literally (used with ESCAPE '\'). */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Case-insensitive "contains" on both dialects (SQLite has no ILIKE, PostgreSQL's LIKE is case-sensitive). */
export function containsCi(column: string, term: string): RawBuilder<boolean> {
  const pattern = `%${escapeLike(term.toLowerCase())}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/**
 * Split rows for multi-row inserts so one statement stays under the bind-parameter limits
 * (SQLite 32,766; PostgreSQL 65,535).
 */
export function chunkRows<T extends object>(rows: T[], columnsPerRow: number, maxParams = 30_000): T[][] {
  const size = Math.max(1, Math.floor(maxParams / Math.max(1, columnsPerRow)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** From this many new rows on, a bulk insert refreshes PostgreSQL's statistics of the table. */
export const ANALYZE_AFTER_ROWS = 1000;

/**
 * Call after a bulk insert into `table` when later statements of the same transaction insert rows that
 * reference it. PostgreSQL checks each foreign key with a plan it made and kept while the table was
 * small (a sequential scan of a then-empty table); after a large batch that plan scans the whole table
 * once per referencing row (5,000 disposal links took 4–8 s). ANALYZE — allowed in a transaction, and
 * counting the transaction's own rows — updates the statistics, and PostgreSQL plans those checks
 * again as index lookups. SQLite plans each statement anew and needs nothing.
 */
export async function refreshStatisticsAfterBulkInsert(trx: Db, kind: DbKind, table: string, inserted: number): Promise<void> {
  if (kind !== 'postgres' || inserted < ANALYZE_AFTER_ROWS) return;
  await sql`analyze ${sql.table(table)}`.execute(trx);
}
