import type { ContactBody } from '@shared/incidents';
import { addDays, type BusinessCalendar } from '../../../platform/calendar';
import { japanDate } from '@shared/era';

/**
 * The obligations engine: which reports an incident calls for and by when. Rules are data — the
 * triggers that make each apply, what exempts it and how its deadline is computed — so that a
 * change of law or of the prefecture's practice is a change of this table, not of code paths.
 * Sources: OPERATIONS-FACTS §1.2–1.4. `provisional` marks what the facts brief holds as unverified.
 */

export type TriggerId =
  | 'specialCare'
  | 'propertyDamage'
  | 'improperPurpose'
  | 'over100'
  | 'ordinanceSpecial'
  | 'myNumberSystem'
  | 'unspecifiedExposure'
  | 'significant'
  | 'lgwan'
  | 'crime'
  | 'vendorSla';

export const TRIGGER_LABELS: Record<TriggerId, { ja: string; en: string }> = {
  specialCare: { ja: '要配慮個人情報を含む', en: 'Includes sensitive personal information' },
  propertyDamage: { ja: '財産的被害のおそれ', en: 'Risk of property damage' },
  improperPurpose: { ja: '不正の目的によるおそれ', en: 'Possibly done with an improper purpose' },
  over100: { ja: '本人の数が100人を超える', en: 'More than 100 persons' },
  ordinanceSpecial: { ja: '条例要配慮個人情報を含む', en: 'Includes ordinance-defined sensitive information' },
  myNumberSystem: { ja: '個人番号利用事務系のシステム等からの漏えい等', en: 'Leak from a My Number-use system' },
  unspecifiedExposure: { ja: '不特定多数の者が閲覧できる状態', en: 'Viewable by an unspecified number of people' },
  significant: { ja: '報告対象の事案（個人情報・重大度・攻撃・重要セグメント）', en: 'Reportable case (personal data, severity, attack or key segment)' },
  lgwan: { ja: 'LGWAN（LGWAN-ASPを含む）に関係する', en: 'Touches LGWAN (including LGWAN-ASP)' },
  crime: { ja: '犯罪のおそれ（不正アクセス・ランサムウェア・盗難等）', en: 'Possible crime (unauthorised access, ransomware, theft)' },
  vendorSla: { ja: '委託先・サービスのSLAに第一報の期限がある', en: 'The vendor SLA sets a first-report time' },
};

export interface IncidentFacts {
  occurredAt: string;
  discoveredAt: string;
  knewAt: string;
  status: string;
  severity: string;
  category: string;
  segments: string[];
  personalData: boolean;
  personsCount: number | null;
  specialCare: boolean;
  myNumber: boolean;
  ordinanceSpecial: boolean;
  stronglyEncrypted: boolean;
  propertyDamage: boolean;
  improperPurpose: boolean;
  unspecifiedExposure: boolean;
  myNumberSystem: boolean;
  lgwan: boolean;
  crime: boolean;
  /** Shortest first-report time (minutes) in the SLAs of the affected services; null when none. */
  vendorFirstReportMinutes: number | null;
}

/** The prefecture's deadline for the first report, set per organisation (no national rule was found). */
export type PrefectureDeadline = { kind: 'nextBusinessDayAt'; time: string } | { kind: 'hours'; hours: number };

export interface IncidentSettings {
  /** Target days for the PPC 速報 ("promptly"; PPC guidance reads it as about 3–5 days). */
  ppcPromptDays: number;
  prefecture: PrefectureDeadline;
  /** Which incidents go to the prefecture: every one, or the significant ones. */
  prefectureScope: 'all' | 'significant';
}

export const DEFAULT_SETTINGS: IncidentSettings = {
  ppcPromptDays: 3,
  prefecture: { kind: 'nextBusinessDayAt', time: '12:00' },
  prefectureScope: 'significant',
};

type Deadline =
  | { kind: 'days'; days: number; longerIf?: { trigger: TriggerId; days: number } }
  | { kind: 'promptDays' }
  | { kind: 'prefecture' }
  | { kind: 'vendorSla' };

export interface ObligationRule {
  id: string;
  recipient: ContactBody;
  /** 'outbound': the organisation reports; 'inbound': it awaits a report (the vendor's). */
  direction: 'outbound' | 'inbound';
  label: { ja: string; en: string };
  reference: { ja: string; en: string };
  provisional: boolean;
  /** All of these facts must hold. */
  requires: Array<'personalData' | 'myNumber'>;
  /** The rule applies when any of these triggers holds. */
  triggersAny: TriggerId[];
  /** The rule does not apply when this fact holds. */
  exemptIf?: 'stronglyEncrypted';
  deadline: Deadline;
}

