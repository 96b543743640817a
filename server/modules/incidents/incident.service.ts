import { z } from 'zod';
import { fiscalYearOf } from '@shared/era';
import { CATEGORIES, CAUSES, DETECTIONS, ids, labelOf, PUBLICATIONS, SEVERITIES, STATUSES } from '@shared/incidents';
import type { Db } from '../../db/database';
import { flag, toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import { type Ctx, grantFor } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { assertNotFuture, Instant, INCIDENT, invalid, json, loadIncident, now } from './incidents.common';
import type { IncidentsTable } from './incidents.tables';
import { syncObligations } from './obligations.service';
import { addAutoEntry } from './timeline.service';

/** The incident record: report (staff or contractor), triage edits, status and severity changes. */

const bool = z.boolean().default(false);
const FLAGS = ['personalData', 'specialCare', 'myNumber', 'ordinanceSpecial', 'stronglyEncrypted', 'propertyDamage', 'improperPurpose', 'unspecifiedExposure', 'myNumberSystem', 'lgwan', 'crime'] as const;
type FlagName = (typeof FLAGS)[number];

const fields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(10_000),
  occurredAt: Instant,
  discoveredAt: Instant,
  knewAt: Instant,
  detection: z.enum(ids(DETECTIONS)),
  category: z.enum(ids(CATEGORIES)),
  cause: z.enum(ids(CAUSES)).default('unknown'),
  severity: z.enum(ids(SEVERITIES)).default('unknown'),
  assetIds: z.array(z.uuid()).max(200).default([]),
  serviceIds: z.array(z.uuid()).max(50).default([]),
  affectedServices: z.string().trim().max(1000).nullish(),
  contractorId: z.uuid().nullish(),
  contractId: z.uuid().nullish(),
  /** Number of persons concerned: a whole number, zero or more; null while unknown. */
  personsCount: z.number().int().min(0).max(200_000_000).nullish(),
  dataItems: z.string().trim().max(2000).nullish(),
  publication: z.enum(ids(PUBLICATIONS)).default('undecided'),
  publicationNote: z.string().trim().max(2000).nullish(),
  publishedOn: z.iso.date().nullish(),
  ...(Object.fromEntries(FLAGS.map((f) => [f, bool])) as Record<FlagName, typeof bool>),
};

export const IncidentInput = z.object(fields).strict();
export type IncidentInput = z.infer<typeof IncidentInput>;
export const IncidentPatch = z
  .object({
    // Defaults belong to the report only: a patch leaves out what it does not change.
    ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : (v as z.ZodType)).optional()])),
    status: z.enum(ids(STATUSES)).optional(),
    reason: z.string().trim().max(1000).optional(),
  } as unknown as { [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]> } & { status: z.ZodOptional<z.ZodEnum<{ [k: string]: string }>>; reason: z.ZodOptional<z.ZodString> })
  .strict();
export type IncidentPatch = z.infer<typeof IncidentPatch>;

const ORDER = ['1', '2', '3C', '3B', '3', '3A'];

function checkOrder(r: Pick<IncidentsTable, 'occurredAt' | 'discoveredAt' | 'knewAt'>): void {
  if (r.discoveredAt < r.occurredAt) throw invalid('discoveredAt', 'discovered_before_occurred', '発見日時が発生日時より前になっています。', 'Discovered before it occurred.');
  if (r.knewAt < r.discoveredAt) throw invalid('knewAt', 'knew_before_discovered', '「知った」日時が発見日時より前になっています。', 'The organisation cannot have known before the discovery.');
  assertNotFuture('occurredAt', r.occurredAt);
  assertNotFuture('discoveredAt', r.discoveredAt);
  assertNotFuture('knewAt', r.knewAt);
}

/** Segments and the highest class from the asset register; unknown ids are field errors. */
async function fromRegisters(deps: AppDeps, db: Db, tenantId: string, assetIds: string[], serviceIds: string[]) {
  const assets = assetIds.length && deps.services.assets ? await deps.services.assets.getMany(db, tenantId, assetIds) : [];
  assetIds.forEach((id, i) => {
    if (!assets.some((a) => a.id === id)) throw invalid(`assetIds.${i}`, 'unknown_asset', '情報資産台帳にない資産です。', 'No such asset in the register.');
  });
  for (const [i, id] of serviceIds.entries()) {
    if (!deps.services.vendors || !(await deps.services.vendors.service(db, tenantId, id)))
      throw invalid(`serviceIds.${i}`, 'unknown_service', '外部サービス台帳にないサービスです。', 'No such service in the register.');
  }
  const segments = [...new Set(assets.map((a) => a.segment).filter((s): s is NonNullable<typeof s> => s !== null))].sort();
  const levels = assets.map((a) => a.confidentiality).filter((c): c is string => c !== null);
  const maxConfidentiality = levels.sort((a, b) => ORDER.indexOf(b) - ORDER.indexOf(a))[0] ?? null;
  return { segments, maxConfidentiality };
}

