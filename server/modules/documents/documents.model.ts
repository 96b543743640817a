import { z } from 'zod';
import type { CatalogService } from '../catalog/catalog.contract';
import { japanDate } from '@shared/era';
import type { ArticleLevel, ArticleView, PolicyChoices, VersionState, VersionSummary } from '@shared/documents';
import { formatEditionLabel } from '@shared/era';
import { fromJson, isSet } from '../../db/sql';
import { bilingual } from '../../platform/errors';
import type { PolicyArticlesTable, PolicyVersionsTable } from './documents.tables';
import { Generator, defaultChoices } from './generate';

/**
 * Shared pieces of the documents module: input schemas, the generator per catalog, presenting
 * versions and articles, labels of the organisation's own articles.
 */

export const POLICY = { ja: 'ポリシー', en: 'Policy' };
export const VERSION = { ja: 'ポリシーの版', en: 'Policy version' };
export const ARTICLE = { ja: '条項', en: 'Article' };
export const DOCUMENT = { ja: '文書', en: 'Document' };

const generators = new WeakMap<object, Generator>();
export function generatorFor(catalog: CatalogService): Generator {
  let g = generators.get(catalog);
  if (!g) {
    g = new Generator(catalog);
    generators.set(catalog, g);
  }
  return g;
}

const holder = z.string().trim().max(100);
const name = z.string().trim().min(1).max(100);

export const ChoicesInput = z.strictObject({
  orgName: name.optional(),
  headTitle: z.string().trim().min(1).max(20).optional(),
  roleHolders: z
    .strictObject({
      cio: name.optional(),
      ciso: name.optional(),
      deputyCiso: holder.optional(),
      chiefSecurityManager: name.optional(),
      securityOfficer: name.optional(),
      securityManager: name.optional(),
      systemManager: name.optional(),
      auditLead: name.optional(),
    })
    .optional(),
  committeeName: name.optional(),
  networkModel: z.enum(['alpha', 'alphaPrime', 'beta', 'betaPrime']).optional(),
  externalServicesConfidential: z.boolean().optional(),
  wirelessLan: z.boolean().optional(),
  orgSize: z.enum(['standard', 'small']).optional(),
  cloudProvisions: z.boolean().optional(),
  optional: z.record(z.string().regex(/^[A-Z]{2}-[0-9.]+$/, bilingual('カタログの項目IDで指定してください。', 'Use catalog ids.')), z.boolean()).optional(),
});
export type ChoicesInput = z.infer<typeof ChoicesInput>;

export function mergeChoices(base: PolicyChoices, patch: ChoicesInput | undefined): PolicyChoices {
  if (!patch) return base;
  const { roleHolders, optional, ...rest } = patch;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<PolicyChoices>;
  const holders = Object.fromEntries(Object.entries(roleHolders ?? {}).filter(([, v]) => v !== undefined));
  return {
    ...base,
    ...defined,
    roleHolders: { ...base.roleHolders, ...holders },
    optional: { ...base.optional, ...(optional ?? {}) },
  };
}

export function choicesOf(row: PolicyVersionsTable): PolicyChoices {
  const stored = fromJson<Partial<PolicyChoices>>(row.choices, {});
  const base = defaultChoices(stored.orgName ?? '');
  return { ...base, ...stored, roleHolders: { ...base.roleHolders, ...(stored.roleHolders ?? {}) }, optional: { ...(stored.optional ?? {}) } };
}

export function stateOf(row: PolicyVersionsTable, inForceId: string | null, today = japanDate()): VersionState {
  if (row.status === 'draft') return 'draft';
  if (row.id === inForceId) return 'inForce';
  if (row.effectiveFrom && row.effectiveFrom > today) return 'scheduled';
  return 'superseded';
}

/** The approved version in force on a day: the highest version number whose date has come. */
export function inForceOf(rows: PolicyVersionsTable[], today = japanDate()): PolicyVersionsTable | null {
  let best: PolicyVersionsTable | null = null;
  for (const r of rows) {
    if (r.status !== 'approved' || !r.effectiveFrom || r.effectiveFrom > today) continue;
    if (!best || r.versionNo > best.versionNo) best = r;
  }
  return best;
}

