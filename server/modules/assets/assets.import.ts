import type { Axis } from '@shared/catalog';
import { throwIfAborted } from '../../platform/archive-guard';
import type { Db, DbKind } from '../../db/database';
import { chunkRows, flag, nowIso, refreshStatisticsAfterBulkInsert } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import { type Ctx, grantFor } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, type Bilingual, type FieldError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';
import { type Table, type TableRow, type TextEncoding, mapColumns, restoreNeutralised } from '../../platform/tabular';
import { readTableFast } from './fast-table';
import { inTransactionMaybeDry } from '../../platform/tx';
import {
  type ColumnKey,
  HOSTING_WORDS,
  IMPORT_COLUMNS,
  KIND_WORDS,
  SEGMENT_WORDS,
  STATUS_WORDS,
  lookup,
  normaliseLevel,
  parseFlag,
} from './assets.columns';
import { AXIS_FIELDS, AXIS_NAMES, catalogOf, levelProblem, type SchemeView, schemeOf, sortRank } from './assets.scheme';
import { inScope, isCodeText, scopeSections, vendorsOf } from './assets.service';
import type { AssetsTable } from './assets.tables';

/**
 * Import of the register from .xlsx or .csv (UTF-8 or Shift_JIS/CP932). Every row and column is
 * checked first; nothing is written unless the whole file is valid. Rows whose code exists update
 * that asset (only what differs); other rows create assets. A preview (dry run) does everything a
 * commit does inside a transaction that is rolled back.
 *
 * On SQLite the rows are written with prepared statements on the raw connection inside the same
 * transaction as the one summary entry in the audit trail; on PostgreSQL with multi-row inserts.
 */

export interface ImportOptions {
  dryRun: boolean;
  encoding?: TextEncoding;
  /** Called while checking rows and while writing them: rows done so far, of the total. */
  onProgress?: (phase: 'check' | 'write', done: number, total: number) => void;
  /** Most errors reported (the count still covers all of them). */
  maxErrors?: number;
  /** Aborted when the client went away: reading, checking and writing stop and nothing is kept. */
  signal?: AbortSignal;
}

export type RowAction = 'create' | 'update' | 'unchanged';

export interface ImportResult {
  dryRun: boolean;
  format: 'csv' | 'xlsx';
  encoding: TextEncoding | null;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  reclassified: number;
  /** The first rows with what each would do (the whole file is checked regardless). */
  preview: Array<{ row: number; code: string; name: string; action: RowAction; changes: string[] }>;
}

interface ParsedRow {
  row: number;
  code: string;
  name: string;
  description: string | null;
  kind: AssetsTable['kind'];
  ownerSectionId: string;
  custodian: string | null;
  segment: AssetsTable['segment'];
  hosting: AssetsTable['hosting'];
  location: string | null;
  cloudServiceId: string | null;
  related: string[];
  residentData: number;
  myNumber: number;
  specialCare: number;
  recordCount: number | null;
  retention: string | null;
  backupNote: string | null;
  status: AssetsTable['status'];
  /** Null when the row leaves the classification as it is (all three levels blank). */
  cls: { schemeEdition: string; confidentiality: string; integrity: string; availability: string; reason: string | null } | null;
}

const LIMITS: Partial<Record<ColumnKey, number>> = {
  code: 50,
  name: 200,
  description: 2000,
  custodian: 200,
  location: 200,
  cloudServiceId: 64,
  retention: 50,
  backupNote: 1000,
  reason: 1000,
};

const REGISTER_FIELDS = [
  'name',
  'description',
  'kind',
  'ownerSectionId',
  'custodian',
  'segment',
  'hosting',
  'location',
  'cloudServiceId',
  'residentData',
  'myNumber',
  'specialCare',
  'recordCount',
  'retention',
  'backupNote',
  'status',
] as const;

/** Kept here for callers of the asset module; the platform's reader now names the position for every import. */
export { locateEncodingError } from '../../platform/tabular';

/** Let a pending 'client closed' event arrive, then stop if it did. */
async function stillWanted(signal: AbortSignal): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  throwIfAborted(signal);
}