async function resolveContract(deps: AppDeps, db: Db, tenantId: string, contractId: string | null | undefined, contractorId: string | null | undefined) {
  if (!contractId) {
    if (contractorId && !(await deps.services.vendors?.hasContractor(db, tenantId, contractorId)))
      throw invalid('contractorId', 'unknown_contractor', '委託事業者台帳にない事業者です。', 'No such contractor in the vendors register.');
    return { contractId: null, contractorId: contractorId ?? null };
  }
  const c = await deps.services.vendors?.contract(db, tenantId, contractId);
  if (!c) throw err.notFound({ ja: '契約', en: 'Contract' }, contractId);
  if (contractorId && contractorId !== c.contractorId) throw invalid('contractorId', 'contract_mismatch', '契約の相手方と異なる事業者です。', 'The contractor is not the party to this contract.');
  return { contractId, contractorId: c.contractorId };
}

async function nextCode(trx: Db, tenantId: string, knewAt: string): Promise<string> {
  const fy = fiscalYearOf(knewAt);
  const row = await trx.selectFrom('incidentCounters').select('last').where('tenantId', '=', tenantId).where('fiscalYear', '=', fy).executeTakeFirst();
  const last = (row?.last ?? 0) + 1;
  await trx.insertInto('incidentCounters').values({ tenantId, fiscalYear: fy, last }).onConflict((oc) => oc.columns(['tenantId', 'fiscalYear']).doUpdateSet({ last })).execute();
  return `INC-${fy}-${String(last).padStart(3, '0')}`;
}

export async function reportIncident(deps: AppDeps, ctx: Ctx, input: IncidentInput): Promise<IncidentsTable> {
  const db = deps.db;
  const g = grantFor(ctx.actor, 'incident.report');
  if (!g) throw err.forbidden();
  const viaContractor = !g.all && g.contractorIds.length > 0 && g.departmentIds.length === 0 && g.sectionIds.length === 0;
  if (viaContractor) {
    if (!input.contractId) throw invalid('contractId', 'contract_required', '自社の契約を指定してください。', 'Name one of your own contracts.');
    const c = await deps.services.vendors?.contract(db, ctx.tenantId, input.contractId);
    // Another contractor's contract is not shown to exist.
    if (!c || !g.contractorIds.includes(c.contractorId)) throw err.notFound({ ja: '契約', en: 'Contract' }, input.contractId);
  }
  const reg = await fromRegisters(deps, db, ctx.tenantId, input.assetIds, input.serviceIds);
  const party = await resolveContract(deps, db, ctx.tenantId, input.contractId, input.contractorId);
  const t = now();
  const { assetIds, serviceIds, ...rest } = input;
  const row: IncidentsTable = {
    tenantId: ctx.tenantId,
    id: newId(),
    code: '',
    ...rest,
    detection: viaContractor ? 'contractor' : input.detection,
    status: 'new',
    assetIds: toJson(assetIds),
    serviceIds: toJson(serviceIds),
    segments: toJson(reg.segments),
    maxConfidentiality: reg.maxConfidentiality,
    affectedServices: input.affectedServices ?? null,
    ...party,
    personsCount: input.personsCount ?? null,
    dataItems: input.dataItems ?? null,
    publicationNote: input.publicationNote ?? null,
    publishedOn: input.publishedOn ?? null,
    ...(Object.fromEntries(FLAGS.map((f) => [f, flag(input[f])])) as Record<FlagName, number>),
    reportedBy: ctx.actor?.userId ?? null,
    reportedVia: viaContractor ? 'contractor' : 'staff',
    closedAt: null,
    createdAt: t,
    updatedAt: t,
  };
  checkOrder(row);
  await db.transaction().execute(async (trx) => {
    row.code = await nextCode(trx, ctx.tenantId, row.knewAt);
    await trx.insertInto('incidents').values(row).execute();
    await appendAudit(trx, ctx.audit, { action: 'incident.report', targetType: 'incident', targetId: row.id, changes: { code: row.code, title: row.title, category: row.category, reportedVia: row.reportedVia } });
    await addAutoEntry(trx, ctx, row.id, 'report', `インシデントの報告を受け付けました（${row.reportedVia === 'contractor' ? '委託事業者から' : '職員から'}）。`);
    await syncObligations(deps, trx, ctx, row);
  });
  return row;
}

