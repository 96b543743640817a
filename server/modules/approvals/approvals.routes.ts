import { z } from 'zod';
import { BYOD_RULES, SUBJECTS, SUBJECT_TYPES } from '@shared/approvals';
import { japanDate } from '@shared/era';
import { type AnyRoute, defineRoute } from '../../platform/routes';
import * as reg from './approvals.register';
import * as svc from './approvals.service';
import { ClosedDaysInput, SettingsInput, loadClosedDays, loadSettings, updateClosedDays, updateSettings } from './approvals.settings';

const P = z.object({ approvalId: z.uuid() });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const tags = ['approvals'];

export const approvalRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/approvals/subject-types',
    summary: { ja: '承認の種類と既定の承認者・私物端末の段階的な規則', en: 'Subject types, default approvers and the graded personal-device rules' },
    tags,
    access: { action: 'approval.read' },
    handler: async ({ deps, ctx }) => {
      const settings = await loadSettings(deps.db, ctx.tenantId);
      return { subjectTypes: SUBJECT_TYPES.map((t) => ({ ...SUBJECTS[t], approvers: settings.approvers[t] })), byodRules: BYOD_RULES };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/approvals',
    summary: { ja: '承認台帳（種類・状態・期限で絞り込み）', en: 'The approval register (filter by type, state, expiry)' },
    tags,
    access: { action: 'approval.read' },
    query: reg.RegisterQuery,
    handler: ({ deps, ctx, query }) => reg.register(deps, ctx, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/approvals/export.xlsx',
    summary: { ja: '承認台帳の出力（.xlsx、和暦）', en: 'Export the approval register (.xlsx)' },
    tags,
    access: { action: 'approval.read' },
    query: reg.RegisterQuery,
    produces: [XLSX],
    handler: async ({ deps, ctx, query, reply }) => {
      const buf = await reg.exportRegister(deps, ctx, query);
      const stamp = japanDate();
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="approvals-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`承認台帳-${stamp}.xlsx`)}`)
        .header('cache-control', 'private, no-store')
        .send(buf);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/approvals/review-due',
    summary: { ja: '定期確認の対象（1年以上確認していない承認）', en: 'Periodic review list (approvals not reviewed for a year)' },
    tags,
    access: { action: 'approval.read' },
    handler: ({ deps, ctx }) => reg.reviewDue(deps, ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/approvals',
    summary: { ja: '承認の申請（種類ごとの様式とチェック）', en: 'Request an approval (form and checks per type)' },
    tags,
    access: { action: 'approval.request' },
    body: svc.RequestInput,
    handler: async ({ deps, ctx, body, reply }) => {
      reply.code(201);
      return svc.createRequest(deps, ctx, body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/approvals/emergency-reports',
    summary: { ja: '緊急時の例外措置の事後報告', en: 'Report an emergency exception after the fact' },
    tags,
    access: { action: 'approval.request' },
    body: svc.EmergencyReportInput,
    handler: ({ deps, ctx, body }) => svc.emergencyReport(deps, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/approvals/settings',
    summary: { ja: '承認の設定（承認者・持ち出し禁止の分類・報告期限）', en: 'Approval settings (approvers, prohibited take-out classes, report deadline)' },
    tags,
    access: { action: 'approval.read' },
    handler: ({ deps, ctx }) => loadSettings(deps.db, ctx.tenantId),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/approvals/settings',
    summary: { ja: '承認の設定の変更', en: 'Change the approval settings' },
    tags,
    access: { action: 'approval.manage' },
    body: SettingsInput,
    handler: ({ deps, ctx, body }) => updateSettings(deps.db, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/calendar/closed-days',
    summary: { ja: '組織の閉庁日（年末年始など）', en: "The organisation's closed days" },
    tags,
    access: { action: 'approval.read' },
    handler: ({ deps, ctx }) => loadClosedDays(deps.db, ctx.tenantId),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/calendar/closed-days',
    summary: { ja: '組織の閉庁日の変更', en: "Change the organisation's closed days" },
    tags,
    access: { action: 'approval.manage' },
    body: ClosedDaysInput,
    handler: ({ deps, ctx, body }) => updateClosedDays(deps.db, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/approvals/:approvalId',
    summary: { ja: '承認申請（履歴つき）', en: 'An approval request with its history' },
    tags,
    access: { action: 'approval.read' },
    params: P,
    handler: ({ deps, ctx, params }) => svc.getRequest(deps, ctx, params.approvalId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/approvals/:approvalId/decision',
    summary: { ja: '承認・条件付き承認・却下・取下げ', en: 'Approve, approve with conditions, reject or withdraw' },
    tags,
    access: { action: 'approval.request' },
    params: P,
    body: svc.DecisionInput,
    handler: ({ deps, ctx, params, body }) => svc.decide(deps, ctx, params.approvalId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/approvals/:approvalId/return',
    summary: { ja: '持ち出しの返却の記録', en: 'Record the return of a take-out' },
    tags,
    access: { action: 'approval.request' },
    params: P,
    body: svc.ReturnInput,
    handler: ({ deps, ctx, params, body }) => svc.recordReturn(deps, ctx, params.approvalId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/approvals/:approvalId/review',
    summary: { ja: '定期確認の記録', en: 'Record a periodic review' },
    tags,
    access: { action: 'approval.decide' },
    params: P,
    body: svc.ReviewInput,
    handler: ({ deps, ctx, params, body }) => svc.review(deps, ctx, params.approvalId, body),
  }),
];
