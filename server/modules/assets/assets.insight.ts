import { z } from 'zod';
import type { Axis, ClassificationScheme } from '@shared/catalog';
import { ASSET_KINDS, ASSET_SEGMENTS, named } from '@shared/assets';
import { isSet, nowIso } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { type FieldError, err } from '../../platform/errors';
import { getOrganization } from '../tenancy/tenancy.service';
import { AXIS_FIELDS, catalogOf, levelProblem, olderSchemeEditions, schemeOf } from './assets.scheme';
import { classificationColumns, getRow, historyRow, inScope, reachable, scopeSections } from './assets.service';
import type { AssetsTable } from './assets.tables';
import { CHECK_RULES } from './rules/checks';
import { factsOf, findingsOf } from './assets.facts';
import { deriveHandling, type HandlingView } from './rules/handling';
import { proposeReclassification } from './rules/reclassify';
import type { CatalogService } from '../catalog/catalog.contract';

/** Checks, handling rules, labels, the dashboard summary and reclassification, on top of the register. */

/** Findings with the titles of the catalog items they cite (for links on the page). */
export async function assetChecks(deps: AppDeps, ctx: Ctx, id: string) {
  const row = await reachable(deps.db, ctx, id, 'asset.read');
  const catalog = catalogOf(deps);
  const edition = catalog.current().id;
  const findings = findingsOf(catalog, factsOf(row)).map((f) => ({
    ...f,
    refs: f.refs.map((ref) => {
      const n = catalog.node(edition, ref);
      return { id: ref, edition, number: n?.number ?? null, title: n?.title ?? null };
    }),
  }));
  return { edition, findings };
}

export interface AssetHandling extends HandlingView {
  edition: string;
  classified: boolean;
}

export function handlingOf(catalog: CatalogService, row: AssetsTable): AssetHandling | null {
  if (!row.schemeEdition || row.confidentiality === null) return null;
  const view = schemeOf(catalog, row.schemeEdition);
  if (!view) return null;
  const h = deriveHandling(view.scheme, { c: row.confidentiality, i: row.integrity, a: row.availability }, { myNumberSegmentResidentData: row.segment === 'mynumber' && isSet(row.residentData) });
  return { ...h, edition: view.edition.id, classified: true };
}

export async function assetHandling(deps: AppDeps, ctx: Ctx, id: string) {
  const row = await reachable(deps.db, ctx, id, 'asset.read');
  const catalog = catalogOf(deps);
  const handling = handlingOf(catalog, row);
  return { assetId: id, handling };
}

/** What a printed media label shows: the class large, the essentials of handling, a QR code. */
export async function assetLabel(deps: AppDeps, ctx: Ctx, id: string, publicBase: string) {
  const row = await reachable(deps.db, ctx, id, 'asset.read');
  const catalog = catalogOf(deps);
  const [org, section] = await Promise.all([
    getOrganization(deps.db, ctx.tenantId),
    deps.db.selectFrom('orgUnits').select(['code', 'name']).where('tenantId', '=', ctx.tenantId).where('id', '=', row.ownerSectionId).executeTakeFirstOrThrow(),
  ]);
  const handling = handlingOf(catalog, row);
  const url = `${publicBase}/assets/${row.id}`;
  const qrSvg = await (await import('qrcode')).default.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return {
    organization: org.name,
    asset: { id: row.id, code: row.code, name: row.name, kind: named(ASSET_KINDS, row.kind), segment: named(ASSET_SEGMENTS, row.segment), ownerSection: section },
    classification: { schemeEdition: row.schemeEdition, confidentiality: row.confidentiality, integrity: row.integrity, availability: row.availability },
    levels: handling?.levels ?? null,
    handling: handling
      ? handling.topics.filter((t) => t.items.length).map((t) => ({ topic: t.topic, label: t.label, text: t.items.map((i) => i.text) }))
      : [],
    disposal: handling ? handling.disposal : null,
    url,
    qrSvg,
    printedAt: nowIso(),
  };
}

