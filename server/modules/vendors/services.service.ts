import { z } from 'zod';
import { japanDate } from '@shared/era';
import { C_LEVELS, CONTROL_AREA_IDS, SERVICE_CONNECTION_IDS, SERVICE_KIND_IDS, SERVICE_MODEL_IDS, SERVICE_STATUS_IDS } from '@shared/vendors';
import type { Db } from '../../db/database';
import { containsCi, fromJson, nowIso, toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { bilingual, err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { diff } from '../tenancy/tenancy.service';
import { evidenceFor } from './evidence.service';
import { type LoadedService, assetsOf, loadServices } from './facts';
import { type Classes, SLA_METRIC_NAMES, checkService, slaBreaches, suitability, verdictOf } from './rules';
import { KINDS, type VendorScope, actorLabel, binLevel, cLevel, checkOwnerSection, countryCode, endNotBeforeStart, optDate, optText, scopeFor, sectionVisible, text } from './vendors.common';
import type { VendorServicesTable } from './vendors.tables';

// ---- inputs --------------------------------------------------------------------------------------

const areaList = z.array(z.enum(CONTROL_AREA_IDS)).max(CONTROL_AREA_IDS.length).transform((v) => [...new Set(v)]);

const ServiceBase = z.object({
  name: text(200),
  providerName: text(200),
  providerContractorId: z.uuid().nullable().optional(),
  model: z.enum(SERVICE_MODEL_IDS),
  kind: z.enum(SERVICE_KIND_IDS),
  connection: z.enum(SERVICE_CONNECTION_IDS).default('internet'),
  status: z.enum(SERVICE_STATUS_IDS).default('planned'),
  ownerSectionId: z.uuid().nullable().optional(),
  purpose: optText(1000),
  ismapRegistrationNumber: optText(50),
  registeredFrom: optDate,
  registeredUntil: optDate,
  ismapScope: areaList.default([]),
  reliedAreas: areaList.default([]),
  dataCountry: countryCode.nullable().optional(),
  dataRegion: optText(100),
  foreignDecision: optText(2000),
  governingLaw: countryCode.nullable().optional(),
  jurisdiction: countryCode.nullable().optional(),
  declaredC: cLevel.nullable().optional(),
  declaredI: binLevel.nullable().optional(),
  declaredA: binLevel.nullable().optional(),
  note: optText(2000),
});

export const ServiceInput = ServiceBase.strict().superRefine(endNotBeforeStart('registeredFrom', 'registeredUntil'));
export const ServicePatch = ServiceBase.extend({
  connection: z.enum(SERVICE_CONNECTION_IDS).optional(),
  status: z.enum(SERVICE_STATUS_IDS).optional(),
  ismapScope: areaList.optional(),
  reliedAreas: areaList.optional(),
})
  .partial()
  .strict();

export const ServiceQuery = z.object({
  q: z.string().max(100).optional(),
  kind: z.enum(SERVICE_KIND_IDS).optional(),
  status: z.enum(SERVICE_STATUS_IDS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

// ---- visibility ----------------------------------------------------------------------------------

export async function visibleService(db: Db, ctx: Ctx, scope: VendorScope, id: string): Promise<VendorServicesTable> {
  const row = await db.selectFrom('vendorServices').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  if (!row || !sectionVisible(scope, row.ownerSectionId)) throw err.notFound(KINDS.service, id);
  return row;
}

function presentService(r: VendorServicesTable) {
  return {
    id: r.id,
    name: r.name,
    providerName: r.providerName,
    providerContractorId: r.providerContractorId,
    model: r.model,
    kind: r.kind,
    connection: r.connection,
    status: r.status,
    ownerSectionId: r.ownerSectionId,
    purpose: r.purpose,
    ismapRegistrationNumber: r.ismapRegistrationNumber,
    registeredFrom: r.registeredFrom,
    registeredUntil: r.registeredUntil,
    ismapScope: fromJson<string[]>(r.ismapScope, []),
    reliedAreas: fromJson<string[]>(r.reliedAreas, []),
    dataCountry: r.dataCountry,
    dataRegion: r.dataRegion,
    foreignDecision: r.foreignDecision,
    foreignDecidedAt: r.foreignDecidedAt,
    governingLaw: r.governingLaw,
    jurisdiction: r.jurisdiction,
    declared: { c: r.declaredC, i: r.declaredI, a: r.declaredA },
    sla: {
      availability: r.slaAvailability,
      rtoMinutes: r.slaRtoMinutes,
      rpoMinutes: r.slaRpoMinutes,
      supportHours: r.slaSupportHours,
      firstReportMinutes: r.slaFirstReportMinutes,
      backupFrequency: r.slaBackupFrequency,
      exitTerms: r.slaExitTerms,
    },
    note: r.note,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

// ---- list and detail ------------------------------------------------------------------------------

export async function listServices(deps: AppDeps, ctx: Ctx, q: z.infer<typeof ServiceQuery>) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.read');
  let base = db.selectFrom('vendorServices').where('tenantId', '=', ctx.tenantId);
  if (!scope.all) base = base.where('ownerSectionId', 'in', scope.sections.length ? scope.sections : ['-']);
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.status) base = base.where('status', '=', q.status);
  if (q.q) {
    const term = q.q;
    base = base.where((eb) => eb.or([containsCi('name', term), containsCi('provider_name', term)]));
  }
  const [rows, total] = await Promise.all([
    base.select('id').orderBy('name').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const today = japanDate();
  const loaded = await loadServices(deps, db, ctx.tenantId, rows.map((r) => r.id), today);
  return {
    items: rows.map((r) => {
      const s = loaded.get(r.id) as LoadedService;
      const findings = checkService(s.facts, today);
      return {
        ...presentService(s.row),
        classes: s.facts.classes,
        verdict: verdictOf(findings),
        errors: findings.filter((f) => f.severity === 'error').length,
        warnings: findings.filter((f) => f.severity === 'warning').length,
        approval: s.facts.approval,
      };
    }),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getService(deps: AppDeps, ctx: Ctx, id: string) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.read');
  await visibleService(db, ctx, scope, id);
  const today = japanDate();
  const s = (await loadServices(deps, db, ctx.tenantId, [id], today)).get(id) as LoadedService;
  const t = ctx.tenantId;
  const [actuals, breaches, approvals, matrices, contracts, provider] = await Promise.all([
    db.selectFrom('vendorSlaActuals').selectAll().where('tenantId', '=', t).where('serviceId', '=', id).orderBy('month', 'desc').limit(24).execute(),
    db.selectFrom('vendorSlaBreaches').selectAll().where('tenantId', '=', t).where('serviceId', '=', id).orderBy('month', 'desc').orderBy('detectedAt', 'desc').limit(200).execute(),
    db.selectFrom('vendorApprovals').selectAll().where('tenantId', '=', t).where('serviceId', '=', id).orderBy('requestedAt', 'desc').execute(),
    db.selectFrom('vendorMatrices').select(['id', 'name', 'updatedAt']).where('tenantId', '=', t).where('serviceId', '=', id).orderBy('name').execute(),
    db.selectFrom('vendorContracts').select(['id', 'title', 'contractorId', 'status', 'endsOn']).where('tenantId', '=', t).where('serviceId', '=', id).execute(),
    s.row.providerContractorId ? db.selectFrom('vendorContractors').select(['id', 'name']).where('tenantId', '=', t).where('id', '=', s.row.providerContractorId).executeTakeFirst() : undefined,
  ]);
  const evidence = await evidenceFor(db, t, 'service', [id]);
  const facts = s.facts;
  const byClass = (['3A', '3B', '3C', '2', '1'] as const).map((c) => suitability(facts, { c, i: facts.classes.i, a: facts.classes.a }, today));
  return {
    ...presentService(s.row),
    provider: provider ?? null,
    classes: facts.classes,
    assets: s.assets.map((a) => ({
      id: a.id,
      relation: a.relation,
      found: a.summary !== null,
      code: a.summary?.code ?? null,
      name: a.summary?.name ?? null,
      kind: a.summary?.kind ?? null,
      status: a.summary?.status ?? null,
      c: a.summary?.confidentiality ?? null,
      i: a.summary?.integrity ?? null,
      a: a.summary?.availability ?? null,
    })),
    findings: checkService(facts, today),
    current: suitability(facts, facts.classes, today),
    byClass,
    approval: facts.approval,
    approvals: approvals.map(presentApprovalRow),
    matrices,
    contracts,
    actuals,
    breaches: breaches.map((b) => ({ ...b, metricName: SLA_METRIC_NAMES[b.metric as keyof typeof SLA_METRIC_NAMES] ?? { ja: b.metric, en: b.metric } })),
    evidence: evidence.get(id) ?? [],
  };
}

export function presentApprovalRow(a: import('./vendors.tables').VendorApprovalsTable) {
  return {
    id: a.id,
    serviceId: a.serviceId,
    purpose: a.purpose,
    classes: { c: a.cLevel, i: a.iLevel, a: a.aLevel },
    assetIds: fromJson<string[]>(a.assetIds, []),
    check: fromJson<unknown>(a.checkSnapshot, null),
    status: a.status,
    requestedByLabel: a.requestedByLabel,
    requestedAt: a.requestedAt,
    decidedByLabel: a.decidedByLabel,
    decidedAt: a.decidedAt,
    decisionNote: a.decisionNote,
    conditions: a.conditions,
  };
}

// ---- writes --------------------------------------------------------------------------------------

async function checkProvider(db: Db, tenantId: string, id: string | null | undefined) {
  if (!id) return;
  const c = await db.selectFrom('vendorContractors').select('id').where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!c) throw err.validation([{ field: 'providerContractorId', code: 'contractor_unknown', message: { ja: '提供事業者として指定した委託事業者が見つかりません。', en: 'The provider contractor was not found.' } }]);
}

function serviceColumns(input: Partial<z.infer<typeof ServiceBase>>, before: VendorServicesTable | null, ctx: Ctx) {
  const pick = <K extends keyof z.infer<typeof ServiceBase>, D>(k: K, dflt: D) => (input[k] === undefined ? dflt : input[k]);
  const foreignDecision = (pick('foreignDecision', before?.foreignDecision ?? null) ?? null) as string | null;
  const decisionChanged = foreignDecision !== (before?.foreignDecision ?? null);
  return {
    name: pick('name', before?.name) as string,
    providerName: pick('providerName', before?.providerName) as string,
    providerContractorId: (pick('providerContractorId', before?.providerContractorId ?? null) ?? null) as string | null,
    model: pick('model', before?.model) as VendorServicesTable['model'],
    kind: pick('kind', before?.kind) as VendorServicesTable['kind'],
    connection: pick('connection', before?.connection ?? 'internet') as VendorServicesTable['connection'],
    status: pick('status', before?.status ?? 'planned') as VendorServicesTable['status'],
    ownerSectionId: (pick('ownerSectionId', before?.ownerSectionId ?? null) ?? null) as string | null,
    purpose: (pick('purpose', before?.purpose ?? null) ?? null) as string | null,
    ismapRegistrationNumber: (pick('ismapRegistrationNumber', before?.ismapRegistrationNumber ?? null) ?? null) as string | null,
    registeredFrom: (pick('registeredFrom', before?.registeredFrom ?? null) ?? null) as string | null,
    registeredUntil: (pick('registeredUntil', before?.registeredUntil ?? null) ?? null) as string | null,
    ismapScope: input.ismapScope === undefined ? (before?.ismapScope ?? '[]') : toJson(input.ismapScope),
    reliedAreas: input.reliedAreas === undefined ? (before?.reliedAreas ?? '[]') : toJson(input.reliedAreas),
    dataCountry: (pick('dataCountry', before?.dataCountry ?? null) ?? null) as string | null,
    dataRegion: (pick('dataRegion', before?.dataRegion ?? null) ?? null) as string | null,
    foreignDecision,
    foreignDecidedBy: decisionChanged ? (foreignDecision ? actorLabel(ctx) : null) : (before?.foreignDecidedBy ?? null),
    foreignDecidedAt: decisionChanged ? (foreignDecision ? nowIso() : null) : (before?.foreignDecidedAt ?? null),
    governingLaw: (pick('governingLaw', before?.governingLaw ?? null) ?? null) as string | null,
    jurisdiction: (pick('jurisdiction', before?.jurisdiction ?? null) ?? null) as string | null,
    declaredC: (pick('declaredC', before?.declaredC ?? null) ?? null) as string | null,
    declaredI: (pick('declaredI', before?.declaredI ?? null) ?? null) as string | null,
    declaredA: (pick('declaredA', before?.declaredA ?? null) ?? null) as string | null,
    note: (pick('note', before?.note ?? null) ?? null) as string | null,
  };
}

export async function createService(deps: AppDeps, ctx: Ctx, input: z.infer<typeof ServiceInput>) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.write');
  await checkOwnerSection(db, ctx, scope, input.ownerSectionId);
  await checkProvider(db, ctx.tenantId, input.providerContractorId);
  const id = newId();
  const now = nowIso();
  const cols = serviceColumns(input, null, ctx);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('vendorServices')
      .values({
        tenantId: ctx.tenantId,
        id,
        ...cols,
        slaAvailability: null,
        slaRtoMinutes: null,
        slaRpoMinutes: null,
        slaSupportHours: null,
        slaFirstReportMinutes: null,
        slaBackupFrequency: null,
        slaExitTerms: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.service.create', targetType: 'vendorService', targetId: id, changes: { name: cols.name, kind: cols.kind, model: cols.model, connection: cols.connection } });
  });
  return getService(deps, ctx, id);
}

export async function updateService(deps: AppDeps, ctx: Ctx, id: string, patch: z.infer<typeof ServicePatch>) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.write');
  const before = await visibleService(db, ctx, scope, id);
  if (patch.ownerSectionId !== undefined) await checkOwnerSection(db, ctx, scope, patch.ownerSectionId);
  await checkProvider(db, ctx.tenantId, patch.providerContractorId);
  const cols = serviceColumns(patch, before, ctx);
  if (cols.registeredFrom && cols.registeredUntil && cols.registeredUntil < cols.registeredFrom) {
    throw err.validation([{ field: 'registeredUntil', code: 'custom', message: { ja: `終了日（${cols.registeredUntil}）が開始日（${cols.registeredFrom}）より前になっています。`, en: `The end date (${cols.registeredUntil}) is before the start date (${cols.registeredFrom}).` } }]);
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('vendorServices').set({ ...cols, updatedAt: nowIso() }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.service.update', targetType: 'vendorService', targetId: id, changes: diff(before as unknown as Record<string, unknown>, cols) });
  });
  return getService(deps, ctx, id);
}

export const ServiceAssetsInput = z
  .object({
    assets: z
      .array(z.object({ assetId: z.uuid(), relation: z.enum(['handles', 'usedBy']).default('handles') }).strict())
      .max(2000),
  })
  .strict();

/** Replace the assets linked to a service; every id must be an asset of the register. */
export async function setServiceAssets(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof ServiceAssetsInput>) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.write');
  await visibleService(db, ctx, scope, id);
  const ids = input.assets.map((a) => a.assetId);
  const dup = ids.findIndex((x, i) => ids.indexOf(x) !== i);
  if (dup >= 0) throw err.validation([{ field: `assets.${dup}.assetId`, code: 'duplicate', message: { ja: '同じ情報資産が2回指定されています。', en: 'The same asset appears twice.' } }]);
  const found = ids.length ? await assetsOf(deps).getMany(db, ctx.tenantId, ids) : [];
  const known = new Map(found.map((a) => [a.id, a]));
  const problems = input.assets.flatMap((a, i) => {
    const s = known.get(a.assetId);
    if (!s) return [{ field: `assets.${i}.assetId`, code: 'asset_unknown', message: { ja: '情報資産台帳にない資産です。', en: 'Not an asset of the register.' } }];
    if (a.relation === 'usedBy' && s.kind !== 'system') return [{ field: `assets.${i}.relation`, code: 'not_a_system', message: { ja: '「利用するシステム」には種別が情報システムの資産を指定してください。', en: 'A using system must be an asset of kind “information system”.' } }];
    return [];
  });
  if (problems.length) throw err.validation(problems);
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('vendorServiceAssets').select(['assetId', 'relation']).where('tenantId', '=', ctx.tenantId).where('serviceId', '=', id).execute();
    await trx.deleteFrom('vendorServiceAssets').where('tenantId', '=', ctx.tenantId).where('serviceId', '=', id).execute();
    if (input.assets.length) await trx.insertInto('vendorServiceAssets').values(input.assets.map((a) => ({ tenantId: ctx.tenantId, serviceId: id, assetId: a.assetId, relation: a.relation }))).execute();
    await trx.updateTable('vendorServices').set({ updatedAt: nowIso() }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.service.assets', targetType: 'vendorService', targetId: id, changes: { before: before.map((b) => `${b.relation}:${b.assetId}`), after: input.assets.map((a) => `${a.relation}:${a.assetId}`) } });
  });
  return getService(deps, ctx, id);
}

// ---- SLA -------------------------------------------------------------------------------------------

export const SlaInput = z
  .object({
    availability: z.number().min(0).max(100).nullable().optional(),
    rtoMinutes: z.number().int().min(0).max(525_600).nullable().optional(),
    rpoMinutes: z.number().int().min(0).max(525_600).nullable().optional(),
    supportHours: optText(200),
    firstReportMinutes: z.number().int().min(0).max(525_600).nullable().optional(),
    backupFrequency: optText(100),
    exitTerms: optText(2000),
  })
  .strict();

export async function setSla(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof SlaInput>) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.write');
  const before = await visibleService(db, ctx, scope, id);
  const next = {
    slaAvailability: input.availability ?? null,
    slaRtoMinutes: input.rtoMinutes ?? null,
    slaRpoMinutes: input.rpoMinutes ?? null,
    slaSupportHours: input.supportHours ?? null,
    slaFirstReportMinutes: input.firstReportMinutes ?? null,
    slaBackupFrequency: input.backupFrequency ?? null,
    slaExitTerms: input.exitTerms ?? null,
  };
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('vendorServices').set({ ...next, updatedAt: nowIso() }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.service.sla', targetType: 'vendorService', targetId: id, changes: diff(before as unknown as Record<string, unknown>, next) });
  });
  return getService(deps, ctx, id);
}

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

export const ActualInput = z
  .object({
    month: z.string().superRefine((v, c) => {
      if (!month.safeParse(v).success) c.addIssue({ code: 'custom', ...bilingual('対象月は YYYY-MM の形で指定してください。', 'Give the month as YYYY-MM.') });
    }),
    availability: z.number().min(0).max(100).nullable().optional(),
    longestOutageMinutes: z.number().int().min(0).max(44_640).nullable().optional(),
    dataLossMinutes: z.number().int().min(0).max(525_600).nullable().optional(),
    firstReportMinutes: z.number().int().min(0).max(525_600).nullable().optional(),
    backupsMissed: z.number().int().min(0).max(10_000).nullable().optional(),
    note: optText(2000),
  })
  .strict();

/**
 * Record a month's actuals. Misses against the targets in force are added to the breach record;
 * a corrected actual that no longer misses marks the earlier breach as superseded — it is kept.
 */
export async function recordActual(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof ActualInput>) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.write');
  const svc = await visibleService(db, ctx, scope, id);
  const current = japanDate().slice(0, 7);
  if (input.month > current) {
    throw err.validation([{ field: 'month', code: 'future_month', message: { ja: 'まだ来ていない月の実績は登録できません。', en: 'Actuals cannot be recorded for a future month.' } }]);
  }
  const actual = {
    availability: input.availability ?? null,
    longestOutageMinutes: input.longestOutageMinutes ?? null,
    dataLossMinutes: input.dataLossMinutes ?? null,
    firstReportMinutes: input.firstReportMinutes ?? null,
    backupsMissed: input.backupsMissed ?? null,
  };
  const found = slaBreaches(
    { availability: svc.slaAvailability, rtoMinutes: svc.slaRtoMinutes, rpoMinutes: svc.slaRpoMinutes, firstReportMinutes: svc.slaFirstReportMinutes, backupFrequency: svc.slaBackupFrequency },
    actual,
  );
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('vendorSlaActuals').select('month').where('tenantId', '=', ctx.tenantId).where('serviceId', '=', id).where('month', '=', input.month).executeTakeFirst();
    const row = { ...actual, note: input.note ?? null, recordedBy: ctx.audit.actorId, recordedAt: now };
    if (exists) await trx.updateTable('vendorSlaActuals').set(row).where('tenantId', '=', ctx.tenantId).where('serviceId', '=', id).where('month', '=', input.month).execute();
    else await trx.insertInto('vendorSlaActuals').values({ tenantId: ctx.tenantId, serviceId: id, month: input.month, ...row }).execute();
    const open = await trx.selectFrom('vendorSlaBreaches').selectAll().where('tenantId', '=', ctx.tenantId).where('serviceId', '=', id).where('month', '=', input.month).where('supersededAt', 'is', null).execute();
    for (const b of open) {
      const still = found.find((f) => f.metric === b.metric);
      if (!still || still.actual !== b.actual || still.target !== b.target) {
        await trx.updateTable('vendorSlaBreaches').set({ supersededAt: now }).where('tenantId', '=', ctx.tenantId).where('id', '=', b.id).execute();
      }
    }
    const added = found.filter((f) => !open.some((b) => b.metric === f.metric && b.actual === f.actual && b.target === f.target));
    if (added.length) {
      await trx.insertInto('vendorSlaBreaches').values(added.map((f) => ({ tenantId: ctx.tenantId, id: newId(), serviceId: id, month: input.month, metric: f.metric, target: f.target, actual: f.actual, detectedAt: now, supersededAt: null }))).execute();
    }
    await appendAudit(trx, ctx.audit, { action: 'vendor.service.sla_actual', targetType: 'vendorService', targetId: id, changes: { month: input.month, ...actual, breaches: found.map((f) => f.metric) } });
  });
  return { month: input.month, breaches: found.map((f) => ({ ...f, metricName: SLA_METRIC_NAMES[f.metric] })) };
}

// ---- "may this service hold this class?" -----------------------------------------------------------

export const SuitabilityQuery = z.object({
  /** Without c, the classes the service holds now are used. */
  c: z.enum([...C_LEVELS, '3']).optional(),
  i: binLevel.optional(),
  a: binLevel.optional(),
});

export async function serviceSuitability(deps: AppDeps, ctx: Ctx, id: string, q: z.infer<typeof SuitabilityQuery>) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.read');
  await visibleService(db, ctx, scope, id);
  const today = japanDate();
  const s = (await loadServices(deps, db, ctx.tenantId, [id], today)).get(id) as LoadedService;
  const cls: Classes = q.c ? { c: q.c, i: q.i ?? null, a: q.a ?? null } : s.facts.classes;
  return { service: { id, name: s.row.name, kind: s.row.kind }, ...suitability(s.facts, cls, today) };
}
