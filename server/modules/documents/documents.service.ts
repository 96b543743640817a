import { z } from 'zod';
import type { CatalogNode } from '@shared/catalog';
import { formatEraDate, isDateOnly } from '@shared/era';
import {
  type ArticleLevel,
  type CatalogRefView,
  type DocTemplate,
  type DocumentView,
  type PolicyChoices,
  type PolicySummary,
  type PublicPolicy,
  type VersionDetail,
  PROCEDURE_TEMPLATES,
} from '@shared/documents';
import type { Db } from '../../db/database';
import { chunkRows, fromJson, isSet, nowIso, toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, type FieldError, bilingual, err } from '../../platform/errors';
import { UUID_RE, newId } from '../../platform/ids';
import {
  ARTICLE,
  ChoicesInput,
  DOCUMENT,
  POLICY,
  VERSION,
  actorLabel,
  choicesOf,
  depths,
  generatorFor,
  inForceOf,
  labelsOf,
  mergeChoices,
  presentArticle,
  presentVersion,
} from './documents.model';
import type { PolicyArticlesTable, PolicyDocumentsTable, PolicyVersionsTable } from './documents.tables';
import { type GenDocument, defaultChoices } from './generate';
import { MODEL_TEXTS } from './templates';

/**
 * Policy documents: start a policy from a catalog edition and the organisation's choices, edit
 * the draft article by article (optimistic locking), approve it, start the next draft.
 * Approved versions never change.
 */

// ---- reading -----------------------------------------------------------------------------------

export async function versionRow(db: Db, tenantId: string, id: string): Promise<PolicyVersionsTable> {
  if (!UUID_RE.test(id)) throw err.notFound(VERSION, id);
  const row = await db.selectFrom('policyVersions').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw err.notFound(VERSION, id);
  return row;
}

async function policyRow(db: Db, tenantId: string, id: string) {
  if (!UUID_RE.test(id)) throw err.notFound(POLICY, id);
  const row = await db.selectFrom('policies').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw err.notFound(POLICY, id);
  return row;
}

export async function versionsOf(db: Db, tenantId: string, policyId: string): Promise<PolicyVersionsTable[]> {
  return db.selectFrom('policyVersions').selectAll().where('tenantId', '=', tenantId).where('policyId', '=', policyId).orderBy('versionNo').execute();
}

export async function listPolicies(deps: AppDeps, ctx: Ctx): Promise<{ items: PolicySummary[] }> {
  const { db } = deps;
  const policies = await db.selectFrom('policies').selectAll().where('tenantId', '=', ctx.tenantId).orderBy('createdAt').execute();
  const versions = await db.selectFrom('policyVersions').selectAll().where('tenantId', '=', ctx.tenantId).orderBy('versionNo').execute();
  return {
    items: policies.map((p) => {
      const vs = versions.filter((v) => v.policyId === p.id);
      const inForce = inForceOf(vs);
      return {
        id: p.id,
        title: p.title,
        createdAt: p.createdAt,
        versions: vs.map((v) => presentVersion(v, inForce?.id ?? null)),
        inForceId: inForce?.id ?? null,
        draftId: vs.find((v) => v.status === 'draft')?.id ?? null,
      };
    }),
  };
}

export async function getPolicy(deps: AppDeps, ctx: Ctx, policyId: string): Promise<PolicySummary> {
  await policyRow(deps.db, ctx.tenantId, policyId);
  const all = await listPolicies(deps, ctx);
  const found = all.items.find((p) => p.id === policyId);
  if (!found) throw err.notFound(POLICY, policyId);
  return found;
}

export async function documentsOf(db: Db, tenantId: string, versionId: string): Promise<PolicyDocumentsTable[]> {
  return db.selectFrom('policyDocuments').selectAll().where('tenantId', '=', tenantId).where('versionId', '=', versionId).orderBy('sortOrder').execute();
}

export async function articlesOf(db: Db, tenantId: string, versionId: string): Promise<PolicyArticlesTable[]> {
  return db.selectFrom('policyArticles').selectAll().where('tenantId', '=', tenantId).where('versionId', '=', versionId).orderBy('sortOrder').execute();
}

function catalogRef(node: CatalogNode | undefined, id: string): CatalogRefView {
  if (!node) return { id, number: '', title: '', summary: { ja: '', en: '' }, obligation: 'mandatory', confidence: 'provisional', exists: false };
  return {
    id,
    number: node.number,
    title: node.title,
    summary: node.summary,
    obligation: node.obligation,
    confidence: node.provenance.confidence,
    exists: true,
  };
}

