/**
 * The one permission table: role × action → scope.
 *
 * This is the living version of the guideline's 権限・責任等一覧表 (第5編 付録). Every API route
 * names one action from ACTIONS; the route layer lets a request through when any of the actor's
 * role assignments grants that action, and services narrow what the actor sees by the scope.
 *
 * Scopes:
 *  - organization: every record of the actor's organisation
 *  - department:   records of the assignment's department and the sections under it
 *  - section:      records of the assignment's section
 *  - contractor:   records shared with the assignment's contractor company
 *  - self:         the actor's own records (own sessions, own tokens, own notifications)
 */

export const SCOPES = ['organization', 'department', 'section', 'contractor', 'self'] as const;
export type Scope = (typeof SCOPES)[number];

/** Where a role assignment may point. */
export type AssignmentScopeKind = 'organization' | 'department' | 'section' | 'contractor';

export interface RoleDef {
  id: string;
  ja: string;
  en: string;
  /** What the assignment of this role is attached to. */
  assignTo: AssignmentScopeKind;
  /** Administrative roles must enrol in MFA before doing anything else. */
  admin: boolean;
  /** Which organisation kinds may hold this role. */
  orgKinds: ReadonlyArray<'national' | 'prefecture' | 'municipality' | 'jointBody'>;
  description: { ja: string; en: string };
}

const LOCAL = ['prefecture', 'municipality', 'jointBody', 'national'] as const;

export const ROLES = [
  {
    id: 'orgAdmin',
    ja: '組織管理者',
    en: 'Organisation administrator',
    assignTo: 'organization',
    admin: true,
    orgKinds: LOCAL,
    description: {
      ja: '利用者の登録・無効化、役割の付与、部局と課室の管理を行う。',
      en: 'Registers and disables users, grants roles, and maintains departments and sections.',
    },
  },
  {
    id: 'ciso',
    ja: '最高情報セキュリティ責任者（CISO）',
    en: 'CISO',
    assignTo: 'organization',
    admin: true,
    orgKinds: LOCAL,
    description: {
      ja: '組織全体の情報セキュリティについて最終的な権限と責任を持ち、ポリシーの承認や例外の判断を行う。',
      en: 'Holds final authority over information security; approves the policy, exceptions and cloud use.',
    },
  },
  {
    id: 'deputyCiso',
    ja: '最高情報セキュリティ副責任者（副CISO）',
    en: 'Deputy CISO',
    assignTo: 'organization',
    admin: true,
    orgKinds: LOCAL,
    description: {
      ja: 'CISOを補佐し、CISOが不在のときはその職務を代行する。',
      en: 'Assists the CISO and acts for them when absent.',
    },
  },
  {
    id: 'cio',
    ja: '最高情報統括責任者（CIO）',
    en: 'CIO',
    assignTo: 'organization',
    admin: false,
    orgKinds: LOCAL,
    description: {
      ja: '情報化施策を統括し、情報セキュリティ委員会に参加する。状況の閲覧が中心となる。',
      en: 'Leads digital policy and sits on the security committee; mostly reads status.',
    },
  },
  {
    id: 'chiefSecurityManager',
    ja: '統括情報セキュリティ責任者',
    en: 'Chief security manager',
    assignTo: 'organization',
    admin: true,
    orgKinds: LOCAL,
    description: {
      ja: 'CISOを直接補佐し、ネットワーク全体・ポリシー・台帳の運用を担う。CSIRTの中核となる。',
      en: 'Assists the CISO directly; runs the network, the policy and the registers; core of the CSIRT.',
    },
  },
  {
    id: 'securityOfficer',
    ja: '情報セキュリティ責任者',
    en: 'Department security officer',
    assignTo: 'department',
    admin: false,
    orgKinds: LOCAL,
    description: {
      ja: '部局の情報セキュリティに責任を持ち、部局内の状況を把握する。',
      en: 'Responsible for information security in a department.',
    },
  },
  {
    id: 'securityManager',
    ja: '情報セキュリティ管理者',
    en: 'Section security manager',
    assignTo: 'section',
    admin: false,
    orgKinds: LOCAL,
    description: {
      ja: '課室の情報資産を管理し、分類の決定や持出し・廃棄の承認を行う。',
      en: "Manages the section's information assets; decides classification and approves take-out and disposal.",
    },
  },
  {
    id: 'systemManager',
    ja: '情報システム管理者',
    en: 'System manager',
    assignTo: 'section',
    admin: true,
    orgKinds: LOCAL,
    description: {
      ja: '所管する情報システムの構成・運用・委託先の管理に責任を持つ。',
      en: 'Responsible for the configuration, operation and vendors of the systems the section owns.',
    },
  },
  {
    id: 'systemOperator',
    ja: '情報システム担当者',
    en: 'System operator',
    assignTo: 'section',
    admin: false,
    orgKinds: LOCAL,
    description: {
      ja: '情報システム管理者の指示のもとで、構成の変更や運用の作業を行う。',
      en: 'Carries out configuration and operation work under the system manager.',
    },
  },
  {
    id: 'csirtMember',
    ja: 'CSIRT要員',
    en: 'CSIRT member',
    assignTo: 'organization',
    admin: false,
    orgKinds: LOCAL,
    description: {
      ja: 'インシデントの受付・分析・報告にあたる。',
      en: 'Receives, analyses and reports incidents.',
    },
  },
  {
    id: 'auditLead',
    ja: '監査統括責任者',
    en: 'Audit lead',
    assignTo: 'organization',
    admin: false,
    orgKinds: LOCAL,
    description: {
      ja: '情報セキュリティ監査を計画し、監査人を指揮する。監査のため記録を閲覧する。',
      en: 'Plans information security audits and directs auditors; reads records for audit.',
    },
  },
  {
    id: 'auditor',
    ja: '監査人',
    en: 'Auditor',
    assignTo: 'organization',
    admin: false,
    orgKinds: LOCAL,
    description: {
      ja: '被監査部門から独立した立場で、記録を閲覧し監査を行う。',
      en: 'Audits independently of the audited units; reads records.',
    },
  },
  {
    id: 'staff',
    ja: '職員等',
    en: 'Staff',
    assignTo: 'section',
    admin: false,
    orgKinds: LOCAL,
    description: {
      ja: 'ポリシーを遵守し、所属課室の情報資産を閲覧する。会計年度任用職員を含む。',
      en: "Follows the policy and reads the section's assets; includes fixed-term staff.",
    },
  },
  {
    id: 'contractor',
    ja: '外部委託事業者',
    en: 'Contractor',
    assignTo: 'contractor',
    admin: false,
    orgKinds: LOCAL,
    description: {
      ja: '自社に共有されたチェックシート・証明書の提出・報告だけを扱う。',
      en: 'Sees only what is shared with its company: check sheets, certificates, reports.',
    },
  },
  {
    id: 'prefectureLiaison',
    ja: '都道府県連絡担当',
    en: 'Prefecture liaison',
    assignTo: 'organization',
    admin: false,
    orgKinds: ['prefecture'],
    description: {
      ja: '管内市区町村から提出された集計を閲覧する。',
      en: 'Reads the summaries submitted by municipalities in the prefecture.',
    },
  },
  {
    id: 'nationalAnalyst',
    ja: '国の分析担当',
    en: 'National analyst',
    assignTo: 'organization',
    admin: false,
    orgKinds: ['national'],
    description: {
      ja: '全国の提出集計を閲覧し、統計を作成する。',
      en: 'Reads nationwide submitted summaries and produces statistics.',
    },
  },
] as const satisfies readonly RoleDef[];

