import type { FastifyInstance } from 'fastify';
import { newId } from '../../server/platform/ids';
import { createUnit, createUser } from './app';
import { insertAsset } from './assets';
import { makeDisposal, makeEvidence, makeProject } from './disposal';
import { makePolicy, makePolicyArticle, makePolicyDocument } from './documents';
import { makeNetworkModel, SMALL_MODEL } from './network';
import * as vf from './vendors';
import { makeApproval } from './approvals';
import * as inf from './incidents';
import { makeImprovement, makeImprovementEvidence } from './improvements';

/**
 * For the authorization matrix: how to make a record that a route's path parameter can point at,
 * in a given organisation. Each module adds the parameter names its routes use.
 *
 * `tenantOwned: false` marks parameters that name shared data (catalog editions and items): for
 * those the cross-organisation check does not apply.
 */
export interface ParamFixture {
  tenantOwned: boolean;
  make(app: FastifyInstance, tenantId: string): Promise<string>;
}

export const paramFixtures: Record<string, ParamFixture> = {
  // Policy documents (issue 7). orgRef names an organisation on the public page (no session).
  policyId: { tenantOwned: true, make: async (app, tenantId) => (await makePolicy(app, tenantId)).policyId },
  policyVersionId: { tenantOwned: true, make: async (app, tenantId) => (await makePolicy(app, tenantId)).versionId },
  policyArticleId: { tenantOwned: true, make: makePolicyArticle },
  policyDocumentId: { tenantOwned: true, make: makePolicyDocument },
  orgRef: { tenantOwned: false, make: async (_app, tenantId) => tenantId },
  // Guideline catalog (shared reference data).
  editionId: { tenantOwned: false, make: async () => 'R8.3' },
  nodeId: { tenantOwned: false, make: async () => 'KB-6.1.13' },
  controlId: { tenantOwned: false, make: async () => 'A.8.20' },
  assetId: { tenantOwned: true, make: async (app, tenantId) => (await insertAsset(app, tenantId)).id },
  modelId: { tenantOwned: true, make: async (app, tenantId) => (await makeNetworkModel(app, tenantId)).modelId },
  versionId: { tenantOwned: true, make: async (app, tenantId) => (await makeNetworkModel(app, tenantId)).versionId },
  userId: { tenantOwned: true, make: async (app, tenantId) => (await createUser(app, tenantId, { roles: ['staff'] })).id },
  unitId: { tenantOwned: true, make: (app, tenantId) => createUnit(app, tenantId, 'department') },
  assignmentId: {
    tenantOwned: true,
    make: async (app, tenantId) => {
      const u = await createUser(app, tenantId, { roles: ['staff'] });
      const row = await app.deps.db.selectFrom('roleAssignments').select('id').where('tenantId', '=', tenantId).where('userId', '=', u.id).executeTakeFirstOrThrow();
      return row.id;
    },
  },
  // Disposal (機器の廃棄等).
  disposalId: { tenantOwned: true, make: (app, tenantId) => makeDisposal(app, tenantId) },
  evidenceId: { tenantOwned: true, make: async (app, tenantId) => (await makeEvidence(app, tenantId)).evidenceId },
  projectId: { tenantOwned: true, make: (app, tenantId) => makeProject(app, tenantId) },
  // Vendors module.
  contractorId: { tenantOwned: true, make: (app, tenantId) => vf.makeContractor(app, tenantId) },
  vendorContactId: { tenantOwned: true, make: (app, tenantId) => vf.makeContact(app, tenantId) },
  certificationId: { tenantOwned: true, make: (app, tenantId) => vf.makeCertification(app, tenantId) },
  vendorContractId: { tenantOwned: true, make: (app, tenantId) => vf.makeContract(app, tenantId) },
  subcontractId: { tenantOwned: true, make: (app, tenantId) => vf.makeSubcontract(app, tenantId) },
  externalServiceId: { tenantOwned: true, make: (app, tenantId) => vf.makeService(app, tenantId) },
  responsibilityMatrixId: { tenantOwned: true, make: (app, tenantId) => vf.makeMatrix(app, tenantId) },
  cloudApprovalId: { tenantOwned: true, make: (app, tenantId) => vf.makeApproval(app, tenantId) },
  checkSheetId: { tenantOwned: true, make: (app, tenantId) => vf.makeSheet(app, tenantId) },
  evidenceRequestId: { tenantOwned: true, make: (app, tenantId) => vf.makeRequest(app, tenantId) },
  vendorReportId: { tenantOwned: true, make: (app, tenantId) => vf.makeReport(app, tenantId) },
  vendorEvidenceId: { tenantOwned: true, make: (app, tenantId) => vf.makeEvidence(app, tenantId) },
  // Approvals (承認).
  approvalId: { tenantOwned: true, make: (app, tenantId) => makeApproval(app, tenantId) },
  // Incidents and the CSIRT. fileId is looked up among the incident's own files, so any id will do.
  incidentId: { tenantOwned: true, make: (app, tenantId) => inf.makeIncident(app, tenantId) },
  obligationId: { tenantOwned: true, make: async (app, tenantId) => (await inf.makeObligation(app, tenantId)).obligationId },
  measureId: { tenantOwned: true, make: (app, tenantId) => inf.makeMeasure(app, tenantId) },
  csirtMemberId: { tenantOwned: true, make: (app, tenantId) => inf.makeCsirtMember(app, tenantId) },
  incidentContactId: { tenantOwned: true, make: (app, tenantId) => inf.makeIncidentContact(app, tenantId) },
  fileId: { tenantOwned: true, make: async () => newId() },
  kind: { tenantOwned: false, make: async () => 'ppc' },
  // Improvement actions (改善計画・是正処置).
  actionId: { tenantOwned: true, make: async (app, tenantId) => (await makeImprovement(app, tenantId)).id },
  improvementEvidenceId: { tenantOwned: true, make: async (app, tenantId) => (await makeImprovementEvidence(app, tenantId)).evidenceId },
  // Self-scoped: another user's token or session is simply not found.
  tokenId: { tenantOwned: true, make: async () => newId() },
  sessionId: { tenantOwned: true, make: async () => '0123456789abcdef' },
  notificationId: {
    tenantOwned: true,
    make: async (app, tenantId) => {
      const u = await createUser(app, tenantId, { roles: ['staff'] });
      const id = newId();
      await app.deps.db
        .insertInto('notifications')
        .values({ tenantId, id, userId: u.id, source: 'test', itemKey: null, severity: 'info', titleJa: '件名', titleEn: 'Title', bodyJa: '本文', bodyEn: 'Body', link: '/', createdAt: new Date().toISOString(), readAt: null })
        .execute();
      return id;
    },
  },
};