export async function getVersionDetail(deps: AppDeps, ctx: Ctx, versionId: string): Promise<VersionDetail> {
  const { db } = deps;
  const v = await versionRow(db, ctx.tenantId, versionId);
  const policy = await policyRow(db, ctx.tenantId, v.policyId);
  const all = await versionsOf(db, ctx.tenantId, v.policyId);
  const inForce = inForceOf(all);
  const docs = await documentsOf(db, ctx.tenantId, v.id);
  const arts = await articlesOf(db, ctx.tenantId, v.id);
  const choices = choicesOf(v);
  const catalog = deps.services.catalog;
  const gen = catalog.hasEdition(v.edition) ? generatorFor(catalog).generate(v.edition, choices) : [];
  const model = new Map<string, { heading: string; body: string }>();
  for (const d of gen) for (const a of d.articles) model.set(`${d.template}|${a.key}`, a);
  const nodes = catalog.hasEdition(v.edition) ? new Map(catalog.nodes(v.edition).map((n) => [n.id, n])) : new Map<string, CatalogNode>();
  const refs: Record<string, CatalogRefView> = {};
  const documents: DocumentView[] = docs.map((d) => {
    const rows = arts.filter((a) => a.documentId === d.id);
    const labels = labelsOf(rows);
    const depth = depths(rows);
    const articles = rows.map((r) => {
      for (const id of fromJson<string[]>(r.catalogIds, [])) refs[id] ??= catalogRef(nodes.get(id), id);
      return presentArticle(r, labels.get(r.key) ?? '', depth.get(r.key) ?? 0, model.get(`${d.template}|${r.key}`));
    });
    const implementsIds = fromJson<string[]>(d.implementsIds, []);
    for (const id of implementsIds) refs[id] ??= catalogRef(nodes.get(id), id);
    return { id: d.id, kind: d.kind, template: d.template, title: d.title, isPublic: isSet(d.isPublic), implements: implementsIds, articles };
  });
  return {
    policy: { id: policy.id, title: policy.title },
    version: { ...presentVersion(v, inForce?.id ?? null), choices },
    documents,
    catalog: refs,
    editable: v.status === 'draft',
  };
}

// ---- creating ----------------------------------------------------------------------------------

export const CreatePolicyBody = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  edition: z.string().trim().min(1).max(32).optional(),
  choices: ChoicesInput.optional(),
  note: z.string().trim().max(2000).optional(),
});

/** The recommended items of an edition the organisation may switch on or off. */
export function optionalItems(deps: AppDeps, edition: string) {
  const catalog = deps.services.catalog;
  catalog.edition(edition);
  const gen = generatorFor(catalog);
  const nodes = catalog.nodes(edition);
  const byId = new Map(nodes.map((x) => [x.id, x]));
  const probe = defaultChoices('');
  const models = new Map<string, boolean>();
  for (const n of nodes) {
    if (n.obligation !== 'recommended' || n.tags.networkModels.length > 0 || n.part === 'general') continue;
    // On by default unless Shirube's model marks the item as opt-in.
    models.set(n.id, gen.applicability(n, byId, MODEL_TEXTS.get(n.id), edition, { ...probe, wirelessLan: true, optional: {} }) === null);
  }
  return nodes
    .filter((n) => models.has(n.id))
    .map((n) => ({ id: n.id, number: n.number, title: n.title, summary: n.summary, confidence: n.provenance.confidence, defaultOn: models.get(n.id) === true }));
}

function checkOptional(deps: AppDeps, edition: string, choices: PolicyChoices): void {
  const allowed = new Set(optionalItems(deps, edition).map((o) => o.id));
  const bad: FieldError[] = Object.keys(choices.optional)
    .filter((id) => !allowed.has(id))
    .map((id) => ({
      field: `choices.optional.${id}`,
      code: 'not_optional',
      message: {
        ja: `「${id}」は${edition}の推奨事項ではないため、採否を選べません。`,
        en: `"${id}" is not a recommended item of ${edition}, so it cannot be switched.`,
      },
    }));
  if (bad.length) throw err.validation(bad);
}

