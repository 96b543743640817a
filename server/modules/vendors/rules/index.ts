import { CONTRACT_CLAUSES, CONTROL_AREAS } from '@shared/vendors';
import { CONTRACTOR_RULES } from './contractor-rules';
import type { RuleDef } from './model';
import { QUESTION_BANK } from './checksheet';
import { procurementRequirements } from './procurement';
import { SERVICE_RULES, SUITABILITY_RULES } from './service-rules';

export * from './checksheet';
export * from './contractor-rules';
export * from './model';
export * from './procurement';
export * from './service-rules';
export * from './structures';

/** Every rule of the module, for the rules page and the catalog-reference test. */
export const ALL_RULES: RuleDef[] = [...SUITABILITY_RULES, ...SERVICE_RULES, ...CONTRACTOR_RULES].map((r) => r.def);

/** Every catalog id the module cites anywhere (rules, control areas, clauses, check-sheet questions). */
export function citedIds(): string[] {
  const ids = new Set<string>();
  for (const r of ALL_RULES) for (const ref of r.refs) ids.add(ref);
  for (const a of CONTROL_AREAS) for (const ref of a.refs) ids.add(ref);
  for (const c of CONTRACT_CLAUSES) for (const ref of c.refs) ids.add(ref);
  for (const id of Object.keys(QUESTION_BANK)) ids.add(id);
  const widest = procurementRequirements({ serviceName: '', purpose: null, kind: 'govCloud', model: 'IaaS', connection: 'alphaPrime', classes: { c: '3B', i: '2', a: '2' }, firstReportMinutes: 60 });
  for (const s of widest) for (const r of s.items) for (const ref of r.refs) ids.add(ref);
  return [...ids].sort();
}
