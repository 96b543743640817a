import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fiscalYearOf } from '@shared/era';
import { ANSWER_IDS, REPORT_KIND_IDS } from '@shared/vendors';
import type { Db } from '../../db/database';
import { nowIso } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, bilingual, err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { visibleContractor } from './contractors.service';
import { evidenceFor, receiveEvidence } from './evidence.service';
import { SHEET_SECTIONS, buildSheetItems } from './rules';
import { KINDS, type VendorScope, actorLabel, optDate, optText, scopeFor, text } from './vendors.common';
import type { VendorCheckSheetsTable, VendorEvidenceRequestsTable, VendorReportsTable } from './vendors.tables';

/**
 * The yearly outsourcing check sheet, evidence requests and contractor reports. Staff work on them
 * through the registers; a contractor account reaches only its own company's records, and a record
 * of another company answers 404.
 */

type Mode = 'read' | 'staff' | 'respond';

const ACTION: Record<Mode, 'vendor.read' | 'vendor.write' | 'vendor.respond'> = { read: 'vendor.read', staff: 'vendor.write', respond: 'vendor.respond' };

/** Whether the actor reaches a contractor's portal records in this mode. */
async function reaches(db: Db, ctx: Ctx, scope: VendorScope, mode: Mode, contractorId: string): Promise<'contractor' | 'staff' | null> {
  if (mode !== 'staff' && scope.contractorIds.includes(contractorId)) return 'contractor';
  if (mode === 'respond') return null;
  try {
    await visibleContractor(db, ctx, scope, contractorId);
    return 'staff';
  } catch {
    return null;
  }
}

function catalogOf(deps: AppDeps) {
  const catalog = deps.services.catalog;
  if (!catalog) throw new AppError(503, 'catalog_unavailable', { ja: 'ガイドラインカタログを読み込めていないため、チェックシートを作れません。', en: 'The guideline catalog is not loaded, so no check sheet can be made.' });
  return catalog;
}

// ---- check sheets --------------------------------------------------------------------------------

export const SheetInput = z
  .object({
    fiscalYear: z.number().int().min(2000).max(2100).default(fiscalYearOf()),
    dueOn: optDate,
    sections: z.array(z.enum(SHEET_SECTIONS)).min(1).max(SHEET_SECTIONS.length).optional(),
  })
  .strict();

export async function createSheet(deps: AppDeps, ctx: Ctx, contractorId: string, input: z.infer<typeof SheetInput>) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.write');
  await visibleContractor(db, ctx, scope, contractorId);
  const catalog = catalogOf(deps);
  const edition = catalog.current().id;
  let sections: string[] = input.sections ?? [];
  if (sections.length === 0) {
    const provides = await db.selectFrom('vendorServices').select('id').where('tenantId', '=', ctx.tenantId).where('providerContractorId', '=', contractorId).executeTakeFirst();
    sections = provides ? ['KB-8.1', 'KB-8.2', 'KB-8.3'] : ['KB-8.1', 'KB-8.2'];
  }
  const items = buildSheetItems(catalog.nodes(edition), sections);
  if (items.length === 0) throw err.badRequest('no_items', { ja: 'この版のカタログに、選んだ節の項目がありません。', en: 'The catalog edition has no items in the chosen sections.' });
  const id = newId();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('vendorCheckSheets').select('id').where('tenantId', '=', ctx.tenantId).where('contractorId', '=', contractorId).where('fiscalYear', '=', input.fiscalYear).executeTakeFirst();
    if (dup) throw err.conflict('sheet_exists', { ja: 'この委託事業者のこの年度のチェックシートは既にあります。', en: 'This contractor already has a check sheet for the fiscal year.' }, { checkSheetId: dup.id });
    await trx
      .insertInto('vendorCheckSheets')
      .values({ tenantId: ctx.tenantId, id, contractorId, fiscalYear: input.fiscalYear, edition, status: 'draft', dueOn: input.dueOn ?? null, sentAt: null, submittedAt: null, submittedBy: null, reviewedBy: null, reviewedAt: null, reviewNote: null, createdBy: ctx.audit.actorId, createdAt: now, updatedAt: now })
      .execute();
    await trx
      .insertInto('vendorCheckAnswers')
      .values(items.map((it) => ({ tenantId: ctx.tenantId, sheetId: id, itemId: it.itemId, seq: it.seq, nodeId: it.nodeId, questionJa: it.question.ja, questionEn: it.question.en, answer: null, comment: null, answeredBy: null, answeredAt: null, reviewNote: null })))
      .execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.sheet.create', targetType: 'vendorCheckSheet', targetId: id, changes: { contractorId, fiscalYear: input.fiscalYear, edition, sections, items: items.length } });
  });
  return getSheet(deps, ctx, id);
}