export type Role = (typeof ROLES)[number]['id'];
export const ROLE_IDS = ROLES.map((r) => r.id) as unknown as readonly [Role, ...Role[]];
export const ADMIN_ROLES: ReadonlySet<Role> = new Set(ROLES.filter((r) => r.admin).map((r) => r.id));

export function roleDef(id: Role): RoleDef {
  const def = ROLES.find((r) => r.id === id);
  if (!def) throw new Error(`unknown role ${id}`);
  return def;
}

export interface ActionDef {
  id: string;
  module: string;
  ja: string;
  en: string;
}

export const ACTIONS = [
  { id: 'org.read', module: 'tenancy', ja: '組織・部局・課室の閲覧', en: 'Read organisation, departments, sections' },
  { id: 'org.manage', module: 'tenancy', ja: '組織情報・部局・課室の管理', en: 'Manage organisation profile and units' },
  { id: 'directory.read', module: 'tenancy', ja: '団体一覧の閲覧', en: 'Read the directory of organisations' },
  { id: 'user.read', module: 'identity', ja: '利用者の閲覧', en: 'Read users' },
  { id: 'user.manage', module: 'identity', ja: '利用者と役割の管理', en: 'Manage users and roles' },
  { id: 'permission.read', module: 'identity', ja: '権限表と役割保有者の閲覧', en: 'Read the permission table and role holders' },
  { id: 'auditTrail.read', module: 'identity', ja: 'システム管理記録の閲覧・出力', en: 'Read and export the audit trail' },
  { id: 'account.self', module: 'identity', ja: '自分のセッション・MFA・APIトークンの管理', en: 'Manage own sessions, MFA and API tokens' },
  { id: 'catalog.read', module: 'catalog', ja: 'ガイドラインカタログの閲覧', en: 'Read the guideline catalog' },
  { id: 'asset.read', module: 'assets', ja: '情報資産台帳の閲覧', en: 'Read the information asset register' },
  { id: 'asset.write', module: 'assets', ja: '情報資産の登録・更新', en: 'Create and update information assets' },
  { id: 'asset.classify', module: 'assets', ja: '情報資産の分類の決定', en: 'Classify information assets' },
  { id: 'asset.import', module: 'assets', ja: '情報資産台帳の取込み', en: 'Import the asset register' },
  { id: 'network.read', module: 'network', ja: 'ネットワーク構成の閲覧', en: 'Read the network model' },
  { id: 'network.write', module: 'network', ja: 'ネットワーク構成の編集', en: 'Edit the network model' },
  { id: 'policy.read', module: 'documents', ja: 'ポリシー文書の閲覧', en: 'Read policy documents' },
  { id: 'policy.write', module: 'documents', ja: 'ポリシー文書の起案・編集', en: 'Draft and edit policy documents' },
  { id: 'policy.approve', module: 'documents', ja: 'ポリシー文書の承認・施行', en: 'Approve and bring policy documents into force' },
  { id: 'vendor.read', module: 'vendors', ja: '委託先・外部サービスの閲覧', en: 'Read contractors and external services' },
  { id: 'vendor.write', module: 'vendors', ja: '委託先・外部サービスの登録・更新', en: 'Maintain contractors and external services' },
  { id: 'vendor.approve', module: 'vendors', ja: '外部サービス利用の承認', en: 'Approve external service use' },
  { id: 'vendor.respond', module: 'vendors', ja: 'チェックシートへの回答・証跡の提出', en: 'Answer check sheets and submit evidence' },
  { id: 'disposal.read', module: 'disposal', ja: '廃棄記録の閲覧', en: 'Read disposals' },
  { id: 'disposal.write', module: 'disposal', ja: '廃棄の申請・記録', en: 'Request and record disposals' },
  { id: 'disposal.approve', module: 'disposal', ja: '廃棄の承認・完了確認', en: 'Approve disposals and accept proof' },
  { id: 'disposal.certify', module: 'disposal', ja: '完了証明書・写真の提出', en: 'Submit completion certificates and photos' },
  { id: 'incident.read', module: 'incidents', ja: 'インシデント・CSIRT体制の閲覧', en: 'Read incidents and the CSIRT roster' },
  { id: 'incident.report', module: 'incidents', ja: 'インシデントの報告（受付）', en: 'Report an incident' },
  { id: 'incident.manage', module: 'incidents', ja: 'インシデントの対応・外部報告の記録', en: 'Handle incidents and record reports to outside bodies' },
  { id: 'csirt.manage', module: 'incidents', ja: 'CSIRT体制・連絡先の管理', en: 'Maintain the CSIRT roster and contact directory' },
  { id: 'dashboard.read', module: 'reporting', ja: 'ダッシュボードの閲覧', en: 'Read the dashboard' },
  { id: 'approval.read', module: 'approvals', ja: '承認申請と承認台帳の閲覧', en: 'Read approval requests and registers' },
  { id: 'approval.request', module: 'approvals', ja: '承認の申請・取下げ・事後報告・返却の記録', en: 'Request approvals, withdraw, report and record returns' },
  { id: 'approval.decide', module: 'approvals', ja: '承認・却下の決定と定期確認', en: 'Decide approval requests and review them' },
  { id: 'approval.manage', module: 'approvals', ja: '承認者・持ち出し・閉庁日の設定', en: 'Configure approvers, take-out rules and closed days' },
  { id: 'task.read', module: 'tasks', ja: '自分のやることの閲覧とメールの受け取り方の設定', en: 'Read own to-do list and choose how to get mail' },
  { id: 'improvement.read', module: 'improvements', ja: '改善計画・是正処置の閲覧', en: 'Read improvement actions' },
  { id: 'improvement.write', module: 'improvements', ja: '改善計画・是正処置の登録・更新・完了報告', en: 'Raise, update and complete improvement actions' },
  { id: 'improvement.verify', module: 'improvements', ja: '是正処置の有効性の確認', en: 'Check the effectiveness of improvement actions' },
] as const satisfies readonly ActionDef[];

