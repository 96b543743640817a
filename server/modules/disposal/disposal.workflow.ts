import { japanDate } from '@shared/era';
import { type DisposalState, type EvidenceKind, PROOF_LABELS } from '@shared/disposal';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database';
import { fromJson, isSet, nowIso, toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, type Bilingual, type FieldError, err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { readUpload } from '../../platform/uploads';
import {
  DISPOSAL,
  When,
  addDays,
  checkNotBefore,
  checkNotFuture,
  optText,
  stateConflict,
  throwIfAny,
} from './disposal.common';
import {
  compactEvaluation,
  contractorProblem,
  evaluateOrThrow,
  eventRow,
  evaluationOf,
  getDisposal,
  loadAssets,
  methodNotAllowed,
  missingForClose,
  proofChoicesStatus,
  proofGap,
  proofStatus,
  proofWarnings,
  uncheckedCertificate,
  reachable,
  resolveSubject,
} from './disposal.service';
import type { DisposalsTable } from './disposal.tables';
import { checkMethod, proofInPlay, requiredProof } from './rules/disposal-rules';

/**
 * The life of a disposal: requested → approved → erased in the building (when required) → handed
 * to the contractor → destroyed or erased → certificate checked → closed. Each step checks the
 * state, refuses dates in the future or before the previous step, writes one timeline entry and
 * one audit entry in the same transaction.
 */

type Step = { ja: string; en: string };

/** One step's change to one disposal, run inside a transaction (single or bulk). */
export type Work = (trx: Db, row: DisposalsTable) => Promise<void>;

const STEP = {
  approve: { ja: '承認', en: 'approve' },
  erase: { ja: '庁舎内での消去の記録', en: 'record erasure in the building' },
  handover: { ja: '事業者への引渡し', en: 'hand over to the contractor' },
  custody: { ja: '引渡しの記録', en: 'record a custody transfer' },
  complete: { ja: '破壊・消去の完了の記録', en: 'record completion' },
  witness: { ja: '立会いの記録', en: 'record a witness' },
  evidence: { ja: '証明書・写真の提出', en: 'submit a certificate or photo' },
  check: { ja: '証明書の確認', en: 'check the certificate' },
  staffCheck: { ja: '職員による確認', en: 'record the staff check' },
  key: { ja: '暗号鍵の消去の記録', en: 'record key destruction' },
  close: { ja: '完了', en: 'close' },
  cancel: { ja: '取消し', en: 'cancel' },
} satisfies Record<string, Step>;

function requireState(row: DisposalsTable, allowed: DisposalState[], step: Step): void {
  if (allowed.includes(row.state)) return;
  if (row.state === 'closed') {
    throw err.conflict('disposal_closed', {
      ja: `この廃棄記録は完了しているため、「${step.ja}」はできません。`,
      en: `This disposal is closed, so you cannot ${step.en}.`,
    });
  }
  if (row.state === 'cancelled') {
    throw err.conflict('disposal_cancelled', {
      ja: `この廃棄記録は取り消されているため、「${step.ja}」はできません。`,
      en: `This disposal was cancelled, so you cannot ${step.en}.`,
    });
  }
  throw stateConflict(row.state, step);
}

async function update(trx: Db, ctx: Ctx, id: string, set: Partial<DisposalsTable>): Promise<void> {
  await trx
    .updateTable('disposals')
    .set({ ...set, updatedAt: nowIso() })
    .where('tenantId', '=', ctx.tenantId)
    .where('id', '=', id)
    .execute();
}

async function insertEvent(trx: Db, row: ReturnType<typeof eventRow>): Promise<void> {
  await trx.insertInto('disposalEvents').values(row as never).execute();
}

/** Run a step: the state is read again inside the transaction, so two people cannot both advance it. */
async function step(
  deps: AppDeps,
  ctx: Ctx,
  id: string,
  action: 'disposal.write' | 'disposal.approve' | 'disposal.certify',
  work: Work,
) {
  await reachable(deps.db, ctx, id, action);
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('disposals').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw err.notFound(DISPOSAL, id);
    await work(trx, row);
  });
  return getDisposal(deps, ctx, id);
}

// ---- approve ------------------------------------------------------------------------------

