import { z } from 'zod';
import { formatEditionLabel } from '@shared/era';
import type {
  CompareResult,
  CompareRow,
  CoverageResult,
  CoverageRow,
  DocTemplate,
  EditionProposal,
  ProposalEntry,
  VersionSummary,
} from '@shared/documents';
import { diffTexts, wholeSegments } from '@shared/textdiff';
import type { Db } from '../../db/database';
import { fromJson, isSet, nowIso, toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { type FieldError, err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import {
  ChoicesInput,
  actorLabel,
  choicesOf,
  generatorFor,
  inForceOf,
  labelsOf,
  mergeChoices,
  presentVersion,
} from './documents.model';
import { articlesOf, copyVersionContent, documentsOf, insertDocuments, versionRow, versionsOf } from './documents.service';
import type { PolicyArticlesTable, PolicyDocumentsTable, PolicyVersionsTable } from './documents.tables';
import type { GenArticle, GenDocument } from './generate';

/**
 * 新旧対照表 between two versions, "what a newer edition changes for us" (a proposal of
 * additions, changes and removals to accept or decline into a draft), and the coverage view.
 */

interface Loaded {
  row: PolicyVersionsTable;
  summary: VersionSummary;
  docs: PolicyDocumentsTable[];
  arts: PolicyArticlesTable[];
}

async function load(db: Db, tenantId: string, id: string): Promise<Loaded> {
  const row = await versionRow(db, tenantId, id);
  const all = await versionsOf(db, tenantId, row.policyId);
  const inForce = inForceOf(all);
  return { row, summary: presentVersion(row, inForce?.id ?? null), docs: await documentsOf(db, tenantId, id), arts: await articlesOf(db, tenantId, id) };
}

interface Flat {
  template: DocTemplate;
  docTitle: string;
  docOrder: number;
  key: string;
  label: string;
  heading: string;
  body: string;
  included: boolean;
  sortOrder: number;
}

function flatten(l: Pick<Loaded, 'docs' | 'arts'>): Flat[] {
  const out: Flat[] = [];
  for (const d of l.docs) {
    const rows = l.arts.filter((a) => a.documentId === d.id);
    const labels = labelsOf(rows);
    for (const r of rows) {
      out.push({ template: d.template, docTitle: d.title, docOrder: d.sortOrder, key: r.key, label: labels.get(r.key) ?? '', heading: r.heading, body: r.body, included: isSet(r.included), sortOrder: r.sortOrder });
    }
  }
  return out.sort((a, b) => a.docOrder - b.docOrder || a.sortOrder - b.sortOrder);
}

/** The text of an article as the 新旧対照表 shows it: label and heading, then the body. */
export function articleText(a: { label: string; heading: string; body: string }): string {
  const head = [a.label, a.heading].filter(Boolean).join('　');
  return a.body ? `${head}\n${a.body}` : head;
}

/** Merge two ordered key lists: the new order, with keys only in the old list placed after their old predecessor. */
function mergedOrder(oldKeys: string[], newKeys: string[]): string[] {
  const out = [...newKeys];
  const pos = new Set(newKeys);
  for (let i = 0; i < oldKeys.length; i++) {
    const k = oldKeys[i];
    if (pos.has(k)) continue;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const idx = out.indexOf(oldKeys[j]);
      if (idx >= 0) {
        at = idx + 1;
        break;
      }
    }
    out.splice(at, 0, k);
    pos.add(k);
  }
  return out;
}

export function compareFlat(before: Flat[], after: Flat[]): CompareRow[] {
  const id = (f: Flat) => `${f.template}|${f.key}`;
  const b = new Map(before.map((f) => [id(f), f]));
  const a = new Map(after.map((f) => [id(f), f]));
  const order = mergedOrder(before.map(id), after.map(id));
  const rows: CompareRow[] = [];
  for (const k of order) {
    const x = b.get(k);
    const y = a.get(k);
    const was = x?.included ? x : undefined;
    const now = y?.included ? y : undefined;
    if (!was && !now) continue;
    const side = (f: Flat) => ({ label: f.label, heading: f.heading, body: f.body, included: f.included });
    const base = (now ?? was) as Flat;
    if (was && now) {
      const tb = articleText(was);
      const ta = articleText(now);
      if (tb === ta) continue;
      const d = diffTexts(tb, ta);
      rows.push({ key: base.key, documentTemplate: base.template, documentTitle: now.docTitle, change: 'changed', after: side(now), before: side(was), afterSegments: d.after, beforeSegments: d.before });
    } else if (now) {
      rows.push({ key: base.key, documentTemplate: base.template, documentTitle: now.docTitle, change: 'added', after: side(now), before: null, afterSegments: wholeSegments(articleText(now), true), beforeSegments: [] });
    } else if (was) {
      rows.push({ key: base.key, documentTemplate: base.template, documentTitle: was.docTitle, change: 'removed', after: null, before: side(was), afterSegments: [], beforeSegments: wholeSegments(articleText(was), true) });
    }
  }
  return rows;
}

export const CompareQuery = z.strictObject({
  from: z.uuid(),
  to: z.uuid(),
  format: z.enum(['json', 'docx', 'html']).default('json'),
});

export async function compareVersions(deps: AppDeps, ctx: Ctx, fromId: string, toId: string): Promise<CompareResult> {
  const from = await load(deps.db, ctx.tenantId, fromId);
  const to = await load(deps.db, ctx.tenantId, toId);
  if (from.row.policyId !== to.row.policyId) {
    throw err.badRequest('different_policies', { ja: '同じポリシーの版どうしを比べてください。', en: 'Compare versions of the same policy.' }, [{ field: 'to', code: 'different_policies', message: { ja: '別のポリシーの版です。', en: 'A version of another policy.' } }]);
  }
  const policy = await deps.db.selectFrom('policies').select('title').where('tenantId', '=', ctx.tenantId).where('id', '=', from.row.policyId).executeTakeFirstOrThrow();
  const rows = compareFlat(flatten(from), flatten(to));
  return {
    from: from.summary,
    to: to.summary,
    policyTitle: policy.title,
    rows,
    counts: {
      added: rows.filter((r) => r.change === 'added').length,
      removed: rows.filter((r) => r.change === 'removed').length,
      changed: rows.filter((r) => r.change === 'changed').length,
    },
  };
}

// ---- a newer edition (or other choices) -------------------------------------------------------------

export const ProposalQuery = z.strictObject({
  /** Defaults to the edition new work starts from (the catalog's current one). */
  edition: z.string().trim().min(1).max(32).optional(),
});

/** A preview with other choices as well (e.g. moving from the α to the α′ model). */
export const PreviewBody = z.strictObject({
  edition: z.string().trim().min(1).max(32).optional(),
  choices: ChoicesInput.optional(),
});

export const ProposalBody = z.strictObject({
  edition: z.string().trim().min(1).max(32),
  choices: ChoicesInput.optional(),
  note: z.string().trim().max(2000).optional(),
  decisions: z
    .array(
      z.strictObject({
        template: z.enum(['basicPolicy', 'standards', 'cloud', 'classification', 'incident', 'disposal']),
        key: z.string().min(1).max(100),
        accept: z.boolean(),
        reason: z.string().trim().max(500).optional(),
      }),
    )
    .max(2000),
});

interface Plan {
  version: Loaded;
  toEdition: string;
  toChoices: ReturnType<typeof choicesOf>;
  toGen: GenDocument[];
  entries: ProposalEntry[];
  catalogOnly: EditionProposal['catalogOnly'];
}

async function plan(deps: AppDeps, ctx: Ctx, versionId: string, edition: string, choicesPatch: z.infer<typeof ChoicesInput> | undefined): Promise<Plan> {
  const catalog = deps.services.catalog;
  const version = await load(deps.db, ctx.tenantId, versionId);
  const target = catalog.edition(edition);
  const gen = generatorFor(catalog);
  const from = version.row.edition;
  if (!catalog.hasEdition(from)) throw err.notFound({ ja: '版', en: 'Edition' }, from);
  if (gen.editionOrder(target.id) < gen.editionOrder(from)) {
    throw err.validation([
      {
        field: 'edition',
        code: 'edition_not_newer',
        message: {
          ja: `この版は${formatEditionLabel(from)}版のガイドラインに沿っています。それより新しい版を指定してください。`,
          en: `This version follows the ${from} edition; choose that edition or a newer one.`,
        },
      },
    ]);
  }
  const fromChoices = choicesOf(version.row);
  const toChoices = mergeChoices(fromChoices, choicesPatch);
  const fromGen = gen.generate(from, fromChoices);
  const toGen = gen.generate(target.id, toChoices);
  const keyOf = (t: DocTemplate, k: string) => `${t}|${k}`;
  const fromMap = new Map<string, GenArticle>();
  for (const d of fromGen) for (const a of d.articles) fromMap.set(keyOf(d.template, a.key), a);
  const docOf = new Map(version.docs.map((d) => [d.id, d]));
  const current = new Map<string, { row: PolicyArticlesTable; label: string }>();
  for (const d of version.docs) {
    const rows = version.arts.filter((a) => a.documentId === d.id);
    const labels = labelsOf(rows);
    for (const r of rows) current.set(keyOf(d.template, r.key), { row: r, label: labels.get(r.key) ?? '' });
  }
  const diff = from !== target.id ? catalog.diff(from, target.id) : null;
  const changedFields = new Map<string, { change: string; fields: string[] }>();
  for (const e of diff?.entries ?? []) if (e.kind !== 'auditItem' && e.kind !== 'classification') changedFields.set(e.id, { change: e.change, fields: e.fields.map((f) => f.field) });
  const edLabel = `${target.label}版`;
  const entries: ProposalEntry[] = [];
  const touched = new Set<string>();

  for (const d of toGen) {
    for (const to of d.articles) {
      const k = keyOf(d.template, to.key);
      const cur = current.get(k);
      const was = fromMap.get(k);
      const cat = changedFields.get(to.key);
      const catFields = cat?.change === 'changed' ? cat.fields : [];
      const proposedSide = { label: to.label, heading: to.heading, body: to.body, included: to.included, omitReason: to.omitReason };
      if (!cur) {
        if (!to.included) continue; // applied silently as an omitted article
        touched.add(to.key);
        entries.push({
          key: to.key,
          documentTemplate: d.template,
          change: 'add',
          reason: cat?.change === 'added' ? { ja: `${edLabel}で新設された項目です。`, en: `New in ${target.id}.` } : was ? { ja: '選択の変更により対象となる条項です。', en: 'Applies after the change of choices.' } : { ja: 'この版にまだない条項です。', en: 'An article this version does not have yet.' },
          catalogFields: catFields,
          current: null,
          proposed: proposedSide,
          localEdits: false,
          currentSegments: [],
          proposedSegments: wholeSegments(articleText(to), true),
          catalogIds: to.catalogIds,
        });
        continue;
      }
      if (cur.row.origin !== 'model') continue;
      const curSide = { label: cur.label, heading: cur.row.heading, body: cur.row.body, included: isSet(cur.row.included) };
      const localEdits = was !== undefined && (was.heading !== cur.row.heading || was.body !== cur.row.body);
      const wasIncluded = was?.included ?? curSide.included;
      if (wasIncluded !== to.included) {
        if (to.included && !curSide.included) {
          entries.push({
            key: to.key,
            documentTemplate: d.template,
            change: 'add',
            reason: { ja: '選択の変更又は版の改定により、適用される条項になります。', en: 'Applies after the change of choices or edition.' },
            catalogFields: catFields,
            current: curSide,
            proposed: proposedSide,
            localEdits,
            currentSegments: [],
            proposedSegments: wholeSegments(articleText(to), true),
            catalogIds: to.catalogIds,
          });
        } else if (!to.included && curSide.included) {
          entries.push({
            key: to.key,
            documentTemplate: d.template,
            change: 'remove',
            reason: { ja: `適用されなくなる条項です（${to.omitReason ?? ''}）。`, en: 'No longer applies under the new choices or edition.' },
            catalogFields: catFields,
            current: curSide,
            proposed: proposedSide,
            localEdits,
            currentSegments: wholeSegments(articleText(curSide), true),
            proposedSegments: [],
            catalogIds: to.catalogIds,
          });
        }
        touched.add(to.key);
        continue;
      }
      if (!to.included || !was) continue;
      const modelChanged = was.heading !== to.heading || was.body !== to.body || was.label !== to.label;
      if (!modelChanged) continue;
      const proposed = {
        ...proposedSide,
        heading: was.heading === to.heading ? cur.row.heading : to.heading,
        body: was.body === to.body ? cur.row.body : to.body,
      };
      if (proposed.heading === curSide.heading && proposed.body === curSide.body && proposed.label === curSide.label) continue;
      const dd = diffTexts(articleText(curSide), articleText(proposed));
      touched.add(to.key);
      entries.push({
        key: to.key,
        documentTemplate: d.template,
        change: 'change',
        reason: cat ? { ja: `${edLabel}で内容が改められた項目です。`, en: `Changed in ${target.id}.` } : { ja: `${edLabel}に合わせて、しるべのモデル文案が改められています。`, en: `Shirube's model wording follows ${target.id}.` },
        catalogFields: catFields,
        current: curSide,
        proposed,
        localEdits,
        currentSegments: dd.before,
        proposedSegments: dd.after,
        catalogIds: to.catalogIds,
      });
    }
  }
  // Model articles of nodes the new edition no longer has.
  const toKeys = new Set<string>();
  for (const d of toGen) for (const a of d.articles) toKeys.add(keyOf(d.template, a.key));
  for (const [k, cur] of current) {
    if (cur.row.origin !== 'model' || toKeys.has(k)) continue;
    const doc = docOf.get(cur.row.documentId) as PolicyDocumentsTable;
    const curSide = { label: cur.label, heading: cur.row.heading, body: cur.row.body, included: isSet(cur.row.included) };
    touched.add(cur.row.key);
    entries.push({
      key: cur.row.key,
      documentTemplate: doc.template,
      change: 'remove',
      reason: { ja: `${edLabel}で削除された項目です。`, en: `Removed in ${target.id}.` },
      catalogFields: changedFields.get(cur.row.key)?.fields ?? [],
      current: curSide,
      proposed: null,
      localEdits: false,
      currentSegments: wholeSegments(articleText(curSide), true),
      proposedSegments: [],
      catalogIds: fromJson<string[]>(cur.row.catalogIds, []),
    });
  }
  const nodesTo = new Map(catalog.nodes(target.id).map((n) => [n.id, n]));
  const catalogOnly = [...changedFields.entries()]
    .filter(([id, c]) => c.change === 'changed' && !touched.has(id) && nodesTo.get(id)?.part !== 'general')
    .map(([id, c]) => ({ id, number: nodesTo.get(id)?.number ?? '', title: nodesTo.get(id)?.title ?? id, fields: c.fields }))
    .filter((x) => nodesTo.has(x.id));
  return { version, toEdition: target.id, toChoices, toGen, entries, catalogOnly };
}

export async function proposal(deps: AppDeps, ctx: Ctx, versionId: string, edition: string | undefined, choices?: z.infer<typeof ChoicesInput>): Promise<EditionProposal> {
  const p = await plan(deps, ctx, versionId, edition ?? deps.services.catalog.current().id, choices);
  return {
    version: p.version.summary,
    fromEdition: p.version.row.edition,
    toEdition: p.toEdition,
    toEditionLabel: deps.services.catalog.edition(p.toEdition).label,
    entries: p.entries,
    catalogOnly: p.catalogOnly,
    counts: {
      add: p.entries.filter((e) => e.change === 'add').length,
      change: p.entries.filter((e) => e.change === 'change').length,
      remove: p.entries.filter((e) => e.change === 'remove').length,
    },
  };
}

/**
 * Apply the accepted entries into a draft: the version itself when it is a draft, otherwise a new
 * draft based on it. Every entry needs a decision. The structure (numbers, order, parents) always
 * follows the new edition; only the wording is the organisation's decision.
 */
export async function applyProposal(deps: AppDeps, ctx: Ctx, versionId: string, body: z.infer<typeof ProposalBody>): Promise<{ versionId: string; applied: number; declined: number }> {
  const p = await plan(deps, ctx, versionId, body.edition, body.choices);
  const decisions = new Map(body.decisions.map((d) => [`${d.template}|${d.key}`, d]));
  const problems: FieldError[] = [];
  const entryKeys = new Set(p.entries.map((e) => `${e.documentTemplate}|${e.key}`));
  for (const e of p.entries) {
    if (!decisions.has(`${e.documentTemplate}|${e.key}`)) {
      problems.push({ field: 'decisions', code: 'decision_missing', message: { ja: `「${e.proposed?.label ?? e.current?.label ?? ''} ${e.proposed?.heading ?? e.current?.heading ?? e.key}」（${e.key}）を採用するか見送るかを選んでください。`, en: `Decide whether to accept "${e.key}".` } });
    }
  }
  for (const [i, d] of body.decisions.entries()) {
    if (!entryKeys.has(`${d.template}|${d.key}`)) problems.push({ field: `decisions.${i}.key`, code: 'unknown_entry', message: { ja: `「${d.key}」は対照表にない項目です。画面を更新してください。`, en: `"${d.key}" is not an entry of the comparison; reload it.` } });
  }
  if (problems.length) throw err.validation(problems, { ja: `採否の指定に誤りがあります（${problems.length}件）。`, en: `The decisions have ${problems.length} problem(s).` });

  const { db } = deps;
  const by = { id: ctx.actor?.userId ?? null, label: actorLabel(ctx) };
  const src = p.version.row;
  const all = await versionsOf(db, ctx.tenantId, src.policyId);
  const existingDraft = all.find((v) => v.status === 'draft');
  if (src.status !== 'draft' && existingDraft) {
    throw err.conflict('draft_exists', { ja: 'このポリシーには起案中の版がすでにあります。その版に対して改定を取り込んでください。', en: 'This policy already has a draft; apply the changes to that draft.' }, { draftId: existingDraft.id });
  }
  let applied = 0;
  let declined = 0;
  const now = nowIso();
  const targetId = await db.transaction().execute(async (trx) => {
    let target = src.id;
    if (src.status !== 'draft') {
      target = newId();
      await trx
        .insertInto('policyVersions')
        .values({
          ...src,
          id: target,
          versionNo: Math.max(...all.map((v) => v.versionNo)) + 1,
          status: 'draft',
          basedOnId: src.id,
          note: '',
          createdBy: by.id,
          createdByLabel: by.label,
          createdAt: now,
          updatedAt: now,
          approvedBy: null,
          approvedByLabel: null,
          approvedAt: null,
          decisionRef: null,
          effectiveFrom: null,
        })
        .execute();
      await copyVersionContent(trx, ctx.tenantId, src.id, target, by);
    } else {
      const lock = await trx.updateTable('policyVersions').set({ updatedAt: now }).where('tenantId', '=', ctx.tenantId).where('id', '=', src.id).where('status', '=', 'draft').executeTakeFirst();
      if (Number(lock.numUpdatedRows) === 0) throw err.conflict('version_not_editable', { ja: 'この版は承認されたため変更できません。', en: 'This version was approved and cannot be changed.' });
    }
    let docs = await documentsOf(trx, ctx.tenantId, target);
    // Documents the new generation has and the version lacks (a procedure added to Shirube, say).
    const missing = p.toGen.filter((g) => !docs.some((d) => d.template === g.template));
    if (missing.length) {
      await insertDocuments(
        trx,
        ctx.tenantId,
        target,
        missing.map((g) => ({ ...g, articles: [] })),
        by,
      );
      docs = await documentsOf(trx, ctx.tenantId, target);
    }
    const docByTemplate = new Map(docs.map((d) => [d.template, d]));
    let arts = await articlesOf(trx, ctx.tenantId, target);
    const find = (t: DocTemplate, key: string) => {
      const d = docByTemplate.get(t);
      return d ? arts.find((a) => a.documentId === d.id && a.key === key) : undefined;
    };
    const entryMap = new Map(p.entries.map((e) => [`${e.documentTemplate}|${e.key}`, e]));
    const insertArticle = async (t: DocTemplate, g: GenArticle, included: boolean, omitReason: string | null) => {
      const d = docByTemplate.get(t) as PolicyDocumentsTable;
      await trx
        .insertInto('policyArticles')
        .values({
          tenantId: ctx.tenantId,
          id: newId(),
          versionId: target,
          documentId: d.id,
          key: g.key,
          parentKey: g.parentKey,
          level: g.level,
          sortOrder: g.sortOrder,
          number: g.number,
          label: g.label,
          heading: g.heading,
          body: g.body,
          catalogIds: toJson(g.catalogIds),
          origin: 'model',
          included: included ? 1 : 0,
          omitReason: included ? null : omitReason,
          revision: 1,
          updatedBy: by.id,
          updatedByLabel: by.label,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
    };
    const update = async (row: PolicyArticlesTable, set: Partial<PolicyArticlesTable>) => {
      await trx
        .updateTable('policyArticles')
        .set({ ...set, revision: row.revision + 1, updatedBy: by.id, updatedByLabel: by.label, updatedAt: now })
        .where('tenantId', '=', ctx.tenantId)
        .where('id', '=', row.id)
        .execute();
    };
    for (const g of p.toGen) {
      for (const a of g.articles) {
        const k = `${g.template}|${a.key}`;
        const entry = entryMap.get(k);
        const decision = decisions.get(k);
        const row = find(g.template, a.key);
        const structure = { number: a.number, label: a.label, parentKey: a.parentKey, level: a.level, catalogIds: toJson(a.catalogIds) };
        if (!entry) {
          if (!row) await insertArticle(g.template, a, a.included, a.omitReason);
          else if (row.origin === 'model' && (row.number !== a.number || row.label !== a.label || row.parentKey !== a.parentKey)) await update(row, structure);
          continue;
        }
        const accept = decision?.accept === true;
        if (accept) applied++;
        else declined++;
        if (entry.change === 'add') {
          if (!row) await insertArticle(g.template, a, accept, accept ? null : decision?.reason || '新しい版への対応を見送ったため');
          else if (accept) await update(row, { ...structure, heading: a.heading, body: a.body, included: 1, omitReason: null });
          else await update(row, structure);
        } else if (entry.change === 'change') {
          if (!row) continue;
          if (accept) await update(row, { ...structure, heading: entry.proposed?.heading ?? row.heading, body: entry.proposed?.body ?? row.body });
          else await update(row, structure);
        } else if (entry.change === 'remove' && row) {
          if (accept) await update(row, { ...structure, included: 0, omitReason: a.omitReason ?? decision?.reason ?? '適用しないため' });
          else await update(row, structure);
        }
      }
    }
    // Articles whose catalog node the new edition removed.
    for (const e of p.entries) {
      if (e.change !== 'remove' || e.proposed !== null) continue;
      const row = find(e.documentTemplate, e.key);
      if (!row) continue;
      const accept = decisions.get(`${e.documentTemplate}|${e.key}`)?.accept === true;
      if (accept) {
        applied++;
        await trx.deleteFrom('policyArticles').where('tenantId', '=', ctx.tenantId).where('id', '=', row.id).execute();
      } else {
        declined++;
        // Kept as the organisation's own article: it no longer implements a guideline item.
        await update(row, { origin: 'custom', label: null, number: null });
      }
    }
    // Order follows the new edition; own articles stay after the article they followed.
    arts = await articlesOf(trx, ctx.tenantId, target);
    for (const g of p.toGen) {
      const d = docByTemplate.get(g.template);
      if (!d) continue;
      const rows = arts.filter((a) => a.documentId === d.id).sort((a, b) => a.sortOrder - b.sortOrder);
      const genOrder = new Map(g.articles.map((a, i) => [a.key, i]));
      const sequence: PolicyArticlesTable[] = [];
      const pending: PolicyArticlesTable[] = [];
      const models = rows.filter((r) => genOrder.has(r.key)).sort((a, b) => (genOrder.get(a.key) as number) - (genOrder.get(b.key) as number));
      const followers = new Map<string, PolicyArticlesTable[]>();
      let prev: string | null = null;
      for (const r of rows) {
        if (genOrder.has(r.key)) prev = r.key;
        else if (prev) followers.set(prev, [...(followers.get(prev) ?? []), r]);
        else pending.push(r);
      }
      sequence.push(...pending);
      for (const m of models) sequence.push(m, ...(followers.get(m.key) ?? []));
      for (const [i, r] of sequence.entries()) {
        const sortOrder = (i + 1) * 100;
        if (r.sortOrder !== sortOrder) await trx.updateTable('policyArticles').set({ sortOrder }).where('tenantId', '=', ctx.tenantId).where('id', '=', r.id).execute();
      }
    }
    const targetEdition = p.toEdition;
    const noteAdd = body.note ?? (targetEdition !== src.edition ? `${formatEditionLabel(targetEdition)}版のガイドラインへの対応` : '選択の変更への対応');
    const existingNote = src.status === 'draft' ? src.note : '';
    await trx
      .updateTable('policyVersions')
      .set({ edition: targetEdition, choices: toJson(p.toChoices), note: existingNote ? `${existingNote}\n${noteAdd}` : noteAdd, updatedAt: now })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', target)
      .execute();
    await appendAudit(trx, ctx.audit, {
      action: 'policy.edition.apply',
      targetType: 'policyVersion',
      targetId: target,
      changes: {
        from: src.id,
        edition: [src.edition, targetEdition],
        accepted: body.decisions.filter((d) => d.accept).map((d) => `${d.template}|${d.key}`),
        declined: body.decisions.filter((d) => !d.accept).map((d) => `${d.template}|${d.key}`),
      },
    });
    return target;
  });
  return { versionId: targetId, applied, declined };
}

// ---- coverage ----------------------------------------------------------------------------------

export async function coverage(deps: AppDeps, ctx: Ctx, versionId: string): Promise<CoverageResult> {
  const v = await load(deps.db, ctx.tenantId, versionId);
  const catalog = deps.services.catalog;
  if (!catalog.hasEdition(v.row.edition)) throw err.notFound({ ja: '版', en: 'Edition' }, v.row.edition);
  const nodes = catalog.nodes(v.row.edition);
  const known = new Set(nodes.map((n) => n.id));
  const hasChildren = new Set(nodes.map((n) => n.parentId).filter(Boolean) as string[]);
  const policyDocs = v.docs.filter((d) => d.kind !== 'procedure');
  const byNode = new Map<string, PolicyArticlesTable[]>();
  const procByNode = new Map<string, CoverageRow['procedures']>();
  const beyond: CoverageResult['beyond'] = [];
  for (const d of v.docs) {
    const rows = v.arts.filter((a) => a.documentId === d.id);
    const labels = labelsOf(rows);
    for (const r of rows) {
      const ids = fromJson<string[]>(r.catalogIds, []);
      if (d.kind === 'procedure') {
        if (!isSet(r.included)) continue;
        for (const id of ids) procByNode.set(id, [...(procByNode.get(id) ?? []), { documentTitle: d.title, label: labels.get(r.key) ?? '', heading: r.heading }]);
        continue;
      }
      for (const id of ids) byNode.set(id, [...(byNode.get(id) ?? []), r]);
      if (!isSet(r.included) || !policyDocs.includes(d)) continue;
      if (r.origin === 'custom' && !ids.some((id) => known.has(id))) beyond.push({ articleId: r.id, documentTitle: d.title, label: labels.get(r.key) ?? '', heading: r.heading, reason: 'custom' });
      else if (r.origin === 'model' && ids.length > 0 && !ids.some((id) => known.has(id))) beyond.push({ articleId: r.id, documentTitle: d.title, label: labels.get(r.key) ?? '', heading: r.heading, reason: 'notInEdition' });
    }
  }
  const rows: CoverageRow[] = [];
  for (const n of nodes) {
    if (n.part === 'general') continue;
    const leafLike = n.kind === 'item' || n.kind === 'subItem' || n.kind === 'basicPolicy' || n.kind === 'cloudProvision' || (n.kind === 'section' && !hasChildren.has(n.id));
    if (!leafLike) continue;
    const arts = byNode.get(n.id) ?? [];
    const inc = arts.find((a) => isSet(a.included));
    const status = inc ? 'covered' : arts.length ? 'omitted' : 'missing';
    rows.push({
      id: n.id,
      number: n.number,
      title: n.title,
      obligation: n.obligation,
      confidence: n.provenance.confidence,
      status,
      omitReason: status === 'omitted' ? (arts[0].omitReason ?? null) : null,
      articleId: (inc ?? arts[0])?.id ?? null,
      procedures: procByNode.get(n.id) ?? [],
    });
  }
  return {
    version: v.summary,
    rows,
    beyond,
    counts: {
      covered: rows.filter((r) => r.status === 'covered').length,
      omitted: rows.filter((r) => r.status === 'omitted').length,
      missing: rows.filter((r) => r.status === 'missing').length,
      beyond: beyond.length,
    },
  };
}

