/**
 * Outsourcing and external services (業務委託と外部サービスの利用): the enumerations of the
 * vendors module, their Japanese and English names and the catalog items they rest on. Shared by
 * the server (validation, rules, documents) and the web pages.
 *
 * Catalog references are ids of the guideline catalog (KB-…, CP-…), JIS Q 27001:2023 Annex A
 * controls (A.…) and JIS Q 27017 cloud controls (CLD.…). A unit test checks that every id cited
 * here exists in the catalog.
 */

export interface Named<T extends string = string> {
  id: T;
  ja: string;
  en: string;
}

export interface Bilingual {
  ja: string;
  en: string;
}

// ---- 法人番号 (corporate number) ---------------------------------------------------------------

/**
 * Check digit of a 法人番号 from its 12-digit base number (the 13 digits minus the leading check
 * digit). Digits are weighted 1 and 2 alternately from the lowest position (the rightmost digit
 * has weight 1); the check digit is 9 minus the weighted sum modulo 9.
 */
export function corporateNumberCheckDigit(base12: string): number {
  if (!/^\d{12}$/.test(base12)) throw new RangeError('the base number must be 12 digits');
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = base12.charCodeAt(12 - n) - 48;
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export type CorporateNumberProblem = 'format' | 'checkDigit';

/** Why a corporate number is not valid, or null when it is (13 ASCII digits, correct check digit). */
export function corporateNumberProblem(value: string): CorporateNumberProblem | null {
  if (!/^\d{13}$/.test(value)) return 'format';
  return corporateNumberCheckDigit(value.slice(1)) === value.charCodeAt(0) - 48 ? null : 'checkDigit';
}

export function isValidCorporateNumber(value: string): boolean {
  return corporateNumberProblem(value) === null;
}

/** Full-width digits and separators as people type them → 13 ASCII digits (or the input unchanged). */
export function normaliseCorporateNumber(value: string): string {
  return value
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-‐－ー]/g, '');
}

// ---- external services -------------------------------------------------------------------------

export const SERVICE_MODELS = [
  { id: 'IaaS', ja: 'IaaS（基盤）', en: 'IaaS' },
  { id: 'PaaS', ja: 'PaaS（実行環境）', en: 'PaaS' },
  { id: 'SaaS', ja: 'SaaS（アプリケーション）', en: 'SaaS' },
] as const satisfies ReadonlyArray<Named>;
export type ServiceModel = (typeof SERVICE_MODELS)[number]['id'];
export const SERVICE_MODEL_IDS = SERVICE_MODELS.map((m) => m.id) as unknown as readonly [ServiceModel, ...ServiceModel[]];

export const SERVICE_KINDS = [
  { id: 'ismap', ja: 'ISMAP登録サービス', en: 'ISMAP-registered service' },
  { id: 'ismapLiu', ja: 'ISMAP-LIU登録サービス', en: 'ISMAP-LIU-registered service' },
  { id: 'lgwanAsp', ja: 'LGWAN-ASP', en: 'LGWAN-ASP' },
  { id: 'govCloud', ja: 'ガバメントクラウド', en: 'Government Cloud' },
  { id: 'termsOnly', ja: '約款による外部サービス', en: 'Terms-of-service-only service' },
] as const satisfies ReadonlyArray<Named>;
export type ServiceKind = (typeof SERVICE_KINDS)[number]['id'];
export const SERVICE_KIND_IDS = SERVICE_KINDS.map((k) => k.id) as unknown as readonly [ServiceKind, ...ServiceKind[]];

/** Kinds that carry an ISMAP-family registration (number, validity, registered scope). */
export const ISMAP_KINDS: ReadonlySet<ServiceKind> = new Set(['ismap', 'ismapLiu']);

export const SERVICE_STATUSES = [
  { id: 'planned', ja: '検討中', en: 'Planned' },
  { id: 'inUse', ja: '利用中', en: 'In use' },
  { id: 'retired', ja: '利用終了', en: 'Retired' },
] as const satisfies ReadonlyArray<Named>;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number]['id'];
export const SERVICE_STATUS_IDS = SERVICE_STATUSES.map((k) => k.id) as unknown as readonly [ServiceStatus, ...ServiceStatus[]];

