import { z } from 'zod';
import { formatEraDate, formatJapanDateTime } from '@shared/era';
import { CATEGORIES, CAUSES, CONTACT_BODIES, CSIRT_ROLES, DETECTIONS, ENTRY_KINDS, ids, labelOf, PUBLICATIONS, REPORT_KINDS, type ReportKind, SEVERITIES, STATUSES } from '@shared/incidents';
import type { Db } from '../../db/database';
import { isSet } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { htmlToPdf } from '../../platform/pdf';
import { json, loadIncident, now } from './incidents.common';
import type { IncidentsTable } from './incidents.tables';
import { measuresOf } from './measures.service';
import { obligationsOf } from './obligations.service';
import { type ReportModel, renderDocx, renderHtml } from './reports.render';
import { listContacts, listMembers } from './roster.service';
import { timelineOf } from './timeline.service';

/** Reports built from the record: drafts on demand, and frozen copies of what was sent. */

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const FORMATS = ['docx', 'pdf'] as const;
export const ReportQuery = z.object({ format: z.enum(FORMATS).default('docx') }).strict();
export const FreezeInput = z.object({ kind: z.enum(ids(REPORT_KINDS)), format: z.enum(FORMATS).default('docx'), obligationId: z.uuid().nullish() }).strict();

const SEG: Record<string, string> = { mynumber: 'マイナンバー利用事務系', lgwan: 'LGWAN接続系', internet: 'インターネット接続系', closed: '閉域' };
const yesNo = (v: number) => (isSet(v) ? '該当' : '該当しない');
const when = (iso: string | null) => (iso ? `${formatEraDate(iso)} ${formatJapanDateTime(iso).slice(-5)}` : '—');

async function orgName(db: Db, tenantId: string): Promise<string> {
  const o = await db.selectFrom('organizations').select('name').where('id', '=', tenantId).executeTakeFirst();
  return o?.name ?? '';
}

function dataRows(r: IncidentsTable): Array<[string, string]> {
  return [
    ['本人の数', r.personsCount === null ? '調査中' : `${r.personsCount.toLocaleString('ja-JP')}人`],
    ['漏えい等した情報の項目', r.dataItems ?? '調査中'],
    ['要配慮個人情報', yesNo(r.specialCare)],
    ['特定個人情報', yesNo(r.myNumber)],
    ['条例要配慮個人情報', yesNo(r.ordinanceSpecial)],
    ['高度な暗号化等の保護', yesNo(r.stronglyEncrypted)],
  ];
}