export async function insertDocuments(trx: Db, tenantId: string, versionId: string, docs: GenDocument[], by: { id: string | null; label: string }): Promise<void> {
  const now = nowIso();
  const articleRows: PolicyArticlesTable[] = [];
  for (const d of docs) {
    const docId = newId();
    await trx
      .insertInto('policyDocuments')
      .values({
        tenantId,
        id: docId,
        versionId,
        kind: d.kind,
        template: d.template,
        title: d.title,
        isPublic: d.isPublic ? 1 : 0,
        sortOrder: d.sortOrder,
        implementsIds: toJson(d.implements),
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    for (const a of d.articles) {
      articleRows.push({
        tenantId,
        id: newId(),
        versionId,
        documentId: docId,
        key: a.key,
        parentKey: a.parentKey,
        level: a.level,
        sortOrder: a.sortOrder,
        number: a.number,
        label: a.label,
        heading: a.heading,
        body: a.body,
        catalogIds: toJson(a.catalogIds),
        origin: 'model',
        included: a.included ? 1 : 0,
        omitReason: a.omitReason,
        revision: 1,
        updatedBy: by.id,
        updatedByLabel: by.label,
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  for (const chunk of chunkRows(articleRows, 21)) await trx.insertInto('policyArticles').values(chunk).execute();
}

export async function createPolicy(deps: AppDeps, ctx: Ctx, body: z.infer<typeof CreatePolicyBody>): Promise<{ policyId: string; versionId: string }> {
  const catalog = deps.services.catalog;
  const edition = catalog.edition(body.edition ?? catalog.current().id).id;
  const org = await deps.db.selectFrom('organizations').select(['name']).where('id', '=', ctx.tenantId).executeTakeFirstOrThrow();
  const choices = mergeChoices(defaultChoices(org.name), body.choices);
  checkOptional(deps, edition, choices);
  const docs = generatorFor(catalog).generate(edition, choices);
  const policyId = newId();
  const versionId = newId();
  const by = { id: ctx.actor?.userId ?? null, label: actorLabel(ctx) };
  const now = nowIso();
  const title = body.title ?? `${choices.orgName}情報セキュリティポリシー`;
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('policies').values({ tenantId: ctx.tenantId, id: policyId, title, createdBy: by.id, createdAt: now, updatedAt: now }).execute();
    await trx
      .insertInto('policyVersions')
      .values({
        tenantId: ctx.tenantId,
        id: versionId,
        policyId,
        versionNo: 1,
        status: 'draft',
        edition,
        choices: toJson(choices),
        basedOnId: null,
        note: body.note ?? '',
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
    await insertDocuments(trx, ctx.tenantId, versionId, docs, by);
    await appendAudit(trx, ctx.audit, {
      action: 'policy.create',
      targetType: 'policy',
      targetId: policyId,
      changes: { title, versionId, edition, networkModel: choices.networkModel, orgSize: choices.orgSize, articles: docs.reduce((n, d) => n + d.articles.length, 0) },
    });
  });
  return { policyId, versionId };
}

/** Copy every document and article of a version into another (new ids, revisions from 1). */
export async function copyVersionContent(trx: Db, tenantId: string, fromId: string, toId: string, by: { id: string | null; label: string }): Promise<void> {
  const docs = await documentsOf(trx, tenantId, fromId);
  const arts = await articlesOf(trx, tenantId, fromId);
  const now = nowIso();
  const docIds = new Map<string, string>();
  for (const d of docs) {
    const id = newId();
    docIds.set(d.id, id);
    await trx.insertInto('policyDocuments').values({ ...d, id, versionId: toId, createdAt: now, updatedAt: now }).execute();
  }
  const rows = arts.map((a) => ({ ...a, id: newId(), versionId: toId, documentId: docIds.get(a.documentId) as string, revision: 1, updatedBy: by.id, updatedByLabel: by.label, createdAt: now, updatedAt: now }));
  for (const chunk of chunkRows(rows, 21)) await trx.insertInto('policyArticles').values(chunk).execute();
}

export const NewDraftBody = z.strictObject({
  fromVersionId: z.uuid().optional(),
  note: z.string().trim().max(2000).optional(),
});

function draftExists(draftId: string): AppError {
  return err.conflict(
    'draft_exists',
    {
      ja: 'このポリシーには起案中の版がすでにあります。その版を編集するか、破棄してから新しい版を起案してください。',
      en: 'This policy already has a draft. Edit that draft, or discard it before starting a new one.',
    },
    { draftId },
  );
}

/** Start the next draft from an approved version (the latest one unless named). */
export async function createDraft(deps: AppDeps, ctx: Ctx, policyId: string, body: z.infer<typeof NewDraftBody>): Promise<{ versionId: string }> {
  const { db } = deps;
  await policyRow(db, ctx.tenantId, policyId);
  const all = await versionsOf(db, ctx.tenantId, policyId);
  const draft = all.find((v) => v.status === 'draft');
  if (draft) throw draftExists(draft.id);
  let source: PolicyVersionsTable | undefined;
  if (body.fromVersionId) {
    source = all.find((v) => v.id === body.fromVersionId);
    if (!source) throw err.notFound(VERSION, body.fromVersionId);
  } else {
    source = [...all].reverse().find((v) => v.status === 'approved') ?? all[all.length - 1];
  }
  if (!source) throw err.notFound(VERSION, policyId);
  const versionId = newId();
  const by = { id: ctx.actor?.userId ?? null, label: actorLabel(ctx) };
  const now = nowIso();
  const versionNo = Math.max(...all.map((v) => v.versionNo)) + 1;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('policyVersions')
      .values({
        tenantId: ctx.tenantId,
        id: versionId,
        policyId,
        versionNo,
        status: 'draft',
        edition: source.edition,
        choices: source.choices,
        basedOnId: source.id,
        note: body.note ?? '',
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
    await copyVersionContent(trx, ctx.tenantId, source.id, versionId, by);
    await appendAudit(trx, ctx.audit, { action: 'policy.draft.create', targetType: 'policyVersion', targetId: versionId, changes: { policyId, versionNo, basedOn: source.id } });
  });
  return { versionId };
}

export function notEditable(v: PolicyVersionsTable): AppError {
  return err.conflict(
    'version_not_editable',
    {
      ja: `第${v.versionNo}版は承認済みのため変更できません。改正するときは、新しい版を起案してください。`,
      en: `Version ${v.versionNo} is approved and cannot be changed. Start a new draft to revise it.`,
    },
    { versionId: v.id, status: v.status },
  );
}

function assertDraft(v: PolicyVersionsTable): void {
  if (v.status !== 'draft') throw notEditable(v);
}

export const VersionPatch = z.strictObject({
  note: z.string().trim().max(2000),
});

export async function patchVersion(deps: AppDeps, ctx: Ctx, versionId: string, body: z.infer<typeof VersionPatch>): Promise<void> {
  const v = await versionRow(deps.db, ctx.tenantId, versionId);
  assertDraft(v);
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('policyVersions')
      .set({ note: body.note, updatedAt: nowIso() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', v.id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notEditable({ ...v, status: 'approved' });
    await appendAudit(trx, ctx.audit, { action: 'policy.version.update', targetType: 'policyVersion', targetId: v.id, changes: { note: [v.note, body.note] } });
  });
}

export async function discardDraft(deps: AppDeps, ctx: Ctx, versionId: string): Promise<void> {
  const { db } = deps;
  const v = await versionRow(db, ctx.tenantId, versionId);
  assertDraft(v);
  const all = await versionsOf(db, ctx.tenantId, v.policyId);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('policyArticles').where('tenantId', '=', ctx.tenantId).where('versionId', '=', v.id).execute();
    await trx.deleteFrom('policyDocuments').where('tenantId', '=', ctx.tenantId).where('versionId', '=', v.id).execute();
    await trx.deleteFrom('policyVersions').where('tenantId', '=', ctx.tenantId).where('id', '=', v.id).where('status', '=', 'draft').execute();
    const lastOne = all.length === 1;
    if (lastOne) await trx.deleteFrom('policies').where('tenantId', '=', ctx.tenantId).where('id', '=', v.policyId).execute();
    await appendAudit(trx, ctx.audit, {
      action: 'policy.draft.discard',
      targetType: 'policyVersion',
      targetId: v.id,
      changes: { policyId: v.policyId, versionNo: v.versionNo, policyRemoved: lastOne },
    });
  });
}

// ---- approving ---------------------------------------------------------------------------------

export const ApproveBody = z.strictObject({
  decisionRef: z.string().trim().min(1).max(300),
  effectiveFrom: z.string().refine(isDateOnly, bilingual('YYYY-MM-DD の形式の日付で指定してください。', 'Give a date as YYYY-MM-DD.')),
});

export async function approveVersion(deps: AppDeps, ctx: Ctx, versionId: string, body: z.infer<typeof ApproveBody>): Promise<void> {
  const { db } = deps;
  const v = await versionRow(db, ctx.tenantId, versionId);
  if (v.status !== 'draft') {
    throw err.conflict('version_not_draft', {
      ja: `第${v.versionNo}版はすでに承認されています。`,
      en: `Version ${v.versionNo} is already approved.`,
    });
  }
  // 兼務の禁止 (1.(8)): who drafts a version does not approve it.
  if (ctx.actor && v.createdBy === ctx.actor.userId) {
    throw err.conflict('self_approval', {
      ja: '自分で起案した版は承認できません（兼務の禁止）。別の承認権限者が承認してください。',
      en: 'You cannot approve a version you drafted yourself (segregation of duties). Another approver must approve it.',
    });
  }
  const all = await versionsOf(db, ctx.tenantId, v.policyId);
  const previous = all.filter((x) => x.status === 'approved' && x.effectiveFrom).sort((a, b) => b.versionNo - a.versionNo)[0];
  if (previous?.effectiveFrom && body.effectiveFrom < previous.effectiveFrom) {
    throw err.validation([
      {
        field: 'effectiveFrom',
        code: 'before_previous',
        message: {
          ja: `施行日は、前の版（第${previous.versionNo}版）の施行日 ${formatEraDate(previous.effectiveFrom)} 以降の日にしてください。`,
          en: `The effective date must not be before that of version ${previous.versionNo} (${previous.effectiveFrom}).`,
        },
      },
    ]);
  }
  const now = nowIso();
  const label = actorLabel(ctx);
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('policyVersions')
      .set({ status: 'approved', approvedBy: ctx.actor?.userId ?? null, approvedByLabel: label, approvedAt: now, decisionRef: body.decisionRef, effectiveFrom: body.effectiveFrom, updatedAt: now })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', v.id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw err.conflict('version_not_draft', { ja: 'この版はすでに承認されています。', en: 'This version is already approved.' });
    await appendAudit(trx, ctx.audit, {
      action: 'policy.version.approve',
      targetType: 'policyVersion',
      targetId: v.id,
      changes: { versionNo: v.versionNo, decisionRef: body.decisionRef, effectiveFrom: body.effectiveFrom, approvedBy: label },
    });
  });
}

// ---- editing articles --------------------------------------------------------------------------

async function articleRow(db: Db, tenantId: string, id: string): Promise<PolicyArticlesTable> {
  if (!UUID_RE.test(id)) throw err.notFound(ARTICLE, id);
  const row = await db.selectFrom('policyArticles').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw err.notFound(ARTICLE, id);
  return row;
}

export const ArticlePatch = z
  .strictObject({
    revision: z.number().int().min(1),
    heading: z.string().trim().min(1).max(200).optional(),
    body: z.string().max(20_000).optional(),
    included: z.boolean().optional(),
    omitReason: z.string().trim().max(500).nullable().optional(),
  })
  .refine((b) => b.heading !== undefined || b.body !== undefined || b.included !== undefined || b.omitReason !== undefined, {
    ...bilingual('変更する項目（heading、body、included、omitReason）を一つ以上指定してください。', 'Give at least one of heading, body, included or omitReason.'),
  });

function articleState(a: PolicyArticlesTable) {
  return { revision: a.revision, heading: a.heading, body: a.body, included: isSet(a.included), omitReason: a.omitReason, updatedAt: a.updatedAt, updatedByLabel: a.updatedByLabel };
}

export async function patchArticle(deps: AppDeps, ctx: Ctx, articleId: string, patch: z.infer<typeof ArticlePatch>) {
  const { db } = deps;
  const a = await articleRow(db, ctx.tenantId, articleId);
  const v = await versionRow(db, ctx.tenantId, a.versionId);
  assertDraft(v);
  const included = patch.included ?? isSet(a.included);
  const omitReason = patch.omitReason !== undefined ? patch.omitReason || null : included ? null : a.omitReason;
  if (!included && !omitReason) {
    throw err.validation([
      {
        field: 'omitReason',
        code: 'omit_reason_required',
        message: { ja: '条項を省略するときは、その理由を入力してください。', en: 'Give the reason for omitting the article.' },
      },
    ]);
  }
  const next = {
    heading: patch.heading ?? a.heading,
    body: patch.body !== undefined ? patch.body.replace(/\r\n?/g, '\n') : a.body,
    included: included ? 1 : 0,
    omitReason: included ? null : omitReason,
  };
  const label = actorLabel(ctx);
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('policyArticles')
      .set({ ...next, revision: patch.revision + 1, updatedBy: ctx.actor?.userId ?? null, updatedByLabel: label, updatedAt: now })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', a.id)
      .where('revision', '=', patch.revision)
      .where((eb) =>
        eb.exists(eb.selectFrom('policyVersions').select('id').where('tenantId', '=', ctx.tenantId).where('id', '=', a.versionId).where('status', '=', 'draft')),
      )
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) {
      const current = await articleRow(trx, ctx.tenantId, a.id);
      const cv = await versionRow(trx, ctx.tenantId, a.versionId);
      if (cv.status !== 'draft') throw notEditable(cv);
      throw err.conflict(
        'edit_conflict',
        {
          ja: `この条項は、あなたが編集している間に${current.updatedByLabel}が保存しました（第${current.revision}稿）。あなたの変更は保存されていません。両方の文面を表示しますので、見比べてから保存し直してください。`,
          en: `${current.updatedByLabel} saved this article while you were editing it (revision ${current.revision}). Your change was not saved. Both texts are shown: compare them, then save again.`,
        },
        {
          articleId: a.id,
          yourRevision: patch.revision,
          current: articleState(current),
          refused: { heading: next.heading, body: next.body, included: next.included === 1, omitReason: next.omitReason },
        },
      );
    }
    const changes: Record<string, [unknown, unknown]> = { revision: [a.revision, patch.revision + 1] };
    if (next.heading !== a.heading) changes.heading = [a.heading, next.heading];
    if (next.body !== a.body) changes.body = [a.body, next.body];
    if (next.included !== a.included) changes.included = [isSet(a.included), next.included === 1];
    if (next.omitReason !== a.omitReason) changes.omitReason = [a.omitReason, next.omitReason];
    await appendAudit(trx, ctx.audit, { action: 'policy.article.update', targetType: 'policyArticle', targetId: a.id, changes: { key: a.key, versionId: a.versionId, ...changes } });
    return { id: a.id, ...articleState({ ...a, ...next, revision: patch.revision + 1, updatedAt: now, updatedByLabel: label }) };
  });
}

