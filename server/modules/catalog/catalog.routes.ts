import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type AnyRoute, defineRoute, registerRoutes } from '../../platform/routes';
import { CSV_TABLES, EXPORT_FORMATS, exportEdition } from './catalog.export';
import { loadCatalog } from './catalog.loader';
import { ensureSearchIndex } from './catalog.search';
import { packageRoot } from '../../paths';
import { CatalogServiceImpl } from './catalog.service';

/**
 * The guideline catalog API. Everything here is shared reference data: every route needs
 * catalog.read, and unknown editions, nodes or controls answer 404 naming them.
 */

const TAGS = ['catalog'];
const access = { action: 'catalog.read' } as const;

// Path parameters are looked up, not pattern-checked, so an unknown id answers 404 with its name.
const anyId = z.string().trim().min(1).max(64);
const EditionParams = z.object({ editionId: anyId });
const FRAMEWORK = z.enum(['annexA', 'cld', 'ordinance']);

export const SearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  edition: anyId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const DiffQuery = z.strictObject({ from: anyId, to: anyId });

function svcOf(app: FastifyInstance): CatalogServiceImpl {
  return app.deps.services.catalog as CatalogServiceImpl;
}

function routes(app: FastifyInstance): AnyRoute[] {
  const svc = () => svcOf(app);
  return [
    defineRoute({
      method: 'GET',
      url: '/api/catalog/editions',
      summary: { ja: 'ガイドラインの版の一覧', en: 'Editions of the guideline' },
      tags: TAGS,
      access,
      handler: () => ({ editions: svc().editions(), current: svc().current().id, contentHash: svc().contentHash() }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/catalog/editions/:editionId',
      summary: { ja: '版の情報と分類体系', en: 'An edition and its classification scheme' },
      tags: TAGS,
      access,
      params: EditionParams,
      handler: ({ params }) => ({ edition: svc().edition(params.editionId), classification: svc().classification(params.editionId) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/catalog/editions/:editionId/tree',
      summary: { ja: '版の構成（章・節・項目・細目）', en: 'The tree of an edition (chapters, sections, items, sub-items)' },
      tags: TAGS,
      access,
      params: EditionParams,
      handler: ({ params }) => svc().tree(params.editionId),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/catalog/editions/:editionId/nodes',
      summary: { ja: '版の項目の一覧（ガイドラインの順）', en: 'All entries of an edition in guideline order' },
      tags: TAGS,
      access,
      params: EditionParams,
      query: z.strictObject({
        part: z.enum(['general', 'basicPolicy', 'standards', 'cloud']).optional(),
        kind: z.enum(['part', 'chapter', 'section', 'item', 'subItem', 'basicPolicy', 'cloudProvision']).optional(),
      }),
      handler: ({ params, query }) => ({
        edition: svc().edition(params.editionId).id,
        nodes: svc()
          .nodes(params.editionId)
          .filter((n) => (!query.part || n.part === query.part) && (!query.kind || n.kind === query.kind)),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/catalog/editions/:editionId/nodes/:nodeId',
      summary: { ja: '項目の詳細（要約・タグ・対応関係・監査項目・版ごとの履歴）', en: 'An entry with summary, tags, crosswalks, audit items and history' },
      tags: TAGS,
      access,
      params: z.object({ editionId: anyId, nodeId: anyId }),
      handler: ({ params }) => svc().detail(params.editionId, params.nodeId),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/catalog/editions/:editionId/audit-items',
      summary: { ja: '監査項目の一覧', en: 'Audit items of an edition' },
      tags: TAGS,
      access,
      params: EditionParams,
      handler: ({ params }) => ({ edition: svc().edition(params.editionId).id, auditItems: svc().auditItems(params.editionId) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/catalog/editions/:editionId/stats',
      summary: { ja: '章ごとの件数', en: 'Counts per chapter' },
      tags: TAGS,
      access,
      params: EditionParams,
      handler: ({ params }) => svc().stats(params.editionId),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/catalog/editions/:editionId/crosswalks',
      summary: { ja: '対応関係の一覧（附属書A・CLD・施行規則）', en: 'Crosswalk listing (Annex A, CLD, ordinance)' },
      tags: TAGS,
      access,
      params: EditionParams,
      query: z.strictObject({ framework: FRAMEWORK.optional() }),
      handler: ({ params, query }) => ({ edition: svc().edition(params.editionId).id, rows: svc().crosswalks(params.editionId, query.framework) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/catalog/editions/:editionId/controls/:controlId',
      summary: { ja: '管理策に対応する項目（逆引き）', en: 'The entries that map to a control (reverse crosswalk)' },
      tags: TAGS,
      access,
      params: z.object({ editionId: anyId, controlId: anyId }),
      handler: ({ params }) => svc().controlDetail(params.editionId, params.controlId),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/catalog/controls',
      summary: { ja: '管理策の一覧（附属書A 93件・CLD 7件・施行規則 8区分）', en: 'Controls: Annex A (93), CLD (7), ordinance areas (8)' },
      tags: TAGS,
      access,
      query: z.strictObject({ framework: FRAMEWORK.optional() }),
      handler: ({ query }) => ({ controls: svc().controls(query.framework) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/catalog/search',
      summary: { ja: 'ガイドラインの全文検索', en: 'Full-text search of the guideline' },
      tags: TAGS,
      access,
      query: SearchQuery,
      handler: ({ query }) => svc().search(query.edition ?? svc().current().id, query.q, query.limit),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/catalog/diff',
      summary: { ja: '版の比較（追加・削除・変更）', en: 'Compare two editions (added, removed, changed)' },
      tags: TAGS,
      access,
      query: DiffQuery,
      handler: ({ query }) => svc().diff(query.from, query.to),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/catalog/editions/:editionId/export',
      summary: { ja: 'カタログの出力（OSCAL・.xlsx・.csv・JSON）', en: 'Export the catalog (OSCAL, .xlsx, .csv, JSON)' },
      tags: TAGS,
      access,
      params: EditionParams,
      query: z.strictObject({ format: z.enum(EXPORT_FORMATS).default('json'), table: z.enum(CSV_TABLES).default('tree') }),
      produces: ['application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      handler: async ({ params, query, reply }) => {
        const file = await exportEdition(svc(), params.editionId, query.format, query.table);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
          .send(file.body);
      },
    }),
  ];
}

/**
 * Load and validate the catalog (an invalid catalog stops the start with a one-line error naming the
 * file and the record), expose the service, and mount the routes.
 */
export function registerCatalog(app: FastifyInstance): void {
  const { deps } = app;
  const data = loadCatalog({
    dir: deps.config.catalogDir,
    cacheDir: path.join(deps.config.dataDir, 'cache'),
    // `npm run build` leaves the parsed catalog in dist/cache, so even the first start skips YAML parsing.
    bundledCacheDir: path.join(packageRoot, 'dist', 'cache'),
  });
  deps.log.debug({ ms: Math.round(data.timing.totalMs), parseCache: data.timing.parseCache, editions: data.editions.length }, 'catalog loaded');
  deps.services.catalog = new CatalogServiceImpl(data, deps.db);
  // Build the search index in the background once the server listens (tests with inject() skip
  // this and build it on their first search).
  app.addHook('onListen', async () => {
    ensureSearchIndex(deps.db, data).then(
      (r) => deps.log.info({ rebuilt: r.rebuilt, ms: Math.round(r.ms) }, 'catalog search index ready'),
      (e) => deps.log.error({ err: e }, 'catalog search index could not be built'),
    );
  });
}

export function registerCatalogRoutes(app: FastifyInstance): void {
  registerRoutes(app, routes(app));
}