const APPI = ['specialCare', 'propertyDamage', 'improperPurpose', 'over100', 'ordinanceSpecial'] as const satisfies TriggerId[];
const MYNUMBER = ['myNumberSystem', 'improperPurpose', 'unspecifiedExposure', 'over100'] as const satisfies TriggerId[];

export const OBLIGATION_RULES: ObligationRule[] = [
  {
    id: 'ppc.appi.preliminary',
    recipient: 'ppc',
    direction: 'outbound',
    label: { ja: '個人情報保護委員会への速報（個人情報保護法）', en: 'Preliminary report to the PPC (APPI)' },
    reference: { ja: '個人情報保護法第68条第1項、施行規則第43条（報告対象）・第44条（期限。第8条と同じ構成と推定）', en: 'APPI art. 68(1); Enforcement Rules art. 43 (triggers), art. 44 (deadline, assumed to mirror art. 8)' },
    provisional: false,
    requires: ['personalData'],
    triggersAny: [...APPI],
    exemptIf: 'stronglyEncrypted',
    deadline: { kind: 'promptDays' },
  },
  {
    id: 'ppc.appi.final',
    recipient: 'ppc',
    direction: 'outbound',
    label: { ja: '個人情報保護委員会への確報（個人情報保護法）', en: 'Final report to the PPC (APPI)' },
    reference: { ja: '個人情報保護法第68条第1項、施行規則第44条（知った日から30日以内、不正の目的は60日以内）', en: 'APPI art. 68(1); Enforcement Rules art. 44 (30 days from knowing, 60 for an improper purpose)' },
    provisional: false,
    requires: ['personalData'],
    triggersAny: [...APPI],
    exemptIf: 'stronglyEncrypted',
    deadline: { kind: 'days', days: 30, longerIf: { trigger: 'improperPurpose', days: 60 } },
  },
  {
    id: 'ppc.mynumber.preliminary',
    recipient: 'ppc',
    direction: 'outbound',
    label: { ja: '個人情報保護委員会への速報（番号法）', en: 'Preliminary report to the PPC (My Number Act)' },
    reference: { ja: '番号法第29条の4第1項、特定個人情報の漏えい等に関する報告等に関する規則第2条（期限は個人情報保護法にそろえたものと推定）', en: 'My Number Act art. 29-4(1); PPC rules art. 2 (deadline assumed aligned with the APPI)' },
    provisional: true,
    requires: ['myNumber'],
    triggersAny: [...MYNUMBER],
    deadline: { kind: 'promptDays' },
  },
  {
    id: 'ppc.mynumber.final',
    recipient: 'ppc',
    direction: 'outbound',
    label: { ja: '個人情報保護委員会への確報（番号法）', en: 'Final report to the PPC (My Number Act)' },
    reference: { ja: '番号法第29条の4第1項（30日以内、不正の目的は60日以内と推定）', en: 'My Number Act art. 29-4(1) (30 days, 60 for an improper purpose; assumed)' },
    provisional: true,
    requires: ['myNumber'],
    triggersAny: [...MYNUMBER],
    deadline: { kind: 'days', days: 30, longerIf: { trigger: 'improperPurpose', days: 60 } },
  },
  {
    id: 'persons.notice',
    recipient: 'other',
    direction: 'outbound',
    label: { ja: '本人への通知', en: 'Notice to the persons concerned' },
    reference: { ja: '個人情報保護法第68条第2項、番号法第29条の4第2項（「速やかに」。期限の日数は法令になく、しるべは速報の目標日を用いる）', en: 'APPI art. 68(2); My Number Act art. 29-4(2) ("promptly"; no day count in the law, Shirube uses the preliminary-report target)' },
    provisional: true,
    requires: ['personalData'],
    triggersAny: [...new Set<TriggerId>([...APPI, ...MYNUMBER])],
    exemptIf: 'stronglyEncrypted',
    deadline: { kind: 'promptDays' },
  },
  {
    id: 'prefecture.report',
    recipient: 'prefecture',
    direction: 'outbound',
    label: { ja: '都道府県への第一報（総務省へは都道府県を経由）', en: 'First report to the prefecture (passed on to MIC)' },
    reference: { ja: '総務省の依頼による報告。法令上の期限・様式は確認できず、期限は団体ごとの設定', en: 'Reported at MIC’s request; no statutory deadline or form found, deadline set per organisation' },
    provisional: true,
    requires: [],
    triggersAny: ['significant'],
    deadline: { kind: 'prefecture' },
  },
  {
    id: 'jlis.report',
    recipient: 'jlis',
    direction: 'outbound',
    label: { ja: 'J-LIS（LGWAN運営主体）への報告', en: 'Report to J-LIS (LGWAN operator)' },
    reference: { ja: 'LGWAN・LGWAN-ASPに関わる事案。報告の細目は未確認（期限は都道府県と同じとする）', en: 'Cases touching LGWAN or LGWAN-ASP; details unverified (deadline as for the prefecture)' },
    provisional: true,
    requires: [],
    triggersAny: ['lgwan'],
    deadline: { kind: 'prefecture' },
  },
  {
    id: 'police.report',
    recipient: 'police',
    direction: 'outbound',
    label: { ja: '警察（サイバー犯罪相談窓口）への通報・相談', en: 'Report to the police (cybercrime desk)' },
    reference: { ja: 'CSIRTがあらかじめ定める通報経路（研究会 2014）。期限の定めは確認できず、翌日までを目安とする', en: 'The route the CSIRT defines in advance (2014 study group); no deadline found, the next day is a target' },
    provisional: true,
    requires: [],
    triggersAny: ['crime'],
    deadline: { kind: 'days', days: 1 },
  },
  {
    id: 'vendor.firstReport',
    recipient: 'vendor',
    direction: 'inbound',
    label: { ja: '委託先・サービス提供者からの第一報（SLA）', en: 'First report from the vendor (SLA)' },
    reference: { ja: '外部サービス台帳のSLA（第一報の時間）。発見時刻から数える', en: 'SLA in the external-service register (first-report time), counted from discovery' },
    provisional: false,
    requires: [],
    triggersAny: ['vendorSla'],
    deadline: { kind: 'vendorSla' },
  },
];