/** How the service is reached from the organisation's network. */
export const SERVICE_CONNECTIONS = [
  { id: 'internet', ja: 'インターネット接続系から利用', en: 'From the internet segment' },
  { id: 'alphaPrime', ja: 'LGWAN接続系から直接接続（α′モデル）', en: 'Direct from the LGWAN segment (α′ model)' },
  { id: 'lgwan', ja: 'LGWAN経由（LGWAN-ASP）', en: 'Over LGWAN (LGWAN-ASP)' },
  { id: 'closed', ja: '閉域網・専用線', en: 'Closed network or leased line' },
] as const satisfies ReadonlyArray<Named>;
export type ServiceConnection = (typeof SERVICE_CONNECTIONS)[number]['id'];
export const SERVICE_CONNECTION_IDS = SERVICE_CONNECTIONS.map((k) => k.id) as unknown as readonly [ServiceConnection, ...ServiceConnection[]];

// ---- control areas (責任分界の管理項目・ISMAPの言明対象) -------------------------------------------

export interface ControlArea extends Named {
  /** Catalog, Annex A and CLD ids the area rests on. */
  refs: string[];
  /** Typical for a provider to carry in IaaS/PaaS (used to suggest "relied on" areas). */
  providerSide: boolean;
}

/**
 * Control areas for the responsibility split (責任分界) and for the ISMAP registered scope. The
 * grouping is Shirube's own; each area names the catalog items it rests on.
 */
export const CONTROL_AREAS = [
  { id: 'accessControl', ja: 'アクセス制御', en: 'Access control', refs: ['KB-6.2.1', 'CP-6.2', 'A.5.15', 'A.8.3'], providerSide: true },
  { id: 'identity', ja: 'ID・認証の管理', en: 'Identity and authentication', refs: ['KB-6.2.1.2', 'CP-6.3', 'A.5.16', 'A.8.5'], providerSide: true },
  { id: 'privilegedOps', ja: '管理者権限・特権操作の管理', en: 'Privileged and administrator operations', refs: ['KB-6.2.1.3', 'A.8.2', 'CLD.12.1.5'], providerSide: true },
  { id: 'logging', ja: 'ログの取得と保存', en: 'Logging', refs: ['KB-6.1.6', 'CP-6.1', 'A.8.15'], providerSide: true },
  { id: 'monitoring', ja: '監視', en: 'Monitoring', refs: ['KB-7.1.1', 'A.8.16', 'CLD.12.4.5'], providerSide: true },
  { id: 'encryption', ja: '暗号化', en: 'Encryption', refs: ['KB-6.1.16', 'A.8.24'], providerSide: true },
  { id: 'keyManagement', ja: '暗号鍵の管理', en: 'Key management', refs: ['KB-6.1.16', 'A.8.24'], providerSide: true },
  { id: 'backup', ja: 'バックアップ', en: 'Backup', refs: ['KB-6.1.2', 'A.8.13'], providerSide: true },
  { id: 'vulnerability', ja: '脆弱性への対応', en: 'Vulnerability handling', refs: ['KB-6.6.1', 'A.8.8'], providerSide: true },
  { id: 'malware', ja: '不正プログラム対策', en: 'Malware protection', refs: ['KB-6.4', 'A.8.7'], providerSide: false },
  { id: 'network', ja: 'ネットワークの分離と通信の保護', en: 'Network separation and protection', refs: ['KB-6.1.8', 'A.8.20', 'A.8.22', 'CLD.13.1.4'], providerSide: true },
  { id: 'virtualisation', ja: '仮想環境の分離と堅牢化', en: 'Virtual environment segregation and hardening', refs: ['KB-8.3.5', 'CLD.9.5.1', 'CLD.9.5.2'], providerSide: true },
  { id: 'physical', ja: 'データセンターの物理的対策', en: 'Data-centre physical security', refs: ['KB-4.2', 'A.7.1'], providerSide: true },
  { id: 'changeManagement', ja: '変更管理', en: 'Change management', refs: ['KB-6.3.6', 'A.8.32'], providerSide: false },
  { id: 'incidentReporting', ja: 'インシデントの報告', en: 'Incident reporting', refs: ['KB-7.3', 'CP-5.2', 'A.5.24', 'A.6.8'], providerSide: false },
  { id: 'evidence', ja: '証拠の保全と提出', en: 'Evidence preservation and disclosure', refs: ['CP-5.3', 'A.5.28'], providerSide: false },
  { id: 'disasterRecovery', ja: '障害・災害からの復旧', en: 'Recovery from failures and disasters', refs: ['KB-4.1.2', 'CP-4.1', 'A.5.30', 'A.8.14'], providerSide: true },
  { id: 'dataReturnDeletion', ja: 'データの返却・消去', en: 'Data return and deletion', refs: ['KB-8.3.7', 'CP-4.2', 'A.8.10', 'CLD.8.1.5'], providerSide: true },
  { id: 'training', ja: '研修・教育', en: 'Training', refs: ['CP-5.1', 'A.6.3'], providerSide: false },
  { id: 'complianceEvidence', ja: '遵守状況の証明（監査報告書等）', en: 'Compliance evidence (audit reports)', refs: ['CP-7.2', 'CP-9.1', 'A.5.35'], providerSide: false },
] as const satisfies ReadonlyArray<ControlArea>;
export type ControlAreaId = (typeof CONTROL_AREAS)[number]['id'];
export const CONTROL_AREA_IDS = CONTROL_AREAS.map((a) => a.id) as unknown as readonly [ControlAreaId, ...ControlAreaId[]];

