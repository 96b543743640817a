import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { type AnyRoute, defineRoute, registerRoutes } from '../../platform/routes';
import { CompareQuery, PreviewBody, ProposalBody, ProposalQuery, applyProposal, compareVersions, coverage, proposal } from './documents.compare';
import { CONTENT_TYPES, type ExportFile, ExportQuery, compareModel, exportCompare, exportVersion, proposalModel } from './documents.export';
import {
  AddProcedureBody,
  ApproveBody,
  ArticlePatch,
  CreatePolicyBody,
  DocumentPatch,
  NewArticleBody,
  NewDraftBody,
  VersionPatch,
  addArticle,
  addProcedure,
  approveVersion,
  createDraft,
  createPolicy,
  deleteArticle,
  discardDraft,
  getPolicy,
  getVersionDetail,
  listPolicies,
  optionalItems,
  patchArticle,
  patchDocument,
  patchVersion,
  publicPolicy,
} from './documents.service';
import { defaultChoices } from './generate';

/** Policy documents API: policies, versions, articles, comparisons, exports and the public page. */

const TAGS = ['policy'];
const read = { action: 'policy.read' } as const;
const write = { action: 'policy.write' } as const;

const PolicyParams = z.object({ policyId: z.string().min(1).max(64) });
const VersionParams = z.object({ policyVersionId: z.string().min(1).max(64) });
const ArticleParams = z.object({ policyArticleId: z.string().min(1).max(64) });
const DocumentParams = z.object({ policyDocumentId: z.string().min(1).max(64) });

function sendFile(reply: FastifyReply, file: ExportFile): FastifyReply {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('cache-control', 'no-store')
    .send(file.data);
}