export async function measuresRecorded(db: Db, tenantId: string, incidentId: string): Promise<number> {
  const r = await db.selectFrom('incidentMeasures').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', tenantId).where('incidentId', '=', incidentId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function updateIncident(deps: AppDeps, ctx: Ctx, id: string, patch: IncidentPatch): Promise<IncidentsTable> {
  const db = deps.db;
  const before = await loadIncident(db, ctx, id, 'incident.manage');
  const { assetIds, serviceIds, reason, status, ...rest } = patch;
  const next: IncidentsTable = { ...before, ...(rest as Partial<IncidentsTable>), updatedAt: now() };
  for (const f of FLAGS) if (patch[f] !== undefined) next[f] = flag(patch[f]);
  if (assetIds || serviceIds) {
    const a = assetIds ?? json<string[]>(before.assetIds, []);
    const s = serviceIds ?? json<string[]>(before.serviceIds, []);
    const reg = await fromRegisters(deps, db, ctx.tenantId, a, s);
    Object.assign(next, { assetIds: toJson(a), serviceIds: toJson(s), segments: toJson(reg.segments), maxConfidentiality: reg.maxConfidentiality });
  }
  if (patch.contractId !== undefined || patch.contractorId !== undefined) Object.assign(next, await resolveContract(deps, db, ctx.tenantId, next.contractId, patch.contractId !== undefined && patch.contractorId === undefined ? null : next.contractorId));
  checkOrder(next);
  if (status && status !== before.status) {
    if (before.status === 'closed' || before.status === 'dismissed')
      throw invalid('status', 'already_final', '完了または対象外とした記録の状態は変更できません。', 'A closed or dismissed incident cannot change status.');
    if (status === 'closed' && (await measuresRecorded(db, ctx.tenantId, id)) === 0)
      throw invalid('status', 'measures_required', '再発防止策（実施済みまたは担当・期限付きの予定）を記録してから完了にしてください。', 'Record the recurrence-prevention measures (done, or planned with owner and date) before closing.');
    if (status === 'dismissed' && !reason) throw invalid('reason', 'reason_required', '対象外とする理由を入力してください。', 'Give the reason for dismissing.');
    next.status = status as IncidentsTable['status'];
    if (status === 'closed' || status === 'dismissed') next.closedAt = now();
  }
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(next)) if ((before as unknown as Record<string, unknown>)[k] !== v && k !== 'updatedAt') changes[k] = [(before as unknown as Record<string, unknown>)[k], v];
  await db.transaction().execute(async (trx) => {
    const { tenantId: _t, id: _i, code: _c, createdAt: _cr, ...set } = next;
    await trx.updateTable('incidents').set(set).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await appendAudit(trx, ctx.audit, { action: 'incident.update', targetType: 'incident', targetId: id, changes });
    if (next.status !== before.status)
      await addAutoEntry(trx, ctx, id, 'statusChanged', `状態を「${labelOf(STATUSES, before.status)}」から「${labelOf(STATUSES, next.status)}」に変更しました。${reason ? `理由：${reason}` : ''}`);
    if (next.severity !== before.severity)
      await addAutoEntry(trx, ctx, id, 'severityChanged', `重大度を「${labelOf(SEVERITIES, before.severity)}」から「${labelOf(SEVERITIES, next.severity)}」に変更しました。`);
    await syncObligations(deps, trx, ctx, next);
  });
  return next;
}

export const ListQuery = z
  .object({
    status: z.enum(ids(STATUSES)).optional(),
    fiscalYear: z.coerce.number().int().min(2000).max(2100).optional(),
    open: z.enum(['true', 'false']).optional(),
  })
  .strict();

export async function listIncidents(db: Db, ctx: Ctx, q: z.infer<typeof ListQuery>) {
  const g = grantFor(ctx.actor, 'incident.read');
  if (!g) throw err.forbidden();
  let query = db
    .selectFrom('incidents')
    .select(['id', 'code', 'title', 'category', 'cause', 'severity', 'status', 'knewAt', 'occurredAt', 'personsCount', 'personalData', 'segments', 'contractorId', 'reportedVia'])
    .where('tenantId', '=', ctx.tenantId);
  if (!g.all) query = query.where('contractorId', 'in', g.contractorIds.length ? g.contractorIds : ['-']);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.open === 'true') query = query.where('status', 'not in', ['closed', 'dismissed']);
  if (q.fiscalYear) query = query.where('knewAt', '>=', new Date(`${q.fiscalYear}-04-01T00:00:00+09:00`).toISOString()).where('knewAt', '<', new Date(`${q.fiscalYear + 1}-04-01T00:00:00+09:00`).toISOString());
  const rows = await query.orderBy('knewAt', 'desc').limit(2000).execute();
  return rows.map((r) => ({ ...r, personalData: r.personalData === 1, segments: json<string[]>(r.segments, []) }));
}

export { INCIDENT };
