import { z } from 'zod';
import type { Axis } from '@shared/catalog';
import {
  ASSET_HOSTING_IDS,
  ASSET_KIND_IDS,
  ASSET_SEGMENT_IDS,
  ASSET_STATUS_IDS,
  BINARY_RANK,
  CONFIDENTIALITY_RANK,
  SORTS,
} from '@shared/assets';
import type { Db, DbKind } from '../../db/database';
import { flag, isSet, nowIso } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import { type Ctx, grantFor } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, type Bilingual, bilingual, type FieldError, err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Action } from '@shared/permissions';
import { type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema';
import { sectionsOfDepartments } from '../tenancy/tenancy.service';
import type { AssetClasses, AssetSummary, AssetsService } from './assets.contract';
import { AXIS_FIELDS, catalogOf, levelProblem, schemeOf, sortRank } from './assets.scheme';
import type { AssetsTable } from './assets.tables';
import type { VendorsService } from '../vendors/vendors.contract';
import { factsOf, findingsOf } from './assets.facts';
import type { Finding, Severity } from './rules/checks';

export const ASSET: Bilingual = { ja: '情報資産', en: 'Information asset' };

// ---- scope ---------------------------------------------------------------------------------

/** Sections whose assets the actor may reach with the action, or null for the whole organisation. */
export async function scopeSections(db: Db, ctx: Ctx, action: Action): Promise<string[] | null> {
  const g = grantFor(ctx.actor, action);
  if (!g) throw err.forbidden();
  if (g.all) return null;
  return [...new Set([...g.sectionIds, ...(await sectionsOfDepartments(db, ctx.tenantId, g.departmentIds))])];
}

export function inScope(sections: string[] | null, sectionId: string): boolean {
  return sections === null || sections.includes(sectionId);
}

// ---- views ---------------------------------------------------------------------------------

export interface AssetView {
  id: string;
  code: string;
  name: string;
  description: string | null;
  kind: AssetsTable['kind'];
  ownerSection: { id: string; code: string; name: string };
  custodian: string | null;
  segment: AssetsTable['segment'];
  hosting: AssetsTable['hosting'];
  location: string | null;
  cloudServiceId: string | null;
  /** The external service it lives on, from the vendors register (null when none or not found). */
  cloudService: { id: string; name: string; providerName: string; approved: boolean } | null;
  flags: { residentData: boolean; myNumber: boolean; specialCare: boolean };
  recordCount: number | null;
  retention: string | null;
  backupNote: string | null;
  related: Array<{ id: string; code: string; name: string }>;
  classification: {
    schemeEdition: string | null;
    confidentiality: string | null;
    integrity: string | null;
    availability: string | null;
    classifiedAt: string | null;
    classifiedBy: string | null;
    classifiedByLabel: string | null;
    reason: string | null;
  };
  status: AssetsTable['status'];
  createdAt: string;
  updatedAt: string;
}

export function summarise(r: AssetsTable): AssetSummary {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    ownerSectionId: r.ownerSectionId,
    segment: r.segment,
    hosting: r.hosting,
    cloudServiceId: r.cloudServiceId,
    confidentiality: r.confidentiality,
    integrity: r.integrity,
    availability: r.availability,
    schemeEdition: r.schemeEdition,
    flags: { residentData: isSet(r.residentData), myNumber: isSet(r.myNumber), specialCare: isSet(r.specialCare) },
    status: r.status,
  };
}

/** The vendors module's register of external services, when that module is running. */
export function vendorsOf(deps: Pick<AppDeps, 'services'>): VendorsService | undefined {
  return deps.services.vendors as VendorsService | undefined;
}

/** The external services an asset can live on (for the form's choice list). */
export async function cloudServiceChoices(deps: AppDeps, ctx: Ctx) {
  const vendors = vendorsOf(deps);
  if (!vendors) return { available: false, items: [] };
  const items = (await vendors.services(deps.db, ctx.tenantId)).map((s) => ({ id: s.id, name: s.name, providerName: s.providerName, kind: s.kind, status: s.status, approved: s.approved }));
  return { available: true, items };
}

/** A cloud service id must name a service in the organisation's external-service register. */
async function checkCloudService(deps: AppDeps, tenantId: string, id: string | null | undefined): Promise<void> {
  const vendors = vendorsOf(deps);
  if (!id || !vendors) return;
  if (await vendors.service(deps.db, tenantId, id)) return;
  throw err.validation([
    { field: 'cloudServiceId', code: 'cloud_service_unknown', message: { ja: '外部サービス台帳に登録されていないサービスです。', en: 'The service is not in the external-service register.' } },
  ]);
}