/** Control areas the study group named when warning that an ISMAP listing may not cover them (seed 001). */
export const COMMONLY_RELIED_AREAS: readonly ControlAreaId[] = ['accessControl', 'encryption', 'keyManagement', 'logging', 'backup', 'dataReturnDeletion'];

// ---- parties of the responsibility split ---------------------------------------------------------

export const PARTIES = [
  { id: 'municipality', ja: '地方公共団体', en: 'Municipality' },
  { id: 'cloudProvider', ja: 'クラウド事業者', en: 'Cloud provider' },
  { id: 'appVendor', ja: 'アプリケーション事業者', en: 'Application vendor' },
  { id: 'opsVendor', ja: '運用・保守事業者', en: 'Operations vendor' },
  { id: 'networkVendor', ja: '回線・ネットワーク事業者', en: 'Network vendor' },
  { id: 'digitalAgency', ja: 'デジタル庁（ガバメントクラウド）', en: 'Digital Agency (Government Cloud)' },
] as const satisfies ReadonlyArray<Named>;
export type PartyId = (typeof PARTIES)[number]['id'];
export const PARTY_IDS = PARTIES.map((p) => p.id) as unknown as readonly [PartyId, ...PartyId[]];

/** R = responsible (実施責任), C = consulted (協議・連携). */
export const RESP_ROLES = [
  { id: 'R', ja: '実施責任', en: 'Responsible' },
  { id: 'C', ja: '協議・連携', en: 'Consulted' },
] as const satisfies ReadonlyArray<Named>;
export type RespRole = (typeof RESP_ROLES)[number]['id'];

// ---- contractors ---------------------------------------------------------------------------------

export const CERT_KINDS = [
  { id: 'isms', ja: 'ISMS認証（JIS Q 27001）', en: 'ISMS certification (ISO/IEC 27001)' },
  { id: 'ismsCloud', ja: 'ISMSクラウドセキュリティ認証（JIS Q 27017）', en: 'ISMS cloud security (ISO/IEC 27017)' },
  { id: 'pmark', ja: 'プライバシーマーク', en: 'PrivacyMark' },
  { id: 'iso27018', ja: 'ISO/IEC 27018', en: 'ISO/IEC 27018' },
  { id: 'socReport', ja: 'SOC2等の保証報告書', en: 'SOC 2 or similar assurance report' },
  // Registration schemes besides ISMAP (facts Corrections of 2026-12 no.10, seed 001).
  { id: 'jcStar', ja: 'JC-STAR（IoT製品のセキュリティ適合性評価）', en: 'JC-STAR (IoT product security labelling)' },
  { id: 'dmp', ja: 'デジタルマーケットプレイス（DMP）への登録', en: 'Listed on the Digital Marketplace (DMP)' },
  { id: 'other', ja: 'その他', en: 'Other' },
] as const satisfies ReadonlyArray<Named>;
export type CertKind = (typeof CERT_KINDS)[number]['id'];
export const CERT_KIND_IDS = CERT_KINDS.map((k) => k.id) as unknown as readonly [CertKind, ...CertKind[]];