export const ApproveInput = z.object({ note: optText(1000) }).strict();

/** Approval re-reads the linked assets: if their class rose since the request, the method is checked again. */
export async function approve(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof ApproveInput>) {
  return step(deps, ctx, id, 'disposal.approve', approveWork(deps, ctx, input));
}

export function approveWork(deps: AppDeps, ctx: Ctx, input: z.infer<typeof ApproveInput>): Work {
  return async (trx, row) => {
    const id = row.id;
    requireState(row, ['requested'], STEP.approve);
    if (!row.method) {
      throw err.validation([{ field: 'method', code: 'method_required', message: { ja: '承認する前に廃棄の方法を決めてください。', en: 'Choose a disposal method before approval.' } }]);
    }
    const assetIds = (await trx.selectFrom('disposalAssets').select('assetId').where('tenantId', '=', ctx.tenantId).where('disposalId', '=', id).execute()).map((a) => a.assetId);
    const assets = await loadAssets(deps, trx, ctx.tenantId, assetIds);
    const r = resolveSubject(
      deps,
      row.edition,
      {
        target: row.target,
        mediaKind: row.mediaKind,
        storageKind: row.storageKind,
        declaredConfidentiality: row.declaredConfidentiality,
        declaredMyNumberResident: isSet(row.declaredMyNumberResident),
        assetIds,
      },
      assets,
    );
    if (!r.resolved) throw err.validation(r.problems);
    const ev = evaluateOrThrow(row.edition, r.resolved.subject, row.method);
    if (!checkMethod(ev, row.method).ok) throw methodNotAllowed(ev, row.method);
    const now = nowIso();
    const set: Partial<DisposalsTable> = {
      state: 'approved',
      approvedAt: now,
      approvedBy: ctx.audit.actorId,
      confidentiality: r.resolved.subject.confidentiality,
      myNumberResident: r.resolved.subject.myNumberResident ? 1 : 0,
      segment: r.resolved.segment,
      category: ev.category,
      evaluation: toJson(compactEvaluation(ev)),
      requiredProof: toJson(requiredProof(ev)),
    };
    await update(trx, ctx, id, set);
    await insertEvent(trx, eventRow(ctx, id, 'approved', now, { note: input.note }));
    await appendAudit(trx, ctx.audit, {
      action: 'disposal.approve',
      targetType: 'disposal',
      targetId: id,
      changes: { state: [row.state, 'approved'], method: row.method, confidentiality: [row.confidentiality, set.confidentiality], requiredProof: requiredProof(ev), note: input.note },
    });
  };
}

// ---- erase in the building ----------------------------------------------------------------

export const EraseInput = z.object({ at: When, by: z.string().trim().min(1).max(200), note: optText(1000) }).strict();

export async function eraseInBuilding(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof EraseInput>) {
  return step(deps, ctx, id, 'disposal.write', eraseInBuildingWork(deps, ctx, input));
}

export function eraseInBuildingWork(_deps: AppDeps, ctx: Ctx, input: z.infer<typeof EraseInput>): Work {
  return async (trx, row) => {
    const id = row.id;
    requireState(row, ['approved'], STEP.erase);
    throwIfAny([checkNotFuture(input.at, 'at'), checkNotBefore(input.at, row.approvedAt, 'at', { ja: '承認日', en: 'the approval' })]);
    await update(trx, ctx, id, { state: 'erasedInBuilding', erasedInBuildingAt: input.at, erasedInBuildingBy: input.by });
    await insertEvent(trx, eventRow(ctx, id, 'erasedInBuilding', input.at, { note: input.note, toParty: input.by }));
    await appendAudit(trx, ctx.audit, { action: 'disposal.erase_in_building', targetType: 'disposal', targetId: id, changes: { state: [row.state, 'erasedInBuilding'], at: input.at, by: input.by } });
  };
}

// ---- hand over ----------------------------------------------------------------------------

export const HandoverInput = z
  .object({
    at: When,
    contractorId: optText(64),
    contractorName: optText(200),
    receivedBy: z.string().trim().min(1).max(200),
    place: optText(200),
    note: optText(1000),
    certificateDays: z.number().int().min(1).max(365).optional(),
  })
  .strict();