async function readRegisterTable(buf: Buffer, filename: string, encoding?: TextEncoding, signal?: AbortSignal): Promise<Table> {
  // A file in neither encoding is refused by the platform's decoder, naming the row and column.
  return readTableFast(buf, filename, { encoding, signal });
}

function tooManyErrors(errors: FieldError[], total: number): AppError {
  return new AppError(
    400,
    'import_invalid',
    {
      ja: `${total}件の誤りがあるため、何も取り込んでいません。${total > errors.length ? `（先頭の${errors.length}件を表示）` : ''}`,
      en: `Nothing was imported: ${total} error(s).${total > errors.length ? ` (showing the first ${errors.length})` : ''}`,
    },
    errors,
    { errorCount: total },
  );
}

export async function importRegister(deps: AppDeps, ctx: Ctx, buf: Buffer, filename: string, opts: ImportOptions): Promise<ImportResult> {
  const { db } = deps;
  const importSections = await scopeSections(db, ctx, 'asset.import');
  const classifyGrant = grantFor(ctx.actor, 'asset.classify');
  const classifySections = classifyGrant ? await scopeSections(db, ctx, 'asset.classify') : [];
  const catalog = catalogOf(deps);
  const currentEdition = catalog.current().id;

  const table = await readRegisterTable(buf, filename, opts.encoding, opts.signal);
  throwIfAborted(opts.signal);
  const cols = mapColumns(table, IMPORT_COLUMNS);
  if (table.rows.length === 0) throw new AppError(400, 'import_empty', { ja: 'ファイルにデータ行がありません。', en: 'The file has no data rows.' });

  const units = await db.selectFrom('orgUnits').select(['id', 'code', 'kind', 'status']).where('tenantId', '=', ctx.tenantId).execute();
  // External services an asset may name (null when the vendors module is not running).
  const vendors = vendorsOf(deps);
  const serviceIds = vendors ? new Set((await vendors.services(db, ctx.tenantId)).map((s) => s.id)) : null;
  const sectionByCode = new Map(units.filter((u) => u.kind === 'section' && u.status === 'active').map((u) => [u.code, u.id]));
  const existing = new Map<string, AssetsTable>();
  for (const r of await db.selectFrom('assets').selectAll().where('tenantId', '=', ctx.tenantId).execute()) existing.set(r.code, r);
  const existingRel = new Map<string, string[]>();
  if (existing.size) {
    const rel = await db
      .selectFrom('assetRelations as l')
      .innerJoin('assets as s', (j) => j.onRef('s.tenantId', '=', 'l.tenantId').onRef('s.id', '=', 'l.relatedId'))
      .select(['l.assetId', 's.code'])
      .where('l.tenantId', '=', ctx.tenantId)
      .execute();
    for (const r of rel) existingRel.set(r.assetId, [...(existingRel.get(r.assetId) ?? []), r.code]);
  }

  const maxErrors = opts.maxErrors ?? 1000;
  const errors: FieldError[] = [];
  let errorCount = 0;
  const headerOf = (k: ColumnKey) => IMPORT_COLUMNS.find((c) => c.key === k)?.headers[0] ?? k;
  // "C（種別）" for a column in the file; just the header for one the file lacks.
  const where = (k: ColumnKey) => (cols.letter(k) === k ? headerOf(k) : `${cols.letter(k)}（${headerOf(k)}）`);
  const addError = (row: number, key: ColumnKey, code: string, message: Bilingual) => {
    errorCount++;
    if (errors.length < maxErrors) errors.push({ row, column: where(key), field: key, code, message });
  };

  const views = new Map<string, SchemeView | undefined>();
  const viewOf = (edition: string) => {
    if (!views.has(edition)) views.set(edition, schemeOf(catalog, edition));
    return views.get(edition);
  };

  // Cells repeat the same few words (kinds, segments, はい/いいえ, levels): read each once.
  const memo = <T>(fn: (s: string) => T) => {
    const cache = new Map<string, T>();
    return (s: string): T => {
      let v = cache.get(s);
      if (v === undefined && !cache.has(s)) {
        v = fn(s);
        if (cache.size < 10_000) cache.set(s, v);
      }
      return v as T;
    };
  };
  const kindOf = memo((s) => lookup(KIND_WORDS, s));
  const enumOf = { segment: memo((s) => lookup(SEGMENT_WORDS, s)), hosting: memo((s) => lookup(HOSTING_WORDS, s)), status: memo((s) => lookup(STATUS_WORDS, s)) };
  const flagOf = memo(parseFlag);
  const levelOf = memo(normaliseLevel);

  const parsed: ParsedRow[] = [];
  const seen = new Map<string, number>();
  // Kinds of every row that names one, valid or not, so related-system errors point at the real cause.
  const fileKinds = new Map<string, AssetsTable['kind']>();
  let checked = 0;
  // Helpers for the row being checked (defined once: the loop runs for every row of the file).
  let cur: TableRow = table.rows[0];
  const get = (k: ColumnKey) => {
    const v = cols.get(cur, k);
    // Only a leading apostrophe can be a neutralised formula.
    return v.charCodeAt(0) === 0x27 ? restoreNeutralised(v) : v;
  };
  const text = (k: ColumnKey): string | null => {
    const v = get(k);
    const max = LIMITS[k];
    if (max !== undefined && v.length > max) addError(cur.row, k, 'too_long', { ja: `${max}文字以内にしてください（${v.length}文字）。`, en: `At most ${max} characters (has ${v.length}).` });
    return v === '' ? null : v;
  };
  const enumCell = <T extends string>(k: ColumnKey, read: (s: string) => T | undefined, label: Bilingual): T | null => {
    const v = get(k);
    if (!v) return null;
    const id = read(v);
    if (!id) addError(cur.row, k, `unknown_${k}`, { ja: `${label.ja}「${v}」は使えません。一覧から選んでください。`, en: `Unknown ${label.en} "${v}".` });
    return id ?? null;
  };
  const flagCell = (k: ColumnKey): number => {
    const v = get(k);
    const b = flagOf(v);
    if (b === undefined) addError(cur.row, k, 'invalid_flag', { ja: `「${v}」は「はい」か「いいえ」で入力してください。`, en: `"${v}" must be yes or no.` });
    return flag(b);
  };
  const editionOf = memo((s) => s.normalize('NFKC').trim());
  const SEGMENT_LABEL = { ja: '配置セグメント', en: 'segment' };
  const HOSTING_LABEL = { ja: '設置形態', en: 'hosting' };
  const STATUS_LABEL = { ja: '状態', en: 'status' };
  const AXES: Axis[] = ['c', 'i', 'a'];
  const NONE: string[] = [];
  for (const r of table.rows) {
    cur = r;
    if (++checked % 5000 === 0) {
      opts.onProgress?.('check', checked, table.rows.length);
      if (opts.signal) await stillWanted(opts.signal);
    }
    const before = errorCount;
    const code = text('code') ?? '';
    if (!code) addError(r.row, 'code', 'required', { ja: '資産コードを入力してください。', en: 'The asset code is required.' });
    else if (!isCodeText(code)) addError(r.row, 'code', 'invalid_code', { ja: '資産コードに空白や制御文字は使えません。', en: 'An asset code cannot contain spaces or control characters.' });
    else if (seen.has(code)) addError(r.row, 'code', 'duplicate_code', { ja: `資産コード「${code}」が${seen.get(code)}行目と重複しています。`, en: `Asset code "${code}" repeats row ${seen.get(code)}.` });
    else seen.set(code, r.row);
    const name = text('name') ?? '';
    if (!name) addError(r.row, 'name', 'required', { ja: '名称を入力してください。', en: 'The name is required.' });

    const kindText = get('kind');
    const kind = kindOf(kindText);
    if (code && kind && !fileKinds.has(code)) fileKinds.set(code, kind);
    if (!kindText) addError(r.row, 'kind', 'required', { ja: '種別を入力してください。', en: 'The kind is required.' });
    else if (!kind) addError(r.row, 'kind', 'unknown_kind', { ja: `種別「${kindText}」は使えません。一覧から選んでください。`, en: `Unknown kind "${kindText}".` });

    const cloudServiceId = text('cloudServiceId');
    if (cloudServiceId && serviceIds && !serviceIds.has(cloudServiceId) && existing.get(code)?.cloudServiceId !== cloudServiceId) {
      addError(r.row, 'cloudServiceId', 'cloud_service_unknown', { ja: `外部サービスID「${cloudServiceId}」は外部サービス台帳にありません。`, en: `External service id "${cloudServiceId}" is not in the external-service register.` });
    }

    const sectionCode = get('ownerSection');
    const sectionId = sectionCode ? sectionByCode.get(sectionCode) : undefined;
    if (!sectionCode) addError(r.row, 'ownerSection', 'owner_required', { ja: '所管課室コードを入力してください（所管課室のない資産は登録できません）。', en: 'The owner section code is required.' });
    else if (!sectionId) addError(r.row, 'ownerSection', 'section_unknown', { ja: `課室コード「${sectionCode}」の課室はありません。`, en: `No section has code "${sectionCode}".` });
    else if (!inScope(importSections, sectionId)) addError(r.row, 'ownerSection', 'section_out_of_scope', { ja: `課室「${sectionCode}」の情報資産を取り込む権限がありません。`, en: `You may not import assets of section "${sectionCode}".` });

    const segment = enumCell('segment', enumOf.segment, SEGMENT_LABEL);
    const hosting = enumCell('hosting', enumOf.hosting, HOSTING_LABEL);
    const status = enumCell('status', enumOf.status, STATUS_LABEL) ?? 'active';

    const residentData = flagCell('residentData');
    const myNumber = flagCell('myNumber');
    const specialCare = flagCell('specialCare');

    let recordCount: number | null = null;
    const rcText = get('recordCount');
    const rc = rcText === '' ? '' : /^\d{1,13}$/.test(rcText) ? rcText : rcText.normalize('NFKC').replace(/[,\s件]/g, '');
    if (rc) {
      if (!/^\d{1,13}$/.test(rc)) addError(r.row, 'recordCount', 'invalid_number', { ja: `件数「${get('recordCount')}」は0以上の整数で入力してください。`, en: `Record count "${get('recordCount')}" must be a whole number.` });
      else recordCount = Number(rc);
    }

    const relText = get('related');
    const related = relText === '' ? NONE : relText.split(/[;；、,，\n]/).map((x) => x.trim()).filter(Boolean);

    let cls: ParsedRow['cls'] = null;
    const levels: Record<Axis, string> = { c: levelOf(get('confidentiality')), i: levelOf(get('integrity')), a: levelOf(get('availability')) };
    const editionText = editionOf(get('schemeEdition'));
    const reason = text('reason');
    if (levels.c || levels.i || levels.a) {
      const edition = editionText || currentEdition;
      const view = viewOf(edition);
      if (!view) addError(r.row, 'schemeEdition', 'edition_unknown', { ja: `カタログに版「${edition}」はありません。`, en: `The catalog has no edition "${edition}".` });
      let ok = view !== undefined;
      for (const axis of AXES) {
        const key = AXIS_FIELDS[axis];
        if (!levels[axis]) {
          ok = false;
          addError(r.row, key, 'level_required', { ja: `${AXIS_NAMES[axis].ja}も入力してください（機密性・完全性・可用性はそろえて指定します）。`, en: `Give ${AXIS_NAMES[axis].en.toLowerCase()} too: the three levels go together.` });
        } else if (view) {
          const p = levelProblem(view, axis, levels[axis]);
          if (p) {
            ok = false;
            addError(r.row, key, p.code, p.message);
          }
        }
      }
      if (ok && view) cls = { schemeEdition: view.edition.id, confidentiality: levels.c, integrity: levels.i, availability: levels.a, reason };
    } else if (editionText && !viewOf(editionText)) {
      addError(r.row, 'schemeEdition', 'edition_unknown', { ja: `カタログに版「${editionText}」はありません。`, en: `The catalog has no edition "${editionText}".` });
    }

    const row: ParsedRow = {
      row: r.row,
      code,
      name,
      description: text('description'),
      kind: kind ?? 'dataset',
      ownerSectionId: sectionId ?? '',
      custodian: text('custodian'),
      segment,
      hosting,
      location: text('location'),
      cloudServiceId,
      related,
      residentData,
      myNumber,
      specialCare,
      recordCount,
      retention: text('retention'),
      backupNote: text('backupNote'),
      status,
      cls,
    };
    if (errorCount === before) parsed.push(row);
  }

  opts.onProgress?.('check', table.rows.length, table.rows.length);
  // The file's rows are not needed any more: let them go before the write builds its own.
  const { format, encoding } = table;
  table.rows = [];
  cur = { row: 0, values: {} };
  // Related systems: codes of systems in the register or in this file.
  for (const r of parsed) {
    for (const c of r.related) {
      const kind = fileKinds.get(c) ?? existing.get(c)?.kind;
      if (c === r.code) addError(r.row, 'related', 'related_self', { ja: '自分自身を関連システムにはできません。', en: 'An asset cannot be related to itself.' });
      else if (!kind) addError(r.row, 'related', 'related_unknown', { ja: `関連システム「${c}」は台帳にもファイルにもありません。`, en: `Related system "${c}" is neither in the register nor in the file.` });
      else if (kind !== 'system') addError(r.row, 'related', 'related_not_system', { ja: `「${c}」は情報システムではありません。`, en: `"${c}" is not an information system.` });
    }
  }

  // What each row would do, and whether the actor may do it.
  const plan: Array<{ r: ParsedRow; action: RowAction; before?: AssetsTable; changes: string[]; reclassify: boolean; relChanged: boolean }> = [];
  for (const r of parsed) {
    const before = existing.get(r.code);
    if (before && !inScope(importSections, before.ownerSectionId)) {
      addError(r.row, 'code', 'asset_out_of_scope', { ja: `資産コード「${r.code}」は、変更できない課室の資産に使われています。`, en: `Asset code "${r.code}" belongs to an asset you cannot change.` });
      continue;
    }
    const changes: string[] = [];
    let reclassify = false;
    let relChanged = false;
    if (before) {
      for (const f of REGISTER_FIELDS) {
        const b = before[f] === null ? null : f === 'recordCount' ? Number(before[f]) : before[f];
        if (b !== r[f]) changes.push(f);
      }
      const prevRel = [...(existingRel.get(before.id) ?? [])].sort().join('\n');
      relChanged = prevRel !== [...new Set(r.related)].sort().join('\n');
      if (relChanged) changes.push('related');
      if (r.cls) {
        const sameLevels =
          before.schemeEdition === r.cls.schemeEdition && before.confidentiality === r.cls.confidentiality && before.integrity === r.cls.integrity && before.availability === r.cls.availability;
        const sameReason = r.cls.reason === null || r.cls.reason === before.classificationReason;
        reclassify = !(sameLevels && sameReason);
      }
    } else {
      reclassify = r.cls !== null;
    }
    if (reclassify) {
      changes.push('classification');
      if (!inScope(classifySections, r.ownerSectionId)) {
        addError(r.row, 'confidentiality', 'classify_not_allowed', { ja: 'この課室の情報資産を分類する権限がありません。', en: 'You may not classify assets of this section.' });
        continue;
      }
    }
    plan.push({ r, action: before ? (changes.length ? 'update' : 'unchanged') : 'create', before, changes, reclassify, relChanged });
  }

  if (errorCount) {
    errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    throw tooManyErrors(errors, errorCount);
  }

  const defaultReason = `一括取込み（${filename || 'ファイル'}）による分類`;
  const result: ImportResult = {
    dryRun: opts.dryRun,
    format,
    encoding: encoding ?? null,
    rows: plan.length,
    created: plan.filter((p) => p.action === 'create').length,
    updated: plan.filter((p) => p.action === 'update').length,
    unchanged: plan.filter((p) => p.action === 'unchanged').length,
    reclassified: plan.filter((p) => p.reclassify).length,
    preview: plan.slice(0, 100).map((p) => ({ row: p.r.row, code: p.r.code, name: p.r.name, action: p.action, changes: p.changes })),
  };

  if (opts.signal) await stillWanted(opts.signal);
  await inTransactionMaybeDry(
    db,
    async (trx) => {
      const at = nowIso();
      const ids = new Map<string, string>();
      const fresh = idSource(plan.length);
      for (const p of plan) ids.set(p.r.code, p.before?.id ?? fresh());
      for (const [code, a] of existing) if (!ids.has(code)) ids.set(code, a.id);
      const toRow = (p: (typeof plan)[number]): AssetsTable => {
        const r = p.r;
        const b = p.before;
        const c = p.reclassify && r.cls ? r.cls : null;
        return {
          tenantId: ctx.tenantId,
          id: ids.get(r.code) as string,
          code: r.code,
          name: r.name,
          description: r.description,
          kind: r.kind,
          ownerSectionId: r.ownerSectionId,
          custodian: r.custodian,
          segment: r.segment,
          hosting: r.hosting,
          location: r.location,
          cloudServiceId: r.cloudServiceId,
          residentData: r.residentData,
          myNumber: r.myNumber,
          specialCare: r.specialCare,
          recordCount: r.recordCount,
          retention: r.retention,
          backupNote: r.backupNote,
          confidentiality: c ? c.confidentiality : (b?.confidentiality ?? null),
          integrity: c ? c.integrity : (b?.integrity ?? null),
          availability: c ? c.availability : (b?.availability ?? null),
          cRank: sortRank(c ? c.confidentiality : (b?.confidentiality ?? null)),
          schemeEdition: c ? c.schemeEdition : (b?.schemeEdition ?? null),
          classifiedAt: c ? at : (b?.classifiedAt ?? null),
          classifiedBy: c ? ctx.audit.actorId : (b?.classifiedBy ?? null),
          classifiedByLabel: c ? ctx.audit.actorLabel : (b?.classifiedByLabel ?? null),
          classificationReason: c ? (c.reason ?? defaultReason) : (b?.classificationReason ?? null),
          status: r.status,
          createdAt: b?.createdAt ?? at,
          updatedAt: at,
        };
      };
      const creates = plan.filter((p) => p.action === 'create');
      const updates = plan.filter((p) => p.action === 'update');
      const rels = plan.filter((p) => (p.action === 'create' && p.r.related.length) || p.relChanged);
      const total = creates.length + updates.length;
      const history = updates.filter((p) => p.reclassify && p.before?.classifiedAt).map((p) => historyOf(p.before as AssetsTable, at));
      if (deps.handle.sqlite) {
        await writeSqlite(deps.handle.sqlite, ctx.tenantId, lazy(creates, toRow), lazy(updates, toRow), history, rels.map((p) => ({ id: ids.get(p.r.code) as string, related: [...new Set(p.r.related)].map((c) => ids.get(c) as string), replace: p.action === 'update' })), opts.onProgress, total);
      } else {
        await writeKysely(trx, deps.handle.kind, ctx.tenantId, creates.map(toRow), updates.map(toRow), history, rels.map((p) => ({ id: ids.get(p.r.code) as string, related: [...new Set(p.r.related)].map((c) => ids.get(c) as string), replace: p.action === 'update' })), opts.onProgress, total);
      }
      // The client gone while writing: throwing here rolls the whole import back.
      if (opts.signal) await stillWanted(opts.signal);
      await appendAudit(trx, ctx.audit, {
        action: 'asset.import',
        targetType: 'asset',
        changes: {
          file: filename,
          format: result.format,
          encoding: result.encoding,
          rows: result.rows,
          created: result.created,
          updated: result.updated,
          unchanged: result.unchanged,
          reclassified: result.reclassified,
          codes: plan.filter((p) => p.action !== 'unchanged').slice(0, 200).map((p) => p.r.code),
        },
      });
    },
    opts.dryRun,
  );
  return result;
}