export async function sheetFor(db: Db, ctx: Ctx, id: string, mode: Mode): Promise<{ sheet: VendorCheckSheetsTable; as: 'contractor' | 'staff' }> {
  const scope = await scopeFor(db, ctx, ACTION[mode]);
  const sheet = await db.selectFrom('vendorCheckSheets').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  if (!sheet) throw err.notFound(KINDS.sheet, id);
  const as = await reaches(db, ctx, scope, mode, sheet.contractorId);
  // A contractor never sees a sheet that has not been sent yet.
  if (!as || (as === 'contractor' && sheet.status === 'draft')) throw err.notFound(KINDS.sheet, id);
  return { sheet, as };
}

export async function listSheets(db: Db, ctx: Ctx, q: { status?: string; fiscalYear?: number }) {
  const scope = await scopeFor(db, ctx, 'vendor.read');
  let base = db
    .selectFrom('vendorCheckSheets as s')
    .innerJoin('vendorContractors as c', (j) => j.onRef('c.tenantId', '=', 's.tenantId').onRef('c.id', '=', 's.contractorId'))
    .selectAll('s')
    .select('c.name as contractorName')
    .where('s.tenantId', '=', ctx.tenantId);
  if (!scope.all) {
    const ids = await reachableContractorIds(db, ctx, scope);
    base = base.where('s.contractorId', 'in', ids.length ? ids : ['-']);
    // Contractor accounts see a sheet only once it has been sent to them.
    if (scope.sections.length === 0) base = base.where('s.status', '<>', 'draft');
  }
  if (q.status) base = base.where('s.status', '=', q.status as VendorCheckSheetsTable['status']);
  if (q.fiscalYear) base = base.where('s.fiscalYear', '=', q.fiscalYear);
  const rows = await base.orderBy('s.fiscalYear', 'desc').orderBy('c.name').limit(1000).execute();
  return rows.map((r) => ({ id: r.id, contractorId: r.contractorId, contractorName: r.contractorName, fiscalYear: r.fiscalYear, status: r.status, dueOn: r.dueOn, sentAt: r.sentAt, submittedAt: r.submittedAt, reviewedAt: r.reviewedAt }));
}

export async function getSheet(deps: AppDeps, ctx: Ctx, id: string) {
  const { db } = deps;
  const { sheet, as } = await sheetFor(db, ctx, id, 'read');
  const [answers, contractor] = await Promise.all([
    db.selectFrom('vendorCheckAnswers').selectAll().where('tenantId', '=', ctx.tenantId).where('sheetId', '=', id).orderBy('seq').execute(),
    db.selectFrom('vendorContractors').select(['id', 'name']).where('tenantId', '=', ctx.tenantId).where('id', '=', sheet.contractorId).executeTakeFirstOrThrow(),
  ]);
  const evidence = (await evidenceFor(db, ctx.tenantId, 'checkSheet', [id])).get(id) ?? [];
  const catalog = deps.services.catalog;
  return {
    id: sheet.id,
    contractor,
    fiscalYear: sheet.fiscalYear,
    edition: sheet.edition,
    status: sheet.status,
    dueOn: sheet.dueOn,
    sentAt: sheet.sentAt,
    submittedAt: sheet.submittedAt,
    reviewedAt: sheet.reviewedAt,
    reviewNote: sheet.reviewNote,
    viewer: as,
    items: answers.map((a) => {
      const node = catalog?.node(sheet.edition, a.nodeId);
      return {
        itemId: a.itemId,
        seq: a.seq,
        nodeId: a.nodeId,
        node: node ? { number: node.number, title: node.title, titleEn: node.titleEn, provisional: node.provenance.confidence === 'provisional' } : null,
        question: { ja: a.questionJa, en: a.questionEn },
        answer: a.answer,
        comment: a.comment,
        answeredAt: a.answeredAt,
        reviewNote: a.reviewNote,
        evidence: evidence.filter((e) => e.itemId === a.itemId),
      };
    }),
    evidence: evidence.filter((e) => e.itemId === null),
    answered: answers.filter((a) => a.answer !== null).length,
    total: answers.length,
  };
}