export type HandoverInput = z.infer<typeof HandoverInput>;

export function handoverProblems(row: DisposalsTable, input: HandoverInput, prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  const name = input.contractorName ?? row.contractorName;
  if (!name) out.push({ field: `${prefix}contractorName`, code: 'required', message: { ja: '引渡し先の事業者を入力してください。', en: 'Give the contractor the medium is handed to.' } });
  const f = checkNotFuture(input.at, `${prefix}at`);
  if (f) out.push(f);
  const b = checkNotBefore(input.at, row.erasedInBuildingAt ?? row.approvedAt, `${prefix}at`, row.erasedInBuildingAt ? { ja: '庁舎内で消去した日', en: 'the in-building erasure' } : { ja: '承認日', en: 'the approval' });
  if (b) out.push(b);
  return out;
}

/**
 * The proof the current rule tables ask of this disposal. Read live (not from the snapshot stored at
 * approval) so that a corrected rule applies to open disposals too — e.g. row (1) of seed 004 no
 * longer requires photos or both a witness and a certificate (facts Corrections of 2026-12 no.3).
 */
export function liveProof(row: DisposalsTable): { required: string[]; inPlay: string[] } {
  if (!row.method) return { required: fromJson<string[]>(row.requiredProof, []), inPlay: fromJson<string[]>(row.requiredProof, []) };
  try {
    const ev = evaluationOf(row);
    return { required: requiredProof(ev), inPlay: proofInPlay(ev) };
  } catch {
    return { required: fromJson<string[]>(row.requiredProof, []), inPlay: fromJson<string[]>(row.requiredProof, []) };
  }
}

export function inBuildingRequired(row: DisposalsTable): boolean {
  return liveProof(row).required.includes('inBuildingErase');
}

export function inBuildingError(code: string): AppError {
  return err.conflict('in_building_erase_required', {
    ja: `${code}: この媒体は、引き渡す前に庁舎内で消去する必要があります。先に消去を記録してください。`,
    en: `${code}: this medium must be erased in the building before it is handed over. Record the erasure first.`,
  });
}

export function handoverSet(ctx: Ctx, row: DisposalsTable, input: HandoverInput): Partial<DisposalsTable> {
  const days = input.certificateDays ?? row.certificateDays;
  const needsCertificate = liveProof(row).inPlay.includes('certificate');
  return {
    state: 'handedOver',
    handedOverAt: input.at,
    handedOverBy: ctx.audit.actorId,
    handedTo: input.receivedBy,
    contractorId: input.contractorId ?? row.contractorId,
    contractorName: input.contractorName ?? row.contractorName,
    certificateDays: days,
    certificateDueOn: needsCertificate ? addDays(japanDate(input.at), days) : null,
  };
}

export async function handOver(deps: AppDeps, ctx: Ctx, id: string, input: HandoverInput) {
  return step(deps, ctx, id, 'disposal.write', handOverWork(deps, ctx, input));
}

export function handOverWork(deps: AppDeps, ctx: Ctx, input: HandoverInput): Work {
  return async (trx, row) => {
    const id = row.id;
    requireState(row, ['approved', 'erasedInBuilding'], STEP.handover);
    if (inBuildingRequired(row) && row.state !== 'erasedInBuilding') throw inBuildingError(row.code);
    throwIfAny([...handoverProblems(row, input), input.contractorId && input.contractorId !== row.contractorId ? await contractorProblem(deps, trx, ctx.tenantId, input.contractorId) : null]);
    const set = handoverSet(ctx, row, input);
    await update(trx, ctx, id, set);
    await insertEvent(
      trx,
      eventRow(ctx, id, 'handedOver', input.at, { fromParty: ctx.audit.actorLabel, toParty: `${set.contractorName} ${input.receivedBy}`, place: input.place, note: input.note }),
    );
    await appendAudit(trx, ctx.audit, {
      action: 'disposal.hand_over',
      targetType: 'disposal',
      targetId: id,
      changes: { state: [row.state, 'handedOver'], at: input.at, contractorId: set.contractorId, contractorName: set.contractorName, receivedBy: input.receivedBy, certificateDueOn: set.certificateDueOn },
    });
  };
}