export const NewArticleBody = z.strictObject({
  documentId: z.uuid(),
  /** Place the new article after this one (and after its sub-items). */
  afterKey: z.string().min(1).max(100).optional(),
  /** Or as the last child of this one. */
  parentKey: z.string().min(1).max(100).optional(),
  heading: z.string().trim().min(1).max(200),
  body: z.string().max(20_000).default(''),
  catalogIds: z.array(z.string().regex(/^[A-Z]{2}-[0-9.]+$/)).max(20).default([]),
});

const CHILD_LEVEL: Record<ArticleLevel, ArticleLevel> = {
  part: 'chapter',
  chapter: 'item',
  section: 'item',
  item: 'subItem',
  subItem: 'subItem',
  article: 'article',
};

/** Renumber sort orders of a document in steps of 100 when there is no gap left. */
async function respace(trx: Db, tenantId: string, documentId: string): Promise<PolicyArticlesTable[]> {
  const rows = await trx.selectFrom('policyArticles').selectAll().where('tenantId', '=', tenantId).where('documentId', '=', documentId).orderBy('sortOrder').execute();
  for (const [i, r] of rows.entries()) {
    const sortOrder = (i + 1) * 100;
    if (r.sortOrder !== sortOrder) await trx.updateTable('policyArticles').set({ sortOrder }).where('tenantId', '=', tenantId).where('id', '=', r.id).execute();
    r.sortOrder = sortOrder;
  }
  return rows;
}

