import { z } from 'zod';
import { type AnyRoute, defineRoute } from '../../platform/routes';
import * as reg from './improvements.register';
import * as svc from './improvements.service';

const tags = ['improvements'];
const params = z.object({ actionId: z.uuid() });
const evidenceParams = z.object({ actionId: z.uuid(), improvementEvidenceId: z.uuid() });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const improvementRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/improvements',
    summary: { ja: '改善計画・是正処置の台帳（権限の範囲のみ）', en: 'The register of improvement actions (within scope)' },
    tags,
    access: { action: 'improvement.read' },
    query: reg.ListQuery,
    handler: ({ deps, ctx, query }) => reg.list(deps, ctx, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/improvements/export.xlsx',
    summary: { ja: '改善計画・是正処置の台帳の出力（.xlsx、和暦）', en: 'Export the register (.xlsx)' },
    tags,
    access: { action: 'improvement.read' },
    query: reg.ListQuery.omit({ page: true, pageSize: true }),
    produces: [XLSX],
    handler: async ({ deps, ctx, query, reply }) => {
      const buf = await reg.exportXlsx(deps, ctx, query);
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="improvements-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`改善計画-${stamp}.xlsx`)}`)
        .header('cache-control', 'private, no-store')
        .send(buf);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/improvements',
    summary: { ja: '改善措置の起票', en: 'Raise an improvement action' },
    tags,
    access: { action: 'improvement.write' },
    body: svc.RaiseInput,
    handler: async ({ deps, ctx, body, reply }) => {
      reply.code(201);
      return deps.db.transaction().execute((trx) => svc.raiseIn(deps, trx, ctx, body));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/improvements/:actionId',
    summary: { ja: '改善措置の詳細', en: 'One improvement action' },
    tags,
    access: { action: 'improvement.read' },
    params,
    handler: ({ deps, ctx, params }) => reg.detail(deps, ctx, params.actionId),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/improvements/:actionId',
    summary: { ja: '改善措置の変更（担当・期限・状態）', en: 'Change an improvement action' },
    tags,
    access: { action: 'improvement.write' },
    params,
    body: svc.UpdateInput,
    handler: ({ deps, ctx, params, body }) => svc.update(deps, ctx, params.actionId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/improvements/:actionId/evidence',
    summary: { ja: '完了の証跡ファイルの添付', en: 'Attach evidence of completion' },
    tags,
    access: { action: 'improvement.write' },
    params,
    multipart: true,
    handler: async ({ deps, ctx, req, params, reply }) => {
      reply.code(201);
      return reg.uploadEvidence(deps, ctx, req, params.actionId);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/improvements/:actionId/evidence/:improvementEvidenceId',
    summary: { ja: '証跡ファイルのダウンロード', en: 'Download an evidence file' },
    tags,
    access: { action: 'improvement.read' },
    params: evidenceParams,
    produces: ['application/octet-stream'],
    handler: ({ deps, ctx, params, reply }) => reg.sendEvidence(deps, ctx, reply, params.actionId, params.improvementEvidenceId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/improvements/:actionId/complete',
    summary: { ja: '改善措置の完了報告', en: 'Report an improvement action done' },
    tags,
    access: { action: 'improvement.write' },
    params,
    body: svc.CompleteInput,
    handler: ({ deps, ctx, params, body }) => svc.complete(deps, ctx, params.actionId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/improvements/:actionId/effectiveness',
    summary: { ja: '有効性の確認の記録', en: 'Record the effectiveness check' },
    tags,
    access: { action: 'improvement.verify' },
    params,
    body: svc.CheckInput,
    handler: ({ deps, ctx, params, body }) => svc.checkEffectiveness(deps, ctx, params.actionId, body),
  }),
];
