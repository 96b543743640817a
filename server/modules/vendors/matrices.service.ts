import { z } from 'zod';
import { CONTROL_AREA_IDS, CONTROL_AREAS, PARTIES, PARTY_IDS, type PartyId } from '@shared/vendors';
import type { Db } from '../../db/database';
import { fromJson, nowIso, toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { bilingual, err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { assetsOf } from './facts';
import { matrixRows } from './rules';
import { visibleService } from './services.service';
import { KINDS, type VendorScope, checkOwnerSection, scopeFor, sectionVisible, text } from './vendors.common';
import type { VendorMatricesTable } from './vendors.tables';

/**
 * 責任分界表: control areas × parties, each cell responsible (R) or consulted (C). The
 * municipality is always a party and is shown as the coordinator between vendors.
 */

const partyList = z
  .array(z.enum(PARTY_IDS))
  .min(1)
  .max(PARTY_IDS.length)
  .transform((v) => [...new Set(v)]);
const partyContractors = z.partialRecord(z.enum(PARTY_IDS), z.uuid().nullable());

export const MatrixInput = z
  .object({
    name: text(200),
    serviceId: z.uuid().nullable().optional(),
    systemAssetId: z.uuid().nullable().optional(),
    ownerSectionId: z.uuid().nullable().optional(),
    parties: partyList.optional(),
    partyContractors: partyContractors.optional(),
  })
  .strict()
  .superRefine((v, c) => {
    if (!v.serviceId === !v.systemAssetId) {
      c.addIssue({ code: 'custom', path: ['serviceId'], ...bilingual('外部サービスか情報システムのどちらか一方を指定してください。', 'Give either an external service or an information system, not both.') });
    }
  });

export const CellsInput = z
  .object({
    parties: partyList.optional(),
    partyContractors: partyContractors.optional(),
    cells: z.array(z.object({ areaId: z.enum(CONTROL_AREA_IDS), party: z.enum(PARTY_IDS), role: z.enum(['R', 'C']) }).strict()).max(CONTROL_AREA_IDS.length * PARTY_IDS.length),
  })
  .strict();

export const MatrixQuery = z.object({ serviceId: z.uuid().optional() });

function defaultParties(kind: string | null): PartyId[] {
  const base: PartyId[] = ['municipality', 'cloudProvider', 'appVendor', 'opsVendor', 'networkVendor'];
  return kind === 'govCloud' ? [...base, 'digitalAgency'] : base;
}

function withMunicipality(parties: PartyId[]): PartyId[] {
  return parties.includes('municipality') ? parties : ['municipality', ...parties];
}

async function checkPartyContractors(db: Db, tenantId: string, map: Partial<Record<PartyId, string | null>>) {
  const ids = [...new Set(Object.values(map).filter((x): x is string => Boolean(x)))];
  if (ids.length === 0) return;
  const found = await db.selectFrom('vendorContractors').select('id').where('tenantId', '=', tenantId).where('id', 'in', ids).execute();
  for (const [party, id] of Object.entries(map)) {
    if (id && !found.some((f) => f.id === id)) {
      throw err.validation([{ field: `partyContractors.${party}`, code: 'contractor_unknown', message: { ja: '委託事業者が見つかりません。', en: 'The contractor was not found.' } }]);
    }
  }
}

/** The stored counts of flagged areas for a set of cells. */
export function flagCounts(cells: Array<{ areaId: string; party: PartyId; role: 'R' | 'C' }>): { gapCount: number; overlapCount: number } {
  const rows = matrixRows(cells);
  return { gapCount: rows.filter((r) => r.flag === 'none').length, overlapCount: rows.filter((r) => r.flag === 'multiple').length };
}

export async function visibleMatrix(db: Db, ctx: Ctx, scope: VendorScope, id: string): Promise<VendorMatricesTable> {
  const m = await db.selectFrom('vendorMatrices').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  if (!m || !sectionVisible(scope, m.ownerSectionId)) throw err.notFound(KINDS.matrix, id);
  return m;
}

export async function createMatrix(deps: AppDeps, ctx: Ctx, input: z.infer<typeof MatrixInput>) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.write');
  let ownerSectionId = input.ownerSectionId ?? null;
  let kind: string | null = null;
  if (input.serviceId) {
    const s = await visibleService(db, ctx, scope, input.serviceId).catch(() => {
      throw err.validation([{ field: 'serviceId', code: 'service_unknown', message: { ja: '外部サービスが見つかりません。', en: 'The external service was not found.' } }]);
    });
    ownerSectionId = input.ownerSectionId ?? s.ownerSectionId;
    kind = s.kind;
  } else if (input.systemAssetId) {
    const a = await assetsOf(deps).get(db, ctx.tenantId, input.systemAssetId);
    if (a?.kind !== 'system') {
      throw err.validation([{ field: 'systemAssetId', code: 'system_unknown', message: { ja: '情報資産台帳に、この情報システムがありません。', en: 'The asset register has no such information system.' } }]);
    }
    ownerSectionId = input.ownerSectionId ?? a.ownerSectionId;
  }
  await checkOwnerSection(db, ctx, scope, ownerSectionId);
  await checkPartyContractors(db, ctx.tenantId, input.partyContractors ?? {});
  const id = newId();
  const now = nowIso();
  const parties = withMunicipality(input.parties ?? defaultParties(kind));
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('vendorMatrices')
      .values({ tenantId: ctx.tenantId, id, name: input.name, serviceId: input.serviceId ?? null, systemAssetId: input.systemAssetId ?? null, ownerSectionId, parties: toJson(parties), partyContractors: toJson(input.partyContractors ?? {}), gapCount: CONTROL_AREAS.length, overlapCount: 0, createdAt: now, updatedAt: now })
      .execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.matrix.create', targetType: 'vendorMatrix', targetId: id, changes: { name: input.name, serviceId: input.serviceId ?? null, systemAssetId: input.systemAssetId ?? null, parties } });
  });
  return getMatrix(deps, ctx, id);
}

