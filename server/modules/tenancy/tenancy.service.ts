import { z } from 'zod';
import { type CompiledQuery, sql } from 'kysely';
import type { Db, DbKind } from '../../db/database';
import { containsCi, fromJson, isSet, nowIso, toJson } from '../../db/sql';
import type { OrganizationsTable, OrgUnitsTable } from '../../db/schema';
import { PLATFORM_TENANT, appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import { err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { NATIONAL_BODY, PREFECTURES } from '@shared/prefectures';
import { forgetSessions } from '../identity/sessions';

export const ORG_KINDS = ['national', 'prefecture', 'municipality', 'jointBody'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_KIND_LABELS: Record<OrgKind, { ja: string; en: string }> = {
  national: { ja: '国（総務省）', en: 'National (MIC)' },
  prefecture: { ja: '都道府県', en: 'Prefecture' },
  municipality: { ja: '市区町村', en: 'Municipality' },
  jointBody: { ja: '一部事務組合・広域連合', en: 'Joint body' },
};

export const OrgSettingsSchema = z.object({
  /** Require MFA of every user, not only administrators. */
  mfaRequiredForAll: z.boolean().default(false),
});
export type OrgSettings = z.infer<typeof OrgSettingsSchema>;

export interface OrganizationView {
  id: string;
  kind: OrgKind;
  name: string;
  nameKana: string | null;
  nameEn: string | null;
  lgCode: string | null;
  prefectureCode: string | null;
  parentId: string | null;
  isDemo: boolean;
  status: string;
}

export function presentOrganization(row: OrganizationsTable): OrganizationView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    nameKana: row.nameKana,
    nameEn: row.nameEn,
    lgCode: row.lgCode,
    prefectureCode: row.prefectureCode,
    parentId: row.parentId,
    isDemo: isSet(row.isDemo),
    status: row.status,
  };
}

export interface OrgUnitView {
  id: string;
  kind: 'department' | 'section';
  parentId: string | null;
  code: string;
  name: string;
  nameEn: string | null;
  sortOrder: number;
  status: string;
}

export function presentUnit(u: OrgUnitsTable): OrgUnitView {
  return {
    id: u.id,
    kind: u.kind,
    parentId: u.parentId,
    code: u.code,
    name: u.name,
    nameEn: u.nameEn,
    sortOrder: u.sortOrder,
    status: u.status,
  };
}

const ORG = { ja: '団体', en: 'Organisation' };
const UNIT = { ja: '組織単位', en: 'Unit' };

/** Load the national body and the 47 prefectures if they are not there yet. Idempotent. */
export async function ensureReferenceData(db: Db): Promise<number> {
  const existing = await db.selectFrom('organizations').select(['lgCode', 'kind']).where('kind', 'in', ['national', 'prefecture']).execute();
  const haveCodes = new Set(existing.map((e) => e.lgCode));
  const haveNational = existing.some((e) => e.kind === 'national');
  const now = nowIso();
  const rows: OrganizationsTable[] = [];
  let nationalId: string | null = null;
  if (!haveNational) {
    nationalId = newId();
    rows.push({
      id: nationalId,
      kind: 'national',
      ...NATIONAL_BODY,
      lgCode: null,
      prefectureCode: null,
      parentId: null,
      isDemo: 0,
      settings: '{}',
      status: 'active',
      createdAt: now,
      updatedAt: now,
    });
  } else {
    nationalId =
      (await db.selectFrom('organizations').select('id').where('kind', '=', 'national').executeTakeFirst())?.id ?? null;
  }
  for (const p of PREFECTURES) {
    if (haveCodes.has(p.lgCode)) continue;
    rows.push({
      id: newId(),
      kind: 'prefecture',
      name: p.name,
      nameKana: p.nameKana,
      nameEn: p.nameEn,
      lgCode: p.lgCode,
      prefectureCode: p.prefectureCode,
      parentId: nationalId,
      isDemo: 0,
      settings: '{}',
      status: 'active',
      createdAt: now,
      updatedAt: now,
    });
  }
  if (rows.length === 0) return 0;
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('organizations').values(rows).execute();
    invalidateDirectory();
    await appendAudit(
      trx,
      { tenantId: PLATFORM_TENANT, actorId: null, actorLabel: 'system:reference-data' },
      { action: 'reference.load', targetType: 'organization', changes: { inserted: rows.length } },
    );
  });
  return rows.length;
}

