import type { Bilingual, ControlAreaId, ServiceConnection, ServiceKind, ServiceModel, ServiceStatus, Severity, Verdict } from '@shared/vendors';

/**
 * The facts the rules look at. Rules are small pure functions of these facts and today's date, so
 * they can be tested without a database and run over a whole organisation in one pass.
 */

export interface RuleDef {
  /** Stable id, e.g. VS-TERMS-C2. */
  id: string;
  /** The worst severity the rule can raise. */
  severity: Severity;
  title: Bilingual;
  /** Why the rule exists, in Shirube's words. */
  explanation: Bilingual;
  /** Catalog ids (KB-…, CP-…), Annex A (A.…) or CLD ids the rule rests on. */
  refs: string[];
  /** True when the rule is Shirube's reading rather than a confirmed fact of the guideline. */
  provisional: boolean;
  /** Where the rule's fact comes from (GUIDELINE-FACTS section, seed document). */
  basis: string;
}

export type Effect = 'no' | 'conditions' | 'note';

export interface RuleHit {
  effect: Effect;
  message: Bilingual;
  /** Extra data for the page (e.g. the control areas of a scope gap). */
  details?: Record<string, unknown>;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  effect: Effect;
  subject: { type: 'service' | 'contractor' | 'contract' | 'matrix'; id: string; name: string };
  title: Bilingual;
  message: Bilingual;
  refs: string[];
  provisional: boolean;
  details?: Record<string, unknown>;
}

export const SEVERITY_OF: Record<Effect, Severity> = { no: 'error', conditions: 'warning', note: 'info' };

export interface Classes {
  c: string | null;
  i: string | null;
  a: string | null;
}

export interface ServiceFacts {
  id: string;
  name: string;
  kind: ServiceKind;
  model: ServiceModel;
  connection: ServiceConnection;
  status: ServiceStatus;
  registrationNumber: string | null;
  registeredUntil: string | null;
  ismapScope: ControlAreaId[];
  reliedAreas: ControlAreaId[];
  dataCountry: string | null;
  governingLaw: string | null;
  jurisdiction: string | null;
  foreignDecision: string | null;
  /** Effective classes: the highest of the declared classes and the linked assets. */
  classes: Classes;
  sla: {
    availability: number | null;
    rtoMinutes: number | null;
    rpoMinutes: number | null;
    firstReportMinutes: number | null;
    exitTerms: string | null;
  };
  /** Responsibility matrices for the service: areas with nobody / several responsible. */
  matrices: Array<{ id: string; gaps: number; overlaps: number }>;
  /** Approval state of the current use. */
  approval: 'none' | 'pending' | 'approved' | 'stale';
  /** SLA breaches in the last twelve months that still stand. */
  openBreaches: number;
}

export interface ContractFacts {
  id: string;
  title: string;
  status: 'active' | 'ended';
  endsOn: string | null;
  maxConfidentiality: string | null;
  /** Clause id → status, for the clauses answered. */
  clauses: Record<string, string>;
  subcontracts: Array<{ id: string; contractorName: string; status: string }>;
}

export interface ContractorFacts {
  id: string;
  name: string;
  status: 'active' | 'archived';
  foreignControlDeclaredOn: string | null;
  certifications: Array<{ id: string; label: string; validUntil: string | null }>;
  contracts: ContractFacts[];
  /** Status of this fiscal year's check sheet, or null when none was made. */
  sheetStatus: string | null;
}

const dayCache = new Map<string, string>();

/** YYYY-MM-DD plus n days (n may be negative). Memoised: rules ask for the same few days many times. */
export function addDays(day: string, n: number): string {
  const key = `${day}|${n}`;
  const hit = dayCache.get(key);
  if (hit !== undefined) return hit;
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  const out = d.toISOString().slice(0, 10);
  if (dayCache.size > 10_000) dayCache.clear();
  dayCache.set(key, out);
  return out;
}

export function finding(def: RuleDef, subject: Finding['subject'], hit: RuleHit): Finding {
  return {
    ruleId: def.id,
    severity: SEVERITY_OF[hit.effect],
    effect: hit.effect,
    subject,
    title: def.title,
    message: hit.message,
    refs: def.refs,
    provisional: def.provisional,
    ...(hit.details ? { details: hit.details } : {}),
  };
}

/** The verdict of a set of hits: any "no" wins, then any condition; notes do not change it. */
export function verdictOf(hits: Array<{ effect: Effect }>): Verdict {
  if (hits.some((h) => h.effect === 'no')) return 'no';
  if (hits.some((h) => h.effect === 'conditions')) return 'conditions';
  return 'yes';
}
