import { lazyRequire } from '../../platform/lazy';

const yaml = lazyRequire<typeof import('yaml')>('yaml');
import { z } from 'zod';
import type { CheckResult, FindingSummary, NetworkModelDoc, RuleInfo } from '@shared/network';
import { japanDate } from '@shared/era';
import type { Db } from '../../db/database';
import { fromJson, nowIso, toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import { type Ctx, grantFor } from '../../platform/context';
import type { AppDeps, Services } from '../../platform/deps';
import { AppError, err, type FieldError } from '../../platform/errors';
import { newId, sha256 } from '../../platform/ids';
import { checkGraph, problemsAt, resolveEdition, validateModel } from './check';
import type { Graph } from './model/build';
import { type ParsedSource, parseSource, SourceProblems, type SourceFormat } from './model/source';
import type { RegisterAsset } from './rules/analysis';
import type { ApprovalStates } from './rules/helpers';
import { ruleInfo } from './rules/engine';
import { RULES } from './rules/index';
import type { NetworkModelsTable, NetworkModelVersionsTable } from './network.tables';

/**
 * Network models per organisation: saved as the file the user wrote (YAML or JSON), one
 * immutable version per save with who, when and why; every save validated first (nothing is
 * saved when the file has a problem) and checked against the guideline rules.
 */

const MODEL = { ja: 'ネットワーク構成', en: 'Network model' };
const VERSION = { ja: 'ネットワーク構成の版', en: 'Network model version' };

/** Findings and diagrams are sent for models up to these sizes; larger ones are summarised. */
const FINDING_LIMIT = 2000;
const GRAPH_LIMIT = 1500;

// ---- access ------------------------------------------------------------------------------

/**
 * Network models belong to the organisation as a whole: an actor sees them only with an
 * organisation-wide grant of the action (every role that has network.read/write has one today).
 */
function orgWide(ctx: Ctx, action: 'network.read' | 'network.write'): boolean {
  const g = grantFor(ctx.actor, action);
  if (!g) throw err.forbidden();
  return g.all;
}

// ---- inputs ------------------------------------------------------------------------------

const Source = z.string().min(1).max(50 * 1024 * 1024);
const Format = z.enum(['yaml', 'json']);
const Edition = z.string().regex(/^[RH]\d{1,2}\.\d{1,2}$/);

export const ModelCreateInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).nullable().optional(),
    source: Source,
    format: Format.optional(),
    comment: z.string().trim().max(1000).nullable().optional(),
  })
  .strict();

export const ModelUpdateInput = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();

export const VersionCreateInput = z
  .object({
    source: Source,
    format: Format.optional(),
    comment: z.string().trim().max(1000).nullable().optional(),
    /** The version the edit started from; a newer save in between answers 409. */
    baseVersionId: z.uuid().optional(),
  })
  .strict();

export const DraftCheckInput = z
  .object({
    source: Source,
    format: Format.optional(),
    edition: Edition.optional(),
  })
  .strict();

export const EditionQuery = z.object({ edition: Edition.optional() }).strict();
export const ExportQuery = z.object({ format: Format.optional() }).strict();

// ---- validation pipeline -----------------------------------------------------------------

export interface Prepared {
  source: ParsedSource;
  graph: Graph;
  edition: string;
  register: Map<string, RegisterAsset> | undefined;
  approvals: ApprovalStates | undefined;
}

function invalid(problems: FieldError[], saving = true): AppError {
  return new AppError(
    400,
    'network_model_invalid',
    saving
      ? { ja: `構成モデルに誤りがあります（${problems.length}件）。何も保存していません。`, en: `The network model has ${problems.length} problem(s); nothing was saved.` }
      : { ja: `構成モデルに誤りがあります（${problems.length}件）。`, en: `The network model has ${problems.length} problem(s).` },
    problems,
  );
}

function limitBytes(deps: AppDeps): number {
  return deps.config.SHIRUBE_IMPORT_LIMIT_MB * 1024 * 1024;
}