export function ruleById(id: string): ObligationRule | undefined {
  return OBLIGATION_RULES.find((r) => r.id === id);
}

/** The triggers that hold for an incident. */
export function triggersOf(f: IncidentFacts, settings: IncidentSettings): Set<TriggerId> {
  const t = new Set<TriggerId>();
  if (f.specialCare) t.add('specialCare');
  if (f.propertyDamage) t.add('propertyDamage');
  if (f.improperPurpose) t.add('improperPurpose');
  if ((f.personsCount ?? 0) > 100) t.add('over100');
  if (f.ordinanceSpecial) t.add('ordinanceSpecial');
  if (f.myNumberSystem || f.segments.includes('mynumber')) t.add('myNumberSystem');
  if (f.unspecifiedExposure) t.add('unspecifiedExposure');
  if (f.lgwan || f.segments.includes('lgwan')) t.add('lgwan');
  if (f.crime) t.add('crime');
  if (f.vendorFirstReportMinutes !== null) t.add('vendorSla');
  const significant =
    f.personalData || f.severity === 'critical' || f.severity === 'high' || f.category === 'attack' || f.segments.includes('mynumber') || f.segments.includes('lgwan');
  if (settings.prefectureScope === 'all' || significant) t.add('significant');
  return t;
}

/** End of a Japan-time day as an ISO instant. */
const endOfJapanDay = (day: string) => new Date(`${day}T23:59:59+09:00`).toISOString();

export function dueAt(rule: ObligationRule, f: IncidentFacts, triggers: Set<TriggerId>, settings: IncidentSettings, calendar: BusinessCalendar): string {
  const knewDay = japanDate(f.knewAt);
  const d = rule.deadline;
  switch (d.kind) {
    case 'promptDays':
      return endOfJapanDay(addDays(knewDay, settings.ppcPromptDays));
    case 'days':
      return endOfJapanDay(addDays(knewDay, d.longerIf && triggers.has(d.longerIf.trigger) ? d.longerIf.days : d.days));
    case 'vendorSla':
      return new Date(new Date(f.discoveredAt).getTime() + (f.vendorFirstReportMinutes ?? 0) * 60_000).toISOString();
    case 'prefecture': {
      const p = settings.prefecture;
      if (p.kind === 'hours') return new Date(new Date(f.knewAt).getTime() + p.hours * 3_600_000).toISOString();
      const next = calendar.nextBusinessDay(addDays(knewDay, 1));
      return new Date(`${next}T${p.time}:00+09:00`).toISOString();
    }
  }
}

export interface DueObligation {
  ruleId: string;
  dueAt: string;
  triggers: TriggerId[];
}

/** Every obligation the incident calls for (none for a dismissed incident). */
export function obligationsFor(f: IncidentFacts, settings: IncidentSettings, calendar: BusinessCalendar): DueObligation[] {
  if (f.status === 'dismissed') return [];
  const triggers = triggersOf(f, settings);
  const out: DueObligation[] = [];
  for (const rule of OBLIGATION_RULES) {
    if (rule.requires.some((r) => !f[r])) continue;
    if (rule.exemptIf && f[rule.exemptIf]) continue;
    const hit = rule.triggersAny.filter((t) => triggers.has(t));
    if (hit.length === 0) continue;
    out.push({ ruleId: rule.id, dueAt: dueAt(rule, f, triggers, settings, calendar), triggers: hit });
  }
  return out;
}