export const CONTRACT_SUBJECTS = [
  { id: 'development', ja: 'システムの構築・開発', en: 'System development' },
  { id: 'operation', ja: 'システムの運用・保守', en: 'System operation and maintenance' },
  { id: 'cloud', ja: '外部サービスの提供', en: 'External service provision' },
  { id: 'dataEntry', ja: 'データ入力・処理', en: 'Data entry and processing' },
  { id: 'disposal', ja: '機器の廃棄・データ消去', en: 'Equipment disposal and data erasure' },
  { id: 'other', ja: 'その他の業務', en: 'Other work' },
] as const satisfies ReadonlyArray<Named>;
export type ContractSubject = (typeof CONTRACT_SUBJECTS)[number]['id'];
export const CONTRACT_SUBJECT_IDS = CONTRACT_SUBJECTS.map((k) => k.id) as unknown as readonly [ContractSubject, ...ContractSubject[]];

export interface ContractClause extends Named {
  refs: string[];
  /** What a complete clause contains, in Shirube's words. */
  guidance: Bilingual;
  /** The clause needs a value (e.g. the reporting deadline in hours). */
  needsValue?: Bilingual;
  provisional?: boolean;
}

/** The contract-clause checklist (契約条項の確認項目). */
export const CONTRACT_CLAUSES = [
  {
    id: 'confidentiality',
    ja: '秘密保持',
    en: 'Confidentiality',
    refs: ['KB-8.1.2', 'A.6.6'],
    guidance: { ja: '委託先とその従業員が業務で知った情報を漏らさない義務と、契約終了後も続く期間を定めている。', en: 'Binds the contractor and its staff not to disclose what they learn, including after the contract ends.' },
  },
  {
    id: 'subcontracting',
    ja: '再委託の事前承認',
    en: 'Prior approval of subcontracting',
    refs: ['KB-8.1.2', 'A.5.20', 'A.5.21'],
    guidance: { ja: '再委託には団体の事前の書面承認が必要で、再委託先にも同じ義務を課すことを定めている。', en: 'Subcontracting needs the organisation’s prior written approval, and the same duties pass to every subcontractor.' },
  },
  {
    id: 'auditRights',
    ja: '監査・検査の権利',
    en: 'Audit and inspection rights',
    refs: ['KB-8.1.3', 'KB-9.1', 'A.5.22'],
    guidance: { ja: '団体（または団体が指定する第三者）が委託先の対策を監査・検査できることを定めている。', en: 'The organisation, or a third party it names, may audit and inspect the contractor’s measures.' },
  },
  {
    id: 'incidentReporting',
    ja: '事故時の報告義務と期限',
    en: 'Incident reporting duty and deadline',
    refs: ['KB-8.1.2', 'CP-5.2', 'A.5.24'],
    needsValue: { ja: '第一報の期限（時間）', en: 'First-report deadline (hours)' },
    guidance: { ja: '事故やその疑いを知ったときに、決められた時間内に第一報を入れる義務を定めている。', en: 'Requires a first report within a stated time after an incident or suspected incident becomes known.' },
  },
  {
    id: 'dataReturnDeletion',
    ja: 'データの返却・消去と証明書',
    en: 'Data return and deletion with a certificate',
    refs: ['KB-8.1.4', 'KB-8.3.7', 'CLD.8.1.5'],
    guidance: { ja: '契約終了時にデータを返却し、消去してその証明書を出すこと（クラウドでは暗号化消去を含む）を定めている。', en: 'At the end, data is returned and erased with a certificate (for cloud, including cryptographic erase).' },
  },
  {
    id: 'complianceEvidence',
    ja: '遵守状況の証拠（第三者監査報告書等）',
    en: 'Compliance evidence (third-party audit reports)',
    refs: ['CP-7.2', 'CP-9.1', 'A.5.35'],
    guidance: { ja: '対策の実施状況を示す第三者の監査報告書や認証の証拠を、求めに応じて提出することを定めている。', en: 'The contractor provides third-party audit reports or certification evidence on request.' },
  },
  {
    id: 'dataLocation',
    ja: 'データの保管場所',
    en: 'Data location',
    refs: ['KB-8.3.2'],
    guidance: { ja: 'データを保管・処理する国と地域、準拠法と裁判管轄を定めている。', en: 'States the country and region where data is stored and processed, the governing law and the jurisdiction.' },
  },
  {
    id: 'sla',
    ja: 'サービスレベル（SLA）',
    en: 'Service levels (SLA)',
    refs: ['KB-8.3.3', 'CP-4.1'],
    guidance: { ja: '稼働率、目標復旧時間・時点、サポート時間、バックアップなどの水準と、未達時の扱いを定めている。', en: 'States availability, recovery time and point, support hours and backup, and what happens when they are missed.' },
  },
  {
    id: 'liability',
    ja: '損害賠償（広い免責の排除）',
    en: 'Liability without broad disclaimers',
    refs: ['KB-8.3.3'],
    provisional: true,
    guidance: { ja: '委託先の責任を過度に免除する条項がなく、重大な過失による損害まで免責する内容になっていない。', en: 'No clause excuses the contractor too broadly; damage from gross negligence is not excluded.' },
  },
  {
    // seed 001: remedies when the SLA is missed, and avoiding one-sided contracts before signing.
    id: 'slaRemedies',
    ja: 'SLA未達時の措置（片務的でない契約）',
    en: 'Remedies when the SLA is missed (no one-sided terms)',
    refs: ['KB-8.3.3', 'KB-8.1.2'],
    provisional: true,
    guidance: {
      ja: 'SLAを満たさなかったときの減額・是正・損害賠償などの措置と請求の手続を定め、責任分界とSLAが委託先だけに有利な内容になっていないことを契約前に確かめている。',
      en: 'States what happens when the SLA is missed (fee reduction, correction, damages) and how to claim, and was checked before signing that the responsibility split and SLA do not favour the contractor alone.',
    },
  },
  {
    // seed 001: package software and the boundary between standard and non-standard systems.
    id: 'packageDisclosure',
    ja: 'パッケージソフトと標準・標準外の境界の開示',
    en: 'Disclosure of package software and the standard/non-standard boundary',
    refs: ['KB-8.2.1', 'KB-8.1.2'],
    provisional: true,
    guidance: {
      ja: '委託先が使うパッケージソフト（製品名・版・提供元）と、標準準拠システムとそれ以外の部分の境界（連携・カスタマイズの範囲）を団体に開示し、変更を知らせることを定めている。',
      en: 'The contractor discloses the package software it uses (product, version, supplier) and where the standard-compliant system ends and the rest begins (interfaces, customisation), and reports changes.',
    },
  },
  {
    // seed 004 row (1): for leased equipment, physical destruction of the media at lease end is desirable in the contract.
    id: 'leaseMediaDestruction',
    ja: 'リース終了時の記憶媒体の物理的破壊',
    en: 'Physical destruction of storage media at lease end',
    refs: ['KB-4.1.7'],
    guidance: {
      ja: 'リース機器を返却するとき、住民情報を記録した記憶媒体は物理的に破壊してから返すこと（媒体は返却しないこと）を仕様書と契約に定めている。リース機器がなければ「該当なし」とする。',
      en: 'For leased equipment, storage media that held residents’ data are physically destroyed (not returned) at lease end, as written in the specification and contract. Mark "not applicable" when nothing is leased.',
    },
  },
  {
    id: 'training',
    ja: '従事者への教育',
    en: 'Staff training',
    refs: ['KB-5.2.1', 'CP-5.1', 'A.6.3'],
    guidance: { ja: '業務に従事する者に情報セキュリティの教育を行い、その記録を示すことを定めている。', en: 'Staff working on the contract are trained in information security, with records available.' },
  },
] as const satisfies ReadonlyArray<ContractClause>;
export type ContractClauseId = (typeof CONTRACT_CLAUSES)[number]['id'];
export const CONTRACT_CLAUSE_IDS = CONTRACT_CLAUSES.map((c) => c.id) as unknown as readonly [ContractClauseId, ...ContractClauseId[]];

