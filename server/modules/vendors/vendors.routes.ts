import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { japanDate } from '@shared/era';
import { err } from '../../platform/errors';
import { type AnyRoute, defineRoute, registerRoutes } from '../../platform/routes';
import { publicBase } from '../identity/identity.routes';
import * as approvals from './approvals.service';
import * as checks from './checks.service';
import * as contractors from './contractors.service';
import { DOCX, XLSX, attachment, matrixDocx, matrixXlsx, procurementDocx } from './documents';
import { evidenceRow, receiveEvidence, sendEvidence } from './evidence.service';
import { type LoadedService, loadServices } from './facts';
import * as matrices from './matrices.service';
import { ALL_RULES, procurementRequirements } from './rules';
import * as services from './services.service';
import * as sheets from './sheets.service';
import { KINDS, scopeFor } from './vendors.common';

const uuid = z.uuid();
const P = {
  contractor: z.object({ contractorId: uuid }),
  contact: z.object({ vendorContactId: uuid }),
  certification: z.object({ certificationId: uuid }),
  contract: z.object({ vendorContractId: uuid }),
  subcontract: z.object({ subcontractId: uuid }),
  service: z.object({ externalServiceId: uuid }),
  matrix: z.object({ responsibilityMatrixId: uuid }),
  approval: z.object({ cloudApprovalId: uuid }),
  sheet: z.object({ checkSheetId: uuid }),
  request: z.object({ evidenceRequestId: uuid }),
  report: z.object({ vendorReportId: uuid }),
  evidence: z.object({ vendorEvidenceId: uuid }),
};
const tags = ['vendors'];
const EVIDENCE_NOTE = { ja: 'PDF・画像・Office文書（内容で判定、上限は SHIRUBE_EVIDENCE_LIMIT_MB）', en: 'PDF, images, office files (checked by content; limit SHIRUBE_EVIDENCE_LIMIT_MB)' };