async function buildModel(deps: AppDeps, ctx: Ctx, r: IncidentsTable, kind: ReportKind): Promise<ReportModel> {
  const db = deps.db;
  const org = await orgName(db, ctx.tenantId);
  const measures = await measuresOf(deps, db, ctx.tenantId, r.id);
  const timeline = await timelineOf(db, ctx.tenantId, r.id);
  const obligations = await obligationsOf(db, ctx.tenantId, r.id);
  const date = formatEraDate(new Date());
  const summary = `${r.description}`;
  const segs = json<string[]>(r.segments, []).map((s) => SEG[s] ?? s).join('、') || '—';
  const measureText = measures.length ? measures.map((m) => `・${m.title}（${m.status === 'done' ? '実施済み' : `${formatEraDate(m.dueDate)}までに実施予定`}、担当：${m.ownerName ?? '所管課'}）`).join('\n') : '検討中';
  const notes = [`この文書は しるべ がインシデント ${r.code} の記録から作成しました（作成 ${formatJapanDateTime(new Date())}）。`];
  const common = { from: `${org}　CSIRT`, date, notes };
  switch (kind) {
    case 'ppc':
      return {
        ...common,
        title: '保有個人情報の漏えい等に関する報告（案）',
        to: '個人情報保護委員会 御中',
        notes: [...notes, '報告は個人情報保護委員会の報告フォームから行います。本書はその入力内容の下書きです（施行規則第44条の項目は第8条と同じ構成と推定しています）。'],
        sections: [
          { heading: '1. 概要', rows: [['件名', r.title], ['発生日時', when(r.occurredAt)], ['発見日時', when(r.discoveredAt)], ['知った日時', when(r.knewAt)], ['発見の経緯', labelOf(DETECTIONS, r.detection)], ['事案の内容', summary]] },
          { heading: '2. 漏えい等が発生し、又は発生したおそれがある保有個人情報の項目', paragraphs: [r.dataItems ?? '調査中'] },
          { heading: '3. 本人の数', rows: dataRows(r).slice(0, 1) },
          { heading: '4. 原因', paragraphs: [labelOf(CAUSES, r.cause)] },
          { heading: '5. 二次被害又はそのおそれの有無及びその内容', paragraphs: [isSet(r.propertyDamage) ? '財産的被害が生じるおそれがあります。' : '現時点で二次被害は確認されていません。'] },
          { heading: '6. 本人への対応の実施状況', paragraphs: [obligations.find((o) => o.ruleId === 'persons.notice')?.status === 'sent' ? '本人への通知を行いました。' : '本人への通知を準備しています。'] },
          { heading: '7. 公表の実施状況', paragraphs: [labelOf(PUBLICATIONS, r.publication) + (r.publishedOn ? `（${formatEraDate(r.publishedOn)}）` : '')] },
          { heading: '8. 再発防止のための措置', paragraphs: [measureText] },
          { heading: '9. その他参考となる事項', rows: dataRows(r).slice(2), paragraphs: [`関係するネットワーク：${segs}`] },
        ],
      };
    case 'prefectureFirst':
    case 'prefectureFollowUp': {
      const first = kind === 'prefectureFirst';
      return {
        ...common,
        title: first ? '情報セキュリティインシデントの発生について（第一報）' : '情報セキュリティインシデントについて（続報）',
        to: '都道府県 情報政策担当課 御中',
        sections: [
          { heading: '事案の概要', rows: [['件名', r.title], ['分類', labelOf(CATEGORIES, r.category)], ['重大度', labelOf(SEVERITIES, r.severity)], ['状態', labelOf(STATUSES, r.status)], ['発生日時', when(r.occurredAt)], ['知った日時', when(r.knewAt)], ['関係するネットワーク', segs], ['内容', summary]] },
          { heading: '個人情報', rows: dataRows(r) },
          ...(first ? [] : [{ heading: '経過', paragraphs: timeline.map((e) => `${when(e.at)}　［${labelOf(ENTRY_KINDS, e.kind)}］${e.text}`) }]),
          { heading: '今後の対応', paragraphs: [measureText] },
        ],
      };
    }
    case 'publication':
      return {
        ...common,
        title: `${r.title}について`,
        sections: [
          { heading: '概要', paragraphs: [summary] },
          { heading: '対象となる情報', paragraphs: [r.personsCount !== null ? `${r.personsCount.toLocaleString('ja-JP')}人分の個人情報（${r.dataItems ?? '項目は調査中'}）` : '調査中'] },
          { heading: '原因', paragraphs: [labelOf(CAUSES, r.cause)] },
          { heading: '対応', paragraphs: ['関係する皆様に深くお詫び申し上げます。対象となる方には個別にご連絡いたします。'] },
          { heading: '再発防止策', paragraphs: [measureText] },
        ],
      };
    case 'committee':
      return {
        ...common,
        title: `情報セキュリティインシデント最終報告（${r.code}）`,
        to: '情報セキュリティ委員会 御中',
        sections: [
          { heading: '事案', rows: [['件名', r.title], ['分類', labelOf(CATEGORIES, r.category)], ['原因', labelOf(CAUSES, r.cause)], ['重大度', labelOf(SEVERITIES, r.severity)], ['状態', labelOf(STATUSES, r.status)], ['内容', summary]] },
          { heading: '個人情報', rows: dataRows(r) },
          { heading: '外部への報告', rows: obligations.map((o) => [o.label.ja, o.status === 'sent' ? `送付 ${when(o.sentAt)}` : o.status === 'notApplicable' ? `対象外（${o.reason}）` : `未了（期限 ${when(o.dueAt)}）`]) },
          { heading: '経過', paragraphs: timeline.map((e) => `${when(e.at)}　［${labelOf(ENTRY_KINDS, e.kind)}］${e.text}`) },
          { heading: '再発防止策', paragraphs: [measureText] },
        ],
      };
  }
}