// ---- scheme and rules for the classification panel -----------------------------------------

export const SchemeQuery = z.object({ edition: z.string().trim().min(1).max(20).optional() }).strict();

export function schemeForPanel(deps: AppDeps, editionId?: string) {
  const catalog = catalogOf(deps);
  const id = editionId ?? catalog.current().id;
  const view = schemeOf(catalog, id);
  if (!view) throw err.notFound({ ja: '版', en: 'Edition' }, id);
  return {
    edition: view.edition,
    current: catalog.current().id,
    editions: catalog.editions().map((e) => ({ id: e.id, label: e.label, labelEn: e.labelEn, scheme: e.classificationScheme, current: e.current })),
    scheme: view.scheme,
    rules: CHECK_RULES.map(({ when, ...r }) => ({ ...r, condition: when })),
  };
}

// ---- dashboard summary ---------------------------------------------------------------------

export async function assetSummary(deps: AppDeps, ctx: Ctx) {
  const { db } = deps;
  const sections = await scopeSections(db, ctx, 'asset.read');
  let q = db.selectFrom('assets').where('tenantId', '=', ctx.tenantId).where('status', '=', 'active');
  if (sections !== null) q = sections.length ? q.where('ownerSectionId', 'in', sections) : q.where((eb) => eb.val(false));
  const rows = await q
    .select((eb) => ['segment', 'confidentiality', 'schemeEdition', eb.fn.countAll<number>().as('n')])
    .groupBy(['segment', 'confidentiality', 'schemeEdition'])
    .execute();
  const catalog = deps.services.catalog;
  const older = new Set(catalog ? olderSchemeEditions(catalog) : []);
  const byC = new Map<string, number>();
  const bySeg = new Map<string, number>();
  const matrix = new Map<string, number>();
  let total = 0;
  let olderScheme = 0;
  for (const r of rows) {
    const n = Number(r.n);
    const c = r.confidentiality ?? 'none';
    const s = r.segment ?? 'none';
    total += n;
    byC.set(c, (byC.get(c) ?? 0) + n);
    bySeg.set(s, (bySeg.get(s) ?? 0) + n);
    matrix.set(`${s}|${c}`, (matrix.get(`${s}|${c}`) ?? 0) + n);
    if (r.schemeEdition && older.has(r.schemeEdition)) olderScheme += n;
  }
  const cOrder = ['3A', '3B', '3C', '3', '2', '1', 'none'];
  const sOrder = ['mynumber', 'lgwan', 'internet', 'closed', 'none'];
  return {
    total,
    unclassified: byC.get('none') ?? 0,
    olderScheme,
    byConfidentiality: cOrder.filter((c) => byC.has(c) || c !== '3').map((c) => ({ level: c, count: byC.get(c) ?? 0 })),
    bySegment: sOrder.map((s) => ({ segment: s, count: bySeg.get(s) ?? 0 })),
    matrix: [...matrix.entries()].map(([k, count]) => {
      const [segment, level] = k.split('|');
      return { segment, level, count };
    }),
  };
}

// ---- reclassification after a scheme change ------------------------------------------------

export const ReclassifyQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export async function reclassificationList(deps: AppDeps, ctx: Ctx, q: z.infer<typeof ReclassifyQuery>) {
  const { db } = deps;
  const catalog = catalogOf(deps);
  const current = catalog.current();
  const target = schemeOf(catalog, current.id)?.scheme as ClassificationScheme;
  const older = olderSchemeEditions(catalog);
  const sections = await scopeSections(db, ctx, 'asset.classify');
  let base = db.selectFrom('assets').where('tenantId', '=', ctx.tenantId).where('status', '=', 'active');
  base = older.length ? base.where('schemeEdition', 'in', older) : base.where((eb) => eb.val(false));
  if (sections !== null) base = sections.length ? base.where('ownerSectionId', 'in', sections) : base.where((eb) => eb.val(false));
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('code').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    targetEdition: current.id,
    targetScheme: target.id,
    olderEditions: older,
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      schemeEdition: r.schemeEdition,
      flags: { residentData: isSet(r.residentData), myNumber: isSet(r.myNumber), specialCare: isSet(r.specialCare) },
      segment: r.segment,
      ...proposeReclassification(target, factsOf(r)),
    })),
  };
}

