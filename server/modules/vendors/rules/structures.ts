import { CONTROL_AREAS, type PartyId, type RespRole } from '@shared/vendors';

/** Pure helpers for the responsibility matrix, SLA breaches and subcontracting chains. */

// ---- responsibility matrix -------------------------------------------------------------------------

export interface MatrixCell {
  areaId: string;
  party: PartyId;
  role: RespRole;
}

export interface MatrixRow {
  areaId: string;
  responsible: PartyId[];
  consulted: PartyId[];
  /** none: nobody responsible; multiple: two or more responsible. */
  flag: 'none' | 'multiple' | null;
}

/** One row per control area, in the order of CONTROL_AREAS, with its flag. */
export function matrixRows(cells: Iterable<MatrixCell>, areaIds: readonly string[] = CONTROL_AREAS.map((a) => a.id)): MatrixRow[] {
  const byArea = new Map<string, MatrixRow>();
  for (const id of areaIds) byArea.set(id, { areaId: id, responsible: [], consulted: [], flag: null });
  for (const c of cells) {
    const row = byArea.get(c.areaId);
    if (!row) continue;
    (c.role === 'R' ? row.responsible : row.consulted).push(c.party);
  }
  for (const row of byArea.values()) {
    row.flag = row.responsible.length === 0 ? 'none' : row.responsible.length > 1 ? 'multiple' : null;
  }
  return [...byArea.values()];
}

/** Counts of flagged areas, computed without building rows (for whole-organisation checks). */
export function matrixFlagCounts(responsibleCountByArea: Map<string, number>, areaIds: readonly string[]): { gaps: number; overlaps: number } {
  let gaps = 0;
  let overlaps = 0;
  for (const id of areaIds) {
    const n = responsibleCountByArea.get(id) ?? 0;
    if (n === 0) gaps++;
    else if (n > 1) overlaps++;
  }
  return { gaps, overlaps };
}

// ---- SLA -----------------------------------------------------------------------------------------

export interface SlaTargets {
  availability: number | null;
  rtoMinutes: number | null;
  rpoMinutes: number | null;
  firstReportMinutes: number | null;
  backupFrequency: string | null;
}

export interface SlaActual {
  availability: number | null;
  longestOutageMinutes: number | null;
  dataLossMinutes: number | null;
  firstReportMinutes: number | null;
  backupsMissed: number | null;
}

export type SlaMetric = 'availability' | 'rto' | 'rpo' | 'firstReport' | 'backup';

export interface SlaBreach {
  metric: SlaMetric;
  target: number;
  actual: number;
}

/** Which targets a month's actuals miss. A metric without a target or without an actual is not judged. */
export function slaBreaches(t: SlaTargets, a: SlaActual): SlaBreach[] {
  const out: SlaBreach[] = [];
  if (t.availability !== null && a.availability !== null && a.availability < t.availability) out.push({ metric: 'availability', target: t.availability, actual: a.availability });
  if (t.rtoMinutes !== null && a.longestOutageMinutes !== null && a.longestOutageMinutes > t.rtoMinutes) out.push({ metric: 'rto', target: t.rtoMinutes, actual: a.longestOutageMinutes });
  if (t.rpoMinutes !== null && a.dataLossMinutes !== null && a.dataLossMinutes > t.rpoMinutes) out.push({ metric: 'rpo', target: t.rpoMinutes, actual: a.dataLossMinutes });
  if (t.firstReportMinutes !== null && a.firstReportMinutes !== null && a.firstReportMinutes > t.firstReportMinutes) out.push({ metric: 'firstReport', target: t.firstReportMinutes, actual: a.firstReportMinutes });
  if (t.backupFrequency && a.backupsMissed !== null && a.backupsMissed > 0) out.push({ metric: 'backup', target: 0, actual: a.backupsMissed });
  return out;
}

export const SLA_METRIC_NAMES: Record<SlaMetric, { ja: string; en: string }> = {
  availability: { ja: '稼働率（%）', en: 'Availability (%)' },
  rto: { ja: '最長停止時間と目標復旧時間（分）', en: 'Longest outage vs RTO (minutes)' },
  rpo: { ja: 'データ損失と目標復旧時点（分）', en: 'Data loss vs RPO (minutes)' },
  firstReport: { ja: '事故時の第一報までの時間（分）', en: 'Time to first incident report (minutes)' },
  backup: { ja: '実施されなかったバックアップ（回）', en: 'Missed backups (count)' },
};

// ---- subcontracting chains -------------------------------------------------------------------------

export interface ChainEdge {
  parent: string;
  child: string;
}

export type ChainProblem = 'self' | 'loop' | 'parentNotInChain' | 'duplicate';

/**
 * Whether parent → child may be added to a contract's subcontracting chain, whose root is the
 * prime contractor. A contractor appears at most once under one contract, so the chain stays a
 * tree of any depth; an edge that would lead back to an ancestor (or to the prime contractor) is
 * a loop.
 */
export function chainProblem(prime: string, edges: readonly ChainEdge[], parent: string, child: string): ChainProblem | null {
  if (parent === child) return 'self';
  const parentOf = new Map<string, string>();
  for (const e of edges) parentOf.set(e.child, e.parent);
  const inChain = (id: string) => id === prime || parentOf.has(id);
  if (!inChain(parent)) return 'parentNotInChain';
  // Walk up from the parent: reaching the child means the child is an ancestor → loop.
  let cursor: string | undefined = parent;
  const seen = new Set<string>();
  while (cursor !== undefined && !seen.has(cursor)) {
    if (cursor === child) return 'loop';
    seen.add(cursor);
    cursor = parentOf.get(cursor);
  }
  if (child === prime) return 'loop';
  if (parentOf.has(child)) return 'duplicate';
  return null;
}

/** Depth of a contractor in the chain (prime = 0). */
export function chainDepth(prime: string, edges: readonly ChainEdge[], id: string): number {
  const parentOf = new Map(edges.map((e) => [e.child, e.parent]));
  let depth = 0;
  let cursor = id;
  const seen = new Set<string>();
  while (cursor !== prime && parentOf.has(cursor) && !seen.has(cursor)) {
    seen.add(cursor);
    cursor = parentOf.get(cursor) as string;
    depth++;
  }
  return depth;
}