export function presentVersion(row: PolicyVersionsTable, inForceId: string | null): VersionSummary {
  return {
    id: row.id,
    policyId: row.policyId,
    versionNo: row.versionNo,
    status: row.status,
    state: stateOf(row, inForceId),
    edition: row.edition,
    editionLabel: formatEditionLabel(row.edition),
    basedOnId: row.basedOnId,
    note: row.note,
    createdAt: row.createdAt,
    createdByLabel: row.createdByLabel,
    approvedAt: row.approvedAt,
    approvedByLabel: row.approvedByLabel,
    decisionRef: row.decisionRef,
    effectiveFrom: row.effectiveFrom,
  };
}

/** Depth of each article in its document's outline (0 = top). */
export function depths(rows: Array<Pick<PolicyArticlesTable, 'key' | 'parentKey'>>): Map<string, number> {
  const parent = new Map(rows.map((r) => [r.key, r.parentKey]));
  const out = new Map<string, number>();
  for (const r of rows) {
    let d = 0;
    let p = r.parentKey;
    const seen = new Set<string>();
    while (p && parent.has(p) && !seen.has(p)) {
      seen.add(p);
      d++;
      p = parent.get(p) ?? null;
    }
    out.set(r.key, d);
  }
  return out;
}

/** Labels of own articles: the label of the model article they follow, with 枝番 (の2, の3 …). */
export function labelsOf(rows: Array<Pick<PolicyArticlesTable, 'key' | 'parentKey' | 'label' | 'sortOrder'>>): Map<string, string> {
  const sorted = [...rows].sort((a, b) => a.sortOrder - b.sortOrder);
  const out = new Map<string, string>();
  const lastBase = new Map<string, { base: string; n: number }>();
  let extra = 0;
  for (const r of sorted) {
    const siblings = r.parentKey ?? '';
    if (r.label) {
      out.set(r.key, r.label);
      lastBase.set(siblings, { base: r.label, n: 1 });
      continue;
    }
    const prev = lastBase.get(siblings);
    if (!prev) {
      extra += 1;
      const label = `追加${extra}`;
      out.set(r.key, label);
      lastBase.set(siblings, { base: label, n: 1 });
      continue;
    }
    prev.n += 1;
    out.set(r.key, branchLabel(prev.base, prev.n));
  }
  return out;
}

function branchLabel(base: string, n: number): string {
  let m = /^\((\d+)(?:の\d+)?\)$/.exec(base);
  if (m) return `(${m[1]}の${n})`;
  m = /^第(\d+)条(?:の\d+)?$/.exec(base);
  if (m) return `第${m[1]}条の${n}`;
  m = /^(\d+)\.$/.exec(base);
  if (m) return `${m[1]}の${n}.`;
  return `${base.replace(/の\d+$/, '')}の${n}`;
}

export function presentArticle(
  r: PolicyArticlesTable,
  label: string,
  depth: number,
  model: { heading: string; body: string } | undefined,
): ArticleView {
  return {
    id: r.id,
    key: r.key,
    parentKey: r.parentKey,
    level: r.level as ArticleLevel,
    label,
    number: r.number,
    heading: r.heading,
    body: r.body,
    catalogIds: fromJson<string[]>(r.catalogIds, []),
    origin: r.origin,
    included: isSet(r.included),
    omitReason: r.omitReason,
    revision: r.revision,
    updatedAt: r.updatedAt,
    updatedByLabel: r.updatedByLabel,
    editedFromModel: r.origin === 'model' && model !== undefined && (model.heading !== r.heading || model.body !== r.body),
    depth,
  };
}

/** Who acts, as a label kept with the record (survives the user being renamed or removed). */
export function actorLabel(ctx: { actor: { displayName: string; email: string } | null; audit: { actorLabel: string } }): string {
  return ctx.actor ? `${ctx.actor.displayName}（${ctx.actor.email}）` : ctx.audit.actorLabel;
}