export const SendInput = z.object({ dueOn: optDate }).strict();

export async function sendSheet(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof SendInput>) {
  const { db } = deps;
  const { sheet } = await sheetFor(db, ctx, id, 'staff');
  if (sheet.status !== 'draft') throw err.conflict('sheet_not_draft', { ja: 'このチェックシートは既に送付済みです。', en: 'This check sheet has already been sent.' });
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('vendorCheckSheets')
      .set({ status: 'sent', sentAt: nowIso(), dueOn: input.dueOn ?? sheet.dueOn, updatedAt: nowIso() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.sheet.send', targetType: 'vendorCheckSheet', targetId: id, changes: { status: ['draft', 'sent'], dueOn: input.dueOn ?? sheet.dueOn } });
    await deps.services.notifications?.notify(trx, ctx, {
      recipients: { userIds: await contractorUserIds(trx, ctx.tenantId, sheet.contractorId) },
      title: { ja: 'チェックシートへの回答のお願い', en: 'Please answer the check sheet' },
      body: { ja: `${sheet.fiscalYear}年度の外部委託先チェックシートが届きました。`, en: `The FY${sheet.fiscalYear} outsourcing check sheet has arrived.` },
      link: `/vendors/check-sheets/${id}`,
      severity: 'info',
    });
  });
  return getSheet(deps, ctx, id);
}

async function contractorUserIds(db: Db, tenantId: string, contractorId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('roleAssignments')
    .select('userId')
    .where('tenantId', '=', tenantId)
    .where('role', '=', 'contractor')
    .where('scopeId', '=', contractorId)
    .where('revokedAt', 'is', null)
    .execute();
  return [...new Set(rows.map((r) => r.userId))];
}

export const AnswersInput = z
  .object({
    answers: z
      .array(
        z
          .object({
            itemId: z.string().min(1).max(64),
            answer: z.enum(ANSWER_IDS).nullable(),
            comment: optText(2000),
          })
          .strict(),
      )
      .min(1)
      .max(500),
  })
  .strict();

/** Save answers (contractor or staff). Saving does not submit. */
export async function saveAnswers(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof AnswersInput>, mode: 'staff' | 'respond') {
  const { db } = deps;
  const { sheet } = await sheetFor(db, ctx, id, mode);
  const open = mode === 'respond' ? ['sent', 'returned'] : ['draft', 'sent', 'returned'];
  if (!open.includes(sheet.status)) throw err.conflict('sheet_locked', { ja: 'このチェックシートは回答を受け付けていません（提出済みまたは確認済み）。', en: 'This check sheet does not take answers now (submitted or accepted).' });
  const items = await db.selectFrom('vendorCheckAnswers').select(['itemId', 'answer', 'comment']).where('tenantId', '=', ctx.tenantId).where('sheetId', '=', id).execute();
  const known = new Map(items.map((i) => [i.itemId, i]));
  const problems = input.answers.flatMap((a, i) => (known.has(a.itemId) ? [] : [{ field: `answers.${i}.itemId`, code: 'item_unknown', message: { ja: 'チェックシートにこの項目はありません。', en: 'The check sheet has no such item.' } }]));
  if (problems.length) throw err.validation(problems);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const changes: Record<string, [unknown, unknown]> = {};
    for (const a of input.answers) {
      const before = known.get(a.itemId);
      await trx
        .updateTable('vendorCheckAnswers')
        .set({ answer: a.answer, comment: a.comment ?? null, answeredBy: ctx.audit.actorId, answeredAt: now })
        .where('tenantId', '=', ctx.tenantId)
        .where('sheetId', '=', id)
        .where('itemId', '=', a.itemId)
        .execute();
      if (before?.answer !== a.answer || (before?.comment ?? null) !== (a.comment ?? null)) changes[a.itemId] = [before?.answer ?? null, a.answer];
    }
    await trx.updateTable('vendorCheckSheets').set({ updatedAt: now }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.sheet.answer', targetType: 'vendorCheckSheet', targetId: id, changes: { by: mode === 'respond' ? 'contractor' : 'staff', answers: changes } });
  });
  return getSheet(deps, ctx, id);
}