// ---- chain of custody ---------------------------------------------------------------------

export const CustodyInput = z
  .object({ at: When, from: z.string().trim().min(1).max(200), to: z.string().trim().min(1).max(200), place: optText(200), note: optText(1000) })
  .strict();

export async function recordCustody(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof CustodyInput>) {
  return step(deps, ctx, id, 'disposal.write', recordCustodyWork(deps, ctx, input));
}

export function recordCustodyWork(_deps: AppDeps, ctx: Ctx, input: z.infer<typeof CustodyInput>): Work {
  return async (trx, row) => {
    const id = row.id;
    requireState(row, ['handedOver', 'destroyed'], STEP.custody);
    throwIfAny([checkNotFuture(input.at, 'at'), checkNotBefore(input.at, row.handedOverAt, 'at', { ja: '引渡し日', en: 'the handover' })]);
    await insertEvent(trx, eventRow(ctx, id, 'custodyTransfer', input.at, { fromParty: input.from, toParty: input.to, place: input.place, note: input.note }));
    await update(trx, ctx, id, {});
    await appendAudit(trx, ctx.audit, { action: 'disposal.custody', targetType: 'disposal', targetId: id, changes: input });
  };
}

// ---- completion (destroyed or erased) -----------------------------------------------------

export const CompleteInput = z.object({ at: When, place: optText(200), note: optText(1000) }).strict();

export async function recordCompletion(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof CompleteInput>, by: 'staff' | 'contractor') {
  return step(deps, ctx, id, by === 'staff' ? 'disposal.write' : 'disposal.certify', async (trx, row) => {
    const certificateRequired = liveProof(row).required.includes('certificate');
    // Staff may record an in-house completion only where no contractor certificate is required.
    const allowed: DisposalState[] = by === 'contractor' || certificateRequired ? ['handedOver'] : ['approved', 'erasedInBuilding', 'handedOver'];
    if (by === 'staff' && certificateRequired && ['approved', 'erasedInBuilding'].includes(row.state)) {
      throw err.conflict('handover_required', {
        ja: 'この媒体は完了証明書が必要なため、事業者へ引き渡してから完了を記録します。',
        en: 'This medium needs a completion certificate, so completion is recorded after handing it to the contractor.',
      });
    }
    requireState(row, allowed, STEP.complete);
    const previous = row.handedOverAt ?? row.erasedInBuildingAt ?? row.approvedAt;
    throwIfAny([checkNotFuture(input.at, 'at'), checkNotBefore(input.at, previous, 'at', { ja: '前の工程の日', en: 'the previous step' })]);
    await update(trx, ctx, id, { state: 'destroyed', destroyedAt: input.at, destroyedPlace: input.place });
    await insertEvent(trx, eventRow(ctx, id, 'destroyed', input.at, { place: input.place, note: input.note }));
    await appendAudit(trx, ctx.audit, { action: 'disposal.complete', targetType: 'disposal', targetId: id, changes: { state: [row.state, 'destroyed'], at: input.at, place: input.place, by } });
    if (by === 'contractor') await tellStaff(deps, trx, ctx, row, { ja: `${row.code} の破壊・消去が完了と報告されました`, en: `${row.code}: completion reported` });
  });
}

// ---- witness ------------------------------------------------------------------------------

export const WitnessInput = z
  .object({ userId: z.uuid().nullable().optional(), name: optText(200), from: When, until: When, note: optText(1000) })
  .strict();

export async function recordWitness(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof WitnessInput>) {
  return step(deps, ctx, id, 'disposal.write', recordWitnessWork(deps, ctx, input));
}