export const ReclassifyInput = z
  .object({
    reason: z.string().trim().min(1).max(1000),
    items: z
      .array(
        z
          .object({
            assetId: z.uuid(),
            confidentiality: z.string().trim().min(1).max(5),
            integrity: z.string().trim().min(1).max(5).optional(),
            availability: z.string().trim().min(1).max(5).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(500),
  })
  .strict();

/** Reclassify several assets under the current scheme at once: all or nothing, each kept in the history. */
export async function applyReclassification(deps: AppDeps, ctx: Ctx, input: z.infer<typeof ReclassifyInput>) {
  const { db } = deps;
  const catalog = catalogOf(deps);
  const current = catalog.current();
  const view = schemeOf(catalog, current.id);
  if (!view) throw err.notFound({ ja: '版', en: 'Edition' }, current.id);
  const sections = await scopeSections(db, ctx, 'asset.classify');
  const problems: FieldError[] = [];
  const rows = new Map<string, AssetsTable>();
  for (const [i, item] of input.items.entries()) {
    const row = await getRow(db, ctx.tenantId, item.assetId);
    if (!row || !inScope(sections, row.ownerSectionId)) {
      problems.push({ field: `items.${i}.assetId`, code: 'not_found', message: { ja: '情報資産が見つかりません。', en: 'The asset was not found.' } });
      continue;
    }
    rows.set(item.assetId, row);
    const levels: Record<Axis, string | null> = { c: item.confidentiality, i: item.integrity ?? row.integrity, a: item.availability ?? row.availability };
    for (const axis of ['c', 'i', 'a'] as Axis[]) {
      const v = levels[axis];
      if (v === null) {
        problems.push({ field: `items.${i}.${AXIS_FIELDS[axis]}`, code: 'required', message: { ja: '区分を指定してください。', en: 'Give the level.' } });
        continue;
      }
      const p = levelProblem(view, axis, v);
      if (p) problems.push({ field: `items.${i}.${AXIS_FIELDS[axis]}`, code: p.code, message: p.message });
    }
  }
  if (problems.length) throw err.validation(problems);
  if (new Set(input.items.map((x) => x.assetId)).size !== input.items.length) {
    throw err.validation([{ field: 'items', code: 'duplicate', message: { ja: '同じ資産が二度指定されています。', en: 'An asset appears twice.' } }]);
  }
  await db.transaction().execute(async (trx) => {
    const at = nowIso();
    for (const item of input.items) {
      const before = (await getRow(trx, ctx.tenantId, item.assetId)) ?? (rows.get(item.assetId) as AssetsTable);
      const cls = {
        schemeEdition: current.id,
        confidentiality: item.confidentiality,
        integrity: item.integrity ?? (before.integrity as string),
        availability: item.availability ?? (before.availability as string),
        reason: input.reason,
      };
      if (before.classifiedAt !== null) await trx.insertInto('assetClassHistory').values(historyRow(before, at)).execute();
      await trx.updateTable('assets').set({ ...classificationColumns(cls, ctx, at), updatedAt: at }).where('tenantId', '=', ctx.tenantId).where('id', '=', before.id).execute();
      await appendAudit(trx, ctx.audit, {
        action: 'asset.classify',
        targetType: 'asset',
        targetId: before.id,
        changes: {
          schemeEdition: [before.schemeEdition, cls.schemeEdition],
          confidentiality: [before.confidentiality, cls.confidentiality],
          integrity: [before.integrity, cls.integrity],
          availability: [before.availability, cls.availability],
          reason: cls.reason,
          via: 'reclassification',
        },
      });
    }
  });
  return { reclassified: input.items.length, edition: current.id };
}