/**
 * UUIDv7 ids for a batch, from one block of random bytes: the same format and ordering as newId(),
 * without asking the system for randomness once per row.
 */
export function idSource(n: number): () => string {
  const pool = randomFillSync(Buffer.alloc(Math.max(1, n) * 16));
  const msecs = Date.now();
  let seq = pool.readUInt32BE(0) & 0x3fffffff;
  let k = 0;
  return () => {
    if (k >= n) return newId();
    const random = pool.subarray(k * 16, k * 16 + 16);
    k++;
    return v7({ random, msecs, seq: seq++ });
  };
}

function historyOf(before: AssetsTable, at: string) {
  return {
    tenantId: before.tenantId,
    id: newId(),
    assetId: before.id,
    schemeEdition: before.schemeEdition,
    confidentiality: before.confidentiality,
    integrity: before.integrity,
    availability: before.availability,
    classifiedAt: before.classifiedAt,
    classifiedBy: before.classifiedBy,
    classifiedByLabel: before.classifiedByLabel,
    classificationReason: before.classificationReason,
    supersededAt: at,
  };
}

type HistoryRow = ReturnType<typeof historyOf>;
type RelationWrite = { id: string; related: string[]; replace: boolean };

/** Columns of the assets table in insert order (camelCase key, snake_case column). */
export const ASSET_COLUMNS: Array<[keyof AssetsTable, string]> = [
  ['tenantId', 'tenant_id'],
  ['id', 'id'],
  ['code', 'code'],
  ['name', 'name'],
  ['description', 'description'],
  ['kind', 'kind'],
  ['ownerSectionId', 'owner_section_id'],
  ['custodian', 'custodian'],
  ['segment', 'segment'],
  ['hosting', 'hosting'],
  ['location', 'location'],
  ['cloudServiceId', 'cloud_service_id'],
  ['residentData', 'resident_data'],
  ['myNumber', 'my_number'],
  ['specialCare', 'special_care'],
  ['recordCount', 'record_count'],
  ['retention', 'retention'],
  ['backupNote', 'backup_note'],
  ['confidentiality', 'confidentiality'],
  ['integrity', 'integrity'],
  ['availability', 'availability'],
  ['cRank', 'c_rank'],
  ['schemeEdition', 'scheme_edition'],
  ['classifiedAt', 'classified_at'],
  ['classifiedBy', 'classified_by'],
  ['classifiedByLabel', 'classified_by_label'],
  ['classificationReason', 'classification_reason'],
  ['status', 'status'],
  ['createdAt', 'created_at'],
  ['updatedAt', 'updated_at'],
];