export const DirectoryQuery = z.object({
  kind: z.enum(ORG_KINDS).optional(),
  prefectureCode: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * The directory is reference data that changes only through imports, setup and the demo, so its
 * pages are kept in memory for SHIRUBE_DIRECTORY_CACHE_MS (30 s; 0 turns it off); every write
 * path here calls invalidateDirectory(). Other server processes on the same PostgreSQL pick up a
 * change within that lifetime. The uncached path must meet the list target on its own, so a page
 * is one query whose answer is already the JSON text of the response (see directoryPage()).
 */
const directoryCache = new Map<string, { at: number; value: string }>();

export function invalidateDirectory(): void {
  directoryCache.clear();
}

/** A page of the directory as the JSON text of { items, total, page, pageSize } (the response body). */
export async function listDirectoryJson(db: Db, dbKind: DbKind, q: z.infer<typeof DirectoryQuery>, ttlMs = 30_000): Promise<string> {
  if (ttlMs <= 0) return directoryPage(db, dbKind, q);
  const key = JSON.stringify([dbKind, q.kind, q.prefectureCode, q.q, q.page, q.pageSize]);
  const hit = directoryCache.get(key);
  const now = Date.now();
  if (hit && now - hit.at < ttlMs) return hit.value;
  const value = await directoryPage(db, dbKind, q);
  if (directoryCache.size >= 500) directoryCache.clear();
  directoryCache.set(key, { at: now, value });
  return value;
}

/**
 * One query: the count and the page, the page built as a JSON array by the database itself
 * (json_group_array on SQLite, json_agg on PostgreSQL). Materialising a hundred row objects in
 * JavaScript, mapping them and serialising them again cost several times the query itself.
 * The keys and their order are those of presentOrganization(); is_demo becomes a JSON boolean.
 */
const STAND_IN = { kind: '\u0000kind', prefectureCode: '\u0000prefecture', limit: 1_000_000_007, offset: 1_000_000_009 } as const;
const compiledPages = new Map<string, CompiledQuery<{ items: string; total: number }>>();

function buildDirectoryPage(db: Db, dbKind: DbKind, kind: string | undefined, prefectureCode: string | undefined, term: string | undefined, limit: number, offset: number) {
  let base = db.selectFrom('organizations').where('status', '=', 'active');
  if (kind) base = base.where('kind', '=', kind as OrgKind);
  if (prefectureCode) base = base.where('prefectureCode', '=', prefectureCode);
  if (term) base = base.where((eb) => eb.or([containsCi('name', term), containsCi('name_kana', term), eb('lgCode', '=', term)]));
  const page = base
    .select(['id', 'kind', 'name', 'nameKana', 'nameEn', 'lgCode', 'prefectureCode', 'parentId', 'isDemo', 'status'])
    .orderBy('prefectureCode')
    .orderBy('lgCode')
    .orderBy('name')
    .limit(limit)
    .offset(offset)
    .as('o');
  const order = sql`o.prefecture_code, o.lg_code, o.name`;
  const fields = sql`'id', o.id, 'kind', o.kind, 'name', o.name, 'nameKana', o.name_kana, 'nameEn', o.name_en, 'lgCode', o.lg_code, 'prefectureCode', o.prefecture_code, 'parentId', o.parent_id`;
  const items =
    dbKind === 'postgres'
      ? sql<string>`(select coalesce(json_agg(json_build_object(${fields}, 'isDemo', o.is_demo <> 0, 'status', o.status) order by ${order}), '[]')::text from ${page})`
      : // No ORDER BY inside json_group_array: on SQLite it costs seven times the rest of the query.
        // The ordered, limited subquery cannot be flattened into the aggregate, so SQLite runs it as
        // a co-routine and the aggregate takes its rows in that order (the route test checks it).
        sql<string>`(select json_group_array(json_object(${fields}, 'isDemo', json(case when o.is_demo <> 0 then 'true' else 'false' end), 'status', o.status)) from ${page})`;
  return db.selectNoFrom([items.as('items'), base.select((eb) => eb.fn.countAll<number>().as('n')).as('total')]);
}

async function directoryPage(db: Db, dbKind: DbKind, q: z.infer<typeof DirectoryQuery>): Promise<string> {
  const limit = q.pageSize;
  const offset = (q.page - 1) * q.pageSize;
  let compiled: CompiledQuery<{ items: string; total: number }>;
  if (q.q) compiled = buildDirectoryPage(db, dbKind, q.kind, q.prefectureCode, q.q, limit, offset).compile();
  else {
    // Building and compiling this query through Kysely costs several times running it, so each
    // shape (which filters are present) is compiled once with stand-in values that are then
    // replaced by the request's own. A text search is built each time (its term is rewritten).
    const shape = `${dbKind}|${q.kind ? 'k' : ''}|${q.prefectureCode ? 'p' : ''}`;
    let template = compiledPages.get(shape);
    if (!template) {
      template = buildDirectoryPage(db, dbKind, q.kind && STAND_IN.kind, q.prefectureCode && STAND_IN.prefectureCode, undefined, STAND_IN.limit, STAND_IN.offset).compile();
      compiledPages.set(shape, template);
    }
    const values = new Map<unknown, unknown>([
      [STAND_IN.kind, q.kind],
      [STAND_IN.prefectureCode, q.prefectureCode],
      [STAND_IN.limit, limit],
      [STAND_IN.offset, offset],
    ]);
    compiled = { ...template, parameters: template.parameters.map((p) => (values.has(p) ? values.get(p) : p)) };
  }
  const row = (await db.executeQuery(compiled)).rows[0];
  if (!row) throw new Error('the directory query returned no row');
  return `{"items":${row.items},"total":${Number(row.total)},"page":${q.page},"pageSize":${q.pageSize}}`;
}

export async function getOrganization(db: Db, id: string): Promise<OrganizationsTable> {
  const row = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw err.notFound(ORG, id);
  return row;
}

export function orgSettings(row: Pick<OrganizationsTable, 'settings'>): OrgSettings {
  return OrgSettingsSchema.parse(fromJson(row.settings, {}));
}

export const OrgPatch = z
  .object({
    nameEn: z.string().max(200).nullable().optional(),
    nameKana: z.string().max(200).nullable().optional(),
    settings: OrgSettingsSchema.partial().optional(),
  })
  .strict();

export async function updateOrganization(db: Db, ctx: Ctx, patch: z.infer<typeof OrgPatch>) {
  return db.transaction().execute(async (trx) => {
    const before = await getOrganization(trx, ctx.tenantId);
    const settings = { ...orgSettings(before), ...(patch.settings ?? {}) };
    const next = {
      nameEn: patch.nameEn === undefined ? before.nameEn : patch.nameEn,
      nameKana: patch.nameKana === undefined ? before.nameKana : patch.nameKana,
      settings: toJson(settings),
      updatedAt: nowIso(),
    };
    await trx.updateTable('organizations').set(next).where('id', '=', ctx.tenantId).execute();
    // The MFA requirement changes what every session of the organisation may do.
    forgetSessions({ tenantId: ctx.tenantId });
    invalidateDirectory();
    await appendAudit(trx, ctx.audit, {
      action: 'organization.update',
      targetType: 'organization',
      targetId: ctx.tenantId,
      changes: diff(
        { nameEn: before.nameEn, nameKana: before.nameKana, settings: orgSettings(before) },
        { nameEn: next.nameEn, nameKana: next.nameKana, settings },
      ),
    });
    return presentOrganization({ ...before, ...next });
  });
}

/** { field: [before, after] } for the fields that differ. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = [before[key] ?? null, after[key] ?? null];
  }
  return out;
}

// ---- departments and sections ---------------------------------------------------------------

export async function listUnits(db: Db, tenantId: string, includeArchived = false): Promise<OrgUnitView[]> {
  let q = db.selectFrom('orgUnits').selectAll().where('tenantId', '=', tenantId);
  if (!includeArchived) q = q.where('status', '=', 'active');
  const rows = await q.orderBy('sortOrder').orderBy('code').execute();
  return rows.map(presentUnit);
}

export async function getUnit(db: Db, tenantId: string, id: string): Promise<OrgUnitsTable> {
  const row = await db
    .selectFrom('orgUnits')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw err.notFound(UNIT, id);
  return row;
}

/** Section ids under the given departments (for department-scoped grants). */
export async function sectionsOfDepartments(db: Db, tenantId: string, departmentIds: string[]): Promise<string[]> {
  if (departmentIds.length === 0) return [];
  const rows = await db
    .selectFrom('orgUnits')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where('kind', '=', 'section')
    .where('parentId', 'in', departmentIds)
    .execute();
  return rows.map((r) => r.id);
}

export const UnitInput = z
  .object({
    kind: z.enum(['department', 'section']),
    parentId: z.uuid().nullable().optional(),
    code: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[A-Za-z0-9._-]+$/, 'A–Z, 0–9, . _ -'),
    name: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().max(200).nullable().optional(),
    sortOrder: z.number().int().min(0).max(100000).default(0),
  })
  .strict();

async function checkParent(db: Db, tenantId: string, kind: 'department' | 'section', parentId: string | null | undefined) {
  if (kind === 'department') {
    if (parentId) {
      throw err.validation([
        { field: 'parentId', code: 'department_parent', message: { ja: '部局は上位の組織単位を持てません。', en: 'A department has no parent unit.' } },
      ]);
    }
    return;
  }
  if (!parentId) {
    throw err.validation([
      { field: 'parentId', code: 'section_parent', message: { ja: '課室には所属する部局を指定してください。', en: 'A section needs its department.' } },
    ]);
  }
  const parent = await db
    .selectFrom('orgUnits')
    .select(['kind', 'status'])
    .where('tenantId', '=', tenantId)
    .where('id', '=', parentId)
    .executeTakeFirst();
  if (parent?.kind !== 'department' || parent.status !== 'active') {
    throw err.validation([
      { field: 'parentId', code: 'section_parent', message: { ja: '指定された部局が見つかりません。', en: 'The department was not found.' } },
    ]);
  }
}

async function checkCodeFree(db: Db, tenantId: string, code: string, exceptId?: string) {
  let q = db.selectFrom('orgUnits').select('id').where('tenantId', '=', tenantId).where('code', '=', code);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) {
    throw err.conflict('unit_code_taken', {
      ja: `組織コード「${code}」は既に使われています。`,
      en: `The unit code "${code}" is already in use.`,
    });
  }
}

