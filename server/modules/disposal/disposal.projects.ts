import { sql } from 'kysely';
import { japanDate } from '@shared/era';
import {
  DEFAULT_CERTIFICATE_DAYS,
  type DisposalState,
  MEDIA_KINDS,
  MEDIA_LABELS,
  METHOD_INFO,
  METHODS,
  type MediaKind,
  type MethodId,
  OPEN_STATES,
  STATES,
  STORAGE_KINDS,
  type StorageKind,
} from '@shared/disposal';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database';
import { nowIso } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, type FieldError, err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { type TableRow, mapColumns, readTable, restoreNeutralised } from '../../platform/tabular';
import { inTransactionMaybeDry } from '../../platform/tx';
import { readUpload } from '../../platform/uploads';
import type { AssetSummary } from '../assets/assets.contract';
import { DateOnly, type DisposalScope, PROJECT, When, checkNotBefore, checkNotFuture, optText, scopeFor, serialKey, whereScope } from './disposal.common';
import {
  allocateCodes,
  asSerialConflict,
  assetRows,
  buildRow,
  contractorProblem,
  bulkInsert,
  eventRow,
  evaluateOrThrow,
  evaluationColumns,
  fieldProblems,
  insertDisposals,
  loadAssets,
  methodProblem,
  openSerials,
  resolveEdition,
  resolveSubject,
  serialProblem,
} from './disposal.service';
import type { DisposalProjectsTable, DisposalsTable } from './disposal.tables';
import {
  type Work,
  approveWork,
  checkCertificateWork,
  closeDisposalWork,
  eraseInBuildingWork,
  handOverWork,
  type HandoverInput,
  type EraseInput,
  type CloseInput,
  inBuildingError,
  inBuildingRequired,
} from './disposal.workflow';
import type { Evaluation } from './rules/disposal-rules';

/**
 * A project schedules many disposals at once (a PC replacement, the end of a lease), each still
 * tracked on its own. Items come from a form or from a file (.xlsx/.csv, all or nothing).
 */

const LEVELS = ['3A', '3B', '3C', '3', '2', '1'] as const;

export const ItemInput = z
  .object({
    serialNumber: optText(100),
    mediaKind: z.enum(MEDIA_KINDS).nullable().optional(),
    storageKind: z.enum(STORAGE_KINDS).nullable().optional(),
    model: optText(200),
    description: optText(2000),
    ownership: z.enum(['owned', 'leased']).nullable().optional(),
    leaseEnd: DateOnly.nullable().optional(),
    lessor: optText(200),
    method: z.enum(METHODS).nullable().optional(),
    assetIds: z.array(z.uuid()).max(200).optional(),
    confidentiality: z.enum(LEVELS).nullable().optional(),
    myNumberResident: z.boolean().optional(),
    notes: optText(2000),
  })
  .strict();
export type ItemInput = z.infer<typeof ItemInput>;

/** Values every item takes unless it says otherwise. */
export const ItemDefaults = ItemInput.omit({ serialNumber: true, description: true, notes: true }).strict();

export const ProjectCreateInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: optText(2000),
    sectionId: z.uuid(),
    edition: z.string().trim().min(1).max(20).optional(),
    contractorId: optText(64),
    contractorName: optText(200),
    certificateDays: z.number().int().min(1).max(365).default(DEFAULT_CERTIFICATE_DAYS),
    scheduledOn: DateOnly.nullable().optional(),
    defaults: ItemDefaults.default({}),
    items: z.array(ItemInput).max(10_000).default([]),
  })
  .strict();
export type ProjectCreateInput = z.infer<typeof ProjectCreateInput>;

export const ItemsInput = z.object({ defaults: ItemDefaults.default({}), items: z.array(ItemInput).min(1).max(10_000) }).strict();

// ---- scope --------------------------------------------------------------------------------

async function projectScope(db: Db, ctx: Ctx, action: 'disposal.read' | 'disposal.write' | 'disposal.approve' | 'disposal.certify'): Promise<DisposalScope> {
  const scope = await scopeFor(db, ctx, action);
  if (!scope) throw err.forbidden();
  return scope;
}