export async function renderReport(deps: AppDeps, ctx: Ctx, incidentId: string, kind: ReportKind, format: 'docx' | 'pdf') {
  const r = await loadIncident(deps.db, ctx, incidentId);
  const m = await buildModel(deps, ctx, r, kind);
  const data = format === 'docx' ? await renderDocx(m) : await htmlToPdf(renderHtml(m), { footerTitle: m.title });
  return { data, contentType: format === 'docx' ? DOCX : 'application/pdf', filename: `${r.code}_${labelOf(REPORT_KINDS, kind)}.${format}`, ascii: `${r.code}-${kind}.${format}` };
}

/** Keep what was sent: the rendered file is stored with the incident and never re-rendered. */
export async function freezeReport(deps: AppDeps, ctx: Ctx, incidentId: string, input: z.infer<typeof FreezeInput>) {
  await loadIncident(deps.db, ctx, incidentId, 'incident.manage');
  if (input.obligationId) {
    const o = await deps.db.selectFrom('incidentObligations').select('id').where('tenantId', '=', ctx.tenantId).where('incidentId', '=', incidentId).where('id', '=', input.obligationId).executeTakeFirst();
    if (!o) throw err.notFound({ ja: '報告義務', en: 'Obligation' }, input.obligationId);
  }
  const file = await renderReport(deps, ctx, incidentId, input.kind, input.format);
  return deps.db.transaction().execute(async (trx) => {
    const stored = await deps.services.files.store(trx, ctx, { buffer: file.data, filename: file.filename, accept: ['pdf', 'office'], limitBytes: 50 * 1024 * 1024 });
    const row = { tenantId: ctx.tenantId, id: newId(), incidentId, kind: input.kind, format: input.format, fileId: stored.id, obligationId: input.obligationId ?? null, sentAt: null, createdBy: ctx.actor?.userId ?? null, createdAt: now() };
    await trx.insertInto('incidentReports').values(row).execute();
    await appendAudit(trx, ctx.audit, { action: 'incident.report.freeze', targetType: 'incident', targetId: incidentId, changes: { reportId: row.id, kind: row.kind, format: row.format, sha256: stored.sha256 } });
    return { id: row.id, kind: row.kind, format: row.format, fileId: stored.id, sha256: stored.sha256, createdAt: row.createdAt };
  });
}

export async function reportsOf(db: Db, tenantId: string, incidentId: string) {
  return db.selectFrom('incidentReports').select(['id', 'kind', 'format', 'fileId', 'obligationId', 'createdAt']).where('tenantId', '=', tenantId).where('incidentId', '=', incidentId).orderBy('createdAt').execute();
}

/** The one-page contact sheet for the server-room wall: the roster and the outside bodies. */
export async function contactSheet(deps: AppDeps, ctx: Ctx, format: 'docx' | 'pdf') {
  const org = await orgName(deps.db, ctx.tenantId);
  const members = await listMembers(deps.db, ctx.tenantId);
  const contacts = await listContacts(deps, deps.db, ctx.tenantId);
  const m: ReportModel = {
    title: 'CSIRT 緊急連絡表',
    from: org,
    date: `${formatEraDate(new Date())}現在`,
    notes: ['連絡先は年に一度以上、実際に連絡して確認してください。'],
    sections: [
      { heading: 'CSIRT', rows: members.map((x) => [labelOf(CSIRT_ROLES, x.role), `${x.holderName}${x.holderTitle ? `（${x.holderTitle}）` : ''}　24時間：${x.phone24h ?? '—'}\n代理：${x.deputyName ?? 'なし'}　${x.deputyPhone24h ?? ''}`]) },
      { heading: '外部機関', rows: contacts.map((c) => [labelOf(CONTACT_BODIES, c.body), `${c.name}${c.division ? `　${c.division}` : ''}\n電話：${c.phone ?? '—'}　メール：${c.email ?? '—'}${c.whenToTell ? `\n連絡する場合：${c.whenToTell}` : ''}${c.channel ? `\n方法：${c.channel}` : ''}`]) },
    ],
  };
  const data = format === 'docx' ? await renderDocx(m) : await htmlToPdf(renderHtml(m), { footerTitle: m.title });
  return { data, contentType: format === 'docx' ? DOCX : 'application/pdf', filename: `CSIRT緊急連絡表.${format}`, ascii: `csirt-contact-sheet.${format}` };
}