/** Parse, validate, resolve the edition and the register assets; throws 400/413 naming the place. */
export async function prepare(deps: AppDeps, ctx: Ctx, text: string, file: string, opts: { format?: SourceFormat; edition?: string; saving?: boolean } = {}): Promise<Prepared> {
  const saving = opts.saving ?? true;
  const size = Buffer.byteLength(text, 'utf8');
  if (size > limitBytes(deps)) {
    const e = err.tooLarge(limitBytes(deps));
    throw new AppError(413, e.code, e.messages, [{ file, code: 'too_large', message: { ja: `${file} は ${(size / 1024 / 1024).toFixed(1)} MB あります。`, en: `${file} is ${(size / 1024 / 1024).toFixed(1)} MB.` } }]);
  }
  let source: ParsedSource;
  let graph: Graph;
  let edition: string;
  try {
    source = parseSource(text, file, opts.format);
    graph = validateModel(source);
    edition = resolveEdition(source, graph, opts.edition, deps.services.catalog);
  } catch (e) {
    if (e instanceof SourceProblems) throw invalid(e.problems.map((p) => ({ ...p, file: p.file ?? file })), saving);
    throw e;
  }
  const register = await resolveAssets(deps, ctx, source, graph, saving);
  return { source, graph, edition, register, approvals: await resolveApprovals(deps, ctx, graph) };
}

/**
 * The approvals a model names (a link's approvalId, an exception's approvalId), as the approvals
 * register has them today: an expired or withdrawn approval then reads as unapproved in the check.
 */
async function resolveApprovals(deps: AppDeps, ctx: Ctx, graph: Graph): Promise<ApprovalStates | undefined> {
  const approvals = (deps.services as Partial<Services>).approvals;
  if (!approvals) return undefined;
  const ids = new Set<string>();
  for (const l of graph.links) {
    if (l.approvalId) ids.add(l.approvalId);
    if (l.exception?.approvalId) ids.add(l.exception.approvalId);
  }
  const found = await approvals.byIds(deps.db, ctx.tenantId, [...ids], japanDate());
  return new Map(found.map((s) => [s.id, { state: s.state, validUntil: s.validUntil }]));
}

/** Asset references by register id, resolved through the assets service when it is there. */
async function resolveAssets(deps: AppDeps, ctx: Ctx, source: ParsedSource, graph: Graph, saving: boolean): Promise<Map<string, RegisterAsset> | undefined> {
  const assets = (deps.services as Partial<Services>).assets;
  if (!assets || graph.assetRefs.length === 0) return undefined;
  const ids = [...new Set(graph.assetRefs.map((r) => r.ref))];
  const found = await assets.getMany(deps.db, ctx.tenantId, ids);
  const map = new Map<string, RegisterAsset>();
  for (const a of found) {
    if (a.status !== 'active') continue;
    map.set(a.id, { id: a.id, name: a.name, confidentiality: a.confidentiality, segment: a.segment, flags: { residentData: a.flags.residentData, myNumber: a.flags.myNumber } });
  }
  const missing = graph.assetRefs.filter((r) => !map.has(r.ref));
  if (missing.length > 0) {
    throw invalid(
      problemsAt(
        source,
        missing.slice(0, 200).map((r) => ({
          path: r.path,
          code: 'unknown_asset',
          message: { ja: `情報資産台帳に ID「${r.ref}」の使用中の資産はありません。`, en: `The asset register has no asset in use with id "${r.ref}".` },
        })),
      ),
      saving,
    );
  }
  return map;
}

function catalogHas(deps: AppDeps, edition: string) {
  return (id: string) => deps.services.catalog.node(edition, id) !== undefined;
}

export function runCheck(deps: AppDeps, p: Prepared, withGraph: boolean): CheckResult {
  return checkGraph(p.graph, {
    edition: p.edition,
    register: p.register,
    approvals: p.approvals,
    catalogHas: catalogHas(deps, p.edition),
    source: p.source,
    limit: FINDING_LIMIT,
    graphUpTo: withGraph ? GRAPH_LIMIT : undefined,
  });
}

// ---- views -------------------------------------------------------------------------------

export interface VersionSummary {
  id: string;
  modelId: string;
  versionNo: number;
  format: 'yaml' | 'json';
  sizeBytes: number;
  sha256: string;
  comment: string | null;
  filename: string | null;
  networkModel: string;
  edition: string;
  counts: { zones: number; nodes: number; links: number };
  summary: FindingSummary;
  createdBy: string | null;
  createdByLabel: string;
  createdAt: string;
}

export interface ModelView {
  id: string;
  name: string;
  description: string | null;
  versionCount: number;
  createdAt: string;
  updatedAt: string;
  current: VersionSummary | null;
}