export function recordWitnessWork(_deps: AppDeps, ctx: Ctx, input: z.infer<typeof WitnessInput>): Work {
  return async (trx, row) => {
    const id = row.id;
    requireState(row, ['approved', 'erasedInBuilding', 'handedOver', 'destroyed', 'certificateChecked'], STEP.witness);
    let name = input.name;
    if (input.userId) {
      const u = await trx.selectFrom('users').select(['displayName', 'status']).where('tenantId', '=', ctx.tenantId).where('id', '=', input.userId).executeTakeFirst();
      if (!u) throw err.validation([{ field: 'userId', code: 'user_unknown', message: { ja: '立ち会った職員が見つかりません。', en: 'The witnessing staff member was not found.' } }]);
      name ??= u.displayName;
    }
    const problems: Array<FieldError | null> = [
      name ? null : { field: 'name', code: 'required', message: { ja: '立ち会った職員を指定してください。', en: 'Give the staff member who witnessed.' } },
      checkNotFuture(input.from, 'from'),
      checkNotFuture(input.until, 'until'),
      checkNotBefore(input.from, row.approvedAt, 'from', { ja: '承認日', en: 'the approval' }),
      Date.parse(input.until) < Date.parse(input.from)
        ? { field: 'until', code: 'until_before_from', message: { ja: '立会いの終了は開始より後にしてください。', en: 'The witness must end after it starts.' } }
        : null,
    ];
    throwIfAny(problems);
    const now = nowIso();
    await trx
      .insertInto('disposalWitnesses')
      .values({ tenantId: ctx.tenantId, id: newId(), disposalId: id, userId: input.userId ?? null, name: name!, fromAt: input.from, untilAt: input.until, note: input.note, recordedBy: ctx.audit.actorId, recordedAt: now })
      .execute();
    await insertEvent(trx, eventRow(ctx, id, 'witnessRecorded', input.until, { toParty: name, note: input.note }));
    await update(trx, ctx, id, {});
    await appendAudit(trx, ctx.audit, { action: 'disposal.witness', targetType: 'disposal', targetId: id, changes: { userId: input.userId ?? null, name, from: input.from, until: input.until } });
  };
}

// ---- evidence (certificates and photos) ---------------------------------------------------

const KIND = z.enum(['certificate', 'photo']);

export async function uploadEvidence(deps: AppDeps, ctx: Ctx, req: FastifyRequest, id: string, by: 'staff' | 'contractor') {
  const action = by === 'staff' ? 'disposal.write' : 'disposal.certify';
  const { row: before } = await reachable(deps.db, ctx, id, action);
  // Refuse before reading a large body when the state already rules it out.
  requireState(before, ['handedOver', 'destroyed', 'certificateChecked'], STEP.evidence);
  const upload = await readUpload(req, deps.config.SHIRUBE_EVIDENCE_LIMIT_MB * 1024 * 1024);
  const kindParse = KIND.safeParse(upload.fields.kind);
  if (!kindParse.success) {
    throw err.validation([{ field: 'kind', code: 'kind_required', message: { ja: '種類（certificate: 完了証明書 / photo: 写真）を指定してください。', en: 'Give the kind: certificate or photo.' } }]);
  }
  return storeEvidence(deps, ctx, id, { buffer: upload.buffer, filename: upload.filename, kind: kindParse.data }, by);
}

/** Keep a certificate (PDF or image) or a photo (image, judged by content) as proof of one disposal. */
export async function storeEvidence(deps: AppDeps, ctx: Ctx, id: string, file: { buffer: Buffer; filename: string; kind: EvidenceKind }, by: 'staff' | 'contractor') {
  const action = by === 'staff' ? 'disposal.write' : 'disposal.certify';
  const { scope } = await reachable(deps.db, ctx, id, action);
  const kind = file.kind;
  const files = deps.services.files;
  let evidenceId = '';
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('disposals').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw err.notFound(DISPOSAL, id);
    requireState(row, ['handedOver', 'destroyed', 'certificateChecked'], STEP.evidence);
    const meta = await files.store(trx, ctx, { buffer: file.buffer, filename: file.filename, accept: kind === 'photo' ? ['image'] : ['pdf', 'image'] });
    const now = nowIso();
    evidenceId = newId();
    const contractorId = by === 'contractor' ? (scope.contractors.find((c) => c === row.contractorId) ?? null) : null;
    await trx
      .insertInto('disposalEvidence')
      .values({
        tenantId: ctx.tenantId,
        id: evidenceId,
        disposalId: id,
        kind,
        fileId: meta.id,
        filename: meta.filename,
        sha256: meta.sha256,
        size: meta.size,
        contentType: meta.contentType,
        uploadedBy: ctx.audit.actorId,
        uploadedByLabel: ctx.audit.actorLabel,
        contractorId,
        uploadedAt: now,
      })
      .execute();
    await insertEvent(trx, eventRow(ctx, id, kind === 'certificate' ? 'certificateUploaded' : 'photoUploaded', now, { note: meta.filename, fileId: meta.id }));
    await update(trx, ctx, id, kind === 'certificate' && !row.certificateReceivedAt ? { certificateReceivedAt: now } : {});
    await appendAudit(trx, ctx.audit, {
      action: 'disposal.evidence',
      targetType: 'disposal',
      targetId: id,
      changes: { kind, fileId: meta.id, filename: meta.filename, sha256: meta.sha256, size: meta.size, by },
    });
    if (by === 'contractor') {
      await tellStaff(deps, trx, ctx, row, {
        ja: `${row.code} に${kind === 'certificate' ? '完了証明書' : '写真'}が提出されました`,
        en: `${row.code}: ${kind === 'certificate' ? 'certificate' : 'photo'} submitted`,
      });
    }
  });
  return { evidenceId, disposal: await getDisposal(deps, ctx, id) };
}