export async function submitSheet(deps: AppDeps, ctx: Ctx, id: string, mode: 'staff' | 'respond') {
  const { db } = deps;
  const { sheet } = await sheetFor(db, ctx, id, mode);
  const open = mode === 'respond' ? ['sent', 'returned'] : ['draft', 'sent', 'returned'];
  if (!open.includes(sheet.status)) throw err.conflict('sheet_locked', { ja: 'このチェックシートは提出できる状態ではありません。', en: 'This check sheet cannot be submitted now.' });
  const missing = await db.selectFrom('vendorCheckAnswers').select(['itemId', 'seq']).where('tenantId', '=', ctx.tenantId).where('sheetId', '=', id).where('answer', 'is', null).orderBy('seq').execute();
  if (missing.length) {
    throw err.validation(
      missing.map((m) => ({ field: `answers.${m.itemId}`, code: 'unanswered', message: { ja: `${m.seq}番の設問に回答していません。`, en: `Question ${m.seq} is not answered.` } })),
      { ja: `未回答の設問が${missing.length}件あるため提出できません。`, en: `${missing.length} question(s) are unanswered, so the sheet cannot be submitted.` },
    );
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('vendorCheckSheets')
      .set({ status: 'answered', submittedAt: nowIso(), submittedBy: ctx.audit.actorId, sentAt: sheet.sentAt ?? nowIso(), updatedAt: nowIso() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.sheet.submit', targetType: 'vendorCheckSheet', targetId: id, changes: { status: [sheet.status, 'answered'], by: mode === 'respond' ? 'contractor' : 'staff' } });
    if (mode === 'respond') {
      await deps.services.notifications?.notify(trx, ctx, {
        recipients: { roles: ['chiefSecurityManager'] },
        title: { ja: 'チェックシートの回答が届きました', en: 'A check sheet was answered' },
        body: { ja: `${sheet.fiscalYear}年度のチェックシートに回答がありました。内容を確認してください。`, en: `The FY${sheet.fiscalYear} check sheet was answered; please review it.` },
        link: `/vendors/check-sheets/${id}`,
        severity: 'info',
      });
    }
  });
  return getSheet(deps, ctx, id);
}

export const ReviewInput = z
  .object({
    decision: z.enum(['accept', 'return']),
    note: optText(2000),
    itemNotes: z.array(z.object({ itemId: z.string().min(1).max(64), note: optText(1000) }).strict()).max(500).default([]),
  })
  .strict()
  .superRefine((v, c) => {
    if (v.decision === 'return' && !v.note && v.itemNotes.every((n) => !n.note)) {
      c.addIssue({ code: 'custom', path: ['note'], ...bilingual('差し戻す理由を記入してください。', 'Say why the sheet is sent back.') });
    }
  });

export async function reviewSheet(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof ReviewInput>) {
  const { db } = deps;
  const { sheet } = await sheetFor(db, ctx, id, 'staff');
  if (sheet.status !== 'answered') throw err.conflict('sheet_not_answered', { ja: '回答が提出されたチェックシートだけを確認できます。', en: 'Only a submitted check sheet can be reviewed.' });
  const status = input.decision === 'accept' ? 'accepted' : 'returned';
  await db.transaction().execute(async (trx) => {
    for (const n of input.itemNotes) {
      await trx.updateTable('vendorCheckAnswers').set({ reviewNote: n.note ?? null }).where('tenantId', '=', ctx.tenantId).where('sheetId', '=', id).where('itemId', '=', n.itemId).execute();
    }
    await trx
      .updateTable('vendorCheckSheets')
      .set({ status, reviewedBy: ctx.audit.actorId, reviewedAt: nowIso(), reviewNote: input.note ?? null, updatedAt: nowIso() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, ctx.audit, { action: `vendor.sheet.${input.decision}`, targetType: 'vendorCheckSheet', targetId: id, changes: { status: ['answered', status], note: input.note ?? null, itemNotes: input.itemNotes.length } });
    if (status === 'returned') {
      await deps.services.notifications?.notify(trx, ctx, {
        recipients: { userIds: await contractorUserIds(trx, ctx.tenantId, sheet.contractorId) },
        title: { ja: 'チェックシートが差し戻されました', en: 'The check sheet was sent back' },
        body: { ja: '確認のコメントを読み、回答を直して再提出してください。', en: 'Read the review comments, correct the answers and submit again.' },
        link: `/vendors/check-sheets/${id}`,
        severity: 'warning',
      });
    }
  });
  return getSheet(deps, ctx, id);
}

export async function uploadSheetEvidence(deps: AppDeps, ctx: Ctx, req: FastifyRequest, id: string, mode: 'staff' | 'respond') {
  const { sheet } = await sheetFor(deps.db, ctx, id, mode);
  if (sheet.status === 'accepted') throw err.conflict('sheet_locked', { ja: '確認済みのチェックシートには証跡を追加できません。', en: 'Evidence cannot be added to an accepted check sheet.' });
  const items = await deps.db.selectFrom('vendorCheckAnswers').select('itemId').where('tenantId', '=', ctx.tenantId).where('sheetId', '=', id).execute();
  return receiveEvidence(deps, ctx, req, { subjectType: 'checkSheet', subjectId: id, contractorId: sheet.contractorId, itemIds: items.map((i) => i.itemId) });
}

// ---- evidence requests -----------------------------------------------------------------------------

export const RequestInput = z
  .object({
    title: text(200),
    detail: optText(2000),
    dueOn: optDate,
  })
  .strict();

function presentRequest(r: VendorEvidenceRequestsTable) {
  return { id: r.id, contractorId: r.contractorId, title: r.title, detail: r.detail, dueOn: r.dueOn, status: r.status, responseNote: r.responseNote, createdAt: r.createdAt, submittedAt: r.submittedAt, reviewedAt: r.reviewedAt, reviewNote: r.reviewNote };
}

export async function createRequest(deps: AppDeps, ctx: Ctx, contractorId: string, input: z.infer<typeof RequestInput>) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.write');
  await visibleContractor(db, ctx, scope, contractorId);
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('vendorEvidenceRequests')
      .values({ tenantId: ctx.tenantId, id, contractorId, title: input.title, detail: input.detail ?? null, dueOn: input.dueOn ?? null, status: 'open', responseNote: null, createdBy: ctx.audit.actorId, createdAt: nowIso(), submittedBy: null, submittedAt: null, reviewedBy: null, reviewedAt: null, reviewNote: null })
      .execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.request.create', targetType: 'vendorEvidenceRequest', targetId: id, changes: { contractorId, title: input.title, dueOn: input.dueOn ?? null } });
    await deps.services.notifications?.notify(trx, ctx, {
      recipients: { userIds: await contractorUserIds(trx, ctx.tenantId, contractorId) },
      title: { ja: '証跡の提出依頼', en: 'Evidence requested' },
      body: { ja: `「${input.title}」の提出をお願いします。`, en: `Please submit "${input.title}".` },
      link: `/vendors/evidence-requests/${id}`,
      severity: 'info',
    });
  });
  return getRequest(deps, ctx, id);
}