function subtreeEnd(rows: PolicyArticlesTable[], key: string): number {
  const inTree = new Set([key]);
  let end = rows.find((r) => r.key === key)?.sortOrder ?? 0;
  for (const r of rows) {
    if (r.parentKey && inTree.has(r.parentKey)) {
      inTree.add(r.key);
      end = Math.max(end, r.sortOrder);
    }
  }
  return end;
}

export async function addArticle(deps: AppDeps, ctx: Ctx, versionId: string, body: z.infer<typeof NewArticleBody>) {
  const { db } = deps;
  const v = await versionRow(db, ctx.tenantId, versionId);
  const doc = await db.selectFrom('policyDocuments').selectAll().where('tenantId', '=', ctx.tenantId).where('versionId', '=', v.id).where('id', '=', body.documentId).executeTakeFirst();
  if (!doc) throw err.notFound(DOCUMENT, body.documentId);
  assertDraft(v);
  const catalog = deps.services.catalog;
  const unknown = body.catalogIds.filter((id) => !catalog.node(v.edition, id));
  if (unknown.length) {
    throw err.validation(unknown.map((id) => ({ field: 'catalogIds', code: 'unknown_catalog_id', message: { ja: `カタログ（${v.edition}）に「${id}」はありません。`, en: `The catalog (${v.edition}) has no "${id}".` } })));
  }
  const label = actorLabel(ctx);
  const now = nowIso();
  const key = `X-${newId()}`;
  return db.transaction().execute(async (trx) => {
    let rows = await trx.selectFrom('policyArticles').selectAll().where('tenantId', '=', ctx.tenantId).where('documentId', '=', doc.id).orderBy('sortOrder').execute();
    const byKey = new Map(rows.map((r) => [r.key, r]));
    let parentKey: string | null = null;
    let level: ArticleLevel = doc.kind === 'standards' ? 'chapter' : 'article';
    let anchorKey: string | null = null;
    if (body.afterKey) {
      const after = byKey.get(body.afterKey);
      if (!after) throw err.validation([{ field: 'afterKey', code: 'unknown_article', message: { ja: `この文書に「${body.afterKey}」の条項はありません。`, en: `This document has no article "${body.afterKey}".` } }]);
      parentKey = after.parentKey;
      level = after.level as ArticleLevel;
      anchorKey = after.key;
    } else if (body.parentKey) {
      const parent = byKey.get(body.parentKey);
      if (!parent) throw err.validation([{ field: 'parentKey', code: 'unknown_article', message: { ja: `この文書に「${body.parentKey}」の条項はありません。`, en: `This document has no article "${body.parentKey}".` } }]);
      parentKey = parent.key;
      const child = rows.find((r) => r.parentKey === parent.key);
      level = (child?.level as ArticleLevel | undefined) ?? CHILD_LEVEL[parent.level as ArticleLevel];
      anchorKey = parent.key;
    }
    const position = () => {
      const end = anchorKey ? subtreeEnd(rows, anchorKey) : (rows[rows.length - 1]?.sortOrder ?? 0);
      const next = rows.find((r) => r.sortOrder > end)?.sortOrder;
      return { end, next };
    };
    let { end, next } = position();
    if (next !== undefined && next - end < 2) {
      rows = await respace(trx, ctx.tenantId, doc.id);
      ({ end, next } = position());
    }
    const sortOrder = next === undefined ? end + 100 : Math.floor((end + next) / 2);
    const id = newId();
    await trx
      .insertInto('policyArticles')
      .values({
        tenantId: ctx.tenantId,
        id,
        versionId: v.id,
        documentId: doc.id,
        key,
        parentKey,
        level,
        sortOrder,
        number: null,
        label: null,
        heading: body.heading,
        body: body.body.replace(/\r\n?/g, '\n'),
        catalogIds: toJson(body.catalogIds),
        origin: 'custom',
        included: 1,
        omitReason: null,
        revision: 1,
        updatedBy: ctx.actor?.userId ?? null,
        updatedByLabel: label,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    await appendAudit(trx, ctx.audit, { action: 'policy.article.create', targetType: 'policyArticle', targetId: id, changes: { versionId: v.id, document: doc.template, key, heading: body.heading, afterKey: body.afterKey ?? null, parentKey } });
    return { id, key };
  });
}

export async function deleteArticle(deps: AppDeps, ctx: Ctx, articleId: string): Promise<void> {
  const { db } = deps;
  const a = await articleRow(db, ctx.tenantId, articleId);
  const v = await versionRow(db, ctx.tenantId, a.versionId);
  assertDraft(v);
  if (a.origin !== 'custom') {
    throw err.conflict('model_article', {
      ja: 'ガイドラインの項目に対応する条項は削除できません。適用しない場合は、理由を付けて「省略」にしてください。',
      en: 'Articles that implement a guideline item cannot be deleted. Mark them omitted, with a reason, instead.',
    });
  }
  const child = await db.selectFrom('policyArticles').select('id').where('tenantId', '=', ctx.tenantId).where('documentId', '=', a.documentId).where('parentKey', '=', a.key).executeTakeFirst();
  if (child) throw err.conflict('has_children', { ja: 'この条項の下に条項があるため削除できません。先に下の条項を削除してください。', en: 'Other articles sit under this one; delete them first.' });
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('policyArticles').where('tenantId', '=', ctx.tenantId).where('id', '=', a.id).execute();
    await appendAudit(trx, ctx.audit, { action: 'policy.article.delete', targetType: 'policyArticle', targetId: a.id, changes: { versionId: a.versionId, key: a.key, heading: a.heading, body: a.body } });
  });
}

