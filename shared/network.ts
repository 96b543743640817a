/**
 * The three-layer network model (三層の対策): the vocabulary of the model format and of check
 * results, shared by the server (parser, checker, routes, CLI) and the web pages (editor, diagram).
 *
 * The format itself is described in docs/network-model.md and validated by
 * server/modules/network/network-model.schema.json. Every label here is Shirube's own wording.
 */

export interface Label {
  ja: string;
  en: string;
}

export const FORMAT_ID = 'shirube-network/1';

// ---- network models (α / α′ / β / β′) ------------------------------------------------------

export const NETWORK_MODELS = ['alpha', 'alphaPrime', 'beta', 'betaPrime'] as const;
export type NetworkModelId = (typeof NETWORK_MODELS)[number];

export const MODEL_LABELS: Record<NetworkModelId, Label> = {
  alpha: { ja: 'αモデル', en: 'α model' },
  alphaPrime: { ja: 'α′モデル', en: 'α′ model' },
  beta: { ja: 'βモデル', en: 'β model' },
  betaPrime: { ja: 'β′モデル', en: 'β′ model' },
};

// ---- segments and zones --------------------------------------------------------------------

export const SEGMENTS = ['mynumber', 'lgwan', 'internet'] as const;
export type SegmentId = (typeof SEGMENTS)[number];

export const SEGMENT_LABELS: Record<SegmentId, Label> = {
  mynumber: { ja: 'マイナンバー利用事務系', en: 'My Number segment' },
  lgwan: { ja: 'LGWAN接続系', en: 'LGWAN segment' },
  internet: { ja: 'インターネット接続系', en: 'Internet segment' },
};

/**
 * Zone kinds. `segment` is one of the three segments of the organisation; every other kind is
 * outside them: the wide-area networks, the hosting places and the destinations traffic goes to.
 */
