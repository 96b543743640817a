import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { DbHandle } from '../../server/db/database';

/**
 * An API fuzzer driven only by /api/openapi.json: it knows no route of its own, so a route added
 * later is fuzzed too. For each operation it sends requests built from the operation's schemas —
 * some valid as far as the schema says, some with one thing broken, some plain garbage — with path
 * parameters taken from identifiers seen in earlier responses. It checks that nothing answers ≥ 500
 * and that a rejected write (4xx) leaves every table as it was.
 */

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
};

export interface Operation {
  method: string;
  path: string;
  access: string;
  params: Array<{ name: string; in: 'path' | 'query'; required: boolean; schema: Schema }>;
  body?: Schema;
  multipart: boolean;
}

export function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content ?? {};
      ops.push({
        method: method.toUpperCase(),
        path,
        access: String(op['x-access'] ?? ''),
        params: (op.parameters as Operation['params'] | undefined) ?? [],
        body: content['application/json']?.schema,
        multipart: 'multipart/form-data' in content,
      });
    }
  }
  return ops;
}

/** A small seeded generator, so that a failing run can be repeated with the seed it printed. */
export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

/** Values seen in responses, by property name, to reuse as identifiers and references. */
export class Harvest {
  byKey = new Map<string, Set<string>>();
  ids = new Set<string>();
  add(value: unknown, key = '', depth = 0): void {
    if (depth > 6 || value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const v of value.slice(0, 30)) this.add(v, key, depth + 1);
      return;
    }
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) this.add(v, k, depth + 1);
      return;
    }
    if (typeof value !== 'string' || value.length > 200 || !key) return;
    let set = this.byKey.get(key);
    if (!set) {
      set = new Set();
      this.byKey.set(key, set);
    }
    if (set.size < 200) set.add(value);
    if (/(^id$|Id$)/.test(key) && this.ids.size < 2000) this.ids.add(value);
  }
  forName(name: string, r: Rng): string | undefined {
    const exact = this.byKey.get(name);
    if (exact?.size && r.chance(0.8)) return r.pick([...exact]);
    if (/Id$/.test(name) && this.ids.size) return r.pick([...this.ids]);
    return undefined;
  }
}

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u202Eexe.pdf',
  '../../../../etc/passwd',
  '%00',
  "' or 1=1 --",
  '"; drop table users; --',
  '<script>alert(1)</script>',
  '𠮷野家🍣',
  '\uD800',
  'ｱｲｳｴｵ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '{}',
  '[]',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '9999-99-99',
  '2026-02-30',
  '令和8年4月1日',
  '\r\n\r\n',
];

const PATTERN_CANDIDATES = [
  '2026-04-01',
  '2026-04-01T09:00:00.000Z',
  '2026-04',
  '09:00',
  '2026',
  'R8.3',
  'A-001',
  'S-001',
  '13',
  '131016',
  '0',
  '1',
  '2',
  '3A',
  'abc',
  'ABC',
  'x',
  'example.jp',
  'user@example.jp',
  '192.168.0.1',
  '10.0.0.0/8',
  'https://example.jp/',
  'shr_abc',
];

function randomUuid(r: Rng): string {
  const h = () => r.int(0, 15).toString(16);
  const part = (n: number) => Array.from({ length: n }, h).join('');
  return `${part(8)}-${part(4)}-7${part(3)}-${r.pick(['8', '9', 'a', 'b'])}${part(3)}-${part(12)}`;
}

function types(s: Schema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (s.type) return [s.type];
  if (s.properties) return ['object'];
  if (s.items) return ['array'];
  return [];
}

/** A value the schema accepts, as far as a generator without a regex engine can tell. */
export function valid(s: Schema | undefined, r: Rng, h: Harvest, name = '', depth = 0): unknown {
  if (!s || depth > 8) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return r.pick(s.enum);
  if (s.allOf?.length) return valid(Object.assign({}, ...s.allOf), r, h, name, depth + 1);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return valid(r.pick(alts), r, h, name, depth + 1);
  const ts = types(s);
  const t = ts.length ? r.pick(ts) : 'string';
  switch (t) {
    case 'null':
      return null;
    case 'boolean':
      return r.chance(0.5);
    case 'integer':
    case 'number': {
      const lo = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 0;
      const hi = typeof s.maximum === 'number' ? Math.min(s.maximum, lo + 1000) : lo + 100;
      const v = lo + r.next() * (hi - lo);
      return t === 'integer' ? Math.floor(v) : v;
    }
    case 'array': {
      const n = Math.min(s.maxItems ?? 3, Math.max(s.minItems ?? 0, r.int(0, 3)));
      return Array.from({ length: n }, () => valid(s.items, r, h, name, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, ps] of Object.entries(s.properties ?? {})) {
        if ((s.required ?? []).includes(k) || r.chance(0.6)) out[k] = valid(ps, r, h, k, depth + 1);
      }
      return out;
    }
    default:
      return validString(s, r, h, name);
  }
}

