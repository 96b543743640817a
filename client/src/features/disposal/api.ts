import {
  CLOUD_STATE_LABELS,
  type DisposalState,
  type Label,
  MEDIA_LABELS,
  type MediaKind,
  type MethodId,
  type ProofKind,
  STATE_LABELS,
  STORAGE_LABELS,
  type StorageKind,
} from '@shared/disposal';
import { formatEraDate, formatJapanDateTime } from '@shared/era';
import { pick } from '../../lib/i18n';

/** Shapes of the disposal API, and small formatting helpers shared by the pages. */

export interface Who {
  id: string;
  name: string | null;
}

export interface DisposalItem {
  id: string;
  code: string;
  project: { id: string; code: string; name: string } | null;
  target: 'device' | 'cloud';
  mediaKind: MediaKind | null;
  storageKind: StorageKind | null;
  serialNumber: string | null;
  model: string | null;
  description: string | null;
  ownership: 'owned' | 'leased' | null;
  leaseEnd: string | null;
  lessor: string | null;
  section: { id: string; name: string | null } | null;
  service: { id: string | null; name: string | null; tenant: string | null; data: string | null; keys: string | null } | null;
  edition: string;
  confidentiality: string;
  myNumberResident: boolean;
  segment: string | null;
  category: string;
  method: MethodId | null;
  methodLabel: Label | null;
  requiredProof: ProofKind[];
  state: DisposalState;
  contractor: { id: string | null; name: string | null } | null;
  certificateDays: number;
  certificateDueOn: string | null;
  certificateOverdue: boolean;
  leaseEndingSoon: boolean;
  scheduledOn: string | null;
  requested: { at: string; by: Who | null };
  approved: { at: string; by: Who | null } | null;
  erasedInBuilding: { at: string; by: string | null } | null;
  handedOver: { at: string; by: Who | null; to: string | null } | null;
  destroyed: { at: string; place: string | null } | null;
  certificateReceivedAt: string | null;
  certificateChecked: { at: string; by: Who | null } | null;
  staffChecked: { at: string; by: Who | null } | null;
  keyDestroyed: { at: string; reference: string | null } | null;
  closed: { at: string; by: Who | null } | null;
  cancelled: { at: string; by: Who | null; reason: string | null } | null;
  notes: string | null;
}

export interface AllowedMethod {
  method: MethodId;
  family: string;
  label: Label;
  refs: string[];
  provisional: boolean;
  note?: Label;
}

export interface Evaluation {
  edition: string;
  ruleSet: { id: string; label: Label };
  category: string;
  categoryLabel: Label;
  allowed: AllowedMethod[];
  refused: Array<{ method: MethodId; label: Label; reason: Label; refs: string[]; provisional: boolean }>;
  proof: Array<{ kind: ProofKind; level: 'required' | 'recommended' | 'alternative'; label: Label; refs: string[]; provisional: boolean; note?: Label }>;
  proofChoices?: ProofChoice[];
  refs: string[];
  provisional: boolean;
}

export interface ProofChoice {
  id: string;
  label: Label;
  options: Array<{ id: string; kinds: ProofKind[]; example: boolean; label: Label }>;
  note?: Label | null;
}

export interface DisposalDetail extends DisposalItem {
  evaluation: Evaluation;
  proof: Array<{ kind: ProofKind; level: 'required' | 'recommended' | 'alternative'; label: Label; provisional: boolean; refs: string[]; met: boolean; detail: Label | null }>;
  /** Proof that can be given in one of several ways (seed 004 rows (1)–(3)). */
  proofChoices: Array<ProofChoice & { met: boolean; option: { id: string; example: boolean; label: Label } | null }>;
  /** Recommended proof that is missing: a warning, never a refusal. */
  proofWarnings: Array<{ kind: ProofKind; message: Label }>;
  missingForClose: Label[];
  assets: Array<{ id: string; code: string; name: string; confidentiality: string | null; segment: string | null; residentData: boolean; myNumber: boolean }>;
  events: Array<{ id: string; kind: string; occurredAt: string; recordedAt: string; actor: string; from: string | null; to: string | null; place: string | null; note: string | null }>;
  custody: Array<{ id: string; at: string; from: string | null; to: string | null; place: string | null; note: string | null; recordedBy: string }>;
  witnesses: Array<{ id: string; name: string; from: string; until: string; note: string | null }>;
  evidence: Array<{ id: string; kind: 'certificate' | 'photo'; filename: string; sha256: string; size: number; uploadedBy: string; byContractor: boolean; uploadedAt: string }>;
  actions: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ProjectView {
  id: string;
  code: string;
  name: string;
  description: string | null;
  sectionId: string;
  sectionName?: string | null;
  edition: string;
  contractor: { id: string | null; name: string | null } | null;
  certificateDays: number;
  scheduledOn: string | null;
  status: string;
  counts: { total: number; open: number; overdue: number; byState: Record<DisposalState, number> };
}

export interface Summary {
  open: number;
  awaitingApproval: number;
  withContractor: number;
  overdueCertificates: number;
  leaseEndingSoon: number;
  closedThisFiscalYear: number;
  leaseWarningDays: number;
}

export const EDITIONS = ['R8.3', 'R7.3', 'R6.10', 'R5.3'];

export function stateText(state: DisposalState, target: string): string {
  return pick((target === 'cloud' ? CLOUD_STATE_LABELS[state] : undefined) ?? STATE_LABELS[state]);
}

export function mediaText(d: Pick<DisposalItem, 'target' | 'mediaKind' | 'storageKind'>): string {
  if (d.target === 'cloud') return pick(MEDIA_LABELS.cloud);
  if (!d.mediaKind) return '';
  const m = pick(MEDIA_LABELS[d.mediaKind]);
  if (!d.storageKind || ['hdd', 'ssd', 'usb', 'optical', 'paper', 'mobile'].includes(d.mediaKind)) return m;
  return `${m}（${d.storageKind === 'hdd' || d.storageKind === 'ssd' ? d.storageKind.toUpperCase() : pick(STORAGE_LABELS[d.storageKind])}）`;
}

/** 和暦 in Japanese, ISO in English. */
export function dateText(value: string | null | undefined, lang: string): string {
  if (!value) return '—';
  return lang === 'en' ? value.slice(0, 10) : formatEraDate(value);
}

export function dateTimeText(value: string | null | undefined, lang: string): string {
  if (!value) return '—';
  const dt = formatJapanDateTime(value);
  const time = dt.slice(-5);
  if (lang === 'en') return time === '00:00' ? dt.slice(0, 10) : dt;
  return time === '00:00' ? formatEraDate(value) : `${formatEraDate(value)} ${time}`;
}

/** 'YYYY-MM-DDTHH:MM' in Japan time, for datetime-local inputs. */
export function nowLocal(): string {
  return new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 16);
}

export function stateTone(state: DisposalState): 'gray' | 'blue' | 'green' | 'red' | 'yellow' {
  if (state === 'closed') return 'green';
  if (state === 'cancelled') return 'gray';
  if (state === 'requested') return 'yellow';
  return 'blue';
}