/**
 * Routes whose URL needs more than one record to line up (e.g. /users/:userId/roles/:assignmentId):
 * the matrix makes all parameters in the same organisation. Nothing to configure here; listed for readers.
 */

/**
 * Valid request bodies for write routes that take a tenant-owned parameter, so the cross-organisation
 * check sees the lookup (404) rather than a validation error. Keyed by "METHOD /url/:pattern".
 * When a route has an entry here, the matrix requires exactly 404 for another organisation's record.
 */
export const sampleBodies: Record<string, unknown> = {
  'POST /api/policies/:policyId/drafts': {},
  'PATCH /api/policy/versions/:policyVersionId': { note: '改正の概要' },
  'POST /api/policy/versions/:policyVersionId/approve': { decisionRef: '委員会決定', effectiveFrom: '2026-04-01' },
  'POST /api/policy/versions/:policyVersionId/edition-changes': { edition: 'R8.3', decisions: [] },
  'POST /api/policy/versions/:policyVersionId/edition-changes/preview': { edition: 'R8.3' },
  'POST /api/policy/versions/:policyVersionId/articles': { documentId: '0190aaaa-0000-7000-8000-000000000003', heading: '見出し' },
  'POST /api/policy/versions/:policyVersionId/procedures': { template: 'cloud' },
  'PATCH /api/policy/articles/:policyArticleId': { revision: 1, body: '本文' },
  'PATCH /api/policy/documents/:policyDocumentId': { isPublic: true },
  'PATCH /api/users/:userId': { displayName: '変更後の氏名' },
  'POST /api/users/:userId/roles': { role: 'cio' },
  'PATCH /api/units/:unitId': { name: '新しい名称' },
  'PATCH /api/assets/:assetId': { name: '変更後の資産名' },
  'PUT /api/assets/:assetId/classification': { confidentiality: '2', integrity: '1', availability: '1', reason: '見直し' },
  'PATCH /api/network/models/:modelId': { name: '変更後の構成名' },
  'POST /api/network/models/:modelId/versions': { source: SMALL_MODEL, comment: '行列テスト' },
  'PATCH /api/vendors/contractors/:contractorId': { note: '変更' },
  'POST /api/vendors/contractors/:contractorId/contacts': { name: '担当 太郎' },
  'POST /api/vendors/contractors/:contractorId/certifications': { kind: 'isms' },
  'POST /api/vendors/contractors/:contractorId/users': { email: 'matrix-contractor@example.jp', displayName: '委託 太郎' },
  'POST /api/vendors/contractors/:contractorId/contracts': { title: '契約', subject: 'other', startsOn: '2026-04-01' },
  'POST /api/vendors/contractors/:contractorId/check-sheets': {},
  'POST /api/vendors/contractors/:contractorId/evidence-requests': { title: '提出依頼' },
  'PATCH /api/vendors/certifications/:certificationId': { number: 'X-1' },
  'POST /api/vendors/certifications/:certificationId/evidence': {},
  'PATCH /api/vendors/contracts/:vendorContractId': { note: '変更' },
  'PUT /api/vendors/contracts/:vendorContractId/clauses': { clauses: [{ id: 'confidentiality', status: 'included' }] },
  'POST /api/vendors/contracts/:vendorContractId/subcontracts': { parentContractorId: '0190aaaa-0000-7000-8000-000000000001', contractorId: '0190aaaa-0000-7000-8000-000000000002', work: '作業' },
  'POST /api/vendors/contracts/:vendorContractId/evidence': {},
  'POST /api/vendors/subcontracts/:subcontractId/decision': { decision: 'approved' },
  'PATCH /api/vendors/services/:externalServiceId': { note: '変更' },
  'PUT /api/vendors/services/:externalServiceId/assets': { assets: [] },
  'PUT /api/vendors/services/:externalServiceId/sla': {},
  'POST /api/vendors/services/:externalServiceId/sla-actuals': { month: '2026-01' },
  'POST /api/vendors/services/:externalServiceId/evidence': {},
  'POST /api/vendors/services/:externalServiceId/approvals': { purpose: '目的', c: '1' },
  'PUT /api/vendors/matrices/:responsibilityMatrixId/cells': { cells: [] },
  'POST /api/vendors/approvals/:cloudApprovalId/decision': { decision: 'rejected' },
  'POST /api/vendors/check-sheets/:checkSheetId/send': {},
  'PUT /api/vendors/check-sheets/:checkSheetId/answers': { answers: [{ itemId: 'KB-8.1.2#1', answer: 'yes' }] },
  'POST /api/vendors/check-sheets/:checkSheetId/submit': {},
  'POST /api/vendors/check-sheets/:checkSheetId/evidence': {},
  'POST /api/vendors/check-sheets/:checkSheetId/review': { decision: 'accept' },
  'POST /api/vendors/evidence-requests/:evidenceRequestId/review': { decision: 'accept' },
  'PUT /api/vendors/portal/check-sheets/:checkSheetId/answers': { answers: [{ itemId: 'KB-8.1.2#1', answer: 'yes' }] },
  'POST /api/vendors/portal/check-sheets/:checkSheetId/submit': {},
  'POST /api/vendors/portal/check-sheets/:checkSheetId/evidence': {},
  'POST /api/vendors/portal/evidence-requests/:evidenceRequestId/evidence': {},
  'POST /api/vendors/portal/evidence-requests/:evidenceRequestId/submit': {},
  'POST /api/vendors/portal/reports/:vendorReportId/evidence': {},
  'PATCH /api/disposals/:disposalId': { notes: '変更' },
  'POST /api/disposals/:disposalId/approve': {},
  'POST /api/disposals/:disposalId/erase-in-building': { at: '2026-01-05', by: '職員' },
  'POST /api/disposals/:disposalId/handover': { at: '2026-01-05', contractorName: '回収株式会社', receivedBy: '受領者' },
  'POST /api/disposals/:disposalId/custody': { at: '2026-01-05', from: 'A', to: 'B' },
  'POST /api/disposals/:disposalId/completion': { at: '2026-01-05' },
  'POST /api/disposals/:disposalId/contractor/completion': { at: '2026-01-05' },
  'POST /api/disposals/:disposalId/witness': { name: '職員', from: '2026-01-05', until: '2026-01-05' },
  'POST /api/disposals/:disposalId/certificate-check': {},
  'POST /api/disposals/:disposalId/staff-check': { at: '2026-01-05' },
  'POST /api/disposals/:disposalId/key-destruction': { at: '2026-01-05', keyReference: 'key-1' },
  'POST /api/disposals/:disposalId/close': {},
  'POST /api/disposals/:disposalId/cancel': { reason: '取りやめ' },
  'POST /api/disposal-projects/:projectId/items': { items: [{ serialNumber: 'X-1', mediaKind: 'hdd', confidentiality: '2' }] },
  'POST /api/disposal-projects/:projectId/erase-in-building': { at: '2026-01-05', by: '職員' },
  'POST /api/disposal-projects/:projectId/handover': { at: '2026-01-05', contractorName: '回収株式会社', receivedBy: '受領者' },
  'POST /api/disposal-projects/:projectId/close': {},
  'POST /api/disposal-projects/:projectId/contractor/completion': { at: '2026-01-05' },
  'PATCH /api/incidents/:incidentId': { severity: 'low' },
  'POST /api/incidents/:incidentId/timeline': { at: '2026-01-05T09:00:00+09:00', kind: 'decision', text: '判断' },
  'POST /api/incidents/:incidentId/obligations/:obligationId': { status: 'sent', sentAt: '2026-01-05T09:00:00+09:00' },
  'POST /api/incidents/:incidentId/measures': { title: '対策', ownerName: '課', dueDate: '2027-03-31' },
  'POST /api/incidents/:incidentId/measures/:measureId': { status: 'done' },
  'POST /api/incidents/:incidentId/reports': { kind: 'ppc', format: 'docx' },
  'PATCH /api/csirt/members/:csirtMemberId': { holderName: '変更' },
  'PATCH /api/csirt/contacts/:incidentContactId': { name: '変更' },
  'POST /api/csirt/contacts/:incidentContactId/confirm': {},
};