function validString(s: Schema, r: Rng, h: Harvest, name: string): string {
  const fits = (v: string) => {
    if (s.minLength !== undefined && v.length < s.minLength) return false;
    if (s.maxLength !== undefined && v.length > s.maxLength) return false;
    if (s.pattern) {
      try {
        if (!new RegExp(s.pattern, 'u').test(v)) return false;
      } catch {
        return true;
      }
    }
    return true;
  };
  const seen = h.forName(name, r);
  if (seen !== undefined && fits(seen)) return seen;
  switch (s.format) {
    case 'uuid':
      return h.ids.size && r.chance(0.7) ? r.pick([...h.ids]) : randomUuid(r);
    case 'email':
      return `fuzz${r.int(0, 99999)}@example.jp`;
    case 'date':
      return `2026-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
    case 'date-time':
      return new Date(Date.UTC(2026, r.int(0, 11), r.int(1, 28), r.int(0, 23))).toISOString();
    case 'uri':
    case 'url':
      return 'https://example.jp/fuzz';
  }
  if (s.pattern) {
    const candidates = PATTERN_CANDIDATES.filter(fits);
    if (candidates.length) return r.pick(candidates);
  }
  const len = Math.max(s.minLength ?? 1, Math.min(s.maxLength ?? 20, r.int(1, 20)));
  const text = `ファズ${r.int(0, 1e6)}テスト文字列`.repeat(4).slice(0, len);
  return text.padEnd(len, 'x');
}

/** The schema's value with one thing broken: a required field gone, a wrong type, an unknown field, a huge or hostile value. */
export function broken(s: Schema | undefined, r: Rng, h: Harvest): unknown {
  const base = valid(s, r, h);
  const hostile = (): unknown =>
    r.pick<() => unknown>([
      () => r.pick(NASTY_STRINGS),
      () => 'あ'.repeat(r.int(5_000, 200_000)),
      () => r.pick([-1, 0, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER + 2]),
      () => r.pick([true, false, null]),
      () => [],
      () => ({ $ne: null, __proto__: { polluted: true }, constructor: { prototype: { x: 1 } } }),
      () => Array.from({ length: r.int(1000, 5000) }, (_, i) => i),
      () => {
        let o: unknown = 'deep';
        for (let i = 0; i < 500; i++) o = { a: o };
        return o;
      },
    ])();
  if (base && typeof base === 'object' && !Array.isArray(base)) {
    const obj = base as Record<string, unknown>;
    const keys = Object.keys(s?.properties ?? {});
    const how = r.int(0, 3);
    if (how === 0 && (s?.required ?? []).length) delete obj[r.pick(s?.required ?? [])];
    else if (how === 1 && keys.length) obj[r.pick(keys)] = hostile();
    else if (how === 2) obj[r.pick(['__proto__', 'constructor', 'tenantId', 'id', 'zzUnknown', 'createdAt'])] = hostile();
    else return hostile();
    return obj;
  }
  return hostile();
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  kind: 'valid' | 'broken' | 'garbage';
}

const GARBAGE_PATH_VALUES = ['..%2F..%2Fetc%2Fpasswd', '%00', 'x'.repeat(5000), '%E2%80%AE', '%F0%9F%8D%A3', '1;select', '-1', '0', 'null', '%25', '%C0%AF'];

function fillPath(op: Operation, r: Rng, h: Harvest, garbage: boolean): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (garbage && r.chance(0.5)) return r.pick(GARBAGE_PATH_VALUES);
    const schema = op.params.find((p) => p.name === name && p.in === 'path')?.schema ?? { type: 'string' };
    return encodeURIComponent(String(valid(schema, r, h, name)));
  });
}

function queryString(op: Operation, r: Rng, h: Harvest, kind: FuzzRequest['kind']): string {
  const q = new URLSearchParams();
  for (const p of op.params.filter((x) => x.in === 'query')) {
    if (!p.required && r.chance(0.5)) continue;
    const v = kind === 'valid' || r.chance(0.5) ? valid(p.schema, r, h, p.name) : r.pick(NASTY_STRINGS);
    q.set(p.name, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  if (kind === 'garbage' && r.chance(0.3)) q.set(r.pick(['zzUnknown', 'limit', 'offset', '__proto__']), r.pick(NASTY_STRINGS));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function multipartBody(r: Rng): { payload: Buffer; contentType: string } {
  const boundary = `----fuzz${r.int(0, 1e9)}`;
  const files: Array<[string, string, Buffer]> = [
    ['data.csv', 'text/csv', Buffer.from(`コード,名称,種類\r\nF-1,ファズ,${r.pick(NASTY_STRINGS)}\r\n"unterminated,\r\n`)],
    ['data.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', Buffer.from('PK\u0003\u0004garbage that is not a zip')],
    ['evidence.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n%garbage\n')],
    ['photo.png', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])],
    ['a\u202Egpj.exe', 'application/octet-stream', Buffer.from(Array.from({ length: r.int(0, 4096) }, () => r.int(0, 255)))],
    ['empty.csv', 'text/csv', Buffer.alloc(0)],
  ];
  const [name, type, content] = r.pick(files);
  const parts: Buffer[] = [];
  if (r.chance(0.3)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${r.pick(NASTY_STRINGS)}\r\n`));
  if (!r.chance(0.1)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`), content, Buffer.from('\r\n'));
  parts.push(Buffer.from(r.chance(0.1) ? `--${boundary}` : `--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function buildRequest(op: Operation, r: Rng, h: Harvest): FuzzRequest {
  const roll = r.next();
  const kind: FuzzRequest['kind'] = roll < 0.45 ? 'valid' : roll < 0.85 ? 'broken' : 'garbage';
  const url = fillPath(op, r, h, kind === 'garbage') + queryString(op, r, h, kind);
  const headers: Record<string, string> = {};
  let payload: string | Buffer | undefined;
  if (op.multipart) {
    const m = multipartBody(r);
    payload = m.payload;
    headers['content-type'] = kind === 'garbage' && r.chance(0.3) ? 'multipart/form-data' : m.contentType;
  } else if (op.body || kind === 'garbage') {
    if (kind === 'garbage') {
      const g = r.pick<() => [string, string]>([
        () => ['application/json', '{"unterminated": '],
        () => ['application/json', '[]'],
        () => ['application/json', 'null'],
        () => ['application/json', `{"a":${'['.repeat(2000)}`],
        () => ['text/plain', 'hello'],
        () => ['application/x-www-form-urlencoded', 'a=1&b=2'],
        () => ['application/json', JSON.stringify(broken(op.body, r, h))],
      ])();
      headers['content-type'] = g[0];
      payload = g[1];
    } else {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(kind === 'valid' ? valid(op.body, r, h) : broken(op.body, r, h)) ?? 'null';
    }
  }
  return { method: op.method, url, headers, payload, kind };
}

/**
 * Every table's row count and a checksum of its rows. One query on PostgreSQL; on SQLite (in
 * process) one cheap query per table.
 */
export async function snapshot(handle: DbHandle, skip: ReadonlySet<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (handle.kind === 'sqlite') {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(handle.db);
    for (const { name } of tables.rows) {
      if (skip.has(name)) continue;
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(handle.db);
      const lines = rows.rows.map((x) => JSON.stringify(x, (_k, v) => (Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v))).sort();
      out.set(name, `${lines.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`);
    }
    return out;
  }
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(handle.db);
  const names = tables.rows.map((t) => t.name).filter((n) => !skip.has(n));
  if (!names.length) return out;
  const parts = names.map((n) => sql`select ${n}::text as name, count(*)::text as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as h from ${sql.table(n)} t`);
  const rows = await sql<{ name: string; n: string; h: string }>`${sql.join(parts, sql` union all `)}`.execute(handle.db);
  for (const r of rows.rows) out.set(r.name, `${r.n}:${r.h.slice(0, 16)}`);
  return out;
}

/**
 * A number that moves whenever anything may have been written: on SQLite the connection's
 * total_changes() (it counts rows changed by statements later rolled back too); on PostgreSQL the
 * next transaction id, which any transaction that writes (even one that rolls back) takes. When it
 * has not moved, no table can have changed and the full comparison is not needed.
 */
export async function writeMarker(handle: DbHandle): Promise<string> {
  if (handle.kind === 'sqlite') {
    if (!handle.sqlite) throw new Error('the SQLite handle has no raw connection');
    return String((handle.sqlite.prepare('select total_changes() as n').get() as { n: number }).n);
  }
  const r = await sql<{ x: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as x`.execute(handle.db);
  return r.rows[0].x;
}

/** Table states, computed in full only when the write marker says something may have changed. */
export class TableWatch {
  private full: Map<string, string> | null = null;
  private marker = '';
  fullSnapshots = 0;
  constructor(
    private readonly handle: DbHandle,
    private readonly skip: ReadonlySet<string>,
  ) {}
  /** Before a request whose effect is to be checked. */
  async before(): Promise<void> {
    const m = await writeMarker(this.handle);
    if (this.full && m === this.marker) return;
    this.full = await snapshot(this.handle, this.skip);
    this.fullSnapshots++;
    this.marker = await writeMarker(this.handle);
  }
  /** After it: the tables whose rows differ from before. */
  async changedSince(): Promise<string[]> {
    const m = await writeMarker(this.handle);
    if (this.full && m === this.marker) return [];
    const after = await snapshot(this.handle, this.skip);
    this.fullSnapshots++;
    const changed = this.full ? changedTables(this.full, after) : [...after.keys()];
    this.full = after;
    this.marker = await writeMarker(this.handle);
    return changed;
  }
}

export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}

export async function fetchOpenApi(app: FastifyInstance): Promise<Operation[]> {
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json', headers: { host: '127.0.0.1:3000' } });
  if (res.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${res.statusCode}`);
  return operationsOf(res.json());
}