async function present(deps: Pick<AppDeps, 'db' | 'services'>, tenantId: string, r: AssetsTable): Promise<AssetView> {
  const { db } = deps;
  const vendors = r.cloudServiceId ? vendorsOf(deps) : undefined;
  const [section, related, service] = await Promise.all([
    db.selectFrom('orgUnits').select(['id', 'code', 'name']).where('tenantId', '=', tenantId).where('id', '=', r.ownerSectionId).executeTakeFirstOrThrow(),
    db
      .selectFrom('assetRelations as l')
      .innerJoin('assets as s', (j) => j.onRef('s.tenantId', '=', 'l.tenantId').onRef('s.id', '=', 'l.relatedId'))
      .select(['s.id', 's.code', 's.name'])
      .where('l.tenantId', '=', tenantId)
      .where('l.assetId', '=', r.id)
      .orderBy('s.code')
      .execute(),
    vendors && r.cloudServiceId ? vendors.service(db, tenantId, r.cloudServiceId) : undefined,
  ]);
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    kind: r.kind,
    ownerSection: section,
    custodian: r.custodian,
    segment: r.segment,
    hosting: r.hosting,
    location: r.location,
    cloudServiceId: r.cloudServiceId,
    cloudService: service ? { id: service.id, name: service.name, providerName: service.providerName, approved: service.approved } : null,
    flags: { residentData: isSet(r.residentData), myNumber: isSet(r.myNumber), specialCare: isSet(r.specialCare) },
    recordCount: r.recordCount === null ? null : Number(r.recordCount),
    retention: r.retention,
    backupNote: r.backupNote,
    related,
    classification: {
      schemeEdition: r.schemeEdition,
      confidentiality: r.confidentiality,
      integrity: r.integrity,
      availability: r.availability,
      classifiedAt: r.classifiedAt,
      classifiedBy: r.classifiedBy,
      classifiedByLabel: r.classifiedByLabel,
      reason: r.classificationReason,
    },
    status: r.status,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export async function getRow(db: Db, tenantId: string, id: string): Promise<AssetsTable | undefined> {
  return db.selectFrom('assets').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** The asset if it exists in the organisation and lies in the actor's scope for the action; 404 otherwise. */
export async function reachable(db: Db, ctx: Ctx, id: string, action: Action): Promise<AssetsTable> {
  const row = await getRow(db, ctx.tenantId, id);
  if (!row) throw err.notFound(ASSET, id);
  const sections = await scopeSections(db, ctx, action);
  if (!inScope(sections, row.ownerSectionId)) throw err.notFound(ASSET, id);
  return row;
}

export async function getAsset(deps: AppDeps, ctx: Ctx, id: string): Promise<AssetView> {
  return present(deps, ctx.tenantId, await reachable(deps.db, ctx, id, 'asset.read'));
}

// ---- inputs --------------------------------------------------------------------------------

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) =>
  text(max)
    .nullable()
    .optional()
    .transform((v) => (v === '' ? null : v));

export const ClassificationInput = z
  .object({
    /** Catalog edition whose scheme the levels belong to; the current edition when omitted. */
    schemeEdition: z.string().trim().min(1).max(20).optional(),
    confidentiality: z.string().trim().min(1).max(5),
    integrity: z.string().trim().min(1).max(5),
    availability: z.string().trim().min(1).max(5),
    /** Why the asset has these levels (kept in the history). */
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();
export type ClassificationInput = z.infer<typeof ClassificationInput>;

const FlagsInput = z
  .object({ residentData: z.boolean().optional(), myNumber: z.boolean().optional(), specialCare: z.boolean().optional() })
  .strict();

/** An asset code: no white space and no control characters (empty is left to the length check). */
export function isCodeText(v: string): boolean {
  for (const ch of v) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || c === 0x7f || /\s/.test(ch)) return false;
  }
  return true;
}

export const AssetCreateInput = z
  .object({
    code: z.string().trim().min(1).max(50).refine(isCodeText, bilingual('資産コードに空白や制御文字は使えません。', 'An asset code cannot contain spaces or control characters.')),
    name: z.string().trim().min(1).max(200),
    description: optionalText(2000),
    kind: z.enum(ASSET_KIND_IDS),
    ownerSectionId: z.uuid(),
    custodian: optionalText(200),
    segment: z.enum(ASSET_SEGMENT_IDS).nullable().optional(),
    hosting: z.enum(ASSET_HOSTING_IDS).nullable().optional(),
    location: optionalText(200),
    cloudServiceId: z.string().trim().min(1).max(64).nullable().optional(),
    flags: FlagsInput.optional(),
    recordCount: z.number().int().min(0).max(1e12).nullable().optional(),
    retention: optionalText(50),
    backupNote: optionalText(1000),
    relatedIds: z.array(z.uuid()).max(100).optional(),
    /** Related systems by asset code, instead of ids (as people write them). */
    relatedCodes: z.array(z.string().trim().min(1).max(50)).max(100).optional(),
    status: z.enum(ASSET_STATUS_IDS).optional(),
    classification: ClassificationInput.optional(),
  })
  .strict();
export type AssetCreateInput = z.infer<typeof AssetCreateInput>;

export const AssetPatch = AssetCreateInput.omit({ classification: true }).partial().strict();
export type AssetPatch = z.infer<typeof AssetPatch>;

// ---- checks shared by create, update and classify ------------------------------------------

export interface ResolvedClassification {
  schemeEdition: string;
  confidentiality: string;
  integrity: string;
  availability: string;
  reason: string;
}

/** Check levels against the edition's scheme; field errors name the axis that does not fit. */
export function resolveClassification(deps: Pick<AppDeps, 'services'>, input: ClassificationInput, prefix = 'classification'): ResolvedClassification {
  const catalog = catalogOf(deps);
  const editionId = input.schemeEdition ?? catalog.current().id;
  const view = schemeOf(catalog, editionId);
  if (!view) {
    throw err.validation([
      {
        field: `${prefix}.schemeEdition`,
        code: 'edition_unknown',
        message: { ja: `カタログに版「${editionId}」はありません。`, en: `The catalog has no edition "${editionId}".` },
      },
    ]);
  }
  const problems: FieldError[] = [];
  for (const axis of ['c', 'i', 'a'] as Axis[]) {
    const field = AXIS_FIELDS[axis];
    const p = levelProblem(view, axis, input[field]);
    if (p) problems.push({ field: `${prefix}.${field}`, code: p.code, message: p.message });
  }
  if (problems.length) throw err.validation(problems);
  return { schemeEdition: view.edition.id, confidentiality: input.confidentiality, integrity: input.integrity, availability: input.availability, reason: input.reason };
}

async function checkSectionInScope(db: Db, ctx: Ctx, sectionId: string, sections: string[] | null): Promise<void> {
  const s = await db.selectFrom('orgUnits').select(['kind', 'status']).where('tenantId', '=', ctx.tenantId).where('id', '=', sectionId).executeTakeFirst();
  if (s?.kind !== 'section' || s.status !== 'active') {
    throw err.validation([{ field: 'ownerSectionId', code: 'section_unknown', message: { ja: '所管課室が見つかりません。', en: 'The owner section was not found.' } }]);
  }
  if (!inScope(sections, sectionId)) {
    throw err.validation([
      {
        field: 'ownerSectionId',
        code: 'section_out_of_scope',
        message: { ja: 'この課室の情報資産を登録・変更する権限がありません。', en: 'You may not register or change assets of this section.' },
      },
    ]);
  }
}

async function checkRelated(db: Db, tenantId: string, assetId: string, relatedIds: string[]): Promise<string[]> {
  const ids = [...new Set(relatedIds)];
  if (ids.length === 0) return [];
  if (ids.includes(assetId)) {
    throw err.validation([{ field: 'relatedIds', code: 'related_self', message: { ja: '自分自身を関連システムにはできません。', en: 'An asset cannot be related to itself.' } }]);
  }
  const rows = await db.selectFrom('assets').select(['id', 'kind']).where('tenantId', '=', tenantId).where('id', 'in', ids).execute();
  const found = new Map(rows.map((r) => [r.id, r.kind]));
  const problems: FieldError[] = [];
  ids.forEach((id) => {
    const kind = found.get(id);
    const i = relatedIds.indexOf(id);
    if (!kind) problems.push({ field: `relatedIds.${i}`, code: 'related_unknown', message: { ja: '関連システムが見つかりません。', en: 'The related system was not found.' } });
    else if (kind !== 'system')
      problems.push({ field: `relatedIds.${i}`, code: 'related_not_system', message: { ja: '関連システムには種別が「情報システム」の資産を指定してください。', en: 'A related system must be an asset of kind "information system".' } });
  });
  if (problems.length) throw err.validation(problems);
  return ids;
}

/** Related systems given by code become ids; unknown codes are field errors. */
async function relatedIdsOf(db: Db, tenantId: string, input: { relatedIds?: string[]; relatedCodes?: string[] }): Promise<string[] | undefined> {
  if (input.relatedCodes === undefined) return input.relatedIds;
  if (input.relatedIds !== undefined) {
    throw err.validation([{ field: 'relatedCodes', code: 'related_both', message: { ja: '関連システムはIDかコードのどちらか一方で指定してください。', en: 'Give related systems by id or by code, not both.' } }]);
  }
  const codes = [...new Set(input.relatedCodes)];
  if (codes.length === 0) return [];
  const rows = await db.selectFrom('assets').select(['id', 'code']).where('tenantId', '=', tenantId).where('code', 'in', codes).execute();
  const byCode = new Map(rows.map((r) => [r.code, r.id]));
  const problems: FieldError[] = [];
  input.relatedCodes.forEach((c, i) => {
    if (!byCode.has(c)) problems.push({ field: `relatedCodes.${i}`, code: 'related_unknown', message: { ja: `関連システム「${c}」は台帳にありません。`, en: `Related system "${c}" is not in the register.` } });
  });
  if (problems.length) throw err.validation(problems);
  return codes.map((c) => byCode.get(c) as string);
}

async function checkCodeFree(db: Db, tenantId: string, code: string, exceptId?: string): Promise<void> {
  let q = db.selectFrom('assets').select('id').where('tenantId', '=', tenantId).where('code', '=', code);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) {
    throw new AppError(409, 'asset_code_taken', { ja: `資産コード「${code}」は既に使われています。`, en: `The asset code "${code}" is already in use.` }, [
      { field: 'code', code: 'asset_code_taken', message: { ja: 'この資産コードは既に使われています。', en: 'This asset code is already in use.' } },
    ]);
  }
}