export async function requestFor(db: Db, ctx: Ctx, id: string, mode: Mode) {
  const scope = await scopeFor(db, ctx, ACTION[mode]);
  const r = await db.selectFrom('vendorEvidenceRequests').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  if (!r) throw err.notFound(KINDS.request, id);
  const as = await reaches(db, ctx, scope, mode, r.contractorId);
  if (!as) throw err.notFound(KINDS.request, id);
  return { request: r, as };
}

export async function getRequest(deps: AppDeps, ctx: Ctx, id: string) {
  const { request, as } = await requestFor(deps.db, ctx, id, 'read');
  const evidence = (await evidenceFor(deps.db, ctx.tenantId, 'evidenceRequest', [id])).get(id) ?? [];
  const contractor = await deps.db.selectFrom('vendorContractors').select(['id', 'name']).where('tenantId', '=', ctx.tenantId).where('id', '=', request.contractorId).executeTakeFirstOrThrow();
  return { ...presentRequest(request), contractor, viewer: as, evidence };
}

export async function listRequests(db: Db, ctx: Ctx, q: { status?: string }) {
  const scope = await scopeFor(db, ctx, 'vendor.read');
  let base = db
    .selectFrom('vendorEvidenceRequests as r')
    .innerJoin('vendorContractors as c', (j) => j.onRef('c.tenantId', '=', 'r.tenantId').onRef('c.id', '=', 'r.contractorId'))
    .selectAll('r')
    .select('c.name as contractorName')
    .where('r.tenantId', '=', ctx.tenantId);
  if (!scope.all) {
    const ids = await reachableContractorIds(db, ctx, scope);
    base = base.where('r.contractorId', 'in', ids.length ? ids : ['-']);
  }
  if (q.status) base = base.where('r.status', '=', q.status as VendorEvidenceRequestsTable['status']);
  const rows = await base.orderBy('r.createdAt', 'desc').limit(1000).execute();
  return rows.map((r) => ({ ...presentRequest(r), contractorName: r.contractorName }));
}

