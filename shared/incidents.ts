/**
 * Incidents and the CSIRT (情報セキュリティインシデント・CSIRT): the enumerations and their labels,
 * shared by the server, the documents and the web pages.
 */

export interface Labelled<T extends string> {
  id: T;
  ja: string;
  en: string;
}

export const CSIRT_ROLES = [
  { id: 'head', ja: 'CSIRT責任者', en: 'CSIRT head' },
  { id: 'deputyHead', ja: 'CSIRT副責任者', en: 'CSIRT deputy head' },
  { id: 'manager', ja: 'CSIRT管理者', en: 'CSIRT manager' },
  { id: 'handler', ja: 'インシデントハンドラー', en: 'Incident handler' },
  { id: 'expert', ja: '外部専門家', en: 'External expert' },
] as const satisfies readonly Labelled<string>[];
export type CsirtRole = (typeof CSIRT_ROLES)[number]['id'];

export const CONTACT_BODIES = [
  { id: 'prefecture', ja: '都道府県（情報政策担当課）', en: 'Prefecture (information policy division)' },
  { id: 'mic', ja: '総務省（自治行政局）', en: 'MIC (Local Administration Bureau)' },
  { id: 'jlis', ja: '地方公共団体情報システム機構（J-LIS）', en: 'J-LIS' },
  { id: 'nco', ja: '国家サイバー統括室（NCO）', en: 'National Cybersecurity Office (NCO)' },
  { id: 'police', ja: '都道府県警察（サイバー犯罪相談窓口）', en: 'Prefectural police (cybercrime desk)' },
  { id: 'ppc', ja: '個人情報保護委員会', en: 'Personal Information Protection Commission (PPC)' },
  { id: 'jpcert', ja: 'JPCERT/CC', en: 'JPCERT/CC' },
  { id: 'ipa', ja: '情報処理推進機構（IPA）', en: 'IPA' },
  { id: 'vendor', ja: '委託事業者・外部サービス提供者', en: 'Contractor or service provider' },
  { id: 'other', ja: 'その他の関係機関', en: 'Other body' },
] as const satisfies readonly Labelled<string>[];
export type ContactBody = (typeof CONTACT_BODIES)[number]['id'];

export const DETECTIONS = [
  { id: 'internal', ja: '職員による発見', en: 'Found by staff' },
  { id: 'resident', ja: '住民等からの連絡', en: 'Reported by a resident' },
  { id: 'contractor', ja: '委託事業者からの報告', en: 'Reported by a contractor' },
  { id: 'soc', ja: '自治体情報セキュリティクラウドのSOC', en: 'Security cloud SOC' },
  { id: 'external', ja: '外部機関からの通報', en: 'Notified by an outside body' },
] as const satisfies readonly Labelled<string>[];
export type Detection = (typeof DETECTIONS)[number]['id'];

export const CATEGORIES = [
  { id: 'attack', ja: 'サイバー攻撃', en: 'Attack' },
  { id: 'mistake', ja: '誤操作・事務処理誤り', en: 'Mistake' },
  { id: 'lossTheft', ja: '紛失・盗難', en: 'Loss or theft' },
  { id: 'contractor', ja: '委託先に起因するもの', en: 'Contractor' },
  { id: 'cloudOutage', ja: 'クラウドサービスの障害', en: 'Cloud outage' },
  { id: 'disaster', ja: '災害', en: 'Disaster' },
] as const satisfies readonly Labelled<string>[];
export type Category = (typeof CATEGORIES)[number]['id'];

export const CAUSES = [
  { id: 'unknown', ja: '調査中', en: 'Under investigation' },
  { id: 'malware', ja: '不正プログラム', en: 'Malware' },
  { id: 'unauthorizedAccess', ja: '不正アクセス', en: 'Unauthorised access' },
  { id: 'misdelivery', ja: '誤送付・誤送信', en: 'Sent to the wrong party' },
  { id: 'misconfiguration', ja: '設定誤り', en: 'Misconfiguration' },
  { id: 'mishandling', ja: '取扱いの誤り', en: 'Mishandling' },
  { id: 'lostMedia', ja: '媒体・機器の紛失', en: 'Lost media or device' },
  { id: 'theft', ja: '盗難', en: 'Theft' },
  { id: 'vendorFault', ja: '事業者の過失', en: 'Vendor fault' },
  { id: 'outage', ja: '障害・停止', en: 'Outage' },
  { id: 'naturalDisaster', ja: '自然災害', en: 'Natural disaster' },
  { id: 'other', ja: 'その他', en: 'Other' },
] as const satisfies readonly Labelled<string>[];
export type Cause = (typeof CAUSES)[number]['id'];