export const CLAUSE_STATUSES = [
  { id: 'included', ja: '規定あり', en: 'Included' },
  { id: 'partial', ja: '一部不足', en: 'Partly' },
  { id: 'missing', ja: '規定なし', en: 'Missing' },
  { id: 'na', ja: '該当なし', en: 'Not applicable' },
] as const satisfies ReadonlyArray<Named>;
export type ClauseStatus = (typeof CLAUSE_STATUSES)[number]['id'];
export const CLAUSE_STATUS_IDS = CLAUSE_STATUSES.map((k) => k.id) as unknown as readonly [ClauseStatus, ...ClauseStatus[]];

// ---- check sheets --------------------------------------------------------------------------------

export const SHEET_STATUSES = [
  { id: 'draft', ja: '作成中', en: 'Draft' },
  { id: 'sent', ja: '回答待ち', en: 'Awaiting answers' },
  { id: 'answered', ja: '確認待ち', en: 'Awaiting review' },
  { id: 'returned', ja: '差戻し', en: 'Sent back' },
  { id: 'accepted', ja: '確認済み', en: 'Accepted' },
] as const satisfies ReadonlyArray<Named>;
export type SheetStatus = (typeof SHEET_STATUSES)[number]['id'];

export const ANSWERS = [
  { id: 'yes', ja: '実施している', en: 'In place' },
  { id: 'partial', ja: '一部実施', en: 'Partly' },
  { id: 'no', ja: '実施していない', en: 'Not in place' },
  { id: 'na', ja: '該当しない', en: 'Not applicable' },
] as const satisfies ReadonlyArray<Named>;
export type AnswerId = (typeof ANSWERS)[number]['id'];
export const ANSWER_IDS = ANSWERS.map((k) => k.id) as unknown as readonly [AnswerId, ...AnswerId[]];