/** The values of a row in ASSET_COLUMNS order, written out (the import binds 100,000 of them). */
export function assetParams(r: AssetsTable): unknown[] {
  return [
    r.tenantId,
    r.id,
    r.code,
    r.name,
    r.description,
    r.kind,
    r.ownerSectionId,
    r.custodian,
    r.segment,
    r.hosting,
    r.location,
    r.cloudServiceId,
    r.residentData,
    r.myNumber,
    r.specialCare,
    r.recordCount,
    r.retention,
    r.backupNote,
    r.confidentiality,
    r.integrity,
    r.availability,
    r.cRank,
    r.schemeEdition,
    r.classifiedAt,
    r.classifiedBy,
    r.classifiedByLabel,
    r.classificationReason,
    r.status,
    r.createdAt,
    r.updatedAt,
  ];
}

export const INSERT_ASSET_SQL = `insert into assets (${ASSET_COLUMNS.map((c) => c[1]).join(', ')}) values (${ASSET_COLUMNS.map(() => '?').join(', ')})`;
const UPDATABLE = ASSET_COLUMNS.filter(([k]) => !['tenantId', 'id', 'createdAt'].includes(k));
const UPDATE_ASSET_SQL = `update assets set ${UPDATABLE.map((c) => `${c[1]} = ?`).join(', ')} where tenant_id = ? and id = ?`;
const HISTORY_COLUMNS: Array<[keyof HistoryRow, string]> = [
  ['tenantId', 'tenant_id'],
  ['id', 'id'],
  ['assetId', 'asset_id'],
  ['schemeEdition', 'scheme_edition'],
  ['confidentiality', 'confidentiality'],
  ['integrity', 'integrity'],
  ['availability', 'availability'],
  ['classifiedAt', 'classified_at'],
  ['classifiedBy', 'classified_by'],
  ['classifiedByLabel', 'classified_by_label'],
  ['classificationReason', 'classification_reason'],
  ['supersededAt', 'superseded_at'],
];
const INSERT_HISTORY_SQL = `insert into asset_class_history (${HISTORY_COLUMNS.map((c) => c[1]).join(', ')}) values (${HISTORY_COLUMNS.map(() => '?').join(', ')})`;