export async function listMatrices(db: Db, ctx: Ctx, q: z.infer<typeof MatrixQuery>) {
  const scope = await scopeFor(db, ctx, 'vendor.read');
  let base = db
    .selectFrom('vendorMatrices as m')
    .leftJoin('vendorServices as s', (j) => j.onRef('s.tenantId', '=', 'm.tenantId').onRef('s.id', '=', 'm.serviceId'))
    .select(['m.id', 'm.name', 'm.serviceId', 'm.systemAssetId', 'm.ownerSectionId', 'm.updatedAt', 's.name as serviceName'])
    .where('m.tenantId', '=', ctx.tenantId);
  if (!scope.all) base = base.where('m.ownerSectionId', 'in', scope.sections.length ? scope.sections : ['-']);
  if (q.serviceId) base = base.where('m.serviceId', '=', q.serviceId);
  const rows = await base.orderBy('m.name').limit(500).execute();
  const ids = rows.map((r) => r.id);
  const cells = ids.length ? await db.selectFrom('vendorMatrixCells').select(['matrixId', 'areaId', 'party', 'role']).where('tenantId', '=', ctx.tenantId).where('matrixId', 'in', ids).execute() : [];
  return rows.map((r) => {
    const flagged = matrixRows(cells.filter((c) => c.matrixId === r.id)).filter((x) => x.flag);
    return { ...r, gaps: flagged.filter((x) => x.flag === 'none').length, overlaps: flagged.filter((x) => x.flag === 'multiple').length };
  });
}