// ---- documents ---------------------------------------------------------------------------------

export const DocumentPatch = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    isPublic: z.boolean().optional(),
  })
  .refine((b) => b.title !== undefined || b.isPublic !== undefined, bilingual('title か isPublic を指定してください。', 'Give title or isPublic.'));

export async function patchDocument(deps: AppDeps, ctx: Ctx, documentId: string, body: z.infer<typeof DocumentPatch>): Promise<void> {
  const { db } = deps;
  if (!UUID_RE.test(documentId)) throw err.notFound(DOCUMENT, documentId);
  const d = await db.selectFrom('policyDocuments').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', documentId).executeTakeFirst();
  if (!d) throw err.notFound(DOCUMENT, documentId);
  const v = await versionRow(db, ctx.tenantId, d.versionId);
  assertDraft(v);
  await db.transaction().execute(async (trx) => {
    const set: Partial<PolicyDocumentsTable> = { updatedAt: nowIso() };
    const changes: Record<string, [unknown, unknown]> = {};
    if (body.title !== undefined && body.title !== d.title) {
      set.title = body.title;
      changes.title = [d.title, body.title];
    }
    if (body.isPublic !== undefined && (body.isPublic ? 1 : 0) !== d.isPublic) {
      set.isPublic = body.isPublic ? 1 : 0;
      changes.isPublic = [isSet(d.isPublic), body.isPublic];
    }
    await trx.updateTable('policyDocuments').set(set).where('tenantId', '=', ctx.tenantId).where('id', '=', d.id).execute();
    await appendAudit(trx, ctx.audit, { action: 'policy.document.update', targetType: 'policyDocument', targetId: d.id, changes: { versionId: v.id, template: d.template, ...changes } });
  });
}