/** Rows built one at a time as the writer asks for them (100,000 at once would sit in memory). */
function* lazy<T, R>(items: T[], make: (item: T) => R): Generator<R> {
  for (const item of items) yield make(item);
}

const yieldNow = () => new Promise((res) => setImmediate(res));
const BATCH = 5000;

type Sqlite = NonNullable<AppDeps['handle']['sqlite']>;

/** SQLite: prepared statements on the raw connection, inside the transaction the caller opened. */
async function writeSqlite(sqlite: Sqlite, tenantId: string, creates: Iterable<AssetsTable>, updates: Iterable<AssetsTable>, history: HistoryRow[], rels: RelationWrite[], onProgress: ImportOptions['onProgress'], total: number) {
  const ins = sqlite.prepare(INSERT_ASSET_SQL);
  const upd = sqlite.prepare(UPDATE_ASSET_SQL);
  const hist = sqlite.prepare(INSERT_HISTORY_SQL);
  const delRel = sqlite.prepare('delete from asset_relations where tenant_id = ? and asset_id = ?');
  const insRel = sqlite.prepare('insert into asset_relations (tenant_id, asset_id, related_id) values (?, ?, ?)');
  let done = 0;
  for (const h of history) hist.run(HISTORY_COLUMNS.map(([k]) => h[k]));
  for (const r of creates) {
    ins.run(assetParams(r));
    if (++done % BATCH === 0) {
      onProgress?.('write', done, total);
      await yieldNow();
    }
  }
  for (const r of updates) {
    upd.run([...UPDATABLE.map(([k]) => r[k]), tenantId, r.id]);
    if (++done % BATCH === 0) {
      onProgress?.('write', done, total);
      await yieldNow();
    }
  }
  for (const rel of rels) {
    if (rel.replace) delRel.run(tenantId, rel.id);
    for (const relatedId of rel.related) insRel.run(tenantId, rel.id, relatedId);
  }
  onProgress?.('write', total, total);
}

