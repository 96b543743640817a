import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../platform/routes';
import { isSet } from '../../db/sql';
import { ids, REPORT_KINDS } from '@shared/incidents';
import { attachment } from '../vendors/documents';
import { json, loadIncident, SettingsSchema } from './incidents.common';
import * as inc from './incident.service';
import { addMeasure, MeasureInput, measuresOf, setMeasureStatus } from './measures.service';
import { ObligationUpdate, obligationsOf, todo, updateObligation } from './obligations.service';
import { contactSheet, FreezeInput, freezeReport, renderReport, ReportQuery, reportsOf } from './reports.service';
import * as roster from './roster.service';
import { halfYearList, HalfQuery, registerXlsx, statistics, StatsQuery } from './stats.service';
import { addEntry, addEntryWithEvidence, EntryInput, sendIncidentFile, timelineOf } from './timeline.service';

const tags = ['incidents'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const IncidentParams = z.object({ incidentId: z.uuid() }).strict();
const MemberParams = z.object({ csirtMemberId: z.uuid() }).strict();
const ContactParams = z.object({ incidentContactId: z.uuid() }).strict();

async function detail(deps: Parameters<AnyRoute['handler']>[0]['deps'], ctx: NonNullable<Parameters<AnyRoute['handler']>[0]['ctx']>, id: string) {
  const r = await loadIncident(deps.db, ctx, id);
  const assetIds = json<string[]>(r.assetIds, []);
  const assets = assetIds.length && deps.services.assets ? await deps.services.assets.getMany(deps.db, ctx.tenantId, assetIds) : [];
  const flags = ['personalData', 'specialCare', 'myNumber', 'ordinanceSpecial', 'stronglyEncrypted', 'propertyDamage', 'improperPurpose', 'unspecifiedExposure', 'myNumberSystem', 'lgwan', 'crime'] as const;
  const { tenantId: _t, ...rest } = r;
  return {
    ...rest,
    ...Object.fromEntries(flags.map((f) => [f, isSet(r[f])])),
    assetIds,
    serviceIds: json<string[]>(r.serviceIds, []),
    segments: json<string[]>(r.segments, []),
    assets: assets.map((a) => ({ id: a.id, code: a.code, name: a.name, segment: a.segment, confidentiality: a.confidentiality, flags: a.flags })),
    timeline: await timelineOf(deps.db, ctx.tenantId, id),
    obligations: await obligationsOf(deps.db, ctx.tenantId, id),
    measures: await measuresOf(deps, deps.db, ctx.tenantId, id),
    reports: await reportsOf(deps.db, ctx.tenantId, id),
  };
}

export const incidentRoutes: AnyRoute[] = [
  // ---- CSIRT roster, directory, readiness, settings ----
  defineRoute({ method: 'GET', url: '/api/csirt/members', summary: { ja: 'CSIRTの体制（役割・担当者・代理者）', en: 'CSIRT roster' }, tags, access: { action: 'incident.read' }, handler: ({ deps, ctx }) => roster.listMembers(deps.db, ctx.tenantId) }),
  defineRoute({ method: 'POST', url: '/api/csirt/members', summary: { ja: 'CSIRTの役割の登録', en: 'Add a CSIRT role holder' }, tags, access: { action: 'csirt.manage' }, body: roster.MemberInput, handler: ({ deps, ctx, body }) => roster.createMember(deps.db, ctx, body) }),
  defineRoute({ method: 'PATCH', url: '/api/csirt/members/:csirtMemberId', summary: { ja: 'CSIRTの役割の更新', en: 'Update a CSIRT role holder' }, tags, access: { action: 'csirt.manage' }, params: MemberParams, body: roster.MemberPatch, handler: ({ deps, ctx, params, body }) => roster.updateMember(deps.db, ctx, params.csirtMemberId, body) }),
  defineRoute({ method: 'DELETE', url: '/api/csirt/members/:csirtMemberId', summary: { ja: 'CSIRTの役割の削除', en: 'Remove a CSIRT role holder' }, tags, access: { action: 'csirt.manage' }, params: MemberParams, handler: ({ deps, ctx, params }) => roster.deleteMember(deps.db, ctx, params.csirtMemberId) }),
  defineRoute({ method: 'GET', url: '/api/csirt/contacts', summary: { ja: '外部機関の連絡先（委託事業者は委託先台帳から）', en: 'Contact directory of outside bodies (vendors from the vendors register)' }, tags, access: { action: 'incident.read' }, handler: ({ deps, ctx }) => roster.listContacts(deps, deps.db, ctx.tenantId) }),
  defineRoute({ method: 'POST', url: '/api/csirt/contacts', summary: { ja: '連絡先の登録', en: 'Add a contact' }, tags, access: { action: 'csirt.manage' }, body: roster.ContactInput, handler: ({ deps, ctx, body }) => roster.createContact(deps, deps.db, ctx, body) }),
  defineRoute({ method: 'PATCH', url: '/api/csirt/contacts/:incidentContactId', summary: { ja: '連絡先の更新', en: 'Update a contact' }, tags, access: { action: 'csirt.manage' }, params: ContactParams, body: roster.ContactPatch, handler: ({ deps, ctx, params, body }) => roster.updateContact(deps, deps.db, ctx, params.incidentContactId, body) }),
  defineRoute({ method: 'POST', url: '/api/csirt/contacts/:incidentContactId/confirm', summary: { ja: '連絡先を確認済みにする（今日の日付）', en: 'Mark a contact confirmed today' }, tags, access: { action: 'csirt.manage' }, params: ContactParams, body: z.object({}).strict().optional(), handler: ({ deps, ctx, params }) => roster.confirmContact(deps, deps.db, ctx, params.incidentContactId) }),
  defineRoute({ method: 'GET', url: '/api/csirt/readiness', summary: { ja: 'CSIRTの準備状況の点検', en: 'CSIRT readiness checks' }, tags, access: { action: 'incident.read' }, handler: ({ deps, ctx }) => roster.readiness(deps, deps.db, ctx.tenantId) }),
  defineRoute({ method: 'GET', url: '/api/csirt/settings', summary: { ja: '報告期限の設定（都道府県の期限など）', en: 'Deadline settings (the prefecture’s deadline …)' }, tags, access: { action: 'incident.read' }, handler: ({ deps, ctx }) => roster.getSettings(deps.db, ctx.tenantId) }),
  defineRoute({ method: 'PUT', url: '/api/csirt/settings', summary: { ja: '報告期限の設定の変更', en: 'Change the deadline settings' }, tags, access: { action: 'csirt.manage' }, body: SettingsSchema, handler: ({ deps, ctx, body }) => roster.putSettings(deps.db, ctx, body) }),
  defineRoute({
    method: 'GET',
    url: '/api/csirt/contact-sheet',
    summary: { ja: '緊急連絡表（1枚、.pdf / .docx）', en: 'One-page contact sheet (.pdf / .docx)' },
    tags,
    access: { action: 'incident.read' },
    query: ReportQuery,
    produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    handler: async ({ deps, ctx, query, reply }) => {
      const f = await contactSheet(deps, ctx, query.format);
      return reply.header('content-type', f.contentType).header('content-disposition', attachment(f.ascii, f.filename)).send(f.data);
    },
  }),

  // ---- incidents ----
  defineRoute({ method: 'GET', url: '/api/incidents', summary: { ja: 'インシデントの一覧', en: 'Incidents' }, tags, access: { action: 'incident.read' }, query: inc.ListQuery, handler: ({ deps, ctx, query }) => inc.listIncidents(deps.db, ctx, query) }),
  defineRoute({
    method: 'POST',
    url: '/api/incidents',
    summary: { ja: 'インシデントの報告（委託事業者は自社の契約についてのみ）', en: 'Report an incident (contractors only on their own contracts)' },
    tags,
    access: { action: 'incident.report' },
    body: inc.IncidentInput,
    handler: async ({ deps, ctx, body }) => {
      const r = await inc.reportIncident(deps, ctx, body);
      return { id: r.id, code: r.code, status: r.status };
    },
  }),
  defineRoute({ method: 'GET', url: '/api/incidents/todo', summary: { ja: 'CSIRTのやること（期限のある外部報告）', en: 'CSIRT to-do: reports due' }, tags, access: { action: 'incident.read' }, handler: ({ deps, ctx }) => todo(deps.db, ctx) }),
  defineRoute({ method: 'GET', url: '/api/incidents/statistics', summary: { ja: '年度別の統計（分類・原因・セグメント）', en: 'Statistics by fiscal year (category, cause, segment)' }, tags, access: { action: 'incident.manage' }, query: StatsQuery, handler: ({ deps, ctx, query }) => statistics(deps.db, ctx.tenantId, query.fiscalYear) }),
  defineRoute({ method: 'GET', url: '/api/incidents/publication', summary: { ja: '半期ごとの公表一覧', en: 'Half-year publication list' }, tags, access: { action: 'incident.manage' }, query: HalfQuery, handler: ({ deps, ctx, query }) => halfYearList(deps.db, ctx.tenantId, query.half) }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents/export',
    summary: { ja: 'インシデント台帳の出力（.xlsx）', en: 'Export the incident register (.xlsx)' },
    tags,
    access: { action: 'incident.manage' },
    produces: [XLSX],
    handler: async ({ deps, ctx, reply }) => reply.header('content-type', XLSX).header('content-disposition', attachment('incidents.xlsx', 'インシデント台帳.xlsx')).send(await registerXlsx(deps.db, ctx.tenantId)),
  }),
  defineRoute({ method: 'GET', url: '/api/incidents/:incidentId', summary: { ja: 'インシデントの詳細（経過・報告義務・再発防止策）', en: 'Incident with timeline, obligations and measures' }, tags, access: { action: 'incident.read' }, params: IncidentParams, handler: ({ deps, ctx, params }) => detail(deps, ctx, params.incidentId) }),
  defineRoute({
    method: 'PATCH',
    url: '/api/incidents/:incidentId',
    summary: { ja: 'インシデントの更新（状態・重大度の変更は経過に記録）', en: 'Update an incident (status and severity changes go to the timeline)' },
    tags,
    access: { action: 'incident.manage' },
    params: IncidentParams,
    body: inc.IncidentPatch,
    handler: async ({ deps, ctx, params, body }) => {
      await inc.updateIncident(deps, ctx, params.incidentId, body);
      return detail(deps, ctx, params.incidentId);
    },
  }),
  defineRoute({ method: 'POST', url: '/api/incidents/:incidentId/timeline', summary: { ja: '経過の記録', en: 'Add a timeline entry' }, tags, access: { action: 'incident.manage' }, params: IncidentParams, body: EntryInput, handler: ({ deps, ctx, params, body }) => addEntry(deps, ctx, params.incidentId, body) }),
  defineRoute({ method: 'POST', url: '/api/incidents/:incidentId/evidence', summary: { ja: '証跡ファイル付きの経過の記録', en: 'Add a timeline entry with an evidence file' }, tags, access: { action: 'incident.manage' }, params: IncidentParams, multipart: true, handler: ({ deps, ctx, req, params }) => addEntryWithEvidence(deps, ctx, req, params.incidentId) }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents/:incidentId/files/:fileId',
    summary: { ja: '証跡・送付した報告のダウンロード', en: 'Download evidence or a frozen report' },
    tags,
    access: { action: 'incident.read' },
    params: z.object({ incidentId: z.uuid(), fileId: z.uuid() }).strict(),
    produces: ['application/octet-stream'],
    handler: ({ deps, ctx, reply, params }) => sendIncidentFile(deps, ctx, reply, params.incidentId, params.fileId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/incidents/:incidentId/obligations/:obligationId',
    summary: { ja: '報告義務を送付済み・対象外として記録', en: 'Record an obligation as sent or not applicable' },
    tags,
    access: { action: 'incident.manage' },
    params: z.object({ incidentId: z.uuid(), obligationId: z.uuid() }).strict(),
    body: ObligationUpdate,
    handler: ({ deps, ctx, params, body }) => updateObligation(deps, ctx, params.incidentId, params.obligationId, body),
  }),
  defineRoute({ method: 'POST', url: '/api/incidents/:incidentId/measures', summary: { ja: '再発防止策の記録（改善計画に登録）', en: 'Record a recurrence-prevention measure (raised as an improvement action)' }, tags, access: { action: 'incident.manage' }, params: IncidentParams, body: MeasureInput, handler: ({ deps, ctx, params, body }) => addMeasure(deps, ctx, params.incidentId, body) }),
  defineRoute({
    method: 'POST',
    url: '/api/incidents/:incidentId/measures/:measureId',
    summary: { ja: '再発防止策の実施状況の更新', en: 'Update a measure’s status' },
    tags,
    access: { action: 'incident.manage' },
    params: z.object({ incidentId: z.uuid(), measureId: z.uuid() }).strict(),
    body: z.object({ status: z.enum(['planned', 'done']) }).strict(),
    handler: ({ deps, ctx, params, body }) => setMeasureStatus(deps, ctx, params.incidentId, params.measureId, body.status),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents/:incidentId/reports/:kind',
    summary: { ja: '報告書の下書き（.docx / .pdf、和暦）', en: 'Report draft (.docx / .pdf, Japanese era dates)' },
    tags,
    access: { action: 'incident.manage' },
    params: z.object({ incidentId: z.uuid(), kind: z.enum(ids(REPORT_KINDS)) }).strict(),
    query: ReportQuery,
    produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    handler: async ({ deps, ctx, params, query, reply }) => {
      const f = await renderReport(deps, ctx, params.incidentId, params.kind, query.format);
      return reply.header('content-type', f.contentType).header('content-disposition', attachment(f.ascii, f.filename)).send(f.data);
    },
  }),
  defineRoute({ method: 'POST', url: '/api/incidents/:incidentId/reports', summary: { ja: '送付する報告書を固定して保存', en: 'Freeze the report that is sent' }, tags, access: { action: 'incident.manage' }, params: IncidentParams, body: FreezeInput, handler: ({ deps, ctx, params, body }) => freezeReport(deps, ctx, params.incidentId, body) }),
];