export async function createUnit(db: Db, ctx: Ctx, input: z.infer<typeof UnitInput>): Promise<OrgUnitView> {
  return db.transaction().execute(async (trx) => {
    await checkParent(trx, ctx.tenantId, input.kind, input.parentId);
    await checkCodeFree(trx, ctx.tenantId, input.code);
    const now = nowIso();
    const row: OrgUnitsTable = {
      tenantId: ctx.tenantId,
      id: newId(),
      kind: input.kind,
      parentId: input.parentId ?? null,
      code: input.code,
      name: input.name,
      nameEn: input.nameEn ?? null,
      sortOrder: input.sortOrder,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    };
    await trx.insertInto('orgUnits').values(row).execute();
    await appendAudit(trx, ctx.audit, {
      action: 'unit.create',
      targetType: 'orgUnit',
      targetId: row.id,
      changes: { kind: row.kind, code: row.code, name: row.name, parentId: row.parentId },
    });
    return presentUnit(row);
  });
}

export const UnitPatch = UnitInput.omit({ kind: true }).partial().extend({ status: z.enum(['active', 'archived']).optional() }).strict();

export async function updateUnit(db: Db, ctx: Ctx, id: string, patch: z.infer<typeof UnitPatch>): Promise<OrgUnitView> {
  return db.transaction().execute(async (trx) => {
    const before = await getUnit(trx, ctx.tenantId, id);
    if (patch.parentId !== undefined) await checkParent(trx, ctx.tenantId, before.kind, patch.parentId);
    if (patch.code !== undefined) await checkCodeFree(trx, ctx.tenantId, patch.code, id);
    if (patch.status === 'archived' && before.kind === 'department') {
      const active = await trx
        .selectFrom('orgUnits')
        .select('id')
        .where('tenantId', '=', ctx.tenantId)
        .where('parentId', '=', id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (active) {
        throw err.conflict('unit_has_sections', {
          ja: 'この部局には有効な課室があるため、廃止できません。先に課室を廃止または移動してください。',
          en: 'This department still has active sections; archive or move them first.',
        });
      }
    }
    const next: OrgUnitsTable = {
      ...before,
      parentId: patch.parentId === undefined ? before.parentId : patch.parentId,
      code: patch.code ?? before.code,
      name: patch.name ?? before.name,
      nameEn: patch.nameEn === undefined ? before.nameEn : patch.nameEn,
      sortOrder: patch.sortOrder ?? before.sortOrder,
      status: patch.status ?? before.status,
      updatedAt: nowIso(),
    };
    await trx
      .updateTable('orgUnits')
      .set(next)
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, ctx.audit, {
      action: 'unit.update',
      targetType: 'orgUnit',
      targetId: id,
      changes: diff(presentUnit(before) as unknown as Record<string, unknown>, presentUnit(next) as unknown as Record<string, unknown>),
    });
    return presentUnit(next);
  });
}