/** PostgreSQL (and any other dialect): multi-row inserts through Kysely. */
async function writeKysely(trx: Db, kind: DbKind, tenantId: string, creates: AssetsTable[], updates: AssetsTable[], history: HistoryRow[], rels: RelationWrite[], onProgress: ImportOptions['onProgress'], total: number) {
  let done = 0;
  for (const chunk of chunkRows(history, HISTORY_COLUMNS.length)) await trx.insertInto('assetClassHistory').values(chunk).execute();
  for (const chunk of chunkRows(creates, ASSET_COLUMNS.length)) {
    await trx.insertInto('assets').values(chunk).execute();
    done += chunk.length;
    onProgress?.('write', done, total);
  }
  for (const r of updates) {
    const { tenantId: _t, id, createdAt: _c, ...set } = r;
    await trx.updateTable('assets').set(set).where('tenantId', '=', tenantId).where('id', '=', id).execute();
    done++;
    if (done % BATCH === 0) onProgress?.('write', done, total);
  }
  // The relations below reference the new assets.
  await refreshStatisticsAfterBulkInsert(trx, kind, 'assets', creates.length);
  const replaced = rels.filter((r) => r.replace).map((r) => r.id);
  for (let i = 0; i < replaced.length; i += 1000) {
    await trx.deleteFrom('assetRelations').where('tenantId', '=', tenantId).where('assetId', 'in', replaced.slice(i, i + 1000)).execute();
  }
  const links = rels.flatMap((r) => r.related.map((relatedId) => ({ tenantId, assetId: r.id, relatedId })));
  for (const chunk of chunkRows(links, 3)) await trx.insertInto('assetRelations').values(chunk).execute();
  onProgress?.('write', total, total);
}

