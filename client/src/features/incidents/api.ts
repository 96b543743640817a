import { formatJapanDateTime } from '@shared/era';

export interface Obligation {
  id: string;
  ruleId: string;
  label: { ja: string; en: string };
  reference: { ja: string; en: string };
  provisional: boolean;
  triggers: Array<{ id: string; ja: string; en: string }>;
  dueAt: string;
  status: 'open' | 'sent' | 'notApplicable';
  sentAt: string | null;
  reason: string | null;
  minutesLeft: number | null;
  overdue: boolean;
}
export interface TodoItem extends Obligation {
  incidentId: string;
  code: string;
  title: string;
}
export interface IncidentItem {
  id: string;
  code: string;
  title: string;
  category: string;
  severity: string;
  status: string;
  knewAt: string;
  personsCount: number | null;
}
export interface Incident extends IncidentItem {
  description: string;
  occurredAt: string;
  discoveredAt: string;
  segments: string[];
  maxConfidentiality: string | null;
  assets: Array<{ id: string; code: string; name: string; segment: string | null; confidentiality: string | null }>;
  timeline: Array<{ id: string; at: string; kind: string; text: string; authorLabel: string; fileIds: string[]; auto: boolean }>;
  obligations: Obligation[];
  measures: Array<{ id: string; title: string; ownerName: string | null; dueDate: string; status: string }>;
  reports: Array<{ id: string; kind: string; format: string; fileId: string; createdAt: string }>;
}

export const when = (iso: string | null | undefined) => (iso ? formatJapanDateTime(iso) : '—');

export function leftText(minutes: number | null, en: boolean): string {
  if (minutes === null) return '—';
  const abs = Math.abs(minutes);
  const text = abs >= 1440 ? `${Math.floor(abs / 1440)}${en ? ' d' : '日'}` : abs >= 60 ? `${Math.floor(abs / 60)}${en ? ' h' : '時間'}` : `${abs}${en ? ' min' : '分'}`;
  return minutes < 0 ? (en ? `${text} overdue` : `${text}超過`) : text;
}

/** A local date-time input value → ISO with the Japan offset. */
export const fromLocal = (v: string) => (v ? `${v}:00+09:00` : '');