async function replaceRelations(trx: Db, tenantId: string, assetId: string, ids: string[]): Promise<void> {
  await trx.deleteFrom('assetRelations').where('tenantId', '=', tenantId).where('assetId', '=', assetId).execute();
  if (ids.length) await trx.insertInto('assetRelations').values(ids.map((relatedId) => ({ tenantId, assetId, relatedId }))).execute();
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined) continue;
    const b = before[k];
    if (JSON.stringify(b) !== JSON.stringify(v)) out[k] = [b ?? null, v];
  }
  return out;
}

// ---- create / update -----------------------------------------------------------------------

export async function createAsset(deps: AppDeps, ctx: Ctx, input: AssetCreateInput): Promise<AssetView> {
  const { db } = deps;
  const sections = await scopeSections(db, ctx, 'asset.write');
  if (input.classification && !grantFor(ctx.actor, 'asset.classify')) throw err.forbidden();
  const cls = input.classification ? resolveClassification(deps, input.classification) : null;
  if (cls) {
    const classifySections = await scopeSections(db, ctx, 'asset.classify');
    if (!inScope(classifySections, input.ownerSectionId)) throw err.forbidden();
  }
  await checkSectionInScope(db, ctx, input.ownerSectionId, sections);
  await checkCloudService(deps, ctx.tenantId, input.cloudServiceId);
  const id = newId();
  const related = await checkRelated(db, ctx.tenantId, id, (await relatedIdsOf(db, ctx.tenantId, input)) ?? []);
  const now = nowIso();
  const row: AssetsTable = {
    tenantId: ctx.tenantId,
    id,
    code: input.code,
    name: input.name,
    description: input.description ?? null,
    kind: input.kind,
    ownerSectionId: input.ownerSectionId,
    custodian: input.custodian ?? null,
    segment: input.segment ?? null,
    hosting: input.hosting ?? null,
    location: input.location ?? null,
    cloudServiceId: input.cloudServiceId ?? null,
    residentData: flag(input.flags?.residentData),
    myNumber: flag(input.flags?.myNumber),
    specialCare: flag(input.flags?.specialCare),
    recordCount: input.recordCount ?? null,
    retention: input.retention ?? null,
    backupNote: input.backupNote ?? null,
    confidentiality: cls?.confidentiality ?? null,
    integrity: cls?.integrity ?? null,
    availability: cls?.availability ?? null,
    cRank: sortRank(cls?.confidentiality),
    schemeEdition: cls?.schemeEdition ?? null,
    classifiedAt: cls ? now : null,
    classifiedBy: cls ? ctx.audit.actorId : null,
    classifiedByLabel: cls ? ctx.audit.actorLabel : null,
    classificationReason: cls?.reason ?? null,
    status: input.status ?? 'active',
    createdAt: now,
    updatedAt: now,
  };
  await db.transaction().execute(async (trx) => {
    await checkCodeFree(trx, ctx.tenantId, input.code);
    await trx.insertInto('assets').values(row).execute();
    await replaceRelations(trx, ctx.tenantId, id, related);
    const { tenantId: _t, id: _i, createdAt: _c, updatedAt: _u, cRank: _r, ...fields } = row;
    await appendAudit(trx, ctx.audit, { action: 'asset.create', targetType: 'asset', targetId: id, changes: { ...fields, relatedIds: related } });
  });
  return present(deps, ctx.tenantId, row);
}