export const ZONE_KINDS = ['segment', 'lgwan', 'internet', 'securityCloud', 'govCloud', 'lgwanAsp', 'designated', 'cloudService'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

export const ZONE_KIND_LABELS: Record<ZoneKind, Label> = {
  segment: { ja: '庁内のセグメント', en: 'Segment of the organisation' },
  lgwan: { ja: 'LGWAN（総合行政ネットワーク）', en: 'LGWAN (the wide-area network)' },
  internet: { ja: 'インターネット', en: 'The internet' },
  securityCloud: { ja: '自治体情報セキュリティクラウド', en: 'Prefecture security cloud' },
  govCloud: { ja: 'ガバメントクラウド', en: 'Government Cloud' },
  lgwanAsp: { ja: 'LGWAN-ASP', en: 'LGWAN-ASP service' },
  designated: { ja: '特定通信の接続先', en: 'Designated destination' },
  cloudService: { ja: 'クラウドサービス', en: 'Cloud service' },
};

/** The destinations the My Number segment may talk to as 特定通信 (designated communication). */
export const DESIGNATED_DESTINATIONS = ['jukiNet', 'intermediateServer', 'convenienceLgwan', 'dataCentre', 'mynaPortal', 'eltax', 'jlisPlatform'] as const;
export type DesignatedDestination = (typeof DESIGNATED_DESTINATIONS)[number];

export const DESIGNATED_LABELS: Record<DesignatedDestination, Label> = {
  jukiNet: { ja: '住民基本台帳ネットワークシステム（住基ネット）', en: 'Basic Resident Register Network (Juki-net)' },
  intermediateServer: { ja: '中間サーバー', en: 'Intermediate server' },
  convenienceLgwan: { ja: 'コンビニ交付用LGWAN', en: 'LGWAN for convenience-store certificate issuance' },
  dataCentre: { ja: 'データセンター（自治体クラウド等）', en: 'Data centre (shared municipal cloud and the like)' },
  mynaPortal: { ja: 'マイナポータル（ぴったりサービス）', en: 'Mynaportal (Pittari service)' },
  eltax: { ja: 'eLTAX（地方税ポータルシステム）', en: 'eLTAX (local tax portal)' },
  jlisPlatform: { ja: '自治体情報セキュリティ向上プラットフォーム（J-LIS）', en: 'J-LIS security improvement platform' },
};

// ---- nodes ---------------------------------------------------------------------------------

export const NODE_KINDS = [
  'terminal',
  'server',
  'cloudArea',
  'gateway',
  'mailSanitiser',
  'screenTransfer',
  'fileSanitiser',
  'accessPoint',
  'remoteAccessGateway',
  'updateServer',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const NODE_KIND_LABELS: Record<NodeKind, Label> = {
  terminal: { ja: '端末', en: 'Terminal' },
  server: { ja: 'サーバ', en: 'Server' },
  cloudArea: { ja: 'クラウド上の領域', en: 'Cloud area' },
  gateway: { ja: 'ゲートウェイ・ファイアウォール', en: 'Gateway or firewall' },
  mailSanitiser: { ja: 'メール無害化', en: 'Mail sanitiser' },
  screenTransfer: { ja: '画面転送', en: 'Screen transfer' },
  fileSanitiser: { ja: 'ファイル無害化', en: 'File sanitiser' },
  accessPoint: { ja: '無線LANアクセスポイント', en: 'Wireless access point' },
  remoteAccessGateway: { ja: 'リモートアクセス装置', en: 'Remote-access gateway' },
  updateServer: { ja: '更新配信サーバ', en: 'Update server' },
};

export const SANITISER_KINDS = ['mailSanitiser', 'screenTransfer', 'fileSanitiser'] as const;
export type SanitiserKind = (typeof SANITISER_KINDS)[number];

/** Node kinds a link may pass through (`via`). */
export const VIA_KINDS: ReadonlySet<NodeKind> = new Set(['gateway', 'mailSanitiser', 'screenTransfer', 'fileSanitiser', 'accessPoint', 'remoteAccessGateway']);

// ---- authentication ------------------------------------------------------------------------

export const AUTH_METHODS = ['password', 'pin', 'icCard', 'otpToken', 'clientCertificate', 'biometric'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** Factor of each method: multi-factor means at least two different factors. */
export const AUTH_FACTOR: Record<AuthMethod, 'knowledge' | 'possession' | 'inherence'> = {
  password: 'knowledge',
  pin: 'knowledge',
  icCard: 'possession',
  otpToken: 'possession',
  clientCertificate: 'possession',
  biometric: 'inherence',
};

export const AUTH_LABELS: Record<AuthMethod, Label> = {
  password: { ja: 'パスワード', en: 'Password' },
  pin: { ja: 'PIN', en: 'PIN' },
  icCard: { ja: 'ICカード', en: 'IC card' },
  otpToken: { ja: 'ワンタイムパスワード', en: 'One-time password' },
  clientCertificate: { ja: 'クライアント証明書', en: 'Client certificate' },
  biometric: { ja: '生体認証', en: 'Biometrics' },
};

export function isMultiFactor(methods: readonly string[] | undefined): boolean {
  if (!methods) return false;
  const factors = new Set<string>();
  for (const m of methods) {
    const f = AUTH_FACTOR[m as AuthMethod];
    if (f) factors.add(f);
  }
  return factors.size >= 2;
}

// ---- wireless LAN --------------------------------------------------------------------------

export const WIRELESS_SECURITY = ['wpa3Enterprise', 'wpa2Enterprise', 'wpa3Personal', 'wpa2Personal', 'wep', 'open'] as const;
export type WirelessSecurity = (typeof WIRELESS_SECURITY)[number];

export const WIRELESS_LABELS: Record<WirelessSecurity, Label> = {
  wpa3Enterprise: { ja: 'WPA3エンタープライズ', en: 'WPA3-Enterprise' },
  wpa2Enterprise: { ja: 'WPA2エンタープライズ', en: 'WPA2-Enterprise' },
  wpa3Personal: { ja: 'WPA3パーソナル', en: 'WPA3-Personal' },
  wpa2Personal: { ja: 'WPA2パーソナル', en: 'WPA2-Personal' },
  wep: { ja: 'WEP', en: 'WEP' },
  open: { ja: '暗号化なし', en: 'Open (no encryption)' },
};

// ---- links ---------------------------------------------------------------------------------

export const PURPOSES = ['business', 'mail', 'web', 'fileTransfer', 'updates', 'remoteAccess', 'administration', 'designated'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const PURPOSE_LABELS: Record<Purpose, Label> = {
  business: { ja: '業務データ', en: 'Business data' },
  mail: { ja: 'メール', en: 'Mail' },
  web: { ja: 'ウェブ閲覧', en: 'Web browsing' },
  fileTransfer: { ja: 'ファイル転送', en: 'File transfer' },
  updates: { ja: '修正プログラム・パターンファイルの更新', en: 'Patches and malware definitions' },
  remoteAccess: { ja: 'リモートアクセス', en: 'Remote access' },
  administration: { ja: '管理・運用', en: 'Administration' },
  designated: { ja: '特定通信', en: 'Designated communication' },
};

/**
 * Which sanitisation fits which purpose when traffic crosses between the LGWAN segment and the
 * internet side. Screen transfer carries only a screen, so it fits any interactive use.
 */
export const SANITISERS_FOR_PURPOSE: Partial<Record<Purpose, readonly SanitiserKind[]>> = {
  mail: ['mailSanitiser', 'screenTransfer'],
  web: ['screenTransfer'],
  fileTransfer: ['fileSanitiser'],
  business: ['screenTransfer'],
  administration: ['screenTransfer'],
};

// ---- the model as written (after schema validation) ----------------------------------------

/** An asset named in the model: an id in the organisation's register, or declared inline. */
export type AssetRef =
  | string
  | {
      name: string;
      confidentiality?: string;
      residentData?: boolean;
      myNumber?: boolean;
    };

export interface ZoneDef {
  id: string;
  kind: ZoneKind;
  name?: string;
  segment?: SegmentId;
  destination?: DesignatedDestination;
  /** Cloud services: ISMAP registration. */
  ismap?: 'ismap' | 'ismapLiu' | 'none';
  /** Cloud services offered on uniform terms (約款型) only. */
  uniformTerms?: boolean;
  /** How administrators of the service sign in. */
  adminAuth?: AuthMethod[];
  tenantRestriction?: boolean;
  provider?: string;
  notes?: string;
}

export interface WirelessDef {
  security: WirelessSecurity;
  ieee8021x?: boolean;
  clientCertificates?: boolean;
  accessLogReview?: boolean;
  firmwareCurrent?: boolean;
}

export interface NodeDef {
  id: string;
  kind: NodeKind;
  zone: string;
  name?: string;
  count?: number;
  system?: string;
  standardised?: boolean;
  auth?: AuthMethod[];
  adminAuth?: AuthMethod[];
  mediaExportBlocked?: boolean;
  edr?: boolean;
  logCollection?: boolean;
  perAssetAccessControl?: boolean;
  approved?: boolean;
  wireless?: WirelessDef;
  assets?: AssetRef[];
  notes?: string;
}

export interface LinkDef {
  id?: string;
  from: string;
  to: string;
  purpose: Purpose;
  protocol?: string;
  ports?: number[];
  via?: string[];
  encrypted?: boolean;
  restriction?: { addresses?: boolean; ports?: boolean };
  auth?: AuthMethod[];
  /** Remote access: over a closed network into LGWAN, or over the internet (seed 002 II-2(2)). */
  remoteAccessNetwork?: 'closedNetwork' | 'internet';
  /** A recorded, approved exception to a separation rule (e.g. seed 004 論点②, managed services). */
  exception?: ExceptionRecord;
  /**
   * The request in the approvals register that permits this link (e.g. a リモートアクセス approval,
   * 6.2(2)). The check treats the link as unapproved unless that approval is in force on the day checked.
   */
  approvalId?: string;
  name?: string;
  notes?: string;
}

/**
 * Who approved an exception, when, under which reference and conditions. When `approvalId` names a
 * request in the approvals register, that approval must also be in force on the day checked.
 */
export interface ExceptionRecord {
  kind: 'managedService';
  approvedBy?: string;
  approvedOn?: string;
  reference?: string;
  conditions?: string[];
  approvalId?: string;
}

/** A dated statement standing in for a register that does not exist yet (e.g. the training register). */
export interface Attestation {
  attestedOn?: string;
  attestedBy?: string;
  /** 'attestation' for now; a later training module supplies 'trainingRegister' with its reference. */
  source?: 'attestation' | 'trainingRegister';
  reference?: string;
  note?: string;
}

export interface ChainDef {
  id: string;
  via: string[];
  name?: string;
}

export interface OrganizationMeasures {
  name?: string;
  csirt?: boolean;
  /** β′: continuous detection and monitoring (the deck's words; how, e.g. 24/365, is the organisation's choice). */
  continuousMonitoring?: boolean;
  /** Older name of continuousMonitoring, still read. */
  monitoring247?: boolean;
  /** β/β′: staff literacy through training (seed 002 II-1(2)). */
  staffLiteracy?: Attestation;
  /** β′: the organisation complies with its standards (MIC deck p.15). */
  standardsCompliance?: Attestation;
  externalAudit?: { conductedOn?: string; reportedToJlisOn?: string };
}

export interface NetworkModelDoc {
  format: string;
  model: NetworkModelId;
  edition?: string;
  organization?: OrganizationMeasures;
  zones: ZoneDef[];
  nodes: NodeDef[];
  links?: LinkDef[];
  chains?: ChainDef[];
}

// ---- check results -------------------------------------------------------------------------

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABELS: Record<Severity, Label> = {
  error: { ja: '違反', en: 'Error' },
  warning: { ja: '注意', en: 'Warning' },
  info: { ja: '情報', en: 'Info' },
};

export type ElementType = 'model' | 'zone' | 'node' | 'link';

export interface ElementRef {
  type: ElementType;
  id: string;
  name?: string;
  /** Where the element starts in the source file, when the check ran on a file. */
  line?: number;
  col?: number;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  element: ElementRef;
  /** Catalog node ids (of the checked edition) the rule enforces. */
  catalog: string[];
  /** What is wrong with this element. */
  message: Label;
  explanation: Label;
  remedy: Label;
  /** The rule rests on facts Shirube holds as provisional (暫定). */
  provisional: boolean;
  /** The element's segment was inferred (e.g. a cloud area joined to My Number nodes). */
  inferred?: boolean;
  /** For reachability findings: the ids of an example path, first to last. */
  path?: string[];
}

export interface RuleInfo {
  id: string;
  severity: Severity;
  title: Label;
  explanation: Label;
  remedy: Label;
  catalog: string[];
  provisional: boolean;
  provisionalNote?: Label;
}

export interface FindingSummary {
  error: number;
  warning: number;
  info: number;
  total: number;
}

/** The model as the diagram draws it: every element with its effective segment. */
export interface GraphView {
  zones: Array<{ id: string; kind: ZoneKind; name: string; segment?: SegmentId }>;
  nodes: Array<{ id: string; kind: NodeKind; name: string; zone: string; segment: SegmentId | null; inferred: boolean }>;
  links: Array<{ id: string; from: string; to: string; purpose: Purpose; via: string[] }>;
}

export interface CheckResult {
  edition: string;
  model: NetworkModelId;
  counts: { zones: number; nodes: number; links: number };
  summary: FindingSummary;
  findings: Finding[];
  /** Findings left out of `findings` to keep an answer small (total stays in summary). */
  truncated?: number;
  rules: RuleInfo[];
  /** Asset references the register could not resolve because it is not available. */
  unresolvedAssets: number;
  graph?: GraphView;
}

export function summarize(findings: readonly Pick<Finding, 'severity'>[]): FindingSummary {
  const s: FindingSummary = { error: 0, warning: 0, info: 0, total: findings.length };
  for (const f of findings) s[f.severity]++;
  return s;
}

/**
 * Guideline editions as sortable numbers: R7.3 → 202503, H30.9 → 201809. Edition ids name the
 * month of publication in the Japanese era, so they order chronologically.
 */
export function editionKey(id: string): number {
  const m = /^([RH])(\d{1,2})\.(\d{1,2})$/.exec(id);
  if (!m) return Number.NaN;
  const year = Number(m[2]) + (m[1] === 'R' ? 2018 : 1988);
  return year * 100 + Number(m[3]);
}

export function editionAtLeast(edition: string, since: string): boolean {
  return editionKey(edition) >= editionKey(since);
}

/** The page of a catalog item in the web UI. */
export function catalogItemPath(editionId: string, nodeId: string): string {
  return `/catalog/${encodeURIComponent(editionId)}/${encodeURIComponent(nodeId)}`;
}
