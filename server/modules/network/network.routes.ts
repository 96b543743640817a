import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type AnyRoute, defineRoute, registerRoutes } from '../../platform/routes';
import { readUpload } from '../../platform/uploads';
import { networkModelSchema } from './model/schema';
import * as svc from './network.service';

const modelParams = z.object({ modelId: z.uuid() }).strict();
const versionParams = z.object({ versionId: z.uuid() }).strict();

function routes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/network/models',
      summary: { ja: 'ネットワーク構成の一覧', en: 'List network models' },
      tags: ['network'],
      access: { action: 'network.read' },
      handler: ({ deps, ctx }) => svc.listModels(deps.db, ctx),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/network/models',
      summary: { ja: 'ネットワーク構成の作成（最初の版を保存）', en: 'Create a network model with its first version' },
      tags: ['network'],
      access: { action: 'network.write' },
      body: svc.ModelCreateInput,
      handler: async ({ deps, ctx, body, reply }) => {
        const r = await svc.createModel(deps, ctx, body);
        reply.code(201);
        return r;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/network/models/import',
      summary: { ja: 'ファイル（YAML・JSON）からネットワーク構成を作成', en: 'Create a network model from a YAML or JSON file' },
      tags: ['network'],
      access: { action: 'network.write' },
      multipart: true,
      handler: async ({ deps, ctx, req, reply }) => {
        const file = await readUpload(req, deps.config.SHIRUBE_IMPORT_LIMIT_MB * 1024 * 1024);
        const source = svc.decodeUpload(file.buffer, file.filename);
        const name = (file.fields.name ?? '').trim() || file.filename.replace(/\.(ya?ml|json)$/i, '');
        const r = await svc.createModel(deps, ctx, {
          name: name.slice(0, 200),
          description: file.fields.description?.slice(0, 2000) ?? null,
          source,
          format: svc.formatFromName(file.filename),
          comment: file.fields.comment?.slice(0, 1000) ?? null,
          filename: file.filename,
        });
        reply.code(201);
        return r;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/network/models/:modelId',
      summary: { ja: 'ネットワーク構成と版の一覧', en: 'A network model and its versions' },
      tags: ['network'],
      access: { action: 'network.read' },
      params: modelParams,
      handler: ({ deps, ctx, params }) => svc.getModel(deps.db, ctx, params.modelId),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/network/models/:modelId',
      summary: { ja: 'ネットワーク構成の名称・説明の変更', en: 'Rename or describe a network model' },
      tags: ['network'],
      access: { action: 'network.write' },
      params: modelParams,
      body: svc.ModelUpdateInput,
      handler: ({ deps, ctx, params, body }) => svc.updateModel(deps, ctx, params.modelId, body),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/network/models/:modelId/versions',
      summary: { ja: '新しい版の保存', en: 'Save a new version' },
      tags: ['network'],
      access: { action: 'network.write' },
      params: modelParams,
      body: svc.VersionCreateInput,
      handler: async ({ deps, ctx, params, body, reply }) => {
        const r = await svc.addVersion(deps, ctx, params.modelId, body);
        reply.code(201);
        return r;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/network/models/:modelId/versions/import',
      summary: { ja: 'ファイル（YAML・JSON）を新しい版として取込み', en: 'Import a YAML or JSON file as a new version' },
      tags: ['network'],
      access: { action: 'network.write' },
      params: modelParams,
      multipart: true,
      handler: async ({ deps, ctx, req, params, reply }) => {
        // The model is looked up before the upload is read: another organisation's id is a 404.
        await svc.assertWritableModel(deps.db, ctx, params.modelId);
        const file = await readUpload(req, deps.config.SHIRUBE_IMPORT_LIMIT_MB * 1024 * 1024);
        const source = svc.decodeUpload(file.buffer, file.filename);
        const r = await svc.addVersion(deps, ctx, params.modelId, {
          source,
          format: svc.formatFromName(file.filename),
          comment: file.fields.comment?.slice(0, 1000) ?? null,
          filename: file.filename,
          baseVersionId: file.fields.baseVersionId || undefined,
        });
        reply.code(201);
        return r;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/network/versions/:versionId',
      summary: { ja: '版の内容（モデルのファイル）', en: 'A version with its model file' },
      tags: ['network'],
      access: { action: 'network.read' },
      params: versionParams,
      handler: ({ deps, ctx, params }) => svc.getVersion(deps.db, ctx, params.versionId),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/network/versions/:versionId/check',
      summary: { ja: '版の検査結果（指摘・集計・構成図のデータ）', en: 'Check a version: findings, summary and diagram data' },
      tags: ['network'],
      access: { action: 'network.read' },
      params: versionParams,
      query: svc.EditionQuery,
      handler: ({ deps, ctx, params, query }) => svc.checkVersion(deps, ctx, params.versionId, query.edition),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/network/versions/:versionId/export',
      summary: { ja: '版のファイルの出力（YAML・JSON）', en: 'Download a version as YAML or JSON' },
      tags: ['network'],
      access: { action: 'network.read' },
      params: versionParams,
      query: svc.ExportQuery,
      produces: ['application/yaml', 'application/json'],
      handler: async ({ deps, ctx, params, query, reply }) => {
        const file = await svc.exportVersion(deps.db, ctx, params.versionId, query.format);
        const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
          .send(file.body);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/network/check',
      summary: { ja: '保存せずに検査（編集中のモデル）', en: 'Check a model without saving it' },
      tags: ['network'],
      access: { action: 'network.read' },
      body: svc.DraftCheckInput,
      handler: ({ deps, ctx, body }) => svc.checkDraft(deps, ctx, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/network/rules',
      summary: { ja: '検査の規則の一覧', en: 'The rules of the checker' },
      tags: ['network'],
      access: { action: 'network.read' },
      query: svc.EditionQuery,
      handler: ({ deps, ctx, query }) => svc.rulesFor(deps, ctx, query.edition),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/network/schema',
      summary: { ja: '構成モデルの JSON Schema', en: 'The JSON Schema of the model format' },
      tags: ['network'],
      access: { action: 'network.read' },
      handler: () => networkModelSchema,
    }),
  ];
}

export function registerNetworkRoutes(app: FastifyInstance): void {
  registerRoutes(app, routes());
}