export const SEVERITIES = [
  { id: 'critical', ja: '重大', en: 'Critical' },
  { id: 'high', ja: '高', en: 'High' },
  { id: 'medium', ja: '中', en: 'Medium' },
  { id: 'low', ja: '低', en: 'Low' },
  { id: 'unknown', ja: '未評価', en: 'Not assessed' },
] as const satisfies readonly Labelled<string>[];
export type Severity = (typeof SEVERITIES)[number]['id'];

export const STATUSES = [
  { id: 'new', ja: '受付', en: 'New' },
  { id: 'triage', ja: '初動・判断', en: 'Triage' },
  { id: 'containment', ja: '封じ込め', en: 'Containment' },
  { id: 'recovery', ja: '復旧', en: 'Recovery' },
  { id: 'closed', ja: '完了', en: 'Closed' },
  { id: 'dismissed', ja: '対象外（インシデントではない）', en: 'Dismissed' },
] as const satisfies readonly Labelled<string>[];
export type IncidentStatus = (typeof STATUSES)[number]['id'];

export const ENTRY_KINDS = [
  { id: 'detection', ja: '検知', en: 'Detection' },
  { id: 'report', ja: '報告', en: 'Report' },
  { id: 'decision', ja: '判断', en: 'Decision' },
  { id: 'containment', ja: '封じ込め', en: 'Containment' },
  { id: 'eradication', ja: '根絶', en: 'Eradication' },
  { id: 'recovery', ja: '復旧', en: 'Recovery' },
  { id: 'communication', ja: '連絡・広報', en: 'Communication' },
  { id: 'statusChanged', ja: '状態の変更', en: 'Status changed' },
  { id: 'severityChanged', ja: '重大度の変更', en: 'Severity changed' },
  { id: 'obligation', ja: '報告義務の記録', en: 'Obligation recorded' },
] as const satisfies readonly Labelled<string>[];
export type EntryKind = (typeof ENTRY_KINDS)[number]['id'];
/** Kinds a person may write; the others are recorded by the system. */
export const MANUAL_ENTRY_KINDS = ['detection', 'report', 'decision', 'containment', 'eradication', 'recovery', 'communication'] as const;

export const PUBLICATIONS = [
  { id: 'undecided', ja: '未決定', en: 'Not decided' },
  { id: 'immediate', ja: '個別に直ちに公表', en: 'Published at once' },
  { id: 'halfYear', ja: '半期ごとの一覧で公表', en: 'In the half-year list' },
  { id: 'withheld', ja: '公表しない（理由を記録）', en: 'Not published (reason recorded)' },
] as const satisfies readonly Labelled<string>[];
export type Publication = (typeof PUBLICATIONS)[number]['id'];

export const OBLIGATION_STATUSES = ['open', 'sent', 'notApplicable'] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

export const REPORT_KINDS = [
  { id: 'ppc', ja: '個人情報保護委員会への報告（案）', en: 'Report to the PPC (draft)' },
  { id: 'prefectureFirst', ja: '都道府県への第一報', en: 'First report to the prefecture' },
  { id: 'prefectureFollowUp', ja: '都道府県への続報', en: 'Follow-up to the prefecture' },
  { id: 'publication', ja: '公表文', en: 'Publication text' },
  { id: 'committee', ja: '情報セキュリティ委員会への最終報告', en: 'Final report to the committee' },
] as const satisfies readonly Labelled<string>[];
export type ReportKind = (typeof REPORT_KINDS)[number]['id'];

export function labelOf(list: readonly Labelled<string>[], id: string | null | undefined, locale: 'ja' | 'en' = 'ja'): string {
  const x = list.find((l) => l.id === id);
  return x ? x[locale] : (id ?? '');
}

export const ids = <T extends string>(list: readonly Labelled<T>[]): [T, ...T[]] => list.map((l) => l.id) as [T, ...T[]];
