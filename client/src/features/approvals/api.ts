import { STATE_LABELS } from '@shared/approvals';
import { formatEraDate } from '@shared/era';

/** Shapes of the approvals API and small helpers shared by the pages. */

export type State = keyof typeof STATE_LABELS;

export interface ApprovalItem {
  id: string;
  subjectType: string;
  subjectLabel: { ja: string; en: string };
  title: string;
  state: State;
  recordType: string | null;
  recordId: string | null;
  validFrom: string | null;
  validUntil: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
  conditions: string[];
  conditionTexts: Array<{ ja: string; en: string }>;
  approverRoles: string[];
  details: Record<string, unknown>;
  classes: { c: string | null; i: string | null; a: string | null };
  checks: { findings?: Array<{ code: string; message: { ja: string; en: string } }> };
  requestedBy: string | null;
  requestedByLabel: string;
  requestedAt: string;
  emergency: boolean;
  actedOn: string | null;
  reportDue: string | null;
  reportedAt: string | null;
  report: string | null;
  reportLate: boolean;
  dueBack: string | null;
  returnedOn: string | null;
  overdue: boolean;
  reviewedAt: string | null;
  history?: Array<{ at: string; actor: string; event: string; note: string | null }>;
}

export const stateText = (s: State, lang: string) => (lang === 'en' ? STATE_LABELS[s].en : STATE_LABELS[s].ja);
export const stateTone = (s: State): 'gray' | 'blue' | 'green' | 'red' | 'yellow' =>
  s === 'pending' ? 'blue' : s === 'approved' || s === 'approved_with_conditions' ? 'green' : s === 'expired' || s === 'rejected' ? 'red' : 'gray';
export const dateText = (d: string | null | undefined, lang: string) => (d ? (lang === 'en' ? d.slice(0, 10) : formatEraDate(d)) : '—');