export async function updateAsset(deps: AppDeps, ctx: Ctx, id: string, patch: AssetPatch): Promise<AssetView> {
  const { db } = deps;
  const before = await reachable(db, ctx, id, 'asset.write');
  const sections = await scopeSections(db, ctx, 'asset.write');
  if (patch.ownerSectionId !== undefined && patch.ownerSectionId !== before.ownerSectionId) await checkSectionInScope(db, ctx, patch.ownerSectionId, sections);
  // Only a changed value is checked, so an asset keeps an id it had before the register knew it.
  if (patch.cloudServiceId !== undefined && patch.cloudServiceId !== before.cloudServiceId) await checkCloudService(deps, ctx.tenantId, patch.cloudServiceId);
  const relatedIds = await relatedIdsOf(db, ctx.tenantId, patch);
  const related = relatedIds === undefined ? undefined : await checkRelated(db, ctx.tenantId, id, relatedIds);
  const next: Partial<AssetsTable> = {
    code: patch.code,
    name: patch.name,
    description: patch.description,
    kind: patch.kind,
    ownerSectionId: patch.ownerSectionId,
    custodian: patch.custodian,
    segment: patch.segment,
    hosting: patch.hosting,
    location: patch.location,
    cloudServiceId: patch.cloudServiceId,
    residentData: patch.flags?.residentData === undefined ? undefined : flag(patch.flags.residentData),
    myNumber: patch.flags?.myNumber === undefined ? undefined : flag(patch.flags.myNumber),
    specialCare: patch.flags?.specialCare === undefined ? undefined : flag(patch.flags.specialCare),
    recordCount: patch.recordCount,
    retention: patch.retention,
    backupNote: patch.backupNote,
    status: patch.status,
  };
  const changes = changedFields(before as unknown as Record<string, unknown>, next as Record<string, unknown>);
  let relChange: [string[], string[]] | null = null;
  await db.transaction().execute(async (trx) => {
    if (patch.code !== undefined && patch.code !== before.code) await checkCodeFree(trx, ctx.tenantId, patch.code, id);
    if (related !== undefined) {
      const prev = (await trx.selectFrom('assetRelations').select('relatedId').where('tenantId', '=', ctx.tenantId).where('assetId', '=', id).execute()).map((r) => r.relatedId).sort();
      const now = [...related].sort();
      if (JSON.stringify(prev) !== JSON.stringify(now)) {
        relChange = [prev, now];
        await replaceRelations(trx, ctx.tenantId, id, related);
      }
    }
    if (Object.keys(changes).length === 0 && !relChange) return;
    const set = Object.fromEntries(Object.keys(changes).map((k) => [k, changes[k][1]]));
    await trx.updateTable('assets').set({ ...set, updatedAt: nowIso() }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await appendAudit(trx, ctx.audit, { action: 'asset.update', targetType: 'asset', targetId: id, changes: relChange ? { ...changes, relatedIds: relChange } : changes });
  });
  return present(deps, ctx.tenantId, (await getRow(db, ctx.tenantId, id)) as AssetsTable);
}

// ---- classification ------------------------------------------------------------------------

/** Columns of the asset row that make up its current classification. */
export function classificationColumns(cls: ResolvedClassification, ctx: Ctx, at: string) {
  return {
    schemeEdition: cls.schemeEdition,
    confidentiality: cls.confidentiality,
    integrity: cls.integrity,
    availability: cls.availability,
    cRank: sortRank(cls.confidentiality),
    classifiedAt: at,
    classifiedBy: ctx.audit.actorId,
    classifiedByLabel: ctx.audit.actorLabel,
    classificationReason: cls.reason,
  };
}

export function sameLevels(r: Pick<AssetsTable, 'schemeEdition' | 'confidentiality' | 'integrity' | 'availability'>, cls: Omit<ResolvedClassification, 'reason'>): boolean {
  return r.schemeEdition === cls.schemeEdition && r.confidentiality === cls.confidentiality && r.integrity === cls.integrity && r.availability === cls.availability;
}

/** The row that keeps the classification being replaced. */
export function historyRow(before: AssetsTable, at: string) {
  return {
    tenantId: before.tenantId,
    id: newId(),
    assetId: before.id,
    schemeEdition: before.schemeEdition,
    confidentiality: before.confidentiality,
    integrity: before.integrity,
    availability: before.availability,
    classifiedAt: before.classifiedAt,
    classifiedBy: before.classifiedBy,
    classifiedByLabel: before.classifiedByLabel,
    classificationReason: before.classificationReason,
    supersededAt: at,
  };
}

export async function classifyAsset(deps: AppDeps, ctx: Ctx, id: string, input: ClassificationInput): Promise<AssetView> {
  const { db } = deps;
  await reachable(db, ctx, id, 'asset.classify');
  const cls = resolveClassification(deps, input, 'body');
  await db.transaction().execute(async (trx) => {
    const before = (await getRow(trx, ctx.tenantId, id)) as AssetsTable;
    const at = nowIso();
    if (sameLevels(before, cls) && before.classificationReason === cls.reason) return;
    if (before.classifiedAt !== null) await trx.insertInto('assetClassHistory').values(historyRow(before, at)).execute();
    await trx.updateTable('assets').set({ ...classificationColumns(cls, ctx, at), updatedAt: at }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await appendAudit(trx, ctx.audit, {
      action: 'asset.classify',
      targetType: 'asset',
      targetId: id,
      changes: {
        schemeEdition: [before.schemeEdition, cls.schemeEdition],
        confidentiality: [before.confidentiality, cls.confidentiality],
        integrity: [before.integrity, cls.integrity],
        availability: [before.availability, cls.availability],
        reason: cls.reason,
      },
    });
  });
  return present(deps, ctx.tenantId, (await getRow(db, ctx.tenantId, id)) as AssetsTable);
}

export interface HistoryEntry {
  current: boolean;
  schemeEdition: string | null;
  confidentiality: string | null;
  integrity: string | null;
  availability: string | null;
  classifiedAt: string | null;
  classifiedBy: string | null;
  classifiedByLabel: string | null;
  reason: string | null;
  supersededAt: string | null;
}

/** Every classification the asset has had, newest first: who set it, when and why. */
export async function classificationHistory(db: Db, ctx: Ctx, id: string): Promise<{ items: HistoryEntry[] }> {
  const row = await reachable(db, ctx, id, 'asset.read');
  const past = await db
    .selectFrom('assetClassHistory')
    .selectAll()
    .where('tenantId', '=', ctx.tenantId)
    .where('assetId', '=', id)
    .orderBy('supersededAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const items: HistoryEntry[] = [];
  if (row.classifiedAt !== null) {
    items.push({
      current: true,
      schemeEdition: row.schemeEdition,
      confidentiality: row.confidentiality,
      integrity: row.integrity,
      availability: row.availability,
      classifiedAt: row.classifiedAt,
      classifiedBy: row.classifiedBy,
      classifiedByLabel: row.classifiedByLabel,
      reason: row.classificationReason,
      supersededAt: null,
    });
  }
  for (const h of past) {
    items.push({
      current: false,
      schemeEdition: h.schemeEdition,
      confidentiality: h.confidentiality,
      integrity: h.integrity,
      availability: h.availability,
      classifiedAt: h.classifiedAt,
      classifiedBy: h.classifiedBy,
      classifiedByLabel: h.classifiedByLabel,
      reason: h.classificationReason,
      supersededAt: h.supersededAt,
    });
  }
  return { items };
}

// ---- list ----------------------------------------------------------------------------------

const csvOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .max(200)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));

export const AssetListQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    kind: csvOf(ASSET_KIND_IDS).optional(),
    segment: csvOf([...ASSET_SEGMENT_IDS, 'none'] as [string, ...string[]]).optional(),
    hosting: z.enum(ASSET_HOSTING_IDS).optional(),
    /** Level ids (any scheme) or "none" for unclassified, comma-separated. */
    confidentiality: csvOf(['3A', '3B', '3C', '3', '2', '1', 'none']).optional(),
    integrity: z.enum(['2', '1', 'none']).optional(),
    availability: z.enum(['2', '1', 'none']).optional(),
    ownerSectionId: z.uuid().optional(),
    status: z.enum([...ASSET_STATUS_IDS, 'all'] as [string, ...string[]]).default('active'),
    schemeEdition: z.string().trim().max(20).optional(),
    flag: z.enum(['residentData', 'myNumber', 'specialCare']).optional(),
    sort: z.enum(SORTS).default('code'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type AssetListQuery = z.infer<typeof AssetListQuery>;

export interface AssetListItem {
  id: string;
  code: string;
  name: string;
  kind: AssetsTable['kind'];
  ownerSection: { id: string; code: string; name: string };
  segment: AssetsTable['segment'];
  hosting: AssetsTable['hosting'];
  location: string | null;
  confidentiality: string | null;
  integrity: string | null;
  availability: string | null;
  schemeEdition: string | null;
  flags: { residentData: boolean; myNumber: boolean; specialCare: boolean };
  status: AssetsTable['status'];
  updatedAt: string;
  /** Findings of the classification checks: how many, and the worst severity. */
  issues: { count: number; worst: Severity | null; ruleIds: string[] } | null;
}

function issueSummary(f: Finding[]): AssetListItem['issues'] {
  return { count: f.length, worst: f[0]?.severity ?? null, ruleIds: f.map((x) => x.ruleId) };
}

/** Most matches of a text search counted in one pass (more fall back to a separate count). */
const SEARCH_CAP = 2000;

/** The register queried as "assets as a". */
export type AssetQuery = SelectQueryBuilder<Database & { a: AssetsTable }, 'a', object>;

const FLAG_COLUMN = { residentData: 'a.residentData', myNumber: 'a.myNumber', specialCare: 'a.specialCare' } as const;

/** Filters of the list and the export; confidentiality goes through the indexed sort rank (one rank per level id). */
export function applyFilters(base: AssetQuery, tenantId: string, sections: string[] | null, q: Omit<AssetListQuery, 'sort' | 'page' | 'pageSize'>, dbKind: DbKind = 'sqlite'): AssetQuery {
  let b = base.where('a.tenantId', '=', tenantId);
  if (sections !== null) b = sections.length ? b.where('a.ownerSectionId', 'in', sections) : b.where((eb) => eb.val(false));
  if (q.status !== 'all') b = b.where('a.status', '=', q.status as AssetsTable['status']);
  if (q.ownerSectionId) b = b.where('a.ownerSectionId', '=', q.ownerSectionId);
  if (q.kind?.length) b = b.where('a.kind', 'in', q.kind);
  if (q.hosting) b = b.where('a.hosting', '=', q.hosting);
  if (q.schemeEdition) b = b.where('a.schemeEdition', '=', q.schemeEdition);
  if (q.flag) b = b.where(FLAG_COLUMN[q.flag], '=', 1);
  if (q.segment?.length) {
    const named = q.segment.filter((s) => s !== 'none') as NonNullable<AssetsTable['segment']>[];
    const none = q.segment.includes('none');
    b = b.where((eb) => eb.or([...(named.length ? [eb('a.segment', 'in', named)] : []), ...(none ? [eb('a.segment', 'is', null)] : [])]));
  }
  if (q.confidentiality?.length) b = b.where('a.cRank', 'in', q.confidentiality.map((c) => (c === 'none' ? 0 : sortRank(c))));
  for (const [field, v] of [
    ['a.integrity', q.integrity],
    ['a.availability', q.availability],
  ] as const) {
    if (v === 'none') b = b.where(field, 'is', null);
    else if (v) b = b.where(field, '=', v);
  }
  if (q.q) {
    // Case-insensitive "contains" on code and name: SQLite's LIKE already ignores ASCII case,
    // PostgreSQL needs ILIKE (no lower() per row, so the covering index is scanned cheaply).
    const pattern = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const op = sql.raw(dbKind === 'postgres' ? 'ilike' : 'like');
    b = b.where((eb) => eb.or([sql<boolean>`${eb.ref('a.code')} ${op} ${pattern} escape '\\'`, sql<boolean>`${eb.ref('a.name')} ${op} ${pattern} escape '\\'`]));
  }
  return b;
}

export async function listAssets(deps: Pick<AppDeps, 'db' | 'services' | 'handle'>, ctx: Ctx, q: AssetListQuery) {
  const { db } = deps;
  const catalog = deps.services.catalog;
  const sections = await scopeSections(db, ctx, 'asset.read');
  const base = applyFilters(db.selectFrom('assets as a'), ctx.tenantId, sections, q, deps.handle.kind);
  const desc = q.sort.startsWith('-');
  const key = q.sort.replace(/^-/, '');
  const dir = desc ? 'desc' : 'asc';
  // The page comes from the register alone (so the planner walks the index of the sort key);
  // section names are looked up for the few sections on the page.
  const COLUMNS = [
    'a.id',
    'a.code',
    'a.name',
    'a.kind',
    'a.ownerSectionId',
    'a.segment',
    'a.hosting',
    'a.location',
    'a.cloudServiceId',
    'a.backupNote',
    'a.confidentiality',
    'a.integrity',
    'a.availability',
    'a.schemeEdition',
    'a.residentData',
    'a.myNumber',
    'a.specialCare',
    'a.status',
    'a.updatedAt',
  ] as const;
  const ordered = <T extends AssetQuery>(qb: T): T => {
    if (key === 'code') return qb.orderBy('a.code', dir) as T;
    if (key === 'name') return qb.orderBy('a.name', dir).orderBy('a.code', 'asc') as T;
    // Strictest first lists codes in order within a level; its reverse reads the same index backwards.
    return qb.orderBy('a.cRank', dir).orderBy('a.code', desc ? 'asc' : 'desc') as T;
  };
  const offset = (q.page - 1) * q.pageSize;
  let rows: Array<Pick<AssetsTable, 'id' | 'code' | 'name' | 'kind' | 'ownerSectionId' | 'segment' | 'hosting' | 'location' | 'cloudServiceId' | 'backupNote' | 'confidentiality' | 'integrity' | 'availability' | 'schemeEdition' | 'residentData' | 'myNumber' | 'specialCare' | 'status' | 'updatedAt'>>;
  let total: number;
  // A text search scans the index once: the matching ids (usually few) give both the count and
  // the page. Only when there are many matches does it fall back to a page query and a count.
  const hits = q.q ? await ordered(base).select('a.id').limit(SEARCH_CAP + 1).execute() : null;
  if (hits && hits.length <= SEARCH_CAP) {
    total = hits.length;
    const pageIds = hits.slice(offset, offset + q.pageSize).map((h) => h.id);
    const found = pageIds.length ? await db.selectFrom('assets as a').select(COLUMNS).where('a.tenantId', '=', ctx.tenantId).where('a.id', 'in', pageIds).execute() : [];
    const at = new Map(pageIds.map((id, i) => [id, i]));
    rows = found.sort((x, y) => (at.get(x.id) ?? 0) - (at.get(y.id) ?? 0));
  } else {
    [rows, total] = await Promise.all([
      ordered(base).select(COLUMNS).limit(q.pageSize).offset(offset).execute(),
      base
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n)),
    ]);
  }
  const sectionIds = [...new Set(rows.map((r) => r.ownerSectionId))];
  const units = sectionIds.length
    ? await db.selectFrom('orgUnits').select(['id', 'code', 'name']).where('tenantId', '=', ctx.tenantId).where('id', 'in', sectionIds).execute()
    : [];
  const unitById = new Map(units.map((u) => [u.id, u]));
  const items: AssetListItem[] = rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    ownerSection: { id: r.ownerSectionId, code: unitById.get(r.ownerSectionId)?.code ?? '', name: unitById.get(r.ownerSectionId)?.name ?? '' },
    segment: r.segment,
    hosting: r.hosting,
    location: r.location,
    confidentiality: r.confidentiality,
    integrity: r.integrity,
    availability: r.availability,
    schemeEdition: r.schemeEdition,
    flags: { residentData: isSet(r.residentData), myNumber: isSet(r.myNumber), specialCare: isSet(r.specialCare) },
    status: r.status,
    updatedAt: r.updatedAt,
    issues: catalog ? issueSummary(findingsOf(catalog, factsOf(r))) : null,
  }));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

