import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database';
import { nowIso } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, err, zodToFieldErrors } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { readUpload } from '../../platform/uploads';
import { KINDS, actorLabel, optDate, text } from './vendors.common';
import type { EvidenceSubject, VendorEvidenceTable } from './vendors.tables';

/**
 * Evidence files: certificates, audit reports, answers' supporting documents. The bytes go to the
 * files service (type checked by content, SHA-256, size limit) inside the same transaction as the
 * evidence record and its audit entry. Downloads pass the owning record's access check first and
 * are always sent as attachments.
 */

export const ACCEPTED_KINDS = ['pdf', 'image', 'office'] as const;

export interface EvidenceView {
  id: string;
  title: string;
  filename: string;
  size: number;
  contentType: string;
  sha256: string;
  validUntil: string | null;
  itemId: string | null;
  uploadedAt: string;
  uploadedByLabel: string;
}

export function presentEvidence(e: VendorEvidenceTable): EvidenceView {
  return {
    id: e.id,
    title: e.title,
    filename: e.filename,
    size: e.size,
    contentType: e.contentType,
    sha256: e.sha256,
    validUntil: e.validUntil,
    itemId: e.itemId,
    uploadedAt: e.uploadedAt,
    uploadedByLabel: e.uploadedByLabel,
  };
}

/** Evidence of several records of one subject type, by record id. */
export async function evidenceFor(db: Db, tenantId: string, subjectType: EvidenceSubject, subjectIds: string[]): Promise<Map<string, EvidenceView[]>> {
  const map = new Map<string, EvidenceView[]>();
  if (subjectIds.length === 0) return map;
  const rows = await db
    .selectFrom('vendorEvidence')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('subjectType', '=', subjectType)
    .where('subjectId', 'in', subjectIds)
    .orderBy('uploadedAt')
    .execute();
  for (const r of rows) {
    const list = map.get(r.subjectId) ?? [];
    list.push(presentEvidence(r));
    map.set(r.subjectId, list);
  }
  return map;
}

const EvidenceFields = z
  .object({
    title: text(200).optional(),
    validUntil: optDate,
    itemId: z.string().max(64).optional(),
  })
  .strip();

export interface EvidenceTarget {
  subjectType: EvidenceSubject;
  subjectId: string;
  contractorId: string | null;
  /** Check-sheet items that may carry evidence (others are refused). */
  itemIds?: string[];
}

/**
 * Read one uploaded file from the request and store it as evidence of the target. Call it only
 * after the target has passed the actor's access check, so an outsider gets a 404 before any
 * upload is read.
 */
export async function receiveEvidence(deps: AppDeps, ctx: Ctx, req: FastifyRequest, target: EvidenceTarget, extra?: (trx: Db) => Promise<void>) {
  const limit = deps.config.SHIRUBE_EVIDENCE_LIMIT_MB * 1024 * 1024;
  const upload = await readUpload(req, limit);
  const parsed = EvidenceFields.safeParse(upload.fields);
  if (!parsed.success) throw err.validation(zodToFieldErrors(parsed.error));
  const fields = parsed.data;
  if (fields.itemId !== undefined && !(target.itemIds ?? []).includes(fields.itemId)) {
    throw err.validation([{ field: 'itemId', code: 'item_unknown', message: { ja: 'チェックシートにこの項目はありません。', en: 'The check sheet has no such item.' } }]);
  }
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const meta = await deps.services.files.store(trx, ctx, { buffer: upload.buffer, filename: upload.filename, accept: [...ACCEPTED_KINDS], limitBytes: limit });
    const row: VendorEvidenceTable = {
      tenantId: ctx.tenantId,
      id,
      contractorId: target.contractorId,
      subjectType: target.subjectType,
      subjectId: target.subjectId,
      itemId: fields.itemId ?? null,
      fileId: meta.id,
      title: fields.title ?? meta.filename,
      validUntil: fields.validUntil ?? null,
      sha256: meta.sha256,
      size: meta.size,
      contentType: meta.contentType,
      filename: meta.filename,
      uploadedBy: ctx.audit.actorId,
      uploadedByLabel: actorLabel(ctx),
      uploadedAt: nowIso(),
    };
    await trx.insertInto('vendorEvidence').values(row).execute();
    await appendAudit(trx, ctx.audit, {
      action: 'vendor.evidence.upload',
      targetType: target.subjectType,
      targetId: target.subjectId,
      changes: { evidenceId: id, fileId: meta.id, filename: meta.filename, sha256: meta.sha256, size: meta.size, contentType: meta.contentType, itemId: row.itemId, validUntil: row.validUntil },
    });
    if (extra) await extra(trx);
  });
  const stored = await deps.db.selectFrom('vendorEvidence').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirstOrThrow();
  return presentEvidence(stored);
}

export async function evidenceRow(db: Db, tenantId: string, id: string): Promise<VendorEvidenceTable> {
  const e = await db.selectFrom('vendorEvidence').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!e) throw err.notFound(KINDS.evidence, id);
  return e;
}

/** Stream an evidence file after the caller's access check on its record. */
export async function sendEvidence(deps: AppDeps, ctx: Ctx, reply: FastifyReply, e: VendorEvidenceTable): Promise<FastifyReply> {
  if (!deps.services.files) throw new AppError(503, 'files_unavailable', { ja: 'ファイルを扱えません。', en: 'Files are not available.' });
  return deps.services.files.send(reply, deps.db, ctx.tenantId, e.fileId);
}