/** A project is reachable when its section is in scope, or (contractors) when any item was handed to them. */
async function reachableProject(db: Db, ctx: Ctx, id: string, action: Parameters<typeof projectScope>[2]): Promise<{ project: DisposalProjectsTable; scope: DisposalScope }> {
  const scope = await projectScope(db, ctx, action);
  const project = await db.selectFrom('disposalProjects').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  if (!project) throw err.notFound(PROJECT, id);
  if (scope.all || scope.sections.includes(project.sectionId)) return { project, scope };
  if (scope.contractors.length) {
    const handed = await db
      .selectFrom('disposals')
      .select('id')
      .where('tenantId', '=', ctx.tenantId)
      .where('projectId', '=', id)
      .where('contractorId', 'in', scope.contractors)
      .where('handedOverAt', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    if (handed) return { project, scope: { all: false, sections: [], contractors: scope.contractors } };
  }
  throw err.notFound(PROJECT, id);
}

// ---- items (bulk) -------------------------------------------------------------------------

export interface AddItemsResult {
  created: number;
  codes: { first: string | null; last: string | null };
  dryRun: boolean;
}

type Merged = ItemInput & { mediaKind: MediaKind | null; storageKind: StorageKind | null };

/**
 * Check every item, then create them all in one transaction (or none). Field names point at the
 * item (`items.12.method`), so the import can translate them to rows and columns.
 */
export async function addItems(
  deps: AppDeps,
  ctx: Ctx,
  project: DisposalProjectsTable,
  defaults: z.infer<typeof ItemDefaults>,
  items: ItemInput[],
  opts: { dryRun?: boolean; trx?: Db } = {},
): Promise<AddItemsResult> {
  const db = opts.trx ?? deps.db;
  const merged: Merged[] = items.map((it) => ({
    ...defaults,
    ...Object.fromEntries(Object.entries(it).filter(([, v]) => v !== undefined && v !== null)),
    mediaKind: it.mediaKind ?? defaults.mediaKind ?? null,
    storageKind: it.storageKind ?? (it.mediaKind && it.mediaKind !== defaults.mediaKind ? null : (defaults.storageKind ?? null)),
  }));
  const assets = await loadAssets(deps, db, ctx.tenantId, merged.flatMap((m) => m.assetIds ?? []));
  const problems: FieldError[] = [];
  const cache = new Map<string, { ev: Evaluation; columns: ReturnType<typeof evaluationColumns> }>();
  const prepared: Array<{ m: Merged; resolved: NonNullable<ReturnType<typeof resolveSubject>['resolved']>; ev: Evaluation; columns: ReturnType<typeof evaluationColumns> }> = [];
  const seen = new Map<string, number>();
  merged.forEach((m, i) => {
    const prefix = `items.${i}.`;
    problems.push(...fieldProblems('device', m, prefix));
    const r = resolveSubject(
      deps,
      project.edition,
      {
        target: 'device',
        mediaKind: m.mediaKind,
        storageKind: m.storageKind,
        declaredConfidentiality: m.confidentiality ?? null,
        declaredMyNumberResident: m.myNumberResident ?? false,
        assetIds: m.assetIds ?? [],
      },
      assets as Map<string, AssetSummary>,
      prefix,
    );
    problems.push(...r.problems);
    if (!r.resolved) return;
    const s = r.resolved.subject;
    const key = [s.mediaKind, s.storage, s.confidentiality, s.myNumberResident, m.method ?? ''].join('|');
    let cached = cache.get(key);
    if (!cached) {
      const e = evaluateOrThrow(project.edition, s, m.method ?? null, 'edition');
      cached = { ev: e, columns: evaluationColumns(e) };
      cache.set(key, cached);
    }
    const { ev, columns } = cached;
    if (m.method) {
      const p = methodProblem(ev, m.method, `${prefix}method`);
      if (p) problems.push(p);
    }
    const sk = serialKey(m.serialNumber);
    if (sk) {
      const first = seen.get(sk);
      if (first !== undefined) {
        problems.push({
          field: `${prefix}serialNumber`,
          code: 'serial_duplicate',
          message: { ja: `製造番号「${m.serialNumber}」が${first + 1}件目と重複しています。`, en: `Serial number "${m.serialNumber}" repeats item ${first + 1}.` },
        });
      } else seen.set(sk, i);
    }
    prepared.push({ m, resolved: r.resolved, ev, columns });
  });
  const clashes = await openSerials(db, ctx.tenantId, [...seen.keys()]);
  for (const [key, code] of clashes) {
    const i = seen.get(key)!;
    problems.push(serialProblem(merged[i].serialNumber!, code, `items.${i}.serialNumber`));
  }
  if (problems.length) {
    throw err.validation(problems, { ja: `${problems.length}件の誤りがあるため、どの項目も登録していません。`, en: `Nothing was created: ${problems.length} problem(s).` });
  }
  const run = async (trx: Db): Promise<AddItemsResult> => {
    const codes = await allocateCodes(trx, ctx.tenantId, 'disposal', prepared.length);
    const now = nowIso();
    const rows: DisposalsTable[] = [];
    const links: ReturnType<typeof assetRows> = [];
    const events: Array<Record<string, unknown>> = [];
    prepared.forEach(({ m, resolved, ev, columns }, i) => {
      const id = newId();
      rows.push(
        buildRow(ctx, {
          id,
          code: codes[i],
          projectId: project.id,
          input: {
            ...m,
            target: 'device',
            sectionId: project.sectionId,
            contractorId: project.contractorId,
            contractorName: project.contractorName,
            certificateDays: project.certificateDays,
            scheduledOn: project.scheduledOn,
            serviceId: null,
            serviceName: null,
            cloudTenant: null,
            dataDescription: null,
            keyDescription: null,
          },
          edition: project.edition,
          resolved,
          evaluation: ev,
          columns,
          now,
        }),
      );
      links.push(...assetRows(ctx.tenantId, id, resolved.assets));
      events.push(eventRow(ctx, id, 'requested', now, { note: project.code }));
    });
    await insertDisposals(trx, deps.dbKind, rows, links, events);
    await trx.updateTable('disposalProjects').set({ updatedAt: now }).where('tenantId', '=', ctx.tenantId).where('id', '=', project.id).execute();
    await appendAudit(trx, ctx.audit, {
      action: 'disposal.bulk_create',
      targetType: 'disposalProject',
      targetId: project.id,
      changes: { count: rows.length, codes: [codes[0] ?? null, codes[codes.length - 1] ?? null], items: rows.map((r) => [r.code, r.serialNumber]) },
    });
    return { created: rows.length, codes: { first: codes[0] ?? null, last: codes[codes.length - 1] ?? null }, dryRun: Boolean(opts.dryRun) };
  };
  if (prepared.length === 0) return { created: 0, codes: { first: null, last: null }, dryRun: Boolean(opts.dryRun) };
  if (opts.trx) return run(opts.trx);
  return inTransactionMaybeDry(deps.db, run, Boolean(opts.dryRun)).catch((e) => {
    throw asSerialConflict(e);
  });
}

// ---- projects -----------------------------------------------------------------------------

export async function createProject(deps: AppDeps, ctx: Ctx, input: ProjectCreateInput) {
  const { db } = deps;
  const scope = await projectScope(db, ctx, 'disposal.write');
  const edition = resolveEdition(deps, input.edition);
  const problems: FieldError[] = [];
  const s = await db.selectFrom('orgUnits').select(['kind', 'status']).where('tenantId', '=', ctx.tenantId).where('id', '=', input.sectionId).executeTakeFirst();
  if (s?.kind !== 'section' || s.status !== 'active') problems.push({ field: 'sectionId', code: 'section_unknown', message: { ja: '所管課室が見つかりません。', en: 'The section was not found.' } });
  else if (!scope.all && !scope.sections.includes(input.sectionId)) {
    problems.push({ field: 'sectionId', code: 'section_out_of_scope', message: { ja: 'この課室の廃棄を登録する権限がありません。', en: 'You may not record disposals for this section.' } });
  }
  if (input.contractorId && !input.contractorName) problems.push({ field: 'contractorName', code: 'required', message: { ja: '委託事業者の名称を入力してください。', en: "Give the contractor's name." } });
  const cp = await contractorProblem(deps, db, ctx.tenantId, input.contractorId);
  if (cp) problems.push(cp);
  if (problems.length) throw err.validation(problems);
  const id = newId();
  const now = nowIso();
  let result: AddItemsResult | null = null;
  await db.transaction().execute(async (trx) => {
    const [code] = await allocateCodes(trx, ctx.tenantId, 'project', 1);
    const project: DisposalProjectsTable = {
      tenantId: ctx.tenantId,
      id,
      code,
      name: input.name,
      description: input.description ?? null,
      sectionId: input.sectionId,
      edition,
      contractorId: input.contractorId ?? null,
      contractorName: input.contractorName ?? null,
      certificateDays: input.certificateDays,
      scheduledOn: input.scheduledOn ?? null,
      status: 'open',
      createdBy: ctx.audit.actorId,
      createdAt: now,
      updatedAt: now,
    };
    await trx.insertInto('disposalProjects').values(project).execute();
    await appendAudit(trx, ctx.audit, { action: 'disposal_project.create', targetType: 'disposalProject', targetId: id, changes: { code, name: input.name, sectionId: input.sectionId, edition, contractorName: project.contractorName, items: input.items.length } });
    if (input.items.length) result = await addItems(deps, ctx, project, input.defaults, input.items, { trx });
  }).catch((e) => {
    throw asSerialConflict(e);
  });
  return { ...(await getProject(deps, ctx, id)), added: result };
}

export async function addProjectItems(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof ItemsInput>, dryRun = false) {
  const { project } = await reachableProject(deps.db, ctx, id, 'disposal.write');
  openOrThrow(project);
  return addItems(deps, ctx, project, input.defaults, input.items, { dryRun });
}

function openOrThrow(project: DisposalProjectsTable): void {
  if (project.status !== 'open') throw err.conflict('project_closed', { ja: 'このプロジェクトは終了しています。', en: 'This project is closed.' });
}

export const ProjectListQuery = z
  .object({ q: z.string().trim().max(100).optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();

export async function listProjects(deps: AppDeps, ctx: Ctx, query: z.infer<typeof ProjectListQuery>) {
  const { db } = deps;
  const scope = await projectScope(db, ctx, 'disposal.read');
  let base = db.selectFrom('disposalProjects').where('tenantId', '=', ctx.tenantId);
  if (!scope.all) {
    const sections = scope.sections;
    // Contractors see the projects that have an item handed to their company.
    const handed = scope.contractors.length
      ? (
          await db
            .selectFrom('disposals')
            .select('projectId')
            .distinct()
            .where('tenantId', '=', ctx.tenantId)
            .where('contractorId', 'in', scope.contractors)
            .where('handedOverAt', 'is not', null)
            .where('projectId', 'is not', null)
            .execute()
        ).map((r) => r.projectId as string)
      : [];
    if (sections.length === 0 && handed.length === 0) base = base.where(sql<boolean>`1 = 0`);
    else {
      base = base.where((eb) => {
        const parts = [];
        if (sections.length) parts.push(eb('sectionId', 'in', sections));
        if (handed.length) parts.push(eb('id', 'in', handed));
        return eb.or(parts);
      });
    }
  }
  if (query.q) base = base.where((eb) => eb.or([eb('name', 'like', `%${query.q}%`), eb('code', 'like', `%${query.q}%`)]));
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('code', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const counts = await stateCounts(db, ctx.tenantId, rows.map((r) => r.id), scope);
  return {
    items: rows.map((p) => ({ ...presentProject(p), counts: counts.get(p.id) ?? emptyCounts() })),
    total: Number(total.n),
    page: query.page,
    pageSize: query.pageSize,
  };
}

function emptyCounts() {
  return { total: 0, open: 0, overdue: 0, byState: Object.fromEntries(STATES.map((s) => [s, 0])) as Record<DisposalState, number> };
}

async function stateCounts(db: Db, tenantId: string, projectIds: string[], scope: DisposalScope) {
  const out = new Map<string, ReturnType<typeof emptyCounts>>();
  if (projectIds.length === 0) return out;
  const today = japanDate();
  let q = db
    .selectFrom('disposals')
    .select(['projectId', 'state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenantId', '=', tenantId)
    .where('projectId', 'in', projectIds)
    .groupBy(['projectId', 'state']);
  q = whereScope(q, scope);
  let o = db
    .selectFrom('disposals')
    .select(['projectId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenantId', '=', tenantId)
    .where('projectId', 'in', projectIds)
    .where('state', 'in', ['handedOver', 'destroyed'])
    .where('certificateDueOn', '<', today)
    .where('certificateReceivedAt', 'is', null)
    .groupBy('projectId');
  o = whereScope(o, scope);
  const [byState, overdue] = await Promise.all([q.execute(), o.execute()]);
  for (const r of byState) {
    const c = out.get(r.projectId!) ?? emptyCounts();
    const n = Number(r.n);
    c.byState[r.state] = n;
    c.total += n;
    if (OPEN_STATES.includes(r.state)) c.open += n;
    out.set(r.projectId!, c);
  }
  for (const r of overdue) {
    const c = out.get(r.projectId!) ?? emptyCounts();
    c.overdue = Number(r.n);
    out.set(r.projectId!, c);
  }
  return out;
}

function presentProject(p: DisposalProjectsTable) {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    description: p.description,
    sectionId: p.sectionId,
    edition: p.edition,
    contractor: p.contractorId || p.contractorName ? { id: p.contractorId, name: p.contractorName } : null,
    certificateDays: p.certificateDays,
    scheduledOn: p.scheduledOn,
    status: p.status,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export async function getProject(deps: AppDeps, ctx: Ctx, id: string) {
  const { db } = deps;
  const { project, scope } = await reachableProject(db, ctx, id, 'disposal.read');
  const counts = (await stateCounts(db, ctx.tenantId, [id], scope)).get(id) ?? emptyCounts();
  const section = await db.selectFrom('orgUnits').select('name').where('tenantId', '=', ctx.tenantId).where('id', '=', project.sectionId).executeTakeFirst();
  return { ...presentProject(project), sectionName: section?.name ?? null, counts };
}

// ---- bulk steps ---------------------------------------------------------------------------

/**
 * Apply one step to every eligible item of a project in a single transaction; if any item fails,
 * nothing changes and the error names the item.
 */
async function bulk(
  deps: AppDeps,
  ctx: Ctx,
  id: string,
  action: 'disposal.write' | 'disposal.approve',
  states: DisposalState[],
  makeWork: (row: DisposalsTable) => Work,
  label: { ja: string; en: string },
  filter: (row: DisposalsTable) => boolean = () => true,
) {
  const { project, scope } = await reachableProject(deps.db, ctx, id, action);
  let done = 0;
  await deps.db.transaction().execute(async (trx) => {
    const q = whereScope(trx.selectFrom('disposals').selectAll().where('tenantId', '=', ctx.tenantId).where('projectId', '=', project.id).where('state', 'in', states), scope);
    const rows = (await q.orderBy('code').execute()).filter(filter);
    if (rows.length === 0) {
      throw err.conflict('nothing_to_do', { ja: `「${label.ja}」の対象となる項目がありません。`, en: `No item is ready to ${label.en}.` });
    }
    for (const row of rows) {
      try {
        await makeWork(row)(trx, row);
      } catch (e) {
        if (e instanceof AppError) {
          throw new AppError(e.status, e.code, { ja: `${row.code}（${row.serialNumber ?? ''}）: ${e.messages.ja}`, en: `${row.code} (${row.serialNumber ?? ''}): ${e.messages.en}` }, e.details, { ...e.extra, disposal: row.code });
        }
        throw e;
      }
      done++;
    }
  });
  return { done, project: await getProject(deps, ctx, id) };
}

export async function approveProject(deps: AppDeps, ctx: Ctx, id: string) {
  return bulk(deps, ctx, id, 'disposal.approve', ['requested'], () => approveWork(deps, ctx, { note: null }), { ja: '一括承認', en: 'approve' });
}

export async function eraseProject(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof EraseInput>) {
  return bulk(deps, ctx, id, 'disposal.write', ['approved'], () => eraseInBuildingWork(deps, ctx, input), { ja: '庁舎内での消去の記録', en: 'record erasure' });
}

export async function handOverProject(deps: AppDeps, ctx: Ctx, id: string, input: HandoverInput) {
  // Items that must be erased in the building first are named before anything changes.
  const { project, scope } = await reachableProject(deps.db, ctx, id, 'disposal.write');
  const waiting = await whereScope(
    deps.db.selectFrom('disposals').selectAll().where('tenantId', '=', ctx.tenantId).where('projectId', '=', project.id).where('state', '=', 'approved'),
    scope,
  ).execute();
  const blocked = waiting.filter(inBuildingRequired);
  if (blocked.length) {
    const e = inBuildingError(blocked.slice(0, 20).map((b) => b.code).join('、'));
    throw new AppError(e.status, e.code, e.messages, blocked.map((b) => ({ field: b.code, code: 'in_building_erase_required', message: { ja: `${b.code}: 庁舎内での消去が未記録です。`, en: `${b.code}: erasure in the building not recorded.` } })));
  }
  return bulk(deps, ctx, id, 'disposal.write', ['approved', 'erasedInBuilding'], () => handOverWork(deps, ctx, input), { ja: '一括引渡し', en: 'hand over' });
}

export async function checkAndCloseProject(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof CloseInput>) {
  const { project, scope } = await reachableProject(deps.db, ctx, id, 'disposal.approve');
  const rows = await whereScope(
    deps.db.selectFrom('disposals').selectAll().where('tenantId', '=', ctx.tenantId).where('projectId', '=', project.id).where('state', 'in', ['destroyed', 'certificateChecked']),
    scope,
  ).execute();
  let closed = 0;
  const notClosed: Array<{ code: string; reason: { ja: string; en: string } }> = [];
  // Each item is closed on its own: one with missing proof stays open and is reported.
  for (const row of rows) {
    try {
      await deps.db.transaction().execute(async (trx) => {
        let current = row;
        const evidence = await trx.selectFrom('disposalEvidence').select('kind').where('tenantId', '=', ctx.tenantId).where('disposalId', '=', row.id).execute();
        if (current.state === 'destroyed' && evidence.some((e) => e.kind === 'certificate')) {
          await checkCertificateWork(deps, ctx, { note: input.note })(trx, current);
          current = (await trx.selectFrom('disposals').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', row.id).executeTakeFirstOrThrow()) as DisposalsTable;
        }
        await closeDisposalWork(deps, ctx, input)(trx, current);
      });
      closed++;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      notClosed.push({ code: row.code, reason: e.messages });
    }
  }
  return { closed, notClosed, project: await getProject(deps, ctx, id) };
}

// ---- contractor: one certificate or completion report for the whole batch ----------------

export const ProjectCompletionInput = z.object({ at: When, place: optText(200), note: optText(1000) }).strict();

/** The contractor reports every item it holds from this project as destroyed or erased. */
export async function contractorProjectCompletion(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof ProjectCompletionInput>) {
  const { project, scope } = await reachableProject(deps.db, ctx, id, 'disposal.certify');
  let done = 0;
  await deps.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('disposals')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('projectId', '=', project.id)
      .where('contractorId', 'in', scope.contractors.length ? scope.contractors : ['\u0000'])
      .where('state', '=', 'handedOver')
      .execute();
    if (rows.length === 0) throw err.conflict('nothing_to_do', { ja: '完了を報告できる項目（引渡し済みのもの）がありません。', en: 'No handed-over item to report as done.' });
    const problems: FieldError[] = [];
    const future = checkNotFuture(input.at, 'at');
    if (future) problems.push(future);
    for (const r of rows) {
      const p = checkNotBefore(input.at, r.handedOverAt, 'at', { ja: `${r.code} の引渡し日`, en: `the handover of ${r.code}` });
      if (p) {
        problems.push(p);
        break;
      }
    }
    if (problems.length) throw err.validation(problems);
    const now = nowIso();
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 1000) {
      await trx
        .updateTable('disposals')
        .set({ state: 'destroyed', destroyedAt: input.at, destroyedPlace: input.place, updatedAt: now })
        .where('tenantId', '=', ctx.tenantId)
        .where('id', 'in', ids.slice(i, i + 1000))
        .execute();
    }
    const events = rows.map((r) => eventRow(ctx, r.id, 'destroyed', input.at, { place: input.place, note: input.note ?? project.code }));
    await bulkInsert(trx, deps.dbKind, 'disposalEvents', events);
    await appendAudit(trx, ctx.audit, { action: 'disposal.complete_bulk', targetType: 'disposalProject', targetId: project.id, changes: { at: input.at, place: input.place, disposals: rows.map((r) => r.code) } });
    done = rows.length;
  });
  return { done, project: await getProject(deps, ctx, id) };
}

export async function contractorProjectEvidence(deps: AppDeps, ctx: Ctx, req: FastifyRequest, id: string) {
  const { project, scope } = await reachableProject(deps.db, ctx, id, 'disposal.certify');
  const upload = await readUpload(req, deps.config.SHIRUBE_EVIDENCE_LIMIT_MB * 1024 * 1024);
  const kind = upload.fields.kind;
  if (kind !== 'certificate' && kind !== 'photo') {
    throw err.validation([{ field: 'kind', code: 'kind_required', message: { ja: '種類（certificate: 完了証明書 / photo: 写真）を指定してください。', en: 'Give the kind: certificate or photo.' } }]);
  }
  let attached = 0;
  await deps.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('disposals')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('projectId', '=', project.id)
      .where('contractorId', 'in', scope.contractors.length ? scope.contractors : ['\u0000'])
      .where('state', 'in', ['handedOver', 'destroyed', 'certificateChecked'])
      .execute();
    if (rows.length === 0) {
      throw err.conflict('nothing_to_do', { ja: '証明書を添付できる項目（引渡し済みで未完了のもの）がありません。', en: 'No handed-over, open item to attach the file to.' });
    }
    const meta = await deps.services.files.store(trx, ctx, { buffer: upload.buffer, filename: upload.filename, accept: kind === 'photo' ? ['image'] : ['pdf', 'image'] });
    const now = nowIso();
    const evidence = rows.map((r) => ({
      tenantId: ctx.tenantId,
      id: newId(),
      disposalId: r.id,
      kind: kind as 'certificate' | 'photo',
      fileId: meta.id,
      filename: meta.filename,
      sha256: meta.sha256,
      size: meta.size,
      contentType: meta.contentType,
      uploadedBy: ctx.audit.actorId,
      uploadedByLabel: ctx.audit.actorLabel,
      contractorId: r.contractorId,
      uploadedAt: now,
    }));
    await bulkInsert(trx, deps.dbKind, 'disposalEvidence', evidence);
    const events = rows.map((r) => eventRow(ctx, r.id, kind === 'certificate' ? 'certificateUploaded' : 'photoUploaded', now, { note: `${meta.filename} (${project.code})`, fileId: meta.id }));
    await bulkInsert(trx, deps.dbKind, 'disposalEvents', events);
    if (kind === 'certificate') {
      const ids = rows.filter((r) => !r.certificateReceivedAt).map((r) => r.id);
      for (let i = 0; i < ids.length; i += 1000) {
        await trx.updateTable('disposals').set({ certificateReceivedAt: now, updatedAt: now }).where('tenantId', '=', ctx.tenantId).where('id', 'in', ids.slice(i, i + 1000)).execute();
      }
    }
    await appendAudit(trx, ctx.audit, { action: 'disposal.evidence_bulk', targetType: 'disposalProject', targetId: project.id, changes: { kind, fileId: meta.id, sha256: meta.sha256, filename: meta.filename, disposals: rows.map((r) => r.code) } });
    attached = rows.length;
  });
  return { attached, project: await getProject(deps, ctx, id) };
}

// ---- import from a file -------------------------------------------------------------------

const COLUMNS = [
  { key: 'mediaKind', headers: ['種類', 'kind', 'media kind'] },
  { key: 'storageKind', headers: ['記憶装置', 'storage'] },
  { key: 'serialNumber', headers: ['製造番号', 'serial number', 'serial'] },
  { key: 'model', headers: ['機種・型番', '機種', '型番', 'model'] },
  { key: 'ownership', headers: ['所有形態', 'ownership'] },
  { key: 'leaseEnd', headers: ['リース終了日', 'lease end'] },
  { key: 'lessor', headers: ['リース会社', 'lessor'] },
  { key: 'confidentiality', headers: ['機密性', 'confidentiality'] },
  { key: 'myNumberResident', headers: ['マイナンバー住民情報', 'my number resident data'] },
  { key: 'assetIds', headers: ['情報資産ID', 'asset ids'] },
  { key: 'method', headers: ['方法', 'method'] },
  { key: 'notes', headers: ['備考', 'notes'] },
] as const;

export const IMPORT_HEADERS = COLUMNS.map((c) => c.headers[0]);

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/[\s（）()・]/g, '');

function lookup<T extends string>(value: string, ids: readonly T[], labels: Partial<Record<T, { ja: string; en: string }>>, extra: Record<string, T> = {}): T | undefined {
  const v = norm(value);
  for (const id of ids) {
    const l = labels[id];
    if (norm(id) === v || (l && (norm(l.ja) === v || norm(l.en) === v))) return id;
  }
  return extra[v];
}

const MEDIA_ALIASES: Record<string, MediaKind> = { ハードディスク: 'hdd', usb: 'usb', cd: 'optical', dvd: 'optical', 光ディスク: 'optical', 紙: 'paper', スマートフォン: 'mobile', タブレット: 'mobile', pc: 'pc', ノートpc: 'pc', デスクトップpc: 'pc' };
const YES = new Set(['はい', 'yes', 'true', '1', '○', '有', 'あり']);
const NO = new Set(['いいえ', 'no', 'false', '0', '', '×', '無', 'なし']);

function parseDate(v: string): string | null {
  const s = v.trim().replace(/\//g, '-');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

export async function importItems(deps: AppDeps, ctx: Ctx, id: string, req: FastifyRequest, dryRun: boolean) {
  const { project } = await reachableProject(deps.db, ctx, id, 'disposal.write');
  openOrThrow(project);
  const file = await readUpload(req, deps.config.SHIRUBE_IMPORT_LIMIT_MB * 1024 * 1024);
  return importItemsFrom(deps, ctx, project, file.buffer, file.filename, dryRun, file.signal);
}

/** Import rows of a file into a project (also used by the CLI). */
export async function importItemsFrom(deps: AppDeps, ctx: Ctx, project: DisposalProjectsTable, buffer: Buffer, filename: string, dryRun: boolean, signal?: AbortSignal) {
  openOrThrow(project);
  const table = await readTable(buffer, filename, { signal });
  const cols = mapColumns(table, COLUMNS.map((c) => ({ key: c.key, headers: [...c.headers], required: c.key === 'mediaKind' || c.key === 'serialNumber' })));
  if (table.rows.length === 0) throw new AppError(400, 'import_empty', { ja: 'ファイルにデータがありません。', en: 'The file has no data.' });
  const problems: FieldError[] = [];
  const items: ItemInput[] = [];
  const rows: TableRow[] = table.rows;
  const cell = (r: TableRow, key: string) => restoreNeutralised(cols.get(r, key));
  const bad = (r: TableRow, key: string, ja: string, en: string) =>
    problems.push({ row: r.row, column: COLUMNS.find((c) => c.key === key)!.headers[0], code: 'invalid_value', message: { ja, en } });
  for (const r of rows) {
    const item: ItemInput = {};
    const kindText = cell(r, 'mediaKind');
    const kind = lookup(kindText, MEDIA_KINDS, MEDIA_LABELS, MEDIA_ALIASES);
    if (!kind) bad(r, 'mediaKind', `種類「${kindText}」がわかりません（例: パソコン、HDD、SSD、USBメモリ）。`, `Unknown kind "${kindText}" (e.g. pc, hdd, ssd, usb).`);
    else item.mediaKind = kind;
    const st = cell(r, 'storageKind');
    if (st) {
      const s = lookup(st, STORAGE_KINDS, {}, { hdd: 'hdd', ssd: 'ssd' });
      if (!s) bad(r, 'storageKind', `記憶装置「${st}」がわかりません（HDD または SSD）。`, `Unknown storage "${st}" (HDD or SSD).`);
      else item.storageKind = s;
    }
    item.serialNumber = cell(r, 'serialNumber') || null;
    item.model = cell(r, 'model') || null;
    const own = cell(r, 'ownership');
    if (own) {
      const o = ({ 所有: 'owned', 自己所有: 'owned', owned: 'owned', リース: 'leased', leased: 'leased', レンタル: 'leased' } as Record<string, 'owned' | 'leased'>)[norm(own)];
      if (!o) bad(r, 'ownership', `所有形態「${own}」がわかりません（所有 または リース）。`, `Unknown ownership "${own}" (owned or leased).`);
      else item.ownership = o;
    }
    const le = cell(r, 'leaseEnd');
    if (le) {
      const d = parseDate(le);
      if (!d) bad(r, 'leaseEnd', `リース終了日「${le}」は日付として読めません（YYYY-MM-DD）。`, `Lease end "${le}" is not a date (YYYY-MM-DD).`);
      else item.leaseEnd = d;
    }
    item.lessor = cell(r, 'lessor') || null;
    const conf = cell(r, 'confidentiality').replace(/^(自治体)?機密性/, '');
    if (conf) {
      if (!(LEVELS as readonly string[]).includes(conf.toUpperCase())) bad(r, 'confidentiality', `機密性「${conf}」がわかりません（3A・3B・3C・2・1）。`, `Unknown confidentiality "${conf}" (3A, 3B, 3C, 2, 1).`);
      else item.confidentiality = conf.toUpperCase() as (typeof LEVELS)[number];
    }
    const mn = norm(cell(r, 'myNumberResident'));
    if (YES.has(mn)) item.myNumberResident = true;
    else if (!NO.has(mn)) bad(r, 'myNumberResident', '「はい」か「いいえ」で入力してください。', 'Use yes or no.');
    const ids = cell(r, 'assetIds').split(/[\s,;、]+/).filter(Boolean);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const wrong = ids.filter((x) => !uuid.test(x));
    if (wrong.length) bad(r, 'assetIds', `情報資産ID「${wrong[0]}」の形式が正しくありません。`, `Asset id "${wrong[0]}" is malformed.`);
    else if (ids.length) item.assetIds = ids;
    const m = cell(r, 'method');
    if (m) {
      const id = lookup(m, METHODS, Object.fromEntries(METHODS.map((x) => [x, METHOD_INFO[x].label])) as Record<MethodId, { ja: string; en: string }>);
      if (!id) bad(r, 'method', `方法「${m}」がわかりません。`, `Unknown method "${m}".`);
      else item.method = id;
    }
    item.notes = cell(r, 'notes') || null;
    items.push(item);
  }
  if (problems.length) throw err.validation(problems, { ja: `${problems.length}件の誤りがあるため、取り込んでいません。`, en: `Nothing was imported: ${problems.length} problem(s).` });
  try {
    const result = await addItems(deps, ctx, project, {}, items, { dryRun });
    return { ...result, rows: rows.length, format: table.format, encoding: table.encoding ?? null };
  } catch (e) {
    // Translate item fields (items.3.method) to the file's rows and columns.
    if (e instanceof AppError && e.details.length) {
      const mapped = e.details.map((d) => {
        const m = /^items\.(\d+)\.(\w+)/.exec(d.field ?? '');
        if (!m) return d;
        const col = COLUMNS.find((c) => c.key === m[2]) ?? (m[2] === 'assetIds' ? COLUMNS[9] : undefined);
        return { row: rows[Number(m[1])].row, column: col?.headers[0] ?? m[2], code: d.code, message: d.message };
      });
      throw new AppError(e.status, e.code, e.messages, mapped, e.extra);
    }
    throw e;
  }
}

/** A template for the import, with the headers and one example row. */
export function importTemplateCsv(): string {
  const example = ['パソコン', 'SSD', 'SN-EXAMPLE-0001', '例: 業務PC 2019年型', 'リース', '2027-03-31', '例: しるべリース株式会社', '2', 'いいえ', '', 'flashChipDestroy', ''];
  return `\ufeff${IMPORT_HEADERS.join(',')}\r\n${example.join(',')}\r\n`;
}

