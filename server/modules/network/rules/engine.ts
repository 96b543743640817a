import { editionAtLeast, type ElementType, type Label, type NetworkModelId, type RuleInfo, type Severity } from '@shared/network';
import type { Analysis } from './analysis';

/**
 * The rule engine: small pure rules over an Analysis. A rule names the guideline catalog items it
 * enforces (some only from the edition that introduced them), explains itself and the remedy in
 * Japanese and English, and says when it rests on facts Shirube holds as provisional.
 */

export interface CatalogRef {
  id: string;
  /** The first edition whose catalog has this item. */
  since?: string;
}

export interface RuleMeta {
  id: string;
  severity: Severity;
  title: Label;
  explanation: Label;
  remedy: Label;
  catalog: CatalogRef[];
  provisional: boolean;
  provisionalNote?: Label;
  /** Network models the rule applies to (all when absent). */
  models?: NetworkModelId[];
}

/** What a rule reports; the engine adds ids, names, catalog items and texts. */
export interface RawFinding {
  element: { type: ElementType; index: number };
  message: Label;
  severity?: Severity;
  /** Catalog items for this finding instead of the rule's own (same edition filtering applies). */
  catalog?: CatalogRef[];
  /** Vertex indices of an example path. */
  path?: number[];
}

export type Emit = (f: RawFinding) => void;

export interface Rule extends RuleMeta {
  check(a: Analysis, emit: Emit): void;
}

export function catalogFor(refs: readonly CatalogRef[], edition: string, exists?: (id: string) => boolean): string[] {
  const out: string[] = [];
  for (const r of refs) {
    if (r.since && !editionAtLeast(edition, r.since)) continue;
    if (exists && !exists(r.id)) continue;
    out.push(r.id);
  }
  return out;
}

export function ruleInfo(rule: RuleMeta, edition: string, exists?: (id: string) => boolean): RuleInfo {
  return {
    id: rule.id,
    severity: rule.severity,
    title: rule.title,
    explanation: rule.explanation,
    remedy: rule.remedy,
    catalog: catalogFor(rule.catalog, edition, exists),
    provisional: rule.provisional,
    provisionalNote: rule.provisionalNote,
  };
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** Join bilingual fragments: lists of missing conditions and the like. */
export function joinLabels(parts: Label[]): Label {
  return { ja: parts.map((p) => p.ja).join('、'), en: parts.map((p) => p.en).join(', ') };
}
