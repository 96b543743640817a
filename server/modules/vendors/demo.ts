import { fiscalYearOf, japanDate } from '@shared/era';
import { CONTRACT_CLAUSES } from '@shared/vendors';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import * as approvals from './approvals.service';
import * as contractors from './contractors.service';
import * as matrices from './matrices.service';
import { addDays } from './rules';
import * as services from './services.service';
import * as sheets from './sheets.service';

/**
 * Sample records for `shirube serve --demo`. Every name is marked 【架空】 (fictional) and no
 * corporate number is given, so nothing can be mistaken for a real company.
 */
export async function seedVendorsDemo(deps: AppDeps, ctx: Ctx, units: Map<string, string>): Promise<void> {
  const today = japanDate();
  const joho = units.get('S-JOHO') ?? null;
  const shimin = units.get('S-SHIMIN') ?? null;

  const sier = await contractors.createContractor(deps.db, ctx, contractors.ContractorInput.parse({
    name: '【架空】しるべ情報システム株式会社',
    nameKana: 'しるべじょうほうしすてむ',
    address: '東京都千代田区（架空）',
    ownerSectionId: joho,
    foreignControlDeclaredOn: addDays(today, -200),
    note: 'デモ用の架空の事業者です。',
  }));
  const cloud = await contractors.createContractor(deps.db, ctx, contractors.ContractorInput.parse({ name: '【架空】みちしるべクラウド株式会社', ownerSectionId: joho, note: 'デモ用の架空のクラウド事業者です。' }));
  const sub = await contractors.createContractor(deps.db, ctx, contractors.ContractorInput.parse({ name: '【架空】道標データ入力合同会社', ownerSectionId: joho }));
  const subsub = await contractors.createContractor(deps.db, ctx, contractors.ContractorInput.parse({ name: '【架空】標運用サポート株式会社', ownerSectionId: joho }));

  await contractors.addContact(deps.db, ctx, sier.id, contractors.ContactInput.parse({ name: '営業 架空一郎', title: '公共営業部', email: 'sales@sier.demo.shirube.invalid', phone: '03-0000-0000', isPrimary: true }));
  await contractors.addCertification(deps.db, ctx, sier.id, contractors.CertificationInput.parse({ kind: 'isms', number: 'DEMO-ISMS-0001', issuer: '【架空】認証機関', validFrom: addDays(today, -900), validUntil: addDays(today, 40) }));
  await contractors.addCertification(deps.db, ctx, sier.id, contractors.CertificationInput.parse({ kind: 'pmark', number: 'DEMO-P-0001', issuer: '【架空】付与機関', validFrom: addDays(today, -800), validUntil: addDays(today, -10) }));
  await contractors.addCertification(deps.db, ctx, cloud.id, contractors.CertificationInput.parse({ kind: 'ismsCloud', number: 'DEMO-CLS-0001', validFrom: addDays(today, -300), validUntil: addDays(today, 700) }));

  const iaas = await services.createService(deps, ctx, services.ServiceInput.parse({
    name: '【架空】みちしるべIaaS',
    providerName: '【架空】みちしるべクラウド株式会社',
    providerContractorId: cloud.id,
    model: 'IaaS',
    kind: 'ismap',
    connection: 'closed',
    status: 'inUse',
    ownerSectionId: joho,
    purpose: '住民記録システムの基盤として利用する（デモ）',
    ismapRegistrationNumber: 'DEMO-ISMAP-0001',
    registeredFrom: addDays(today, -400),
    registeredUntil: addDays(today, 300),
    ismapScope: ['physical', 'network', 'virtualisation', 'backup', 'disasterRecovery'],
    reliedAreas: ['physical', 'network', 'virtualisation', 'backup', 'encryption', 'keyManagement', 'logging'],
    dataCountry: 'JP',
    dataRegion: '東日本',
    governingLaw: 'JP',
    jurisdiction: 'JP',
    declaredC: '3B',
    declaredI: '2',
    declaredA: '2',
  }));
  await services.setSla(deps, ctx, iaas.id, services.SlaInput.parse({ availability: 99.9, rtoMinutes: 240, rpoMinutes: null, supportHours: '24時間365日', firstReportMinutes: 60, backupFrequency: '毎日', exitTerms: null }));
  const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  await services.recordActual(deps, ctx, iaas.id, services.ActualInput.parse({ month: lastMonth, availability: 99.5, longestOutageMinutes: 300, dataLossMinutes: 0, firstReportMinutes: 45, backupsMissed: 0, note: '【架空】ストレージ障害による停止' }));

  const asp = await services.createService(deps, ctx, services.ServiceInput.parse({
    name: '【架空】しるべ電子申請ASP',
    providerName: '【架空】しるべ情報システム株式会社',
    providerContractorId: sier.id,
    model: 'SaaS',
    kind: 'lgwanAsp',
    connection: 'lgwan',
    status: 'inUse',
    ownerSectionId: shimin ?? joho,
    purpose: '各種申請の受付（デモ）',
    dataCountry: 'JP',
    governingLaw: 'JP',
    jurisdiction: 'JP',
    declaredC: '3C',
    declaredI: '1',
    declaredA: '1',
  }));
  await services.createService(deps, ctx, services.ServiceInput.parse({
    name: '【架空】ふせんメモ共有',
    providerName: '【架空】Sticky Notes Inc.',
    model: 'SaaS',
    kind: 'termsOnly',
    connection: 'internet',
    status: 'planned',
    ownerSectionId: joho,
    purpose: '庁内の打合せメモの共有を検討（デモ）',
    dataCountry: 'US',
    governingLaw: 'US',
    jurisdiction: 'US',
    declaredC: '2',
  }));
  const meeting = await services.createService(deps, ctx, services.ServiceInput.parse({
    name: '【架空】みちしるべWeb会議',
    providerName: '【架空】みちしるべクラウド株式会社',
    providerContractorId: cloud.id,
    model: 'SaaS',
    kind: 'ismapLiu',
    connection: 'alphaPrime',
    status: 'planned',
    ownerSectionId: joho,
    ismapRegistrationNumber: 'DEMO-LIU-0001',
    registeredFrom: addDays(today, -100),
    registeredUntil: addDays(today, 600),
    ismapScope: ['accessControl', 'identity', 'logging', 'encryption'],
    reliedAreas: ['accessControl', 'identity', 'encryption'],
    dataCountry: 'JP',
    governingLaw: 'JP',
    jurisdiction: 'JP',
    declaredC: '2',
    declaredI: '1',
    declaredA: '1',
  }));

  const m = await matrices.createMatrix(deps, ctx, matrices.MatrixInput.parse({ name: '【架空】みちしるべIaaS 責任分界', serviceId: iaas.id, partyContractors: { cloudProvider: cloud.id, appVendor: sier.id, opsVendor: subsub.id } }));
  const R = (areaId: string, party: string) => ({ areaId, party, role: 'R' }) as const;
  const C = (areaId: string, party: string) => ({ areaId, party, role: 'C' }) as const;
  await matrices.saveCells(deps, ctx, m.id, matrices.CellsInput.parse({
    cells: [
      R('accessControl', 'appVendor'),
      C('accessControl', 'municipality'),
      R('identity', 'municipality'),
      R('privilegedOps', 'opsVendor'),
      R('logging', 'appVendor'),
      R('logging', 'cloudProvider'),
      R('monitoring', 'opsVendor'),
      R('encryption', 'cloudProvider'),
      R('backup', 'cloudProvider'),
      C('backup', 'opsVendor'),
      R('vulnerability', 'appVendor'),
      R('network', 'networkVendor'),
      R('virtualisation', 'cloudProvider'),
      R('physical', 'cloudProvider'),
      R('changeManagement', 'appVendor'),
      R('incidentReporting', 'municipality'),
      C('incidentReporting', 'cloudProvider'),
      C('incidentReporting', 'appVendor'),
      R('disasterRecovery', 'cloudProvider'),
      R('dataReturnDeletion', 'cloudProvider'),
      R('training', 'municipality'),
      R('complianceEvidence', 'cloudProvider'),
    ],
  }));

  const contract = await contractors.createContract(deps.db, ctx, sier.id, contractors.ContractInput.parse({
    title: '【架空】住民記録システム運用保守業務',
    contractNumber: 'DEMO-2026-001',
    subject: 'operation',
    ownerSectionId: joho,
    serviceId: iaas.id,
    startsOn: `${fiscalYearOf(today)}-04-01`,
    endsOn: `${fiscalYearOf(today) + 1}-03-31`,
    maxConfidentiality: '3B',
  }));
  await contractors.saveClauses(deps.db, ctx, contract.id, contractors.ClausesInput.parse({
    clauses: CONTRACT_CLAUSES.map((c) =>
      c.id === 'liability'
        ? { id: c.id, status: 'missing' as const, note: '免責条項が広い（重大な過失も免責）。改定を協議中。' }
        : c.id === 'incidentReporting'
          ? { id: c.id, status: 'included' as const, value: '1' }
          : c.id === 'dataReturnDeletion'
            ? { id: c.id, status: 'partial' as const, note: '消去証明書の提出期限が未定' }
            : { id: c.id, status: 'included' as const },
    ),
  }));
  const s1 = await contractors.addSubcontract(deps.db, ctx, contract.id, contractors.SubcontractInput.parse({ parentContractorId: sier.id, contractorId: sub.id, work: '住民異動データの入力' }));
  await contractors.decideSubcontract(deps.db, ctx, s1.id, contractors.SubcontractDecision.parse({ decision: 'approved', note: '秘密保持の誓約書を確認' }));
  await contractors.addSubcontract(deps.db, ctx, contract.id, contractors.SubcontractInput.parse({ parentContractorId: sub.id, contractorId: subsub.id, work: '夜間の監視' }));

  if (deps.services.catalog) {
    const sheet = await sheets.createSheet(deps, ctx, sier.id, sheets.SheetInput.parse({ fiscalYear: fiscalYearOf(today), dueOn: addDays(today, 5) }));
    await sheets.sendSheet(deps, ctx, sheet.id, sheets.SendInput.parse({}));
  }
  await sheets.createRequest(deps, ctx, cloud.id, sheets.RequestInput.parse({ title: 'ISMAP言明書の最新版', detail: '今年度の外部監査の言明書（写し）を提出してください。', dueOn: addDays(today, 14) }));

  await approvals.requestApproval(deps, ctx, meeting.id, approvals.ApprovalRequestInput.parse({ purpose: 'LGWAN接続系からのWeb会議（デモ）', c: '2', i: '1', a: '1' }));
  const req = await approvals.requestApproval(deps, ctx, asp.id, approvals.ApprovalRequestInput.parse({ purpose: '各種申請の受付（デモ）', c: '3C', i: '1', a: '1' }));
  if (req.current?.verdict !== 'no') {
    await approvals.decideApproval(deps, ctx, req.id, approvals.ApprovalDecisionInput.parse({ decision: 'approved', conditions: '責任分界表を作成し、次回の更新までにSLAの第一報期限を定めること（デモ）', note: 'デモの承認' }));
  }
}