function routes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/policies',
      summary: { ja: 'ポリシーと版の一覧', en: 'Policies and their versions' },
      tags: TAGS,
      access: read,
      handler: ({ deps, ctx }) => listPolicies(deps, ctx),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/policies',
      summary: { ja: 'ガイドラインの版と団体の選択からポリシーを作成する', en: 'Start a policy from a guideline edition and the organisation’s choices' },
      tags: TAGS,
      access: write,
      body: CreatePolicyBody,
      handler: async ({ deps, ctx, body, reply }) => {
        const r = await createPolicy(deps, ctx, body);
        reply.code(201);
        return r;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/policy/options',
      summary: { ja: 'ポリシー作成時の選択肢（版・推奨事項・既定値）', en: 'Choices for a new policy (editions, recommended items, defaults)' },
      tags: TAGS,
      access: read,
      query: z.strictObject({ edition: z.string().trim().min(1).max(32).optional() }),
      handler: async ({ deps, ctx, query }) => {
        const catalog = deps.services.catalog;
        const edition = catalog.edition(query.edition ?? catalog.current().id).id;
        const org = await deps.db.selectFrom('organizations').select('name').where('id', '=', ctx.tenantId).executeTakeFirstOrThrow();
        return {
          edition,
          current: catalog.current().id,
          editions: catalog.editions().map((e) => ({ id: e.id, label: e.label, labelEn: e.labelEn, current: e.current })),
          defaults: defaultChoices(org.name),
          optionalItems: optionalItems(deps, edition),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/policies/:policyId',
      summary: { ja: 'ポリシーと版の履歴', en: 'A policy and its versions' },
      tags: TAGS,
      access: read,
      params: PolicyParams,
      handler: ({ deps, ctx, params }) => getPolicy(deps, ctx, params.policyId),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/policies/:policyId/drafts',
      summary: { ja: '改正案（新しい版）を起案する', en: 'Start a new draft version' },
      tags: TAGS,
      access: write,
      params: PolicyParams,
      body: NewDraftBody,
      handler: async ({ deps, ctx, params, body, reply }) => {
        const r = await createDraft(deps, ctx, params.policyId, body);
        reply.code(201);
        return r;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/policy/versions/:policyVersionId',
      summary: { ja: '版の文書と条項（カタログの項目を添えて）', en: 'A version with its documents and articles, and the catalog items beside them' },
      tags: TAGS,
      access: read,
      params: VersionParams,
      handler: ({ deps, ctx, params }) => getVersionDetail(deps, ctx, params.policyVersionId),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/policy/versions/:policyVersionId',
      summary: { ja: '起案中の版の改正の概要を更新する', en: 'Update the note of a draft' },
      tags: TAGS,
      access: write,
      params: VersionParams,
      body: VersionPatch,
      handler: ({ deps, ctx, params, body }) => patchVersion(deps, ctx, params.policyVersionId, body),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/policy/versions/:policyVersionId',
      summary: { ja: '起案中の版を破棄する', en: 'Discard a draft' },
      tags: TAGS,
      access: write,
      params: VersionParams,
      handler: ({ deps, ctx, params }) => discardDraft(deps, ctx, params.policyVersionId),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/policy/versions/:policyVersionId/approve',
      summary: { ja: '版を承認し、施行日を定める', en: 'Approve a version and set the date it comes into force' },
      tags: TAGS,
      access: { action: 'policy.approve' },
      params: VersionParams,
      body: ApproveBody,
      handler: ({ deps, ctx, params, body }) => approveVersion(deps, ctx, params.policyVersionId, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/policy/versions/:policyVersionId/export',
      summary: { ja: '版を Word・PDF・HTML で出力する', en: 'Export a version as Word, PDF or HTML' },
      tags: TAGS,
      access: read,
      params: VersionParams,
      query: ExportQuery,
      produces: Object.values(CONTENT_TYPES),
      handler: async ({ deps, ctx, params, query, reply }) => sendFile(reply, await exportVersion(deps, ctx, params.policyVersionId, query.format, query.scope)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/policy/versions/:policyVersionId/coverage',
      summary: { ja: 'カタログの項目の網羅状況（対応・省略・独自）', en: 'Coverage of the catalog items (covered, omitted, beyond)' },
      tags: TAGS,
      access: read,
      params: VersionParams,
      handler: ({ deps, ctx, params }) => coverage(deps, ctx, params.policyVersionId),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/policy/versions/:policyVersionId/edition-changes',
      summary: { ja: '新しい版のガイドラインで変わる条項（追加・変更・削除）', en: 'What a newer guideline edition changes for this version' },
      tags: TAGS,
      access: read,
      params: VersionParams,
      query: ProposalQuery,
      handler: ({ deps, ctx, params, query }) => proposal(deps, ctx, params.policyVersionId, query.edition),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/policy/versions/:policyVersionId/edition-changes/preview',
      summary: { ja: '版や選択（ネットワークのモデル等）を変えたときに変わる条項（プレビュー、保存しない）', en: 'Preview the changes for another edition or other choices (nothing is saved)' },
      tags: TAGS,
      access: read,
      params: VersionParams,
      body: PreviewBody,
      handler: ({ deps, ctx, params, body }) => proposal(deps, ctx, params.policyVersionId, body.edition, body.choices),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/policy/versions/:policyVersionId/edition-changes/export',
      summary: { ja: '新しい版への改定案を新旧対照表で出力する', en: 'Export the changes for a newer edition as an old–new table' },
      tags: TAGS,
      access: read,
      params: VersionParams,
      query: ProposalQuery.extend({ format: z.enum(['docx', 'html']).default('docx') }),
      produces: [CONTENT_TYPES.docx, CONTENT_TYPES.html],
      handler: async ({ deps, ctx, params, query, reply }) => {
        const p = await proposal(deps, ctx, params.policyVersionId, query.edition);
        const policy = await deps.db.selectFrom('policies').select('title').where('tenantId', '=', ctx.tenantId).where('id', '=', p.version.policyId).executeTakeFirstOrThrow();
        return sendFile(reply, await exportCompare(proposalModel(p, policy.title), query.format));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/policy/versions/:policyVersionId/edition-changes',
      summary: { ja: '新しい版への改定を採否を決めて起案中の版に取り込む', en: 'Accept or decline each change into a draft' },
      tags: TAGS,
      access: write,
      params: VersionParams,
      body: ProposalBody,
      handler: ({ deps, ctx, params, body }) => applyProposal(deps, ctx, params.policyVersionId, body),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/policy/versions/:policyVersionId/articles',
      summary: { ja: '団体独自の条項を追加する', en: 'Add an article of the organisation’s own' },
      tags: TAGS,
      access: write,
      params: VersionParams,
      body: NewArticleBody,
      handler: async ({ deps, ctx, params, body, reply }) => {
        const r = await addArticle(deps, ctx, params.policyVersionId, body);
        reply.code(201);
        return r;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/policy/versions/:policyVersionId/procedures',
      summary: { ja: '実施手順をひな形から追加する', en: 'Add a procedure from its template' },
      tags: TAGS,
      access: write,
      params: VersionParams,
      body: AddProcedureBody,
      handler: ({ deps, ctx, params, body }) => addProcedure(deps, ctx, params.policyVersionId, body),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/policy/articles/:policyArticleId',
      summary: { ja: '条項を編集する（版数による楽観的ロック）', en: 'Edit an article (optimistic locking by revision)' },
      tags: TAGS,
      access: write,
      params: ArticleParams,
      body: ArticlePatch,
      handler: ({ deps, ctx, params, body }) => patchArticle(deps, ctx, params.policyArticleId, body),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/policy/articles/:policyArticleId',
      summary: { ja: '団体独自の条項を削除する', en: 'Delete an article of the organisation’s own' },
      tags: TAGS,
      access: write,
      params: ArticleParams,
      handler: ({ deps, ctx, params }) => deleteArticle(deps, ctx, params.policyArticleId),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/policy/documents/:policyDocumentId',
      summary: { ja: '文書の表題・公開の設定を変える', en: 'Change a document’s title or publication' },
      tags: TAGS,
      access: write,
      params: DocumentParams,
      body: DocumentPatch,
      handler: ({ deps, ctx, params, body }) => patchDocument(deps, ctx, params.policyDocumentId, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/policy/compare',
      summary: { ja: '二つの版の新旧対照表', en: 'Old–new comparison of two versions' },
      tags: TAGS,
      access: read,
      query: CompareQuery,
      produces: ['application/json', CONTENT_TYPES.docx, CONTENT_TYPES.html],
      handler: async ({ deps, ctx, query, reply }) => {
        const c = await compareVersions(deps, ctx, query.from, query.to);
        if (query.format === 'json') return c;
        return sendFile(reply, await exportCompare(compareModel(c), query.format));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/public/policies/:orgRef',
      summary: { ja: '公表している情報セキュリティ基本方針（施行中の版）', en: 'The published basic policy in force' },
      tags: TAGS,
      access: { public: true },
      params: z.object({ orgRef: z.string().min(1).max(64) }),
      rateLimit: { max: 120, timeWindow: '1 minute' },
      handler: ({ deps, params }) => publicPolicy(deps, params.orgRef),
    }),
  ];
}

export function registerDocumentRoutes(app: FastifyInstance): void {
  registerRoutes(app, routes());
}
