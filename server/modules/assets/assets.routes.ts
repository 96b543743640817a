import { ReviewQuery, reclassificationReview } from './assets.review';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type AnyRoute, defineRoute, registerRoutes } from '../../platform/routes';
import * as assets from './assets.service';
import * as insight from './assets.insight';
import { ExportQuery, exportRegister } from './assets.export';
import { importRegister } from './assets.import';
import { appendAuditStandalone } from '../../platform/audit';
import { readUpload } from '../../platform/uploads';

function baseUrl(req: FastifyRequest): string {
  const configured = req.server.deps.config.SHIRUBE_PUBLIC_URL;
  if (configured) return configured.replace(/\/$/, '');
  return `${req.protocol}://${req.headers.host ?? 'localhost'}`;
}

const assetParams = z.object({ assetId: z.uuid() });

export function assetRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/assets',
      summary: { ja: '情報資産台帳の一覧（絞り込み・並べ替え・ページ送り）', en: 'List the asset register (filter, sort, paginate)' },
      tags: ['assets'],
      access: { action: 'asset.read' },
      query: assets.AssetListQuery,
      handler: ({ deps, ctx, query }) => assets.listAssets(deps, ctx, query),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/assets',
      summary: { ja: '情報資産の登録（分類を含めるには分類の権限も必要）', en: 'Register an asset (classifying it needs asset.classify too)' },
      tags: ['assets'],
      access: { action: 'asset.write' },
      body: assets.AssetCreateInput,
      handler: async ({ deps, ctx, body, reply }) => {
        const view = await assets.createAsset(deps, ctx, body);
        reply.code(201);
        return view;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/assets/cloud-services',
      summary: { ja: '資産の置き場所として選べる外部サービス（外部サービス台帳から）', en: 'External services an asset can live on (from the external-service register)' },
      tags: ['assets'],
      access: { action: 'asset.read' },
      handler: ({ deps, ctx }) => assets.cloudServiceChoices(deps, ctx),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/assets/summary',
      summary: { ja: '情報資産の件数（機密性別・セグメント別）', en: 'Asset counts by confidentiality and by segment' },
      tags: ['assets'],
      access: { action: 'asset.read' },
      handler: ({ deps, ctx }) => insight.assetSummary(deps, ctx),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/assets/scheme',
      summary: { ja: '分類の区分の説明と矛盾チェックの一覧（版ごと）', en: 'Classification levels explained, and the contradiction checks (per edition)' },
      tags: ['assets'],
      access: { action: 'asset.read' },
      query: insight.SchemeQuery,
      handler: ({ deps, query }) => insight.schemeForPanel(deps, query.edition),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/assets/reclassification',
      summary: { ja: '旧分類のままの情報資産と再分類の提案', en: 'Assets still under an older scheme, with proposals' },
      tags: ['assets'],
      access: { action: 'asset.classify' },
      query: insight.ReclassifyQuery,
      handler: ({ deps, ctx, query }) => insight.reclassificationList(deps, ctx, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/assets/reclassification/review',
      summary: { ja: '訂正後の対応表に合わない再分類の一覧（変更はしない）', en: 'Reclassifications that disagree with the corrected map, for review (nothing changed)' },
      tags: ['assets'],
      access: { action: 'asset.classify' },
      query: ReviewQuery,
      handler: ({ deps, ctx, query }) => reclassificationReview(deps, ctx, query),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/assets/reclassification',
      summary: { ja: '現行の区分への一括再分類（すべて成功した場合のみ反映）', en: 'Reclassify assets under the current scheme (all or nothing)' },
      tags: ['assets'],
      access: { action: 'asset.classify' },
      body: insight.ReclassifyInput,
      handler: ({ deps, ctx, body }) => insight.applyReclassification(deps, ctx, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/assets/export',
      summary: { ja: '情報資産台帳の出力（.xlsx はプルダウンつき、.csv は UTF-8）', en: 'Export the register (.xlsx with drop-down lists, or UTF-8 .csv)' },
      tags: ['assets'],
      access: { action: 'asset.read' },
      query: ExportQuery,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
      handler: async ({ deps, ctx, query, reply }) => {
        const file = await exportRegister(deps, ctx, query);
        await appendAuditStandalone(deps.db, ctx.audit, { action: 'asset.export', targetType: 'asset', changes: { format: query.format, rows: file.rows } });
        const stamp = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
        const name = `情報資産台帳_${stamp}.${query.format}`;
        return reply
          .header('content-type', query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="assets-${stamp}.${query.format}"; filename*=UTF-8''${encodeURIComponent(name)}`)
          .send(file.body);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/assets/import',
      summary: { ja: '情報資産台帳の取込み（.xlsx/.csv、プレビュー可、すべて正しい場合のみ反映）', en: 'Import the register from .xlsx/.csv (preview; all or nothing)' },
      tags: ['assets'],
      access: { action: 'asset.import' },
      multipart: true,
      query: z.object({ dryRun: z.enum(['true', 'false']).default('false'), encoding: z.enum(['utf-8', 'cp932']).optional() }).strict(),
      handler: async ({ deps, ctx, req, query }) => {
        const file = await readUpload(req, deps.config.SHIRUBE_IMPORT_LIMIT_MB * 1024 * 1024);
        return importRegister(deps, ctx, file.buffer, file.filename, { dryRun: query.dryRun === 'true', encoding: query.encoding, signal: file.signal });
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/assets/:assetId',
      summary: { ja: '情報資産の詳細', en: 'Get an asset' },
      tags: ['assets'],
      access: { action: 'asset.read' },
      params: assetParams,
      handler: ({ deps, ctx, params }) => assets.getAsset(deps, ctx, params.assetId),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/assets/:assetId',
      summary: { ja: '情報資産の更新（分類以外の項目）', en: 'Update an asset (fields other than its classification)' },
      tags: ['assets'],
      access: { action: 'asset.write' },
      params: assetParams,
      body: assets.AssetPatch,
      handler: ({ deps, ctx, params, body }) => assets.updateAsset(deps, ctx, params.assetId, body),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/assets/:assetId/classification',
      summary: { ja: '情報資産の分類の決定・変更（理由を記録）', en: 'Classify or reclassify an asset (with the reason)' },
      tags: ['assets'],
      access: { action: 'asset.classify' },
      params: assetParams,
      body: assets.ClassificationInput,
      handler: ({ deps, ctx, params, body }) => assets.classifyAsset(deps, ctx, params.assetId, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/assets/:assetId/history',
      summary: { ja: '分類の履歴（誰が・いつ・なぜ）', en: 'Classification history (who, when, why)' },
      tags: ['assets'],
      access: { action: 'asset.read' },
      params: assetParams,
      handler: ({ deps, ctx, params }) => assets.classificationHistory(deps.db, ctx, params.assetId),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/assets/:assetId/checks',
      summary: { ja: '分類の矛盾チェックの結果（カタログの参照つき）', en: 'Contradiction checks of the classification (with catalog references)' },
      tags: ['assets'],
      access: { action: 'asset.read' },
      params: assetParams,
      handler: ({ deps, ctx, params }) => insight.assetChecks(deps, ctx, params.assetId),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/assets/:assetId/handling',
      summary: { ja: '分類から決まる取扱制限', en: 'Handling rules that follow from the classification' },
      tags: ['assets'],
      access: { action: 'asset.read' },
      params: assetParams,
      handler: ({ deps, ctx, params }) => insight.assetHandling(deps, ctx, params.assetId),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/assets/:assetId/label',
      summary: { ja: '記録媒体に貼る分類の表示（ラベル）の内容', en: 'Content of the classification label for media' },
      tags: ['assets'],
      access: { action: 'asset.read' },
      params: assetParams,
      handler: ({ deps, ctx, params, req }) => insight.assetLabel(deps, ctx, params.assetId, baseUrl(req)),
    }),
  ];
}

export function registerAssetRoutes(app: FastifyInstance): void {
  registerRoutes(app, assetRoutes());
}
