import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MANUAL_ENTRY_KINDS, type EntryKind } from '@shared/incidents';
import type { Db } from '../../db/database';
import { toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { readUpload } from '../../platform/uploads';
import { assertNotFuture, Instant, invalid, json, loadIncident, now } from './incidents.common';
import type { IncidentTimelineTable } from './incidents.tables';

/** The incident's timeline: dated entries by people (with evidence) and by the system (changes). */

export const EntryInput = z
  .object({
    at: Instant,
    kind: z.enum(MANUAL_ENTRY_KINDS),
    text: z.string().trim().min(1).max(5000),
  })
  .strict();

function authorOf(ctx: Ctx) {
  return { authorId: ctx.actor?.userId ?? null, authorLabel: ctx.actor?.displayName ?? ctx.audit.actorLabel };
}

/** A system entry (status or severity changed, obligation recorded), dated now. */
export async function addAutoEntry(trx: Db, ctx: Ctx, incidentId: string, kind: EntryKind, text: string): Promise<void> {
  const t = now();
  await trx.insertInto('incidentTimeline').values({ tenantId: ctx.tenantId, id: newId(), incidentId, at: t, kind, text, ...authorOf(ctx), fileIds: '[]', auto: 1, createdAt: t }).execute();
}

export interface TimelineEntryView extends Omit<IncidentTimelineTable, 'tenantId' | 'fileIds' | 'auto'> {
  fileIds: string[];
  auto: boolean;
}

async function insertEntry(trx: Db, ctx: Ctx, incidentId: string, input: z.infer<typeof EntryInput>, fileIds: string[]): Promise<TimelineEntryView> {
  const row: IncidentTimelineTable = { tenantId: ctx.tenantId, id: newId(), incidentId, ...input, ...authorOf(ctx), fileIds: toJson(fileIds), auto: 0, createdAt: now() };
  await trx.insertInto('incidentTimeline').values(row).execute();
  await appendAudit(trx, ctx.audit, { action: 'incident.timeline.add', targetType: 'incident', targetId: incidentId, changes: { entryId: row.id, kind: row.kind, at: row.at, fileIds } });
  const { tenantId: _t, ...rest } = row;
  return { ...rest, fileIds, auto: false };
}

function checkEntry(input: z.infer<typeof EntryInput>, occurredAt: string): void {
  assertNotFuture('at', input.at);
  if (input.at < occurredAt) throw invalid('at', 'before_occurred', '記録の日時が発生日時より前になっています。', 'The entry is dated before the incident occurred.');
}

export async function addEntry(deps: AppDeps, ctx: Ctx, incidentId: string, input: z.infer<typeof EntryInput>): Promise<TimelineEntryView> {
  const inc = await loadIncident(deps.db, ctx, incidentId, 'incident.manage');
  checkEntry(input, inc.occurredAt);
  return deps.db.transaction().execute((trx) => insertEntry(trx, ctx, incidentId, input, []));
}

/** A timeline entry with one evidence file (multipart: file plus the fields at, kind, text). */
export async function addEntryWithEvidence(deps: AppDeps, ctx: Ctx, req: FastifyRequest, incidentId: string): Promise<TimelineEntryView> {
  const inc = await loadIncident(deps.db, ctx, incidentId, 'incident.manage');
  const up = await readUpload(req, deps.config.SHIRUBE_EVIDENCE_LIMIT_MB * 1024 * 1024);
  const parsed = EntryInput.safeParse(up.fields);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw invalid(String(first?.path[0] ?? 'fields'), 'invalid_field', '記録の日時・種別・内容を確認してください。', 'Check the entry’s date-time, kind and text.');
  }
  checkEntry(parsed.data, inc.occurredAt);
  return deps.db.transaction().execute(async (trx) => {
    const file = await deps.services.files.store(trx, ctx, { buffer: up.buffer, filename: up.filename, accept: ['pdf', 'image', 'office', 'text'] });
    return insertEntry(trx, ctx, incidentId, parsed.data, [file.id]);
  });
}

export async function timelineOf(db: Db, tenantId: string, incidentId: string) {
  const rows = await db
    .selectFrom('incidentTimeline')
    .select(['id', 'at', 'kind', 'text', 'authorLabel', 'fileIds', 'auto'])
    .where('tenantId', '=', tenantId)
    .where('incidentId', '=', incidentId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, auto: r.auto === 1, fileIds: json<string[]>(r.fileIds, []) }));
}

/** Download an evidence file or a frozen report of this incident (404 for any other file). */
export async function sendIncidentFile(deps: AppDeps, ctx: Ctx, reply: FastifyReply, incidentId: string, fileId: string) {
  await loadIncident(deps.db, ctx, incidentId);
  const entries = await deps.db.selectFrom('incidentTimeline').select('fileIds').where('tenantId', '=', ctx.tenantId).where('incidentId', '=', incidentId).where('fileIds', '!=', '[]').execute();
  const report = await deps.db.selectFrom('incidentReports').select('id').where('tenantId', '=', ctx.tenantId).where('incidentId', '=', incidentId).where('fileId', '=', fileId).executeTakeFirst();
  const inTimeline = entries.some((e) => json<string[]>(e.fileIds, []).includes(fileId));
  if (!inTimeline && !report) throw err.notFound({ ja: 'ファイル', en: 'File' }, fileId);
  return deps.services.files.send(reply, deps.db, ctx.tenantId, fileId);
}