/** Let the requester and the chief security manager know (in-app; e-mail per the notifications service). */
async function tellStaff(deps: AppDeps, trx: Db, ctx: Ctx, row: DisposalsTable, title: Bilingual): Promise<void> {
  const n = deps.services.notifications;
  if (!n) return;
  await n.notify(trx, ctx, {
    recipients: { userIds: row.requestedBy ? [row.requestedBy] : [], roles: ['chiefSecurityManager'] },
    title,
    body: {
      ja: `${row.code}（${row.serialNumber ?? row.serviceName ?? ''}）について、${ctx.audit.actorLabel} から提出がありました。内容を確認してください。`,
      en: `${ctx.audit.actorLabel} submitted for ${row.code} (${row.serialNumber ?? row.serviceName ?? ''}). Please check it.`,
    },
    link: `/disposals/${row.id}`,
    severity: 'info',
  });
}

export async function sendEvidence(deps: AppDeps, ctx: Ctx, reply: Parameters<AppDeps['services']['files']['send']>[0], id: string, evidenceId: string) {
  await reachable(deps.db, ctx, id, 'disposal.read');
  const ev = await deps.db.selectFrom('disposalEvidence').select('fileId').where('tenantId', '=', ctx.tenantId).where('disposalId', '=', id).where('id', '=', evidenceId).executeTakeFirst();
  if (!ev) throw err.notFound({ ja: '証跡ファイル', en: 'Evidence file' }, evidenceId);
  return deps.services.files.send(reply, deps.db, ctx.tenantId, ev.fileId);
}

// ---- certificate check --------------------------------------------------------------------

export const CheckInput = z.object({ note: optText(1000) }).strict();

export async function checkCertificate(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof CheckInput>) {
  return step(deps, ctx, id, 'disposal.approve', checkCertificateWork(deps, ctx, input));
}

export function checkCertificateWork(_deps: AppDeps, ctx: Ctx, input: z.infer<typeof CheckInput>): Work {
  return async (trx, row) => {
    const id = row.id;
    requireState(row, ['destroyed'], STEP.check);
    const evidence = await trx.selectFrom('disposalEvidence').select('kind').where('tenantId', '=', ctx.tenantId).where('disposalId', '=', id).execute();
    const missing: FieldError[] = [];
    if (!evidence.some((e) => e.kind === 'certificate')) {
      missing.push({ field: 'certificate', code: 'proof_missing', message: { ja: '完了証明書が提出されていません。', en: 'No completion certificate has been submitted.' } });
    }
    if (liveProof(row).required.includes('photos') && !evidence.some((e) => e.kind === 'photo')) {
      missing.push({ field: 'photos', code: 'proof_missing', message: { ja: '破壊の証拠写真が提出されていません。', en: 'No photo of the destruction has been submitted.' } });
    }
    if (missing.length) throw new AppError(409, 'proof_missing', { ja: '証明書を確認済みにするための証跡が足りません。', en: 'Evidence is missing for checking the certificate.' }, missing);
    const now = nowIso();
    await update(trx, ctx, id, { state: 'certificateChecked', certificateCheckedAt: now, certificateCheckedBy: ctx.audit.actorId });
    await insertEvent(trx, eventRow(ctx, id, 'certificateChecked', now, { note: input.note }));
    await appendAudit(trx, ctx.audit, { action: 'disposal.check_certificate', targetType: 'disposal', targetId: id, changes: { state: [row.state, 'certificateChecked'], note: input.note } });
  };
}