type VersionRow = Omit<NetworkModelVersionsTable, 'source'>;

function versionSummary(v: VersionRow): VersionSummary {
  return {
    id: v.id,
    modelId: v.modelId,
    versionNo: Number(v.versionNo),
    format: v.format,
    sizeBytes: Number(v.sizeBytes),
    sha256: v.sha256,
    comment: v.comment,
    filename: v.filename,
    networkModel: v.networkModel,
    edition: v.edition,
    counts: fromJson(v.counts, { zones: 0, nodes: 0, links: 0 }),
    summary: fromJson(v.summary, { error: 0, warning: 0, info: 0, total: 0 }),
    createdBy: v.createdBy,
    createdByLabel: v.createdByLabel,
    createdAt: v.createdAt,
  };
}

const VERSION_COLUMNS = [
  'id',
  'tenantId',
  'modelId',
  'versionNo',
  'format',
  'sizeBytes',
  'sha256',
  'comment',
  'filename',
  'networkModel',
  'edition',
  'counts',
  'summary',
  'createdBy',
  'createdByLabel',
  'createdAt',
] as const;

export async function listModels(db: Db, ctx: Ctx): Promise<{ items: ModelView[] }> {
  if (!orgWide(ctx, 'network.read')) return { items: [] };
  const models = await db.selectFrom('networkModels').selectAll().where('tenantId', '=', ctx.tenantId).orderBy('name').orderBy('id').execute();
  const currentIds = models.map((m) => m.currentVersionId).filter((x): x is string => x !== null);
  const versions = currentIds.length
    ? await db.selectFrom('networkModelVersions').select(VERSION_COLUMNS).where('tenantId', '=', ctx.tenantId).where('id', 'in', currentIds).execute()
    : [];
  const byId = new Map(versions.map((v) => [v.id, versionSummary(v)]));
  return { items: models.map((m) => modelView(m, m.currentVersionId ? (byId.get(m.currentVersionId) ?? null) : null)) };
}

function modelView(m: NetworkModelsTable, current: VersionSummary | null): ModelView {
  return { id: m.id, name: m.name, description: m.description, versionCount: Number(m.versionCount), createdAt: m.createdAt, updatedAt: m.updatedAt, current };
}

async function modelRow(db: Db, ctx: Ctx, id: string, action: 'network.read' | 'network.write'): Promise<NetworkModelsTable> {
  const all = orgWide(ctx, action);
  const row = all ? await db.selectFrom('networkModels').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw err.notFound(MODEL, id);
  return row;
}

export async function getModel(db: Db, ctx: Ctx, id: string): Promise<ModelView & { versions: VersionSummary[] }> {
  const m = await modelRow(db, ctx, id, 'network.read');
  const versions = (
    await db.selectFrom('networkModelVersions').select(VERSION_COLUMNS).where('tenantId', '=', ctx.tenantId).where('modelId', '=', id).orderBy('versionNo', 'desc').execute()
  ).map(versionSummary);
  return { ...modelView(m, versions.find((v) => v.id === m.currentVersionId) ?? null), versions };
}

/** Check the model exists and may be written, before reading an upload for it. */
export async function assertWritableModel(db: Db, ctx: Ctx, id: string): Promise<void> {
  await modelRow(db, ctx, id, 'network.write');
}

async function versionRow(db: Db, ctx: Ctx, id: string): Promise<NetworkModelVersionsTable> {
  const all = orgWide(ctx, 'network.read');
  const row = all ? await db.selectFrom('networkModelVersions').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw err.notFound(VERSION, id);
  return row;
}

export async function getVersion(db: Db, ctx: Ctx, id: string): Promise<VersionSummary & { source: string; modelName: string }> {
  const v = await versionRow(db, ctx, id);
  const m = await db.selectFrom('networkModels').select('name').where('tenantId', '=', ctx.tenantId).where('id', '=', v.modelId).executeTakeFirstOrThrow();
  return { ...versionSummary(v), source: v.source, modelName: m.name };
}

// ---- writes ------------------------------------------------------------------------------

interface SaveInput {
  source: string;
  format?: SourceFormat;
  comment?: string | null;
  filename?: string | null;
}

function fileLabel(input: SaveInput, fallback: string): string {
  return input.filename ?? `${fallback}.${input.format ?? 'yaml'}`;
}

