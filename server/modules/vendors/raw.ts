import { type RawBuilder, sql } from 'kysely';
import type { Db, DbHandle } from '../../db/database';
import { snakeCase } from '../../db/sql';

/**
 * Bulk reads for the organisation-wide checks (tens of thousands of rows). Two things make them
 * several times cheaper than the query builder's usual path: the columns are aliased in the SQL (no
 * camel-case conversion of every row), and rows come back as arrays from the driver (SQLite's raw
 * mode, PostgreSQL's array row mode) and are turned into objects of one fixed shape here. The SQL
 * itself is plain and runs unchanged on both databases; only the fetch differs, through the
 * handle's bulk-path connections (DbHandle.sqlite / DbHandle.pool).
 */

/** `col1, owner_section_id, …` for a list of camelCase columns. */
export function columns(list: readonly string[], table?: string): RawBuilder<unknown> {
  const prefix = table ? `${table}.` : '';
  return sql.raw(list.map((c) => `${prefix}${snakeCase(c)}`).join(', '));
}

export const inList = (ids: readonly string[]) => sql.join(ids.map((id) => sql`${id}`));

/** Run a read and build one object per row with the given keys (in the order of the SELECT list). */
export async function rows<T>(db: Db, handle: Pick<DbHandle, 'kind' | 'sqlite' | 'pool'> | undefined, keys: readonly string[], query: RawBuilder<unknown>): Promise<T[]> {
  const compiled = query.compile(db.withoutPlugins());
  let arrays: unknown[][];
  if (handle?.kind === 'sqlite' && handle.sqlite) {
    arrays = handle.sqlite
      .prepare(compiled.sql)
      .raw(true)
      .all(...(compiled.parameters as unknown[])) as unknown[][];
  } else if (handle?.kind === 'postgres' && handle.pool) {
    const r = await handle.pool.query({ text: compiled.sql, values: compiled.parameters as unknown[], rowMode: 'array' });
    arrays = r.rows as unknown[][];
  } else {
    // No bulk connection at hand (e.g. inside a transaction): the ordinary path, same result.
    const r = await query.execute(db.withoutPlugins());
    return (r.rows as Array<Record<string, unknown>>).map((o) => {
      const out: Record<string, unknown> = {};
      const values = Object.values(o);
      keys.forEach((k, i) => {
        out[k] = values[i];
      });
      return out as T;
    });
  }
  const n = keys.length;
  const out = new Array<T>(arrays.length);
  for (let r = 0; r < arrays.length; r++) {
    const a = arrays[r];
    const o: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) o[keys[i]] = a[i];
    out[r] = o as T;
  }
  return out;
}