// ---- staff check --------------------------------------------------------------------------

export const StaffCheckInput = z.object({ at: When, note: optText(1000) }).strict();

export async function staffCheck(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof StaffCheckInput>) {
  return step(deps, ctx, id, 'disposal.write', staffCheckWork(deps, ctx, input));
}

export function staffCheckWork(_deps: AppDeps, ctx: Ctx, input: z.infer<typeof StaffCheckInput>): Work {
  return async (trx, row) => {
    const id = row.id;
    requireState(row, ['destroyed', 'certificateChecked'], STEP.staffCheck);
    throwIfAny([checkNotFuture(input.at, 'at'), checkNotBefore(input.at, row.destroyedAt, 'at', { ja: '完了日', en: 'the completion' })]);
    await update(trx, ctx, id, { staffCheckedAt: input.at, staffCheckedBy: ctx.audit.actorId });
    await insertEvent(trx, eventRow(ctx, id, 'staffChecked', input.at, { note: input.note }));
    await appendAudit(trx, ctx.audit, { action: 'disposal.staff_check', targetType: 'disposal', targetId: id, changes: { at: input.at, note: input.note } });
  };
}

// ---- key destruction (cloud crypto erase) --------------------------------------------------

export const KeyInput = z.object({ at: When, keyReference: z.string().trim().min(1).max(300), note: optText(1000) }).strict();

export async function recordKeyDestruction(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof KeyInput>) {
  return step(deps, ctx, id, 'disposal.write', recordKeyDestructionWork(deps, ctx, input));
}

export function recordKeyDestructionWork(_deps: AppDeps, ctx: Ctx, input: z.infer<typeof KeyInput>): Work {
  return async (trx, row) => {
    const id = row.id;
    if (row.target !== 'cloud' || row.method !== 'cryptoErase') {
      throw err.conflict('not_crypto_erase', { ja: '暗号鍵の消去は、暗号化消去を選んだクラウド上のデータにだけ記録します。', en: 'Key destruction is recorded only for cloud data erased cryptographically.' });
    }
    requireState(row, ['approved', 'handedOver', 'destroyed', 'certificateChecked'], STEP.key);
    throwIfAny([checkNotFuture(input.at, 'at'), checkNotBefore(input.at, row.approvedAt, 'at', { ja: '承認日', en: 'the approval' })]);
    await update(trx, ctx, id, { keyDestroyedAt: input.at, keyReference: input.keyReference });
    await insertEvent(trx, eventRow(ctx, id, 'keyDestroyed', input.at, { note: [input.keyReference, input.note].filter(Boolean).join(' / ') }));
    await appendAudit(trx, ctx.audit, { action: 'disposal.key_destroyed', targetType: 'disposal', targetId: id, changes: { at: input.at, keyReference: input.keyReference } });
  };
}

// ---- close and cancel ---------------------------------------------------------------------

export const CloseInput = z.object({ note: optText(1000) }).strict();

export async function closeDisposal(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof CloseInput>) {
  return step(deps, ctx, id, 'disposal.approve', closeDisposalWork(deps, ctx, input));
}

