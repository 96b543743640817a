import { z } from 'zod';
import type { Bilingual, ClassificationScheme } from '@shared/catalog';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { catalogOf, olderSchemeEditions, schemeOf } from './assets.scheme';
import { scopeSections } from './assets.service';
import { factsOf } from './assets.facts';
import { proposeReclassification } from './rules/reclassify';

/**
 * Assets moved from the older scheme (3/2/1) to the current one whose new level disagrees with the
 * corrected migration map (facts, Corrections of 2026-12 no.1: old 3 → 3A; old 2 → 3B/3C/2 with
 * residents' data → 3B; old 1 → 1). Earlier versions of Shirube proposed e.g. 3B for old-3 resident
 * data and 3C for old-2 personal data, so such transitions are listed for a person to review. Nothing
 * is changed here: reclassifying stays a deliberate act with its own reason and history.
 */

export const ReviewQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export type ReviewCode = 'outside_map' | 'resident_not_3b';

export async function reclassificationReview(deps: AppDeps, ctx: Ctx, q: z.infer<typeof ReviewQuery>) {
  const { db } = deps;
  const catalog = catalogOf(deps);
  const current = catalog.current();
  const target = schemeOf(catalog, current.id)?.scheme as ClassificationScheme;
  const older = olderSchemeEditions(catalog);
  const sections = await scopeSections(db, ctx, 'asset.classify');
  const empty = { targetEdition: current.id, total: 0, page: q.page, pageSize: q.pageSize, items: [] as unknown[] };
  if (!older.length || (sections !== null && !sections.length)) return empty;
  let base = db
    .selectFrom('assetClassHistory as h')
    .innerJoin('assets as a', (j) => j.onRef('a.tenantId', '=', 'h.tenantId').onRef('a.id', '=', 'h.assetId'))
    .where('h.tenantId', '=', ctx.tenantId)
    .where('a.status', '=', 'active')
    .where('a.confidentiality', 'is not', null)
    .where('a.schemeEdition', 'not in', older);
  if (sections !== null) base = base.where('a.ownerSectionId', 'in', sections);
  const rows = await base
    .selectAll('a')
    .select(['h.schemeEdition as hEdition', 'h.confidentiality as hC', 'h.supersededAt as hAt', 'h.id as hId'])
    .orderBy('a.code')
    .orderBy('h.supersededAt', 'desc')
    .orderBy('h.id', 'desc')
    .execute();
  // The latest superseded classification of each asset; only a direct older → current move is judged.
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.id)) latest.set(r.id, r);
  const items: Array<Record<string, unknown>> = [];
  for (const r of latest.values()) {
    if (r.hEdition === null || !older.includes(r.hEdition) || r.hC === null) continue;
    const now = r.confidentiality as string;
    const p = proposeReclassification(target, factsOf({ ...r, confidentiality: r.hC, schemeEdition: r.hEdition }));
    let code: ReviewCode | null = null;
    let reason: Bilingual | null = null;
    if (!p.candidates.includes(now)) {
      code = 'outside_map';
      reason = {
        ja: `旧区分「${r.hC}」から「${now}」への変更は、訂正後の対応表（候補: ${p.candidates.join('・') || 'なし'}）に合いません。`,
        en: `The move from old "${r.hC}" to "${now}" does not fit the corrected map (candidates: ${p.candidates.join(', ') || 'none'}).`,
      };
    } else if (p.proposed.confidentiality === '3B' && now !== '3B' && (r.residentData || r.myNumber)) {
      code = 'resident_not_3b';
      reason = {
        ja: `住民の個人情報を含む旧機密性2の資産は3Bにあたりますが、「${now}」に分類されています。`,
        en: `Residents' personal data under old 2 belongs in 3B, but the asset is classified "${now}".`,
      };
    }
    if (!code || !reason) continue;
    items.push({
      id: r.id,
      code: r.code,
      name: r.name,
      from: { schemeEdition: r.hEdition, confidentiality: r.hC },
      current: { schemeEdition: r.schemeEdition, confidentiality: now, classifiedAt: r.classifiedAt, reason: r.classificationReason },
      candidates: p.candidates,
      proposed: p.proposed.confidentiality,
      finding: code,
      message: reason,
      source: target.migratesFrom?.source ?? null,
    });
  }
  const start = (q.page - 1) * q.pageSize;
  return { targetEdition: current.id, total: items.length, page: q.page, pageSize: q.pageSize, items: items.slice(start, start + q.pageSize) };
}
