import type { Role } from './permissions';

/**
 * Subject types of the approval engine and their guideline sources (地方公共団体における情報セキュリティ
 * ポリシーに関するガイドライン, 令和7年3月版 numbering). Shared by the server and the web pages.
 */
export const SUBJECT_TYPES = ['exception', 'take_out', 'byod', 'remote_access', 'offsite_equipment', 'cloud_use'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export interface SubjectTypeDef {
  id: SubjectType;
  ja: string;
  en: string;
  /** Where the guideline states the approval. */
  source: string;
  /** Who approves unless the organisation configures otherwise (権限・責任等一覧表). */
  defaultApprovers: Role[];
}

export const SUBJECTS: Record<SubjectType, SubjectTypeDef> = {
  exception: { id: 'exception', ja: '例外措置', en: 'Exception measure', source: '7.4', defaultApprovers: ['ciso', 'deputyCiso'] },
  take_out: { id: 'take_out', ja: '情報資産の持ち出し', en: 'Take-out of information assets', source: '5.1(1)', defaultApprovers: ['securityManager'] },
  byod: { id: 'byod', ja: '私物端末の業務利用', en: 'Personal device for work', source: '5.1(1)', defaultApprovers: ['securityManager', 'ciso'] },
  remote_access: { id: 'remote_access', ja: 'リモートアクセス', en: 'Remote access', source: '6.2(2)', defaultApprovers: ['chiefSecurityManager'] },
  offsite_equipment: { id: 'offsite_equipment', ja: '庁外での機器の使用', en: 'Equipment used outside the premises', source: '4.1(6)', defaultApprovers: ['ciso'] },
  cloud_use: { id: 'cloud_use', ja: 'クラウドサービスの利用承認', en: 'Cloud service use', source: '8.3(4)', defaultApprovers: ['chiefSecurityManager', 'ciso', 'deputyCiso'] },
};

export const APPROVAL_STATES = ['pending', 'approved', 'approved_with_conditions', 'rejected', 'withdrawn', 'expired'] as const;

export const STATE_LABELS: Record<(typeof APPROVAL_STATES)[number], { ja: string; en: string }> = {
  pending: { ja: '承認待ち', en: 'Pending' },
  approved: { ja: '承認', en: 'Approved' },
  approved_with_conditions: { ja: '条件付き承認', en: 'Approved with conditions' },
  rejected: { ja: '却下', en: 'Rejected' },
  withdrawn: { ja: '取下げ', en: 'Withdrawn' },
  expired: { ja: '期限切れ', en: 'Expired' },
};

export const REMOTE_METHODS = ['closed_network', 'internet_vpn', 'screen_transfer'] as const;
export const REMOTE_METHOD_LABELS: Record<(typeof REMOTE_METHODS)[number], { ja: string; en: string }> = {
  closed_network: { ja: '閉域網', en: 'Closed network' },
  internet_vpn: { ja: 'インターネットVPN', en: 'Internet VPN' },
  screen_transfer: { ja: '画面転送', en: 'Screen transfer' },
};

/**
 * Graded rules for personal devices (seed 003: a blanket ban cannot be kept; grade by place and act).
 * Kept as data so that the catalog's graded rules can be linked to these rows later (ruleRef).
 */
export const BYOD_PLACES = ['server_room', 'office', 'meeting_room', 'outside'] as const;
export const BYOD_ACTS = ['carry', 'photograph', 'connect_network', 'handle_information'] as const;
export type ByodPlace = (typeof BYOD_PLACES)[number];
export type ByodAct = (typeof BYOD_ACTS)[number];
export type ByodGrade = 'prohibited' | 'conditional' | 'allowed';

export const BYOD_PLACE_LABELS: Record<ByodPlace, { ja: string; en: string }> = {
  server_room: { ja: 'サーバ室', en: 'Server room' },
  office: { ja: '執務室', en: 'Office' },
  meeting_room: { ja: '会議室', en: 'Meeting room' },
  outside: { ja: '庁外', en: 'Outside the premises' },
};
export const BYOD_ACT_LABELS: Record<ByodAct, { ja: string; en: string }> = {
  carry: { ja: '持ち込み', en: 'Bring in' },
  photograph: { ja: '撮影', en: 'Photograph' },
  connect_network: { ja: '庁内ネットワークへの接続', en: 'Connect to the internal network' },
  handle_information: { ja: '業務情報の取扱い', en: 'Handle work information' },
};

export interface ByodRule {
  place: ByodPlace | '*';
  act: ByodAct | '*';
  grade: ByodGrade;
  /** Link to a catalog item once the catalog carries the graded rules (null until then). */
  ruleRef: string | null;
  /** True for rules that seed 003 does not state (this project's default, marked provisional). */
  provisional: boolean;
  note: { ja: string; en: string };
}

/** Most specific rule first: the first rule matching place and act decides. */
export const BYOD_RULES: ByodRule[] = [
  { place: 'server_room', act: '*', grade: 'prohibited', ruleRef: null, provisional: false, note: { ja: 'サーバ室には私物端末を持ち込まない。', en: 'No personal devices in the server room.' } },
  { place: '*', act: 'photograph', grade: 'prohibited', ruleRef: null, provisional: false, note: { ja: '私物端末で庁内を撮影しない。', en: 'No photography with a personal device.' } },
  { place: '*', act: 'connect_network', grade: 'prohibited', ruleRef: null, provisional: true, note: { ja: '私物端末を庁内ネットワークに接続しない。', en: 'Personal devices are not connected to the internal network.' } },
  { place: 'meeting_room', act: 'carry', grade: 'allowed', ruleRef: null, provisional: false, note: { ja: '会議室への持ち込みは認める。', en: 'Bringing a device into a meeting room is allowed.' } },
  { place: '*', act: 'carry', grade: 'conditional', ruleRef: null, provisional: true, note: { ja: '持ち込みは画面ロックを設定した端末に限る。', en: 'Bring in only a device with a screen lock.' } },
  { place: '*', act: 'handle_information', grade: 'conditional', ruleRef: null, provisional: true, note: { ja: '機密性2以上の情報は端末に保存しない。', en: 'Do not store information of confidentiality 2 or above on the device.' } },
];

export function byodGrade(place: ByodPlace, act: ByodAct): ByodRule {
  const rule = BYOD_RULES.find((r) => (r.place === '*' || r.place === place) && (r.act === '*' || r.act === act));
  return rule ?? { place, act, grade: 'conditional', ruleRef: null, provisional: true, note: { ja: '個別に判断する。', en: 'Decided case by case.' } };
}