export function closeDisposalWork(_deps: AppDeps, ctx: Ctx, input: z.infer<typeof CloseInput>): Work {
  return async (trx, row) => {
    const id = row.id;
    requireState(row, ['destroyed', 'certificateChecked'], STEP.close);
    const [witnesses, evidence] = await Promise.all([
      trx.selectFrom('disposalWitnesses').select(['untilAt', 'name']).where('tenantId', '=', ctx.tenantId).where('disposalId', '=', id).execute(),
      trx.selectFrom('disposalEvidence').select('kind').where('tenantId', '=', ctx.tenantId).where('disposalId', '=', id).execute(),
    ]);
    const ev = evaluationOf(row);
    const proof = proofStatus(row, ev, { witnesses, evidence });
    const choices = proofChoicesStatus(ev, proof);
    const missing = missingForClose(row, proof, ev);
    if (missing.length) {
      const details: FieldError[] = proof
        .filter((p) => p.level === 'required' && !p.met)
        .map((p) => ({ field: `proof.${p.kind}`, code: 'proof_missing', message: proofGap(row, { ...p, label: PROOF_LABELS[p.kind] }) }));
      for (const c of choices.filter((x) => !x.met)) {
        details.push({ field: `proofChoice.${c.id}`, code: 'proof_missing', message: { ja: `${c.label.ja}（どれもそろっていません）`, en: `${c.label.en} (none complete)` } });
        const pending = uncheckedCertificate(row, proof, c.options);
        if (pending) details.push({ field: 'proof.certificate', code: 'certificate_unchecked', message: pending });
      }
      throw new AppError(
        409,
        'proof_missing',
        {
          ja: `必要な証跡がそろっていないため完了にできません（${missing.length}件）: ${missing.map((m) => m.ja).join(' ')}`,
          en: `The disposal cannot be closed while proof is missing (${missing.length}): ${missing.map((m) => m.en).join(' ')}`,
        },
        details,
      );
    }
    // A way of proof other than the one the source names is accepted only with a recorded reason.
    const otherWay = choices.filter((c) => c.option && !c.option.example);
    if (otherWay.length && !input.note) {
      throw new AppError(
        409,
        'confirmation_reason_required',
        {
          ja: `表の例以外の方法で確認しています（${otherWay.map((c) => c.label.ja).join('、')}）。その方法で足りる理由を備考に記録してください。`,
          en: `Confirmed in a way other than the table's example (${otherWay.map((c) => c.label.en).join(', ')}). Record in the note why it is adequate.`,
        },
        [{ field: 'note', code: 'confirmation_reason_required', message: { ja: '例以外の確認方法を選んだ理由を入力してください。', en: 'Give the reason for the confirmation used.' } }],
      );
    }
    const warnings = proofWarnings(proof).map((w) => w.kind);
    const now = nowIso();
    await update(trx, ctx, id, { state: 'closed', closedAt: now, closedBy: ctx.audit.actorId });
    await insertEvent(trx, eventRow(ctx, id, 'closed', now, { note: input.note }));
    await appendAudit(trx, ctx.audit, {
      action: 'disposal.close',
      targetType: 'disposal',
      targetId: id,
      changes: {
        state: [row.state, 'closed'],
        note: input.note,
        ruleSet: ev.ruleSet.id,
        provenBy: Object.fromEntries(choices.map((c) => [c.id, c.option?.id ?? null])),
        ...(otherWay.length ? { otherWayReason: input.note } : {}),
        ...(warnings.length ? { recommendedMissing: warnings } : {}),
        ...(row.requiredProof !== toJson(requiredProof(ev)) ? { requiredProofAtApproval: fromJson<string[]>(row.requiredProof, []) } : {}),
      },
    });
  };
}

export const CancelInput = z.object({ reason: z.string().trim().min(1).max(1000) }).strict();

export async function cancelDisposal(deps: AppDeps, ctx: Ctx, id: string, input: z.infer<typeof CancelInput>) {
  return step(deps, ctx, id, 'disposal.approve', cancelDisposalWork(deps, ctx, input));
}

export function cancelDisposalWork(_deps: AppDeps, ctx: Ctx, input: z.infer<typeof CancelInput>): Work {
  return async (trx, row) => {
    const id = row.id;
    requireState(row, ['requested', 'approved', 'erasedInBuilding'], STEP.cancel);
    const now = nowIso();
    await update(trx, ctx, id, { state: 'cancelled', cancelledAt: now, cancelledBy: ctx.audit.actorId, cancelReason: input.reason });
    await insertEvent(trx, eventRow(ctx, id, 'cancelled', now, { note: input.reason }));
    await appendAudit(trx, ctx.audit, { action: 'disposal.cancel', targetType: 'disposal', targetId: id, changes: { state: [row.state, 'cancelled'], reason: input.reason } });
  };
}