const routes: AnyRoute[] = [
  // ---- overview and checks ----
  defineRoute({
    method: 'GET',
    url: '/api/vendors/summary',
    summary: { ja: '委託先・外部サービスの集計（期限切れ間近、承認待ち、未回答）', en: 'Vendor figures (expiring, pending approvals, unanswered sheets)' },
    tags,
    access: { action: 'vendor.read' },
    handler: ({ deps, ctx }) => checks.summary(deps, ctx),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/checks',
    summary: { ja: '組織全体のチェック結果（理由とカタログ参照つき）', en: 'Checks for the whole organisation, with reasons and catalog references' },
    tags,
    access: { action: 'vendor.read' },
    query: z.object({ severity: z.enum(['error', 'warning', 'info']).optional(), limit: z.coerce.number().int().min(1).max(5000).default(500) }),
    handler: ({ deps, ctx, query }) => checks.orgChecks(deps, ctx, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/rules',
    summary: { ja: 'チェックの規則（ID、重大度、根拠、暫定の別）', en: 'The check rules (id, severity, basis, provisional)' },
    tags,
    access: { action: 'vendor.read' },
    handler: () => ALL_RULES,
  }),

  // ---- contractors ----
  defineRoute({
    method: 'GET',
    url: '/api/vendors/contractors',
    summary: { ja: '委託事業者の一覧', en: 'Contractors' },
    tags,
    access: { action: 'vendor.read' },
    query: contractors.ContractorQuery,
    handler: ({ deps, ctx, query }) => contractors.listContractors(deps.db, ctx, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/contractors',
    summary: { ja: '委託事業者の登録（法人番号はチェックデジットを検査）', en: 'Register a contractor (corporate number check digit verified)' },
    tags,
    access: { action: 'vendor.write' },
    body: contractors.ContractorInput,
    handler: ({ deps, ctx, body }) => contractors.createContractor(deps.db, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/contractors/:contractorId',
    summary: { ja: '委託事業者の詳細（連絡先・認証・契約・チェックシート・指摘）', en: 'A contractor with contacts, certifications, contracts, sheets and findings' },
    tags,
    access: { action: 'vendor.read' },
    params: P.contractor,
    handler: ({ deps, ctx, params }) => contractors.getContractor(deps, ctx, params.contractorId),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/vendors/contractors/:contractorId',
    summary: { ja: '委託事業者の更新', en: 'Update a contractor' },
    tags,
    access: { action: 'vendor.write' },
    params: P.contractor,
    body: contractors.ContractorPatch,
    handler: ({ deps, ctx, params, body }) => contractors.updateContractor(deps.db, ctx, params.contractorId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/contractors/:contractorId/contacts',
    summary: { ja: '連絡先の追加', en: 'Add a contact' },
    tags,
    access: { action: 'vendor.write' },
    params: P.contractor,
    body: contractors.ContactInput,
    handler: ({ deps, ctx, params, body }) => contractors.addContact(deps.db, ctx, params.contractorId, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/vendors/contacts/:vendorContactId',
    summary: { ja: '連絡先の削除', en: 'Remove a contact' },
    tags,
    access: { action: 'vendor.write' },
    params: P.contact,
    handler: ({ deps, ctx, params }) => contractors.deleteContact(deps.db, ctx, params.vendorContactId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/contractors/:contractorId/certifications',
    summary: { ja: '認証（ISMS、Pマーク等）の登録', en: 'Add a certification (ISMS, PrivacyMark …)' },
    tags,
    access: { action: 'vendor.write' },
    params: P.contractor,
    body: contractors.CertificationInput,
    handler: ({ deps, ctx, params, body }) => contractors.addCertification(deps.db, ctx, params.contractorId, body),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/vendors/certifications/:certificationId',
    summary: { ja: '認証の更新', en: 'Update a certification' },
    tags,
    access: { action: 'vendor.write' },
    params: P.certification,
    body: contractors.CertificationPatch,
    handler: ({ deps, ctx, params, body }) => contractors.updateCertification(deps.db, ctx, params.certificationId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/certifications/:certificationId/evidence',
    summary: { ja: `認証の証明書ファイルの登録（${EVIDENCE_NOTE.ja}）`, en: `Upload a certificate file (${EVIDENCE_NOTE.en})` },
    tags,
    access: { action: 'vendor.write' },
    params: P.certification,
    multipart: true,
    handler: async ({ deps, ctx, req, params }) => {
      const scope = await scopeFor(deps.db, ctx, 'vendor.write');
      const c = await contractors.visibleCertification(deps.db, ctx, scope, params.certificationId);
      return receiveEvidence(deps, ctx, req, { subjectType: 'certification', subjectId: c.id, contractorId: c.contractorId });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/contractors/:contractorId/users',
    summary: { ja: '委託事業者の利用者の招待（自社の記録だけを扱う）', en: 'Invite a contractor account (sees only its own company’s records)' },
    tags,
    access: { action: 'vendor.write' },
    params: P.contractor,
    body: contractors.ContractorUserInput,
    handler: ({ deps, ctx, req, params, body }) => contractors.inviteContractorUser(deps, ctx, params.contractorId, body, publicBase(req)),
  }),

  // ---- contracts ----
  defineRoute({
    method: 'POST',
    url: '/api/vendors/contractors/:contractorId/contracts',
    summary: { ja: '契約の登録', en: 'Add a contract' },
    tags,
    access: { action: 'vendor.write' },
    params: P.contractor,
    body: contractors.ContractInput,
    handler: ({ deps, ctx, params, body }) => contractors.createContract(deps.db, ctx, params.contractorId, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/contracts/:vendorContractId',
    summary: { ja: '契約の詳細（条項チェックリスト・再委託の連鎖）', en: 'A contract with its clause checklist and subcontracting chain' },
    tags,
    access: { action: 'vendor.read' },
    params: P.contract,
    handler: ({ deps, ctx, params }) => contractors.getContract(deps, ctx, params.vendorContractId),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/vendors/contracts/:vendorContractId',
    summary: { ja: '契約の更新', en: 'Update a contract' },
    tags,
    access: { action: 'vendor.write' },
    params: P.contract,
    body: contractors.ContractPatch,
    handler: ({ deps, ctx, params, body }) => contractors.updateContract(deps.db, ctx, params.vendorContractId, body),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/vendors/contracts/:vendorContractId/clauses',
    summary: { ja: '契約条項チェックリストの保存', en: 'Save the contract-clause checklist' },
    tags,
    access: { action: 'vendor.write' },
    params: P.contract,
    body: contractors.ClausesInput,
    handler: ({ deps, ctx, params, body }) => contractors.saveClauses(deps.db, ctx, params.vendorContractId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/contracts/:vendorContractId/subcontracts',
    summary: { ja: '再委託の登録（循環は拒否）', en: 'Add a subcontract (loops refused)' },
    tags,
    access: { action: 'vendor.write' },
    params: P.contract,
    body: contractors.SubcontractInput,
    handler: ({ deps, ctx, params, body }) => contractors.addSubcontract(deps.db, ctx, params.vendorContractId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/subcontracts/:subcontractId/decision',
    summary: { ja: '再委託の承認・不承認', en: 'Approve or refuse a subcontract' },
    tags,
    access: { action: 'vendor.write' },
    params: P.subcontract,
    body: contractors.SubcontractDecision,
    handler: ({ deps, ctx, params, body }) => contractors.decideSubcontract(deps.db, ctx, params.subcontractId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/contracts/:vendorContractId/evidence',
    summary: { ja: `契約書類の登録（${EVIDENCE_NOTE.ja}）`, en: `Upload a contract document (${EVIDENCE_NOTE.en})` },
    tags,
    access: { action: 'vendor.write' },
    params: P.contract,
    multipart: true,
    handler: async ({ deps, ctx, req, params }) => {
      const scope = await scopeFor(deps.db, ctx, 'vendor.write');
      const k = await contractors.visibleContract(deps.db, ctx, scope, params.vendorContractId);
      return receiveEvidence(deps, ctx, req, { subjectType: 'contract', subjectId: k.id, contractorId: k.contractorId });
    },
  }),

  // ---- external services ----
  defineRoute({
    method: 'GET',
    url: '/api/vendors/services',
    summary: { ja: '外部サービスの一覧（判定つき）', en: 'External services with their verdicts' },
    tags,
    access: { action: 'vendor.read' },
    query: services.ServiceQuery,
    handler: ({ deps, ctx, query }) => services.listServices(deps, ctx, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/services',
    summary: { ja: '外部サービスの登録', en: 'Register an external service' },
    tags,
    access: { action: 'vendor.write' },
    body: services.ServiceInput,
    handler: ({ deps, ctx, body }) => services.createService(deps, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/services/:externalServiceId',
    summary: { ja: '外部サービスの詳細（分類・指摘・分類別の可否・SLA・承認）', en: 'An external service: classes, findings, verdict per class, SLA, approvals' },
    tags,
    access: { action: 'vendor.read' },
    params: P.service,
    handler: ({ deps, ctx, params }) => services.getService(deps, ctx, params.externalServiceId),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/vendors/services/:externalServiceId',
    summary: { ja: '外部サービスの更新', en: 'Update an external service' },
    tags,
    access: { action: 'vendor.write' },
    params: P.service,
    body: services.ServicePatch,
    handler: ({ deps, ctx, params, body }) => services.updateService(deps, ctx, params.externalServiceId, body),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/vendors/services/:externalServiceId/assets',
    summary: { ja: '扱う情報資産・利用するシステムの設定', en: 'Set the assets held and the systems using the service' },
    tags,
    access: { action: 'vendor.write' },
    params: P.service,
    body: services.ServiceAssetsInput,
    handler: ({ deps, ctx, params, body }) => services.setServiceAssets(deps, ctx, params.externalServiceId, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/services/:externalServiceId/suitability',
    summary: { ja: 'この分類の情報を扱えるか（可・不可・条件付き、理由つき）', en: 'May this service hold this class? (yes / no / conditions, with reasons)' },
    tags,
    access: { action: 'vendor.read' },
    params: P.service,
    query: services.SuitabilityQuery,
    handler: ({ deps, ctx, params, query }) => services.serviceSuitability(deps, ctx, params.externalServiceId, query),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/vendors/services/:externalServiceId/sla',
    summary: { ja: 'SLAの目標値の設定', en: 'Set the SLA targets' },
    tags,
    access: { action: 'vendor.write' },
    params: P.service,
    body: services.SlaInput,
    handler: ({ deps, ctx, params, body }) => services.setSla(deps, ctx, params.externalServiceId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/services/:externalServiceId/sla-actuals',
    summary: { ja: 'SLAの月次実績の登録（未達は記録に残る）', en: 'Record monthly SLA actuals (breaches are kept)' },
    tags,
    access: { action: 'vendor.write' },
    params: P.service,
    body: services.ActualInput,
    handler: ({ deps, ctx, params, body }) => services.recordActual(deps, ctx, params.externalServiceId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/services/:externalServiceId/evidence',
    summary: { ja: `サービスの証跡（ISMAP言明書・SLA文書等）の登録（${EVIDENCE_NOTE.ja}）`, en: `Upload service evidence (ISMAP statement, SLA …) (${EVIDENCE_NOTE.en})` },
    tags,
    access: { action: 'vendor.write' },
    params: P.service,
    multipart: true,
    handler: async ({ deps, ctx, req, params }) => {
      const scope = await scopeFor(deps.db, ctx, 'vendor.write');
      const s = await services.visibleService(deps.db, ctx, scope, params.externalServiceId);
      return receiveEvidence(deps, ctx, req, { subjectType: 'service', subjectId: s.id, contractorId: s.providerContractorId });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/services/:externalServiceId/procurement.docx',
    summary: { ja: '調達仕様書のセキュリティ要件（.docx）', en: 'Security requirements for the procurement specification (.docx)' },
    tags,
    access: { action: 'vendor.read' },
    params: P.service,
    produces: [DOCX],
    handler: async ({ deps, ctx, params, reply }) => {
      const scope = await scopeFor(deps.db, ctx, 'vendor.read');
      await services.visibleService(deps.db, ctx, scope, params.externalServiceId);
      const s = (await loadServices(deps, deps.db, ctx.tenantId, [params.externalServiceId], japanDate())).get(params.externalServiceId) as LoadedService;
      const sections = procurementRequirements({ serviceName: s.row.name, purpose: s.row.purpose, kind: s.row.kind, model: s.row.model, connection: s.row.connection, classes: s.facts.classes, firstReportMinutes: s.row.slaFirstReportMinutes });
      const body = await procurementDocx({ serviceName: s.row.name, providerName: s.row.providerName, kind: s.row.kind, model: s.row.model, purpose: s.row.purpose, classes: s.facts.classes, sections });
      return reply.header('content-type', DOCX).header('content-disposition', attachment('procurement-requirements.docx', `調達仕様書_セキュリティ要件_${s.row.name}.docx`)).send(body);
    },
  }),

  // ---- responsibility matrices ----
  defineRoute({
    method: 'GET',
    url: '/api/vendors/matrices',
    summary: { ja: '責任分界表の一覧', en: 'Responsibility matrices' },
    tags,
    access: { action: 'vendor.read' },
    query: matrices.MatrixQuery,
    handler: ({ deps, ctx, query }) => matrices.listMatrices(deps.db, ctx, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/matrices',
    summary: { ja: '責任分界表の作成（サービスまたはシステムごと）', en: 'Create a responsibility matrix (per service or system)' },
    tags,
    access: { action: 'vendor.write' },
    body: matrices.MatrixInput,
    handler: ({ deps, ctx, body }) => matrices.createMatrix(deps, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/matrices/:responsibilityMatrixId',
    summary: { ja: '責任分界表（空白・重複の印つき）', en: 'A responsibility matrix with gaps and overlaps flagged' },
    tags,
    access: { action: 'vendor.read' },
    params: P.matrix,
    handler: ({ deps, ctx, params }) => matrices.getMatrix(deps, ctx, params.responsibilityMatrixId),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/vendors/matrices/:responsibilityMatrixId/cells',
    summary: { ja: '責任分界表の保存', en: 'Save a responsibility matrix' },
    tags,
    access: { action: 'vendor.write' },
    params: P.matrix,
    body: matrices.CellsInput,
    handler: ({ deps, ctx, params, body }) => matrices.saveCells(deps, ctx, params.responsibilityMatrixId, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/matrices/:responsibilityMatrixId/export',
    summary: { ja: '責任分界表の出力（.xlsx / .docx）', en: 'Export a responsibility matrix (.xlsx / .docx)' },
    tags,
    access: { action: 'vendor.read' },
    params: P.matrix,
    query: z.object({ format: z.enum(['xlsx', 'docx']).default('xlsx') }),
    produces: [XLSX, DOCX],
    handler: async ({ deps, ctx, params, query, reply }) => {
      const m = await matrices.getMatrix(deps, ctx, params.responsibilityMatrixId);
      const body = query.format === 'xlsx' ? await matrixXlsx(m) : await matrixDocx(m);
      return reply
        .header('content-type', query.format === 'xlsx' ? XLSX : DOCX)
        .header('content-disposition', attachment(`responsibility-matrix.${query.format}`, `責任分界表_${m.name}.${query.format}`))
        .send(body);
    },
  }),

  // ---- cloud-use approval ----
  defineRoute({
    method: 'POST',
    url: '/api/vendors/services/:externalServiceId/approvals',
    summary: { ja: '利用承認の申請（自動チェックを実行）', en: 'Request approval of use (runs the checks)' },
    tags,
    access: { action: 'vendor.write' },
    params: P.service,
    body: approvals.ApprovalRequestInput,
    handler: ({ deps, ctx, params, body }) => approvals.requestApproval(deps, ctx, params.externalServiceId, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/approvals',
    summary: { ja: '利用承認の申請一覧', en: 'Approval requests' },
    tags,
    access: { action: 'vendor.read' },
    query: approvals.ApprovalQuery,
    handler: ({ deps, ctx, query }) => approvals.listApprovals(deps, ctx, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/approvals/:cloudApprovalId',
    summary: { ja: '利用承認の申請', en: 'An approval request' },
    tags,
    access: { action: 'vendor.read' },
    params: P.approval,
    handler: ({ deps, ctx, params }) => approvals.getApproval(deps, ctx, params.cloudApprovalId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/approvals/:cloudApprovalId/decision',
    summary: { ja: '利用承認の決定（統括情報セキュリティ責任者・CISO）', en: 'Decide an approval (chief security manager or CISO)' },
    tags,
    access: { action: 'vendor.approve' },
    params: P.approval,
    body: approvals.ApprovalDecisionInput,
    handler: ({ deps, ctx, params, body }) => approvals.decideApproval(deps, ctx, params.cloudApprovalId, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/approved-services',
    summary: { ja: '利用を承認された外部サービスの一覧', en: 'The list of approved services' },
    tags,
    access: { action: 'vendor.read' },
    handler: ({ deps, ctx }) => approvals.approvedServices(deps, ctx),
  }),

  // ---- check sheets ----
  defineRoute({
    method: 'POST',
    url: '/api/vendors/contractors/:contractorId/check-sheets',
    summary: { ja: 'チェックシートの作成（カタログ第8章の項目から）', en: 'Create a check sheet (from the catalog’s chapter 8 items)' },
    tags,
    access: { action: 'vendor.write' },
    params: P.contractor,
    body: sheets.SheetInput,
    handler: ({ deps, ctx, params, body }) => sheets.createSheet(deps, ctx, params.contractorId, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/check-sheets',
    summary: { ja: 'チェックシートの一覧', en: 'Check sheets' },
    tags,
    access: { action: 'vendor.read' },
    query: z.object({ status: z.enum(['draft', 'sent', 'answered', 'returned', 'accepted']).optional(), fiscalYear: z.coerce.number().int().min(2000).max(2100).optional() }),
    handler: ({ deps, ctx, query }) => sheets.listSheets(deps.db, ctx, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/check-sheets/:checkSheetId',
    summary: { ja: 'チェックシート（設問・回答・証跡）', en: 'A check sheet with questions, answers and evidence' },
    tags,
    access: { action: 'vendor.read' },
    params: P.sheet,
    handler: ({ deps, ctx, params }) => sheets.getSheet(deps, ctx, params.checkSheetId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/check-sheets/:checkSheetId/send',
    summary: { ja: 'チェックシートの送付', en: 'Send a check sheet to the contractor' },
    tags,
    access: { action: 'vendor.write' },
    params: P.sheet,
    body: sheets.SendInput,
    handler: ({ deps, ctx, params, body }) => sheets.sendSheet(deps, ctx, params.checkSheetId, body),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/vendors/check-sheets/:checkSheetId/answers',
    summary: { ja: 'チェックシートへの回答（職員が代わって記入）', en: 'Answer a check sheet (staff on the contractor’s behalf)' },
    tags,
    access: { action: 'vendor.write' },
    params: P.sheet,
    body: sheets.AnswersInput,
    handler: ({ deps, ctx, params, body }) => sheets.saveAnswers(deps, ctx, params.checkSheetId, body, 'staff'),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/check-sheets/:checkSheetId/submit',
    summary: { ja: 'チェックシートの提出（職員による記入）', en: 'Submit a check sheet (staff-entered)' },
    tags,
    access: { action: 'vendor.write' },
    params: P.sheet,
    handler: ({ deps, ctx, params }) => sheets.submitSheet(deps, ctx, params.checkSheetId, 'staff'),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/check-sheets/:checkSheetId/evidence',
    summary: { ja: `チェックシートの証跡の登録（${EVIDENCE_NOTE.ja}）`, en: `Upload check-sheet evidence (${EVIDENCE_NOTE.en})` },
    tags,
    access: { action: 'vendor.write' },
    params: P.sheet,
    multipart: true,
    handler: ({ deps, ctx, req, params }) => sheets.uploadSheetEvidence(deps, ctx, req, params.checkSheetId, 'staff'),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/check-sheets/:checkSheetId/review',
    summary: { ja: 'チェックシートの確認（受理・差戻し）', en: 'Review a check sheet (accept or send back)' },
    tags,
    access: { action: 'vendor.write' },
    params: P.sheet,
    body: sheets.ReviewInput,
    handler: ({ deps, ctx, params, body }) => sheets.reviewSheet(deps, ctx, params.checkSheetId, body),
  }),

  // ---- evidence requests and reports (staff side) ----
  defineRoute({
    method: 'POST',
    url: '/api/vendors/contractors/:contractorId/evidence-requests',
    summary: { ja: '証跡の提出依頼', en: 'Request evidence from a contractor' },
    tags,
    access: { action: 'vendor.write' },
    params: P.contractor,
    body: sheets.RequestInput,
    handler: ({ deps, ctx, params, body }) => sheets.createRequest(deps, ctx, params.contractorId, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/evidence-requests',
    summary: { ja: '証跡の提出依頼の一覧', en: 'Evidence requests' },
    tags,
    access: { action: 'vendor.read' },
    query: z.object({ status: z.enum(['open', 'submitted', 'returned', 'accepted']).optional() }),
    handler: ({ deps, ctx, query }) => sheets.listRequests(deps.db, ctx, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/evidence-requests/:evidenceRequestId',
    summary: { ja: '証跡の提出依頼', en: 'An evidence request' },
    tags,
    access: { action: 'vendor.read' },
    params: P.request,
    handler: ({ deps, ctx, params }) => sheets.getRequest(deps, ctx, params.evidenceRequestId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/evidence-requests/:evidenceRequestId/review',
    summary: { ja: '提出された証跡の確認（受理・差戻し）', en: 'Review submitted evidence (accept or send back)' },
    tags,
    access: { action: 'vendor.write' },
    params: P.request,
    body: sheets.RequestReviewInput,
    handler: ({ deps, ctx, params, body }) => sheets.reviewRequest(deps, ctx, params.evidenceRequestId, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/reports',
    summary: { ja: '委託事業者からの報告の一覧', en: 'Reports from contractors' },
    tags,
    access: { action: 'vendor.read' },
    handler: ({ deps, ctx }) => sheets.listReports(deps.db, ctx),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/vendors/reports/:vendorReportId',
    summary: { ja: '委託事業者からの報告', en: 'A contractor report' },
    tags,
    access: { action: 'vendor.read' },
    params: P.report,
    handler: ({ deps, ctx, params }) => sheets.getReport(deps, ctx, params.vendorReportId),
  }),

  // ---- evidence download ----
  defineRoute({
    method: 'GET',
    url: '/api/vendors/evidence/:vendorEvidenceId/file',
    summary: { ja: '証跡ファイルのダウンロード（記録を閲覧できる者のみ、常に添付ファイルとして送信）', en: 'Download an evidence file (only for those who may see the record; always an attachment)' },
    tags,
    access: { action: 'vendor.read' },
    params: P.evidence,
    produces: ['application/octet-stream'],
    handler: async ({ deps, ctx, params, reply }) => {
      const e = await evidenceRow(deps.db, ctx.tenantId, params.vendorEvidenceId);
      const scope = await scopeFor(deps.db, ctx, 'vendor.read');
      const hide = (p: Promise<unknown>) =>
        p.catch(() => {
          throw err.notFound(KINDS.evidence, params.vendorEvidenceId);
        });
      switch (e.subjectType) {
        case 'certification':
          await hide(contractors.visibleCertification(deps.db, ctx, scope, e.subjectId));
          break;
        case 'contract':
          await hide(contractors.visibleContract(deps.db, ctx, scope, e.subjectId));
          break;
        case 'service':
          await hide(services.visibleService(deps.db, ctx, scope, e.subjectId));
          break;
        case 'checkSheet':
          await hide(sheets.sheetFor(deps.db, ctx, e.subjectId, 'read'));
          break;
        case 'evidenceRequest':
          await hide(sheets.requestFor(deps.db, ctx, e.subjectId, 'read'));
          break;
        case 'report':
          await hide(sheets.reportFor(deps.db, ctx, e.subjectId, 'read'));
          break;
      }
      return sendEvidence(deps, ctx, reply, e);
    },
  }),

  // ---- the contractor's portal ----
  defineRoute({
    method: 'GET',
    url: '/api/vendors/portal',
    summary: { ja: '委託事業者のページ（自社のチェックシート・提出依頼・報告）', en: 'Contractor portal: own check sheets, evidence requests and reports' },
    tags,
    access: { action: 'vendor.respond' },
    handler: ({ deps, ctx }) => sheets.portal(deps, ctx),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/vendors/portal/check-sheets/:checkSheetId/answers',
    summary: { ja: 'チェックシートへの回答（委託事業者）', en: 'Answer a check sheet (contractor)' },
    tags,
    access: { action: 'vendor.respond' },
    params: P.sheet,
    body: sheets.AnswersInput,
    handler: ({ deps, ctx, params, body }) => sheets.saveAnswers(deps, ctx, params.checkSheetId, body, 'respond'),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/portal/check-sheets/:checkSheetId/submit',
    summary: { ja: 'チェックシートの提出（委託事業者）', en: 'Submit a check sheet (contractor)' },
    tags,
    access: { action: 'vendor.respond' },
    params: P.sheet,
    handler: ({ deps, ctx, params }) => sheets.submitSheet(deps, ctx, params.checkSheetId, 'respond'),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/portal/check-sheets/:checkSheetId/evidence',
    summary: { ja: `チェックシートの証跡の提出（委託事業者、${EVIDENCE_NOTE.ja}）`, en: `Upload check-sheet evidence (contractor; ${EVIDENCE_NOTE.en})` },
    tags,
    access: { action: 'vendor.respond' },
    params: P.sheet,
    multipart: true,
    handler: ({ deps, ctx, req, params }) => sheets.uploadSheetEvidence(deps, ctx, req, params.checkSheetId, 'respond'),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/portal/evidence-requests/:evidenceRequestId/evidence',
    summary: { ja: `依頼された証跡のファイルの提出（${EVIDENCE_NOTE.ja}）`, en: `Upload requested evidence (${EVIDENCE_NOTE.en})` },
    tags,
    access: { action: 'vendor.respond' },
    params: P.request,
    multipart: true,
    handler: ({ deps, ctx, req, params }) => sheets.uploadRequestEvidence(deps, ctx, req, params.evidenceRequestId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/portal/evidence-requests/:evidenceRequestId/submit',
    summary: { ja: '依頼された証跡の提出の完了', en: 'Submit the requested evidence' },
    tags,
    access: { action: 'vendor.respond' },
    params: P.request,
    body: sheets.RequestSubmitInput,
    handler: ({ deps, ctx, params, body }) => sheets.submitRequest(deps, ctx, params.evidenceRequestId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/portal/reports',
    summary: { ja: '報告の提出（作業・事故・SLA実績・消去など）', en: 'Submit a report (work, incident, SLA, deletion …)' },
    tags,
    access: { action: 'vendor.respond' },
    body: sheets.ReportInput,
    handler: ({ deps, ctx, body }) => sheets.submitReport(deps, ctx, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/vendors/portal/reports/:vendorReportId/evidence',
    summary: { ja: `報告への添付ファイル（${EVIDENCE_NOTE.ja}）`, en: `Attach a file to a report (${EVIDENCE_NOTE.en})` },
    tags,
    access: { action: 'vendor.respond' },
    params: P.report,
    multipart: true,
    handler: ({ deps, ctx, req, params }) => sheets.uploadReportEvidence(deps, ctx, req, params.vendorReportId),
  }),
];

export function registerVendorRoutes(app: FastifyInstance): void {
  registerRoutes(app, routes);
}