export const AddProcedureBody = z.strictObject({ template: z.enum(PROCEDURE_TEMPLATES) });

/** Add a procedure the version does not have yet (after it was removed in an earlier draft, say). */
export async function addProcedure(deps: AppDeps, ctx: Ctx, versionId: string, body: z.infer<typeof AddProcedureBody>) {
  const { db } = deps;
  const v = await versionRow(db, ctx.tenantId, versionId);
  assertDraft(v);
  const docs = await documentsOf(db, ctx.tenantId, v.id);
  const existing = docs.find((d) => d.template === body.template);
  if (existing) throw err.conflict('procedure_exists', { ja: 'この版にはその手順がすでにあります。', en: 'This version already has that procedure.' }, { documentId: existing.id });
  const catalog = deps.services.catalog;
  const byId = new Map(catalog.nodes(v.edition).map((n) => [n.id, n]));
  const gen = generatorFor(catalog).procedure(body.template as DocTemplate, v.edition, choicesOf(v), byId, Math.max(0, ...docs.map((d) => d.sortOrder)) + 1);
  await db.transaction().execute(async (trx) => {
    await insertDocuments(trx, ctx.tenantId, v.id, [gen], { id: ctx.actor?.userId ?? null, label: actorLabel(ctx) });
    await appendAudit(trx, ctx.audit, { action: 'policy.procedure.add', targetType: 'policyVersion', targetId: v.id, changes: { template: body.template } });
  });
}

