import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { htmlToPdf } from '../../platform/pdf';
import { type AnyRoute, defineRoute } from '../../platform/routes';
import * as exp from './disposal.exports';
import * as projects from './disposal.projects';
import { summary } from './disposal.reminders';
import * as svc from './disposal.service';
import * as wf from './disposal.workflow';

const disposalParams = z.object({ disposalId: z.uuid() });
const projectParams = z.object({ projectId: z.uuid() });
const evidenceParams = z.object({ disposalId: z.uuid(), evidenceId: z.uuid() });
const dryRunQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function download(reply: FastifyReply, body: Buffer | string, type: string, ascii: string, name: string) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'private, no-store')
    .send(body);
}

const reportQuery = z.object({ format: z.enum(['docx', 'pdf']).default('docx') }).strict();

const tags = ['disposal'];

export const disposalRoutes: AnyRoute[] = [
  // ---- register -------------------------------------------------------------------------
  defineRoute({
    method: 'GET',
    url: '/api/disposals',
    summary: { ja: '廃棄台帳（権限の範囲のみ）', en: 'The disposal register (within scope)' },
    tags,
    access: { action: 'disposal.read' },
    query: svc.DisposalListQuery,
    handler: ({ deps, ctx, query }) => svc.listDisposals(deps, ctx, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/disposals/summary',
    summary: { ja: '廃棄のダッシュボード集計', en: 'Disposal figures for the dashboard' },
    tags,
    access: { action: 'disposal.read' },
    handler: ({ deps, ctx }) => summary(deps.db, ctx),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/disposals/export.xlsx',
    summary: { ja: '廃棄台帳の出力（.xlsx、和暦）', en: 'Export the disposal register (.xlsx)' },
    tags,
    access: { action: 'disposal.read' },
    query: svc.DisposalListQuery.omit({ page: true, pageSize: true, sort: true }),
    produces: [XLSX],
    handler: async ({ deps, ctx, query, reply }) => {
      const buf = await exp.exportRegister(deps, ctx, query);
      const stamp = new Date().toISOString().slice(0, 10);
      return download(reply, buf, XLSX, `disposals-${stamp}.xlsx`, `廃棄台帳-${stamp}.xlsx`);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposals/evaluate',
    summary: { ja: '認められる方法と必要な証跡の算出（保存しない）', en: 'Compute allowed methods and required proof (no save)' },
    tags,
    access: { action: 'disposal.write' },
    body: svc.EvaluateInput,
    handler: ({ deps, ctx, body }) => svc.evaluateDraft(deps, ctx, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposals',
    summary: { ja: '廃棄の申請', en: 'Request a disposal' },
    tags,
    access: { action: 'disposal.write' },
    body: svc.DisposalCreateInput,
    handler: async ({ deps, ctx, body, reply }) => {
      reply.code(201);
      return svc.createDisposal(deps, ctx, body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/disposals/:disposalId',
    summary: { ja: '廃棄記録の詳細（経過・引渡し・証跡）', en: 'A disposal with its timeline, custody and proof' },
    tags,
    access: { action: 'disposal.read' },
    params: disposalParams,
    handler: ({ deps, ctx, params }) => svc.getDisposal(deps, ctx, params.disposalId),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/disposals/:disposalId',
    summary: { ja: '廃棄申請の変更（申請中のみ）', en: 'Change a requested disposal' },
    tags,
    access: { action: 'disposal.write' },
    params: disposalParams,
    body: svc.DisposalPatch,
    handler: ({ deps, ctx, params, body }) => svc.updateDisposal(deps, ctx, params.disposalId, body),
  }),
  // ---- steps ----------------------------------------------------------------------------
  defineRoute({
    method: 'POST',
    url: '/api/disposals/:disposalId/approve',
    summary: { ja: '廃棄の承認', en: 'Approve a disposal' },
    tags,
    access: { action: 'disposal.approve' },
    params: disposalParams,
    body: wf.ApproveInput,
    handler: ({ deps, ctx, params, body }) => wf.approve(deps, ctx, params.disposalId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposals/:disposalId/erase-in-building',
    summary: { ja: '庁舎内での消去の記録', en: 'Record erasure in the building' },
    tags,
    access: { action: 'disposal.write' },
    params: disposalParams,
    body: wf.EraseInput,
    handler: ({ deps, ctx, params, body }) => wf.eraseInBuilding(deps, ctx, params.disposalId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposals/:disposalId/handover',
    summary: { ja: '事業者への引渡しの記録', en: 'Record the handover to the contractor' },
    tags,
    access: { action: 'disposal.write' },
    params: disposalParams,
    body: wf.HandoverInput,
    handler: ({ deps, ctx, params, body }) => wf.handOver(deps, ctx, params.disposalId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposals/:disposalId/custody',
    summary: { ja: '受け渡しの記録（引渡し後の移動）', en: 'Record a custody transfer' },
    tags,
    access: { action: 'disposal.write' },
    params: disposalParams,
    body: wf.CustodyInput,
    handler: ({ deps, ctx, params, body }) => wf.recordCustody(deps, ctx, params.disposalId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposals/:disposalId/completion',
    summary: { ja: '破壊・消去の完了の記録（職員）', en: 'Record completion (staff)' },
    tags,
    access: { action: 'disposal.write' },
    params: disposalParams,
    body: wf.CompleteInput,
    handler: ({ deps, ctx, params, body }) => wf.recordCompletion(deps, ctx, params.disposalId, body, 'staff'),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposals/:disposalId/witness',
    summary: { ja: '職員の立会いの記録', en: 'Record a staff witness' },
    tags,
    access: { action: 'disposal.write' },
    params: disposalParams,
    body: wf.WitnessInput,
    handler: ({ deps, ctx, params, body }) => wf.recordWitness(deps, ctx, params.disposalId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposals/:disposalId/evidence',
    summary: { ja: '証明書・写真の登録（職員が受け取ったもの）', en: 'Add a certificate or photo received by staff' },
    tags,
    access: { action: 'disposal.write' },
    params: disposalParams,
    multipart: true,
    handler: async ({ deps, ctx, req, params, reply }) => {
      reply.code(201);
      return wf.uploadEvidence(deps, ctx, req, params.disposalId, 'staff');
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/disposals/:disposalId/evidence/:evidenceId',
    summary: { ja: '証跡ファイルのダウンロード', en: 'Download an evidence file' },
    tags,
    access: { action: 'disposal.read' },
    params: evidenceParams,
    produces: ['application/octet-stream'],
    handler: ({ deps, ctx, params, reply }) => wf.sendEvidence(deps, ctx, reply, params.disposalId, params.evidenceId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposals/:disposalId/certificate-check',
    summary: { ja: '完了証明書の確認', en: 'Check the completion certificate' },
    tags,
    access: { action: 'disposal.approve' },
    params: disposalParams,
    body: wf.CheckInput,
    handler: ({ deps, ctx, params, body }) => wf.checkCertificate(deps, ctx, params.disposalId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposals/:disposalId/staff-check',
    summary: { ja: '職員による完了の確認', en: 'Record the staff check' },
    tags,
    access: { action: 'disposal.write' },
    params: disposalParams,
    body: wf.StaffCheckInput,
    handler: ({ deps, ctx, params, body }) => wf.staffCheck(deps, ctx, params.disposalId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposals/:disposalId/key-destruction',
    summary: { ja: '暗号鍵の消去の記録（クラウドの暗号化消去）', en: 'Record key destruction (cloud crypto erase)' },
    tags,
    access: { action: 'disposal.write' },
    params: disposalParams,
    body: wf.KeyInput,
    handler: ({ deps, ctx, params, body }) => wf.recordKeyDestruction(deps, ctx, params.disposalId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposals/:disposalId/close',
    summary: { ja: '廃棄の完了（必要な証跡がそろっているときのみ）', en: 'Close a disposal (only with all required proof)' },
    tags,
    access: { action: 'disposal.approve' },
    params: disposalParams,
    body: wf.CloseInput,
    handler: ({ deps, ctx, params, body }) => wf.closeDisposal(deps, ctx, params.disposalId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposals/:disposalId/cancel',
    summary: { ja: '廃棄の取消し（引渡し前のみ）', en: 'Cancel a disposal (before handover)' },
    tags,
    access: { action: 'disposal.approve' },
    params: disposalParams,
    body: wf.CancelInput,
    handler: ({ deps, ctx, params, body }) => wf.cancelDisposal(deps, ctx, params.disposalId, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/disposals/:disposalId/report',
    summary: { ja: '廃棄の記録書（.docx または PDF、和暦）', en: 'Disposal report (.docx or PDF)' },
    tags,
    access: { action: 'disposal.read' },
    params: disposalParams,
    query: reportQuery,
    produces: [DOCX, 'application/pdf'],
    handler: async ({ deps, ctx, params, query, reply }) => {
      const report = await exp.disposalReport(deps, ctx, params.disposalId);
      const code = report.subtitle.split('（')[0];
      if (query.format === 'pdf') {
        const pdf = await htmlToPdf(exp.reportHtml(report), { executablePath: deps.config.SHIRUBE_CHROMIUM });
        return download(reply, pdf, 'application/pdf', `disposal-${code}.pdf`, `廃棄記録書-${code}.pdf`);
      }
      return download(reply, await exp.reportDocx(report), DOCX, `disposal-${code}.docx`, `廃棄記録書-${code}.docx`);
    },
  }),
  // ---- contractor -----------------------------------------------------------------------
  defineRoute({
    method: 'POST',
    url: '/api/disposals/:disposalId/contractor/evidence',
    summary: { ja: '委託事業者による完了証明書・写真の提出', en: 'Contractor submits a certificate or photo' },
    tags,
    access: { action: 'disposal.certify' },
    params: disposalParams,
    multipart: true,
    handler: async ({ deps, ctx, req, params, reply }) => {
      reply.code(201);
      return wf.uploadEvidence(deps, ctx, req, params.disposalId, 'contractor');
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposals/:disposalId/contractor/completion',
    summary: { ja: '委託事業者による破壊・消去の完了報告', en: 'Contractor reports completion' },
    tags,
    access: { action: 'disposal.certify' },
    params: disposalParams,
    body: wf.CompleteInput,
    handler: ({ deps, ctx, params, body }) => wf.recordCompletion(deps, ctx, params.disposalId, body, 'contractor'),
  }),
  // ---- projects -------------------------------------------------------------------------
  defineRoute({
    method: 'GET',
    url: '/api/disposal-projects',
    summary: { ja: '廃棄プロジェクトの一覧', en: 'Disposal projects' },
    tags,
    access: { action: 'disposal.read' },
    query: projects.ProjectListQuery,
    handler: ({ deps, ctx, query }) => projects.listProjects(deps, ctx, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposal-projects',
    summary: { ja: '廃棄プロジェクトの作成（対象の一括登録を含む）', en: 'Create a disposal project (with its items)' },
    tags,
    access: { action: 'disposal.write' },
    body: projects.ProjectCreateInput,
    handler: async ({ deps, ctx, body, reply }) => {
      reply.code(201);
      return projects.createProject(deps, ctx, body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/disposal-projects/import-template.csv',
    summary: { ja: '一括登録用のひな形（CSV）', en: 'Import template (CSV)' },
    tags,
    access: { action: 'disposal.write' },
    produces: ['text/csv'],
    handler: ({ reply }) => download(reply, projects.importTemplateCsv(), 'text/csv; charset=utf-8', 'disposal-import-template.csv', '廃棄一括登録ひな形.csv'),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/disposal-projects/:projectId',
    summary: { ja: '廃棄プロジェクトの詳細と件数', en: 'A disposal project and its figures' },
    tags,
    access: { action: 'disposal.read' },
    params: projectParams,
    handler: ({ deps, ctx, params }) => projects.getProject(deps, ctx, params.projectId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposal-projects/:projectId/items',
    summary: { ja: '対象の一括追加（フォーム、すべて成功した場合のみ反映）', en: 'Add items (form, all or nothing)' },
    tags,
    access: { action: 'disposal.write' },
    params: projectParams,
    query: dryRunQuery,
    body: projects.ItemsInput,
    handler: ({ deps, ctx, params, query, body }) => projects.addProjectItems(deps, ctx, params.projectId, body, query.dryRun === 'true'),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposal-projects/:projectId/import',
    summary: { ja: '対象の一括登録（.xlsx/.csv、すべて成功した場合のみ反映）', en: 'Import items from .xlsx/.csv (all or nothing)' },
    tags,
    access: { action: 'disposal.write' },
    params: projectParams,
    query: dryRunQuery,
    multipart: true,
    handler: ({ deps, ctx, req, params, query }) => projects.importItems(deps, ctx, params.projectId, req, query.dryRun === 'true'),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposal-projects/:projectId/approve',
    summary: { ja: '申請中の対象の一括承認', en: 'Approve all requested items' },
    tags,
    access: { action: 'disposal.approve' },
    params: projectParams,
    handler: ({ deps, ctx, params }) => projects.approveProject(deps, ctx, params.projectId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposal-projects/:projectId/erase-in-building',
    summary: { ja: '承認済みの対象の庁舎内消去の一括記録', en: 'Record in-building erasure for all approved items' },
    tags,
    access: { action: 'disposal.write' },
    params: projectParams,
    body: wf.EraseInput,
    handler: ({ deps, ctx, params, body }) => projects.eraseProject(deps, ctx, params.projectId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposal-projects/:projectId/handover',
    summary: { ja: '対象の一括引渡し', en: 'Hand over all ready items' },
    tags,
    access: { action: 'disposal.write' },
    params: projectParams,
    body: wf.HandoverInput,
    handler: ({ deps, ctx, params, body }) => projects.handOverProject(deps, ctx, params.projectId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposal-projects/:projectId/close',
    summary: { ja: '証跡のそろった対象の確認と完了（そろわないものは理由つきで残す）', en: 'Check and close items whose proof is complete' },
    tags,
    access: { action: 'disposal.approve' },
    params: projectParams,
    body: wf.CloseInput,
    handler: ({ deps, ctx, params, body }) => projects.checkAndCloseProject(deps, ctx, params.projectId, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/disposal-projects/:projectId/report',
    summary: { ja: 'プロジェクト報告書（.docx または PDF、和暦）', en: 'Project report (.docx or PDF)' },
    tags,
    access: { action: 'disposal.read' },
    params: projectParams,
    query: reportQuery,
    produces: [DOCX, 'application/pdf'],
    handler: async ({ deps, ctx, params, query, reply }) => {
      const report = await exp.projectReport(deps, ctx, params.projectId);
      const code = report.subtitle.split(' ')[0];
      if (query.format === 'pdf') {
        const pdf = await htmlToPdf(exp.reportHtml(report), { executablePath: deps.config.SHIRUBE_CHROMIUM });
        return download(reply, pdf, 'application/pdf', `disposal-project-${code}.pdf`, `廃棄プロジェクト報告書-${code}.pdf`);
      }
      return download(reply, await exp.reportDocx(report), DOCX, `disposal-project-${code}.docx`, `廃棄プロジェクト報告書-${code}.docx`);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposal-projects/:projectId/contractor/evidence',
    summary: { ja: '委託事業者によるプロジェクト一括の証明書・写真の提出', en: 'Contractor submits one certificate or photo for the batch' },
    tags,
    access: { action: 'disposal.certify' },
    params: projectParams,
    multipart: true,
    handler: async ({ deps, ctx, req, params, reply }) => {
      reply.code(201);
      return projects.contractorProjectEvidence(deps, ctx, req, params.projectId);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/disposal-projects/:projectId/contractor/completion',
    summary: { ja: '委託事業者によるプロジェクト一括の完了報告', en: 'Contractor reports the batch as done' },
    tags,
    access: { action: 'disposal.certify' },
    params: projectParams,
    body: projects.ProjectCompletionInput,
    handler: ({ deps, ctx, params, body }) => projects.contractorProjectCompletion(deps, ctx, params.projectId, body),
  }),
];