async function reachableContractorIds(db: Db, ctx: Ctx, scope: VendorScope): Promise<string[]> {
  const sections = scope.sections.length ? scope.sections : ['-'];
  const [owned, viaContracts] = await Promise.all([
    db.selectFrom('vendorContractors').select('id').where('tenantId', '=', ctx.tenantId).where('ownerSectionId', 'in', sections).execute(),
    db.selectFrom('vendorContracts').select('contractorId as id').where('tenantId', '=', ctx.tenantId).where('ownerSectionId', 'in', sections).execute(),
  ]);
  return [...new Set([...owned.map((r) => r.id), ...viaContracts.map((r) => r.id), ...scope.contractorIds])];
}

export const RequestSubmitInput = z.object({ note: optText(2000) }).strict();

export async function submitRequest(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof RequestSubmitInput>) {
  const { db } = deps;
  const { request } = await requestFor(db, ctx, id, 'respond');
  if (request.status !== 'open' && request.status !== 'returned') throw err.conflict('request_locked', { ja: 'この依頼には既に提出済みです。', en: 'This request has already been answered.' });
  const files = await db.selectFrom('vendorEvidence').select('id').where('tenantId', '=', ctx.tenantId).where('subjectType', '=', 'evidenceRequest').where('subjectId', '=', id).executeTakeFirst();
  if (!files) throw err.validation([{ field: 'file', code: 'evidence_required', message: { ja: '証跡のファイルを添付してから提出してください。', en: 'Attach the evidence file before submitting.' } }]);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('vendorEvidenceRequests')
      .set({ status: 'submitted', responseNote: input.note ?? null, submittedBy: ctx.audit.actorId, submittedAt: nowIso() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.request.submit', targetType: 'vendorEvidenceRequest', targetId: id, changes: { status: [request.status, 'submitted'] } });
  });
  return getRequest(deps, ctx, id);
}

export const RequestReviewInput = z
  .object({ decision: z.enum(['accept', 'return']), note: optText(2000) })
  .strict()
  .superRefine((v, c) => {
    if (v.decision === 'return' && !v.note) c.addIssue({ code: 'custom', path: ['note'], ...bilingual('差し戻す理由を記入してください。', 'Say why it is sent back.') });
  });