// ---- public ------------------------------------------------------------------------------------

/** The basic policy in force (and anything else explicitly marked public) of an organisation. */
export async function publicPolicy(deps: AppDeps, orgRef: string): Promise<PublicPolicy> {
  const { db } = deps;
  const notFound = () =>
    new AppError(404, 'not_found', {
      ja: 'この団体が公表している情報セキュリティ基本方針は見つかりません。',
      en: 'No published information security basic policy was found for this organisation.',
    });
  let q = db.selectFrom('organizations').select(['id', 'name', 'lgCode']).where('status', '=', 'active');
  if (/^\d{6}$/.test(orgRef)) q = q.where('lgCode', '=', orgRef);
  else if (UUID_RE.test(orgRef)) q = q.where('id', '=', orgRef);
  else throw notFound();
  const org = await q.executeTakeFirst();
  if (!org) throw notFound();
  const policies = await db.selectFrom('policies').selectAll().where('tenantId', '=', org.id).orderBy('createdAt').execute();
  for (const p of policies) {
    const inForce = inForceOf(await versionsOf(db, org.id, p.id));
    if (!inForce?.effectiveFrom || !inForce.approvedAt) continue;
    const docs = (await documentsOf(db, org.id, inForce.id)).filter((d) => isSet(d.isPublic));
    if (docs.length === 0) continue;
    const arts = await articlesOf(db, org.id, inForce.id);
    return {
      organization: { name: org.name, lgCode: org.lgCode },
      policyTitle: p.title,
      version: { versionNo: inForce.versionNo, effectiveFrom: inForce.effectiveFrom, approvedAt: inForce.approvedAt, decisionRef: inForce.decisionRef, edition: inForce.edition },
      documents: docs.map((d) => {
        const rows = arts.filter((a) => a.documentId === d.id);
        const labels = labelsOf(rows);
        const depth = depths(rows);
        return {
          template: d.template,
          title: d.title,
          articles: rows.filter((r) => isSet(r.included)).map((r) => ({ label: labels.get(r.key) ?? '', heading: r.heading, body: r.body, depth: depth.get(r.key) ?? 0 })),
        };
      }),
    };
  }
  throw notFound();
}