export type Action = (typeof ACTIONS)[number]['id'];

type Grants = Partial<Record<Action, Scope>>;

const O = 'organization' as const;
const D = 'department' as const;
const S = 'section' as const;
const C = 'contractor' as const;
const SELF = 'self' as const;

/** What every signed-in member of the organisation (not a contractor) may do. */
const MEMBER: Grants = {
  'org.read': O,
  'directory.read': O,
  'account.self': SELF,
  'catalog.read': O,
  'policy.read': O,
  'dashboard.read': O,
  'task.read': SELF,
};

/** Read access across the organisation for oversight and audit roles. */
const OVERSIGHT_READ: Grants = {
  'asset.read': O,
  'network.read': O,
  'vendor.read': O,
  'disposal.read': O,
  'approval.read': O,
  'improvement.read': O,
};

export const PERMISSIONS: Record<Role, Grants> = {
  orgAdmin: {
    ...MEMBER,
    'org.manage': O,
    'user.read': O,
    'user.manage': O,
    'permission.read': O,
    'auditTrail.read': O,
  },
  ciso: {
    ...MEMBER,
    ...OVERSIGHT_READ,
    'user.read': O,
    'permission.read': O,
    'auditTrail.read': O,
    'policy.approve': O,
    'vendor.approve': O,
    'disposal.approve': O,
    'approval.request': O,
    'approval.decide': O,
    'approval.manage': O,
    'incident.read': O,
    'incident.report': O,
    'incident.manage': O,
    'improvement.write': O,
    'improvement.verify': O,
  },
  deputyCiso: {
    ...MEMBER,
    ...OVERSIGHT_READ,
    'user.read': O,
    'permission.read': O,
    'auditTrail.read': O,
    'policy.approve': O,
    'vendor.approve': O,
    'approval.request': O,
    'approval.decide': O,
    'incident.read': O,
    'incident.report': O,
    'incident.manage': O,
    'improvement.verify': O,
  },
  cio: { ...MEMBER, ...OVERSIGHT_READ, 'permission.read': O, 'incident.read': O },
  chiefSecurityManager: {
    ...MEMBER,
    ...OVERSIGHT_READ,
    'org.manage': O,
    'user.read': O,
    'permission.read': O,
    'auditTrail.read': O,
    'asset.write': O,
    'asset.classify': O,
    'asset.import': O,
    'network.write': O,
    'policy.write': O,
    'vendor.write': O,
    'vendor.approve': O,
    'disposal.write': O,
    'disposal.approve': O,
    'approval.request': O,
    'approval.decide': O,
    'approval.manage': O,
    'incident.read': O,
    'incident.report': O,
    'incident.manage': O,
    'csirt.manage': O,
    'improvement.write': O,
    'improvement.verify': O,
  },
  securityOfficer: {
    ...MEMBER,
    'user.read': D,
    'asset.read': D,
    'vendor.read': D,
    'disposal.read': D,
    'approval.read': D,
    'approval.request': D,
    'incident.report': D,
    'improvement.read': D,
  },
  securityManager: {
    ...MEMBER,
    'user.read': S,
    'asset.read': S,
    'asset.write': S,
    'asset.classify': S,
    'asset.import': S,
    'vendor.read': S,
    'disposal.read': S,
    'disposal.write': S,
    'disposal.approve': S,
    'approval.read': S,
    'approval.request': S,
    'approval.decide': S,
    'incident.report': S,
    'improvement.read': S,
    'improvement.write': S,
  },
  systemManager: {
    ...MEMBER,
    'asset.read': S,
    'asset.write': S,
    'network.read': O,
    'network.write': O,
    'vendor.read': S,
    'vendor.write': S,
    'disposal.read': S,
    'disposal.write': S,
    'approval.read': S,
    'approval.request': S,
    'improvement.read': S,
    'improvement.write': S,
  },
  systemOperator: {
    ...MEMBER,
    'asset.read': S,
    'network.read': O,
    'disposal.read': S,
    'disposal.write': S,
    'approval.read': SELF,
    'approval.request': S,
  },
  csirtMember: { ...MEMBER, 'asset.read': O, 'network.read': O, 'vendor.read': O, 'incident.read': O, 'incident.report': O, 'incident.manage': O, 'csirt.manage': O },
  auditLead: { ...MEMBER, ...OVERSIGHT_READ, 'permission.read': O, 'auditTrail.read': O, 'user.read': O, 'incident.read': O },
  auditor: { ...MEMBER, ...OVERSIGHT_READ, 'permission.read': O, 'auditTrail.read': O, 'incident.read': O },
  staff: { ...MEMBER, 'asset.read': S, 'approval.read': SELF, 'approval.request': S },
  contractor: {
    'account.self': SELF,
    'catalog.read': O,
    'vendor.read': C,
    'vendor.respond': C,
    'disposal.read': C,
    'disposal.certify': C,
    'incident.read': C,
    'incident.report': C,
    'task.read': SELF,
  },
  prefectureLiaison: { ...MEMBER },
  nationalAnalyst: { ...MEMBER },
};

/** The scope a role has for an action, or undefined when it has none. */
export function grantOf(role: Role, action: Action): Scope | undefined {
  return PERMISSIONS[role][action];
}

export function rolesAllowed(action: Action): Role[] {
  return ROLE_IDS.filter((r) => PERMISSIONS[r][action] !== undefined);
}