export async function reviewRequest(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof RequestReviewInput>) {
  const { db } = deps;
  const { request } = await requestFor(db, ctx, id, 'staff');
  if (request.status !== 'submitted') throw err.conflict('request_not_submitted', { ja: '提出された依頼だけを確認できます。', en: 'Only a submitted request can be reviewed.' });
  const status = input.decision === 'accept' ? 'accepted' : 'returned';
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('vendorEvidenceRequests').set({ status, reviewedBy: ctx.audit.actorId, reviewedAt: nowIso(), reviewNote: input.note ?? null }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await appendAudit(trx, ctx.audit, { action: `vendor.request.${input.decision}`, targetType: 'vendorEvidenceRequest', targetId: id, changes: { status: ['submitted', status], note: input.note ?? null } });
  });
  return getRequest(deps, ctx, id);
}

export async function uploadRequestEvidence(deps: AppDeps, ctx: Ctx, req: FastifyRequest, id: string) {
  const { request } = await requestFor(deps.db, ctx, id, 'respond');
  if (request.status !== 'open' && request.status !== 'returned') throw err.conflict('request_locked', { ja: 'この依頼には既に提出済みです。', en: 'This request has already been answered.' });
  return receiveEvidence(deps, ctx, req, { subjectType: 'evidenceRequest', subjectId: id, contractorId: request.contractorId });
}

// ---- reports ---------------------------------------------------------------------------------------

export const ReportInput = z
  .object({
    kind: z.enum(REPORT_KIND_IDS),
    title: text(200),
    body: optText(10_000),
    serviceId: z.uuid().nullable().optional(),
  })
  .strict();

function presentReport(r: VendorReportsTable) {
  return { id: r.id, contractorId: r.contractorId, kind: r.kind, title: r.title, body: r.body, serviceId: r.serviceId, submittedAt: r.submittedAt, submittedByLabel: r.submittedByLabel };
}

export async function submitReport(deps: AppDeps, ctx: Ctx, input: z.infer<typeof ReportInput>) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.respond');
  const contractorId = scope.contractorIds[0];
  const contractor = contractorId ? await db.selectFrom('vendorContractors').select(['id', 'name']).where('tenantId', '=', ctx.tenantId).where('id', '=', contractorId).executeTakeFirst() : undefined;
  if (!contractor) throw err.notFound(KINDS.contractor, contractorId ?? '-');
  if (input.serviceId) {
    // A contractor may only point at a service it provides or works on under a contract.
    const related = await db
      .selectFrom('vendorServices')
      .select('id')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', input.serviceId)
      .where((eb) => eb.or([eb('providerContractorId', '=', contractorId), eb('id', 'in', eb.selectFrom('vendorContracts').select('serviceId').where('tenantId', '=', ctx.tenantId).where('contractorId', '=', contractorId).where('serviceId', 'is not', null).$narrowType<{ serviceId: string }>())]))
      .executeTakeFirst();
    if (!related) throw err.validation([{ field: 'serviceId', code: 'service_unknown', message: { ja: '貴社が関わる外部サービスではありません。', en: 'Not a service your company works on.' } }]);
  }
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('vendorReports')
      .values({ tenantId: ctx.tenantId, id, contractorId, kind: input.kind, title: input.title, body: input.body ?? null, serviceId: input.serviceId ?? null, submittedBy: ctx.audit.actorId, submittedByLabel: actorLabel(ctx), submittedAt: nowIso() })
      .execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.report.submit', targetType: 'vendorReport', targetId: id, changes: { contractorId, kind: input.kind, title: input.title } });
    await deps.services.notifications?.notify(trx, ctx, {
      recipients: { roles: ['chiefSecurityManager'] },
      title: { ja: `委託事業者からの報告: ${input.title}`, en: `Report from a contractor: ${input.title}` },
      body: { ja: `${contractor.name}から報告が届きました。`, en: `${contractor.name} sent a report.` },
      link: `/vendors/reports/${id}`,
      severity: input.kind === 'incident' ? 'warning' : 'info',
    });
  });
  return getReport(deps, ctx, id);
}