async function insertVersion(trx: Db, ctx: Ctx, modelId: string, versionNo: number, input: SaveInput, p: Prepared, result: CheckResult): Promise<VersionRow> {
  const row: NetworkModelVersionsTable = {
    tenantId: ctx.tenantId,
    id: newId(),
    modelId,
    versionNo,
    format: p.source.format,
    source: input.source,
    sizeBytes: Buffer.byteLength(input.source, 'utf8'),
    sha256: sha256(input.source),
    comment: input.comment ?? null,
    filename: input.filename ?? null,
    networkModel: (p.graph.doc as NetworkModelDoc).model,
    edition: p.edition,
    counts: toJson(result.counts),
    summary: toJson(result.summary),
    createdBy: ctx.actor?.userId ?? null,
    createdByLabel: ctx.audit.actorLabel,
    createdAt: nowIso(),
  };
  await trx.insertInto('networkModelVersions').values(row).execute();
  return row;
}

export async function createModel(
  deps: AppDeps,
  ctx: Ctx,
  input: { name: string; description?: string | null } & SaveInput,
): Promise<ModelView & { versions: VersionSummary[]; check: CheckResult }> {
  if (!orgWide(ctx, 'network.write')) throw err.forbidden();
  const p = await prepare(deps, ctx, input.source, fileLabel(input, 'model'), { format: input.format });
  const result = runCheck(deps, p, false);
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    await trx
      .insertInto('networkModels')
      .values({ tenantId: ctx.tenantId, id, name: input.name, description: input.description ?? null, currentVersionId: null, versionCount: 1, createdAt: now, updatedAt: now })
      .execute();
    const v = await insertVersion(trx, ctx, id, 1, input, p, result);
    await trx.updateTable('networkModels').set({ currentVersionId: v.id }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await appendAudit(trx, ctx.audit, {
      action: 'network.model.create',
      targetType: 'networkModel',
      targetId: id,
      changes: { name: input.name, versionId: v.id, versionNo: 1, sha256: v.sha256, edition: v.edition, summary: result.summary, comment: v.comment, filename: v.filename },
    });
  });
  return { ...(await getModel(deps.db, ctx, id)), check: result };
}

export async function addVersion(
  deps: AppDeps,
  ctx: Ctx,
  modelId: string,
  input: SaveInput & { baseVersionId?: string },
): Promise<{ version: VersionSummary; check: CheckResult }> {
  const m = await modelRow(deps.db, ctx, modelId, 'network.write');
  const p = await prepare(deps, ctx, input.source, fileLabel(input, m.name), { format: input.format });
  const result = runCheck(deps, p, false);
  let saved: VersionRow | null = null;
  await deps.db.transaction().execute(async (trx) => {
    // Re-read inside the transaction: the version number comes from the row we update.
    const cur = await trx.selectFrom('networkModels').select(['versionCount', 'currentVersionId']).where('tenantId', '=', ctx.tenantId).where('id', '=', modelId).executeTakeFirstOrThrow();
    if (input.baseVersionId && input.baseVersionId !== cur.currentVersionId) {
      throw err.conflict('network_version_conflict', {
        ja: 'この構成は、編集を始めた後に別の版が保存されています。最新の版を読み込み直してから保存してください。',
        en: 'Another version was saved after you started editing. Reload the latest version before saving.',
      });
    }
    const versionNo = Number(cur.versionCount) + 1;
    const bumped = await trx
      .updateTable('networkModels')
      .set({ versionCount: versionNo, updatedAt: nowIso() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', modelId)
      .where('versionCount', '=', Number(cur.versionCount))
      .executeTakeFirst();
    if (Number(bumped.numUpdatedRows) !== 1) {
      throw err.conflict('network_version_conflict', { ja: '同時に別の版が保存されました。もう一度保存してください。', en: 'Another version was saved at the same time; save again.' });
    }
    const v = await insertVersion(trx, ctx, modelId, versionNo, input, p, result);
    await trx.updateTable('networkModels').set({ currentVersionId: v.id }).where('tenantId', '=', ctx.tenantId).where('id', '=', modelId).execute();
    await appendAudit(trx, ctx.audit, {
      action: 'network.version.create',
      targetType: 'networkModel',
      targetId: modelId,
      changes: { versionId: v.id, versionNo, sha256: v.sha256, edition: v.edition, summary: result.summary, comment: v.comment, filename: v.filename },
    });
    saved = v;
  });
  return { version: versionSummary(saved as unknown as VersionRow), check: result };
}

export async function updateModel(deps: AppDeps, ctx: Ctx, modelId: string, input: z.infer<typeof ModelUpdateInput>): Promise<ModelView & { versions: VersionSummary[] }> {
  const m = await modelRow(deps.db, ctx, modelId, 'network.write');
  const changes: Record<string, [unknown, unknown]> = {};
  if (input.name !== undefined && input.name !== m.name) changes.name = [m.name, input.name];
  if (input.description !== undefined && (input.description ?? null) !== m.description) changes.description = [m.description, input.description ?? null];
  if (Object.keys(changes).length > 0) {
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('networkModels')
        .set({ name: input.name ?? m.name, description: input.description === undefined ? m.description : (input.description ?? null), updatedAt: nowIso() })
        .where('tenantId', '=', ctx.tenantId)
        .where('id', '=', modelId)
        .execute();
      await appendAudit(trx, ctx.audit, { action: 'network.model.update', targetType: 'networkModel', targetId: modelId, changes });
    });
  }
  return getModel(deps.db, ctx, modelId);
}