export async function getMatrix(deps: AppDeps, ctx: Ctx, id: string) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.read');
  const m = await visibleMatrix(db, ctx, scope, id);
  const cells = await db.selectFrom('vendorMatrixCells').select(['areaId', 'party', 'role']).where('tenantId', '=', ctx.tenantId).where('matrixId', '=', id).execute();
  const parties = fromJson<PartyId[]>(m.parties, []);
  const map = fromJson<Partial<Record<PartyId, string | null>>>(m.partyContractors, {});
  const contractorIds = Object.values(map).filter((x): x is string => Boolean(x));
  const names = contractorIds.length ? await db.selectFrom('vendorContractors').select(['id', 'name']).where('tenantId', '=', ctx.tenantId).where('id', 'in', contractorIds).execute() : [];
  const service = m.serviceId ? await db.selectFrom('vendorServices').select(['id', 'name', 'kind', 'model']).where('tenantId', '=', ctx.tenantId).where('id', '=', m.serviceId).executeTakeFirst() : null;
  let system: { id: string; code: string; name: string } | null = null;
  if (m.systemAssetId) {
    const a = deps.services.assets ? await deps.services.assets.get(db, ctx.tenantId, m.systemAssetId) : undefined;
    system = a ? { id: a.id, code: a.code, name: a.name } : { id: m.systemAssetId, code: '', name: '' };
  }
  const rows = matrixRows(cells);
  return {
    id: m.id,
    name: m.name,
    serviceId: m.serviceId,
    systemAssetId: m.systemAssetId,
    ownerSectionId: m.ownerSectionId,
    service,
    system,
    parties: parties.map((p) => ({ id: p, ...PARTIES.find((x) => x.id === p), contractorId: map[p] ?? null, contractorName: names.find((n) => n.id === map[p])?.name ?? null, coordinator: p === 'municipality' })),
    areas: CONTROL_AREAS.map((a) => ({ id: a.id, ja: a.ja, en: a.en, refs: a.refs })),
    rows,
    cells,
    gaps: rows.filter((r) => r.flag === 'none').length,
    overlaps: rows.filter((r) => r.flag === 'multiple').length,
    updatedAt: m.updatedAt,
  };
}

export async function saveCells(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof CellsInput>) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.write');
  const m = await visibleMatrix(db, ctx, scope, id);
  const parties = withMunicipality(input.parties ?? fromJson<PartyId[]>(m.parties, []));
  const problems = input.cells.flatMap((c, i) => (parties.includes(c.party) ? [] : [{ field: `cells.${i}.party`, code: 'party_not_in_matrix', message: { ja: 'この当事者は表にありません。先に当事者として加えてください。', en: 'This party is not in the matrix; add it first.' } }]));
  const seen = new Map<string, number>();
  input.cells.forEach((c, i) => {
    const key = `${c.areaId}/${c.party}`;
    if (seen.has(key)) problems.push({ field: `cells.${i}`, code: 'duplicate', message: { ja: `${(seen.get(key) ?? 0) + 1}番目と同じ欄が指定されています。`, en: `Repeats cell ${(seen.get(key) ?? 0) + 1}.` } });
    else seen.set(key, i);
  });
  if (problems.length) throw err.validation(problems);
  if (input.partyContractors) await checkPartyContractors(db, ctx.tenantId, input.partyContractors);
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('vendorMatrixCells').select(['areaId', 'party', 'role']).where('tenantId', '=', ctx.tenantId).where('matrixId', '=', id).execute();
    await trx.deleteFrom('vendorMatrixCells').where('tenantId', '=', ctx.tenantId).where('matrixId', '=', id).execute();
    if (input.cells.length) await trx.insertInto('vendorMatrixCells').values(input.cells.map((c) => ({ tenantId: ctx.tenantId, matrixId: id, ...c }))).execute();
    await trx
      .updateTable('vendorMatrices')
      .set({ parties: toJson(parties), partyContractors: input.partyContractors ? toJson(input.partyContractors) : m.partyContractors, ...flagCounts(input.cells), updatedAt: nowIso() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
    const fmt = (c: { areaId: string; party: string; role: string }) => `${c.areaId}:${c.party}:${c.role}`;
    const b = new Set(before.map(fmt));
    const a = new Set(input.cells.map(fmt));
    await appendAudit(trx, ctx.audit, {
      action: 'vendor.matrix.cells',
      targetType: 'vendorMatrix',
      targetId: id,
      changes: { added: [...a].filter((x) => !b.has(x)), removed: [...b].filter((x) => !a.has(x)), parties },
    });
  });
  return getMatrix(deps, ctx, id);
}