export async function reportFor(db: Db, ctx: Ctx, id: string, mode: Mode) {
  const scope = await scopeFor(db, ctx, ACTION[mode]);
  const r = await db.selectFrom('vendorReports').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  if (!r) throw err.notFound(KINDS.report, id);
  const as = await reaches(db, ctx, scope, mode, r.contractorId);
  if (!as) throw err.notFound(KINDS.report, id);
  return { report: r, as };
}

export async function getReport(deps: AppDeps, ctx: Ctx, id: string) {
  const { report, as } = await reportFor(deps.db, ctx, id, 'read');
  const evidence = (await evidenceFor(deps.db, ctx.tenantId, 'report', [id])).get(id) ?? [];
  const contractor = await deps.db.selectFrom('vendorContractors').select(['id', 'name']).where('tenantId', '=', ctx.tenantId).where('id', '=', report.contractorId).executeTakeFirstOrThrow();
  return { ...presentReport(report), contractor, viewer: as, evidence };
}

export async function listReports(db: Db, ctx: Ctx) {
  const scope = await scopeFor(db, ctx, 'vendor.read');
  let base = db
    .selectFrom('vendorReports as r')
    .innerJoin('vendorContractors as c', (j) => j.onRef('c.tenantId', '=', 'r.tenantId').onRef('c.id', '=', 'r.contractorId'))
    .selectAll('r')
    .select('c.name as contractorName')
    .where('r.tenantId', '=', ctx.tenantId);
  if (!scope.all) {
    const ids = await reachableContractorIds(db, ctx, scope);
    base = base.where('r.contractorId', 'in', ids.length ? ids : ['-']);
  }
  const rows = await base.orderBy('r.submittedAt', 'desc').limit(500).execute();
  return rows.map((r) => ({ ...presentReport(r), contractorName: r.contractorName }));
}

export async function uploadReportEvidence(deps: AppDeps, ctx: Ctx, req: FastifyRequest, id: string) {
  const { report } = await reportFor(deps.db, ctx, id, 'respond');
  return receiveEvidence(deps, ctx, req, { subjectType: 'report', subjectId: id, contractorId: report.contractorId });
}

// ---- the contractor's portal -------------------------------------------------------------------------

export async function portal(deps: AppDeps, ctx: Ctx) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.respond');
  const ids = scope.contractorIds.length ? scope.contractorIds : ['-'];
  const t = ctx.tenantId;
  const [contractors, sheets, requests, reports] = await Promise.all([
    db.selectFrom('vendorContractors').select(['id', 'name', 'corporateNumber']).where('tenantId', '=', t).where('id', 'in', ids).execute(),
    db.selectFrom('vendorCheckSheets').selectAll().where('tenantId', '=', t).where('contractorId', 'in', ids).where('status', '<>', 'draft').orderBy('fiscalYear', 'desc').execute(),
    db.selectFrom('vendorEvidenceRequests').selectAll().where('tenantId', '=', t).where('contractorId', 'in', ids).orderBy('createdAt', 'desc').execute(),
    db.selectFrom('vendorReports').selectAll().where('tenantId', '=', t).where('contractorId', 'in', ids).orderBy('submittedAt', 'desc').limit(100).execute(),
  ]);
  if (contractors.length === 0) throw err.notFound(KINDS.contractor, scope.contractorIds[0] ?? '-');
  const services = await db
    .selectFrom('vendorServices')
    .select(['id', 'name'])
    .where('tenantId', '=', t)
    .where((eb) => eb.or([eb('providerContractorId', 'in', ids), eb('id', 'in', eb.selectFrom('vendorContracts').select('serviceId').where('tenantId', '=', t).where('contractorId', 'in', ids).where('serviceId', 'is not', null).$narrowType<{ serviceId: string }>())]))
    .orderBy('name')
    .execute();
  return {
    contractors,
    sheets: sheets.map((s) => ({ id: s.id, contractorId: s.contractorId, fiscalYear: s.fiscalYear, status: s.status, dueOn: s.dueOn, submittedAt: s.submittedAt, reviewNote: s.reviewNote })),
    requests: requests.map(presentRequest),
    reports: reports.map(presentReport),
    services,
  };
}