// ---- checks, drafts, export ----------------------------------------------------------------

export async function checkVersion(deps: AppDeps, ctx: Ctx, versionId: string, edition?: string): Promise<CheckResult & { version: VersionSummary }> {
  const v = await versionRow(deps.db, ctx, versionId);
  const p = await prepare(deps, ctx, v.source, v.filename ?? `model.${v.format}`, { format: v.format, edition, saving: false });
  return { ...runCheck(deps, p, true), version: versionSummary(v) };
}

export async function checkDraft(deps: AppDeps, ctx: Ctx, input: z.infer<typeof DraftCheckInput>): Promise<CheckResult> {
  orgWide(ctx, 'network.read');
  const p = await prepare(deps, ctx, input.source, `draft.${input.format ?? 'yaml'}`, { format: input.format, edition: input.edition, saving: false });
  return runCheck(deps, p, true);
}

/** The file of a version: as saved, or converted between YAML and JSON. */
export async function exportVersion(db: Db, ctx: Ctx, versionId: string, format?: SourceFormat): Promise<{ filename: string; contentType: string; body: string }> {
  const v = await versionRow(db, ctx, versionId);
  const m = await db.selectFrom('networkModels').select('name').where('tenantId', '=', ctx.tenantId).where('id', '=', v.modelId).executeTakeFirstOrThrow();
  const want = format ?? v.format;
  let body = v.source;
  if (want !== v.format) {
    const data = parseSource(v.source, `model.${v.format}`, v.format).data;
    body = want === 'json' ? `${JSON.stringify(data, null, 2)}\n` : yaml().stringify(data, { lineWidth: 0 });
  }
  const base = m.name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80) || 'network-model';
  return { filename: `${base}-v${v.versionNo}.${want === 'json' ? 'json' : 'yaml'}`, contentType: want === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8', body };
}

export function rulesFor(deps: AppDeps, ctx: Ctx, edition?: string): { edition: string; rules: RuleInfo[] } {
  orgWide(ctx, 'network.read');
  const catalog = deps.services.catalog;
  const ed = edition ?? catalog.current().id;
  if (!catalog.hasEdition(ed)) {
    throw err.validation([{ field: 'query.edition', code: 'unknown_edition', message: { ja: `版「${ed}」はカタログにありません。`, en: `The edition "${ed}" is not in the catalog.` } }]);
  }
  return { edition: ed, rules: RULES.map((r) => ruleInfo(r, ed, catalogHas(deps, ed))) };
}

/** Text of an uploaded file: UTF-8 only (with or without BOM). */
export function decodeUpload(buffer: Buffer, filename: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw invalid([{ file: filename, code: 'not_utf8', message: { ja: 'ファイルが UTF-8 ではありません。UTF-8 で保存し直してください。', en: 'The file is not UTF-8; save it as UTF-8.' } }]);
  }
}

export function formatFromName(filename: string): SourceFormat | undefined {
  if (/\.json$/i.test(filename)) return 'json';
  if (/\.ya?ml$/i.test(filename)) return 'yaml';
  return undefined;
}