export const REQUEST_STATUSES = [
  { id: 'open', ja: '提出待ち', en: 'Awaiting submission' },
  { id: 'submitted', ja: '確認待ち', en: 'Awaiting review' },
  { id: 'returned', ja: '差戻し', en: 'Sent back' },
  { id: 'accepted', ja: '確認済み', en: 'Accepted' },
] as const satisfies ReadonlyArray<Named>;
export type RequestStatus = (typeof REQUEST_STATUSES)[number]['id'];

export const REPORT_KINDS = [
  { id: 'work', ja: '作業報告', en: 'Work report' },
  { id: 'incident', ja: '事故・障害の報告', en: 'Incident or outage report' },
  { id: 'sla', ja: 'サービスレベルの実績報告', en: 'Service-level report' },
  { id: 'deletion', ja: 'データ消去の報告', en: 'Data deletion report' },
  { id: 'other', ja: 'その他の報告', en: 'Other report' },
] as const satisfies ReadonlyArray<Named>;
export type ReportKind = (typeof REPORT_KINDS)[number]['id'];
export const REPORT_KIND_IDS = REPORT_KINDS.map((k) => k.id) as unknown as readonly [ReportKind, ...ReportKind[]];

export const APPROVAL_STATUSES = [
  { id: 'pending', ja: '承認待ち', en: 'Pending' },
  { id: 'approved', ja: '承認', en: 'Approved' },
  { id: 'rejected', ja: '却下', en: 'Rejected' },
  { id: 'superseded', ja: '新しい承認に置換え', en: 'Superseded' },
  { id: 'withdrawn', ja: '取下げ', en: 'Withdrawn' },
] as const satisfies ReadonlyArray<Named>;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number]['id'];

export const SUBCONTRACT_STATUSES = [
  { id: 'requested', ja: '承認待ち', en: 'Awaiting approval' },
  { id: 'approved', ja: '承認済み', en: 'Approved' },
  { id: 'refused', ja: '不承認', en: 'Refused' },
] as const satisfies ReadonlyArray<Named>;
export type SubcontractStatus = (typeof SUBCONTRACT_STATUSES)[number]['id'];

// ---- checks ----------------------------------------------------------------------------------------

export type Severity = 'error' | 'warning' | 'info';
export type Verdict = 'yes' | 'no' | 'conditions';

export const VERDICTS = [
  { id: 'yes', ja: '可', en: 'Yes' },
  { id: 'conditions', ja: '条件付きで可', en: 'With conditions' },
  { id: 'no', ja: '不可', en: 'No' },
] as const satisfies ReadonlyArray<Named>;

/** Confidentiality levels in the current scheme (自治体機密性), strictest first, plus the legacy 3. */
export const C_LEVELS = ['3A', '3B', '3C', '2', '1'] as const;
export const C_RANK: Record<string, number> = { '3A': 5, '3': 5, '3B': 4, '3C': 3, '2': 2, '1': 1 };
export const BIN_LEVELS = ['2', '1'] as const;

export function cLabel(id: string | null | undefined, lang: 'ja' | 'en' = 'ja'): string {
  if (!id) return lang === 'en' ? 'unclassified' : '未分類';
  if (id === '3') return lang === 'en' ? 'Confidentiality 3 (old scheme)' : '機密性3（旧区分）';
  return lang === 'en' ? `Municipal confidentiality ${id}` : `自治体機密性${id}`;
}

export function named<T extends string>(list: ReadonlyArray<Named<T>>, id: string | null | undefined, lang: 'ja' | 'en' = 'ja'): string {
  if (!id) return '';
  const e = list.find((x) => x.id === id);
  return e ? e[lang] : id;
}

/** Countries by ISO 3166-1 alpha-2; 'JP' is Japan. */
export const JAPAN = 'JP';