// ---- the contract for other modules --------------------------------------------------------

function highestOf(values: Array<string | null>, rank: Record<string, number>): string | null {
  let best: string | null = null;
  for (const v of values) {
    if (v === null) continue;
    const r = rank[v] ?? 0;
    // On a tie (legacy 3 against 3A) the level of the newer scheme wins.
    if (best === null || r > (rank[best] ?? 0) || (r === (rank[best] ?? 0) && best === '3' && v !== '3')) best = v;
  }
  return best;
}

export function createAssetsService(): AssetsService {
  return {
    async get(db, tenantId, assetId) {
      const row = await getRow(db, tenantId, assetId);
      return row ? summarise(row) : undefined;
    },
    async getMany(db, tenantId, assetIds) {
      const ids = [...new Set(assetIds)];
      if (ids.length === 0) return [];
      const out: AssetSummary[] = [];
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db.selectFrom('assets').selectAll().where('tenantId', '=', tenantId).where('id', 'in', ids.slice(i, i + 500)).execute();
        out.push(...rows.map(summarise));
      }
      const order = new Map(ids.map((id, i) => [id, i]));
      return out.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    },
    async classesOf(db, tenantId, assetIds) {
      const ids = [...new Set(assetIds)];
      const out: AssetClasses[] = [];
      // Large chunks: each is one round trip, and both databases accept thousands of parameters.
      // The column names need no camel-case conversion, so the rows skip that plugin.
      for (let i = 0; i < ids.length; i += 5000) {
        const part = ids.slice(i, i + 5000);
        const { rows } = await sql<AssetClasses>`select id, kind, confidentiality, integrity, availability, status from assets where tenant_id = ${tenantId} and id in (${sql.join(part)})`.execute(db.withoutPlugins());
        out.push(...rows);
      }
      return out;
    },
    async countOwnedBy(db, tenantId, sectionId) {
      const r = await db
        .selectFrom('assets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenantId', '=', tenantId)
        .where('ownerSectionId', '=', sectionId)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    highest(assets) {
      return {
        c: highestOf(assets.map((a) => a.confidentiality), CONFIDENTIALITY_RANK),
        i: highestOf(assets.map((a) => a.integrity), BINARY_RANK),
        a: highestOf(assets.map((a) => a.availability), BINARY_RANK),
      };
    },
  };
}
