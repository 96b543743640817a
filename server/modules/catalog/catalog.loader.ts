import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LineCounter, parseDocument } from 'yaml';
import { lazyRequire } from '../../platform/lazy';

const yaml = lazyRequire<typeof import('yaml')>('yaml');
import type { z } from 'zod';
import {
  type AuditItem,
  type Axis,
  CATALOG_PARTS,
  type CatalogNode,
  type CatalogPart,
  type ClassificationLevel,
  type ClassificationScheme,
  type ControlRef,
  type FrameworkProvision,
  type EditionMeta,
  type HandlingRule,
  type Mapping,
  type MappingFramework,
  type MappingRelation,
  type Provenance,
  partOfId,
} from '@shared/catalog';
import { ROLE_IDS } from '@shared/permissions';
import { AppError, type Bilingual, type FieldError, zodToFieldErrors } from '../../platform/errors';
import {
  type AuditChangeSchema,
  AuditFileSchema,
  ClassificationFileSchema,
  DeltaFileSchema,
  EditionsFileSchema,
  FrameworkFileSchema,
  type NodeChangeSchema,
  NodeFileSchema,
  type RawAuditItem,
  type RawEdition,
  type RawNode,
} from './catalog.schema';

/**
 * Reads the catalog directory (docs/catalog.md), validates every file and every cross-reference,
 * and materialises each edition from the base edition plus the deltas. Any problem stops the load
 * with a CatalogInvalidError that names the file, the record id and, where possible, the line.
 */

// ---- problems ------------------------------------------------------------------------------

export interface CatalogProblem {
  /** Path relative to the catalog directory. */
  file: string;
  /** The record the problem is about (node, audit item, edition, control). */
  id?: string;
  line?: number;
  col?: number;
  code: string;
  message: Bilingual;
  /** Editions in which the problem shows (reference problems are checked per edition). */
  editions?: string[];
}

function where(p: CatalogProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}${p.id ? ` ${p.id}` : ''}${p.editions?.length ? ` [${p.editions.join(', ')}]` : ''}`;
}

export class CatalogInvalidError extends AppError {
  constructor(
    readonly problems: CatalogProblem[],
    readonly dir: string,
  ) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (+${problems.length - 1})` : '';
    super(
      500,
      'catalog_invalid',
      {
        ja: `ガイドラインカタログに誤りがあります（${problems.length}件）: ${where(first)} — ${first.message.ja}`,
        en: `The guideline catalog is invalid (${problems.length} problem(s)): ${where(first)} — ${first.message.en}`,
      },
      problems.map(
        (p): FieldError => ({ file: p.file, line: p.line, col: p.col, field: p.id, code: p.code, message: p.message }),
      ),
      { dir },
    );
    this.name = 'CatalogInvalidError';
    // One line for logs and for the server's refusal to start.
    this.message = `ガイドラインカタログが不正です / invalid guideline catalog (${dir}): ${where(first)}: ${first.message.ja} / ${first.message.en}${more}`;
  }
}

// ---- result --------------------------------------------------------------------------------

export interface ControlLink {
  nodeId: string;
  framework: MappingFramework;
  relation: MappingRelation;
  basis: NonNullable<Mapping['basis']>;
}

export interface MaterialisedEdition {
  meta: EditionMeta;
  /** Guideline order: 第1編, 基本方針, 対策基準, 第4編; each in document order. */
  nodes: CatalogNode[];
  byId: Map<string, CatalogNode>;
  auditItems: AuditItem[];
  auditById: Map<string, AuditItem>;
  auditByNode: Map<string, AuditItem[]>;
  /** control id → the nodes mapping to it (the reverse crosswalk). */
  byControl: Map<string, ControlLink[]>;
  /** cloud provisions (and any node) that extend a node. */
  extendedBy: Map<string, string[]>;
  classification: ClassificationScheme;
}

export interface CatalogData {
  dir: string;
  /** sha256 of every file's path and bytes; changes whenever the data changes. */
  contentHash: string;
  editions: MaterialisedEdition[];
  editionById: Map<string, MaterialisedEdition>;
  current: MaterialisedEdition;
  frameworks: Record<MappingFramework, { label: Bilingual; controls: ControlRef[]; provisions: FrameworkProvision[] }>;
  controlById: Map<string, ControlRef>;
  schemes: Map<string, ClassificationScheme>;
  files: string[];
  timing: { readMs: number; parseMs: number; validateMs: number; totalMs: number; parseCache: 'memory' | 'disk' | 'none' };
}

export interface LoadOptions {
  dir: string;
  /** Where parsed YAML may be cached as JSON, keyed by the content hash (e.g. <data dir>/cache). */
  cacheDir?: string;
  /** A read-only cache made at build time (dist/cache), tried after cacheDir. */
  bundledCacheDir?: string;
  /** Skip the in-process memo (tests and benchmarks of the cold path). */
  noMemo?: boolean;
}

// Bump when the parse cache format or the materialisation changes.
const LOADER_VERSION = '1';
const memo = new Map<string, CatalogData>();

export const ANNEX_A_COUNT = 93;
export const CLD_COUNT = 7;
export const ORDINANCE_COUNT = 8;

// ---- reading -------------------------------------------------------------------------------

interface SourceFile {
  rel: string;
  text: string;
}

function listYaml(dir: string, sub: string): string[] {
  const full = path.join(dir, sub);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((f) => (sub ? `${sub}/${f}` : f));
}

function readSources(dir: string): { files: SourceFile[]; hash: string } {
  const rels = [
    ...listYaml(dir, ''),
    ...listYaml(dir, 'frameworks'),
    ...listYaml(dir, 'base'),
    ...listYaml(dir, 'deltas'),
  ];
  const files = rels.map((rel) => ({ rel, text: readFileSync(path.join(dir, rel), 'utf8') }));
  const h = createHash('sha256').update(`shirube-catalog:${LOADER_VERSION}\n`);
  for (const f of files) h.update(`${f.rel}\u0000${f.text}\u0000`);
  return { files, hash: h.digest('hex') };
}

function readCache(cacheDir: string | undefined, hash: string): Record<string, unknown> | null {
  if (!cacheDir) return null;
  try {
    return JSON.parse(readFileSync(path.join(cacheDir, `catalog-${hash.slice(0, 32)}.json`), 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function writeCache(cacheDir: string | undefined, hash: string, docs: Record<string, unknown>): void {
  if (!cacheDir) return;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const name = `catalog-${hash.slice(0, 32)}.json`;
    const tmp = path.join(cacheDir, `${name}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(docs));
    renameSync(tmp, path.join(cacheDir, name));
    for (const f of readdirSync(cacheDir)) {
      if (f.startsWith('catalog-') && f.endsWith('.json') && f !== name) rmSync(path.join(cacheDir, f), { force: true });
    }
  } catch {
    // The cache is an optimisation only; a read-only data directory must not stop the start.
  }
}

// ---- locating problems in the YAML ---------------------------------------------------------

class Locator {
  private docs = new Map<string, { doc: ReturnType<typeof parseDocument>; lc: LineCounter }>();
  constructor(private readonly sources: Map<string, string>) {}

  locate(file: string, p: Array<string | number> | undefined): { line?: number; col?: number } {
    const text = this.sources.get(file);
    if (text === undefined || !p) return {};
    let entry = this.docs.get(file);
    if (!entry) {
      const lc = new (yaml().LineCounter)();
      entry = { doc: yaml().parseDocument(text, { lineCounter: lc }), lc };
      this.docs.set(file, entry);
    }
    for (let n = p.length; n >= 0; n--) {
      const node = entry.doc.getIn(p.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) {
        const pos = entry.lc.linePos(node.range[0]);
        return { line: pos.line, col: pos.col };
      }
    }
    return {};
  }
}

// ---- helpers -------------------------------------------------------------------------------

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
export function circled(n: number): string {
  if (n >= 1 && n <= 20) return CIRCLED[n - 1];
  if (n >= 21 && n <= 35) return String.fromCodePoint(0x3251 + n - 21);
  if (n >= 36 && n <= 50) return String.fromCodePoint(0x32b1 + n - 36);
  return `(${n})`;
}

/** The parent an id implies: KB-6.1.13 → KB-6.1, KB-6 → none, CP-1 → CP, GR-1.2 → GR-1. */
export function impliedParent(id: string): string | null {
  const dot = id.lastIndexOf('.');
  if (dot > 0) return id.slice(0, dot);
  const m = /^(GR|CP)-\d+$/.exec(id);
  if (m) return m[1];
  return null;
}

function lastSegment(id: string): number {
  const m = /(\d+)$/.exec(id);
  return m ? Number(m[1]) : 0;
}

const PART_ORDER: CatalogPart[] = CATALOG_PARTS.map((p) => p.id);

const ALLOWED_PARENT: Record<string, Array<string | null>> = {
  part: [null],
  chapter: [null, 'part'],
  section: ['chapter'],
  item: ['chapter', 'section'],
  subItem: ['item'],
  basicPolicy: [null],
  cloudProvision: ['chapter'],
};

const KIND_PARTS: Record<string, CatalogPart[]> = {
  part: ['general', 'cloud'],
  chapter: ['standards', 'general', 'cloud'],
  section: ['standards', 'general'],
  item: ['standards'],
  subItem: ['standards'],
  basicPolicy: ['basicPolicy'],
  cloudProvision: ['cloud'],
};

/** Items, sub-items and cloud provisions must say which Annex A controls they map to (or why none). */
export const MAPPED_KINDS = new Set(['item', 'subItem', 'cloudProvision']);

function parseMapping(s: string, basis: Mapping['basis']): Mapping {
  const [target, relation] = s.split(' ');
  return { target, relation: relation as MappingRelation, basis };
}

function tr(ja: string, en: string): Bilingual {
  return { ja, en };
}

interface Origin {
  file: string;
  path: Array<string | number>;
}

interface DraftNode extends Omit<CatalogNode, 'number' | 'children' | 'part'> {
  explicitNumber?: string;
  origin: Origin;
}

interface DraftAudit extends AuditItem {
  origin: Origin;
}

interface Defaults {
  confidence?: 'verified' | 'provisional';
  source?: string;
  note?: string;
  since?: string;
}

function provenanceOf(
  raw: { confidence?: 'verified' | 'provisional'; source?: string | null; note?: string | null; since?: string },
  d: Defaults | undefined,
): Provenance | null {
  const confidence = raw.confidence ?? d?.confidence;
  if (!confidence) return null;
  const p: Provenance = { confidence };
  const source = raw.source === null ? undefined : (raw.source ?? d?.source);
  const note = raw.note === null ? undefined : (raw.note ?? d?.note);
  const since = raw.since ?? d?.since;
  if (source) p.source = source;
  if (note) p.note = note;
  if (since) p.since = since;
  return p;
}

// ---- the loader ----------------------------------------------------------------------------

class Problems {
  readonly list: CatalogProblem[] = [];
  private seen = new Map<string, CatalogProblem>();
  constructor(private readonly locator: Locator) {}

  add(origin: Origin | { file: string; path?: Array<string | number> }, code: string, message: Bilingual, id?: string, edition?: string): void {
    const key = `${origin.file}|${id ?? ''}|${code}|${message.en}`;
    const existing = this.seen.get(key);
    if (existing) {
      if (edition && existing.editions && !existing.editions.includes(edition)) existing.editions.push(edition);
      return;
    }
    const p: CatalogProblem = { file: origin.file, id, code, message, ...this.locator.locate(origin.file, origin.path) };
    if (edition) p.editions = [edition];
    this.seen.set(key, p);
    this.list.push(p);
  }

  zod(file: string, error: z.ZodError, data: unknown, prefix: Array<string | number> = []): void {
    const texts = zodToFieldErrors(error);
    error.issues.slice(0, 50).forEach((issue, i) => {
      const p = [...prefix, ...issue.path.map((x) => (typeof x === 'symbol' ? String(x) : x))];
      const id = recordIdAt(data, p);
      const field = p.join('.');
      const m = texts[i].message;
      this.add({ file, path: p }, 'schema', tr(`${field || '(ファイル全体)'}: ${m.ja}`, `${field || '(whole file)'}: ${m.en}`), id);
    });
  }
}

/** The id of the record that a path points into (nodes[3] → its id), for messages. */
function recordIdAt(data: unknown, p: Array<string | number>): string | undefined {
  let cur: unknown = data;
  let found: string | undefined;
  for (const key of p) {
    if (cur === null || typeof cur !== 'object') break;
    cur = (cur as Record<string | number, unknown>)[key];
    if (cur && typeof cur === 'object' && typeof (cur as { id?: unknown }).id === 'string') found = (cur as { id: string }).id;
  }
  return found;
}

export function loadCatalog(opts: LoadOptions): CatalogData {
  const started = performance.now();
  const dir = path.resolve(opts.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CatalogInvalidError(
      [{ file: '.', code: 'catalog_missing', message: tr(`カタログのディレクトリがありません: ${dir}`, `The catalog directory does not exist: ${dir}`) }],
      dir,
    );
  }
  const { files, hash } = readSources(dir);
  const readMs = performance.now() - started;
  const memoKey = `${dir}\u0000${hash}`;
  if (!opts.noMemo) {
    const hit = memo.get(memoKey);
    if (hit) return { ...hit, timing: { readMs, parseMs: 0, validateMs: 0, totalMs: performance.now() - started, parseCache: 'memory' } };
  }

  const sources = new Map(files.map((f) => [f.rel, f.text]));
  const locator = new Locator(sources);
  const problems = new Problems(locator);

  // 1. Parse (or take the parse results from the cache).
  const t1 = performance.now();
  let parseCache: CatalogData['timing']['parseCache'] = 'disk';
  let docs = readCache(opts.cacheDir, hash) ?? readCache(opts.bundledCacheDir, hash);
  if (!docs) {
    parseCache = 'none';
    docs = {};
    for (const f of files) {
      try {
        docs[f.rel] = yaml().parse(f.text, { uniqueKeys: true });
      } catch (e) {
        const ye = e as { linePos?: Array<{ line: number; col: number }>; message?: string };
        const first = String(ye.message ?? e).split('\n')[0];
        problems.list.push({
          file: f.rel,
          line: ye.linePos?.[0]?.line,
          col: ye.linePos?.[0]?.col,
          code: 'yaml_syntax',
          message: tr(`YAMLの書き方に誤りがあります: ${first}`, `YAML syntax error: ${first}`),
        });
      }
    }
    if (problems.list.length === 0) writeCache(opts.cacheDir, hash, docs);
  }
  const parseMs = performance.now() - t1;
  if (problems.list.length) throw new CatalogInvalidError(problems.list, dir);

  // 2. Validate and materialise.
  const t2 = performance.now();
  const result = build(dir, hash, files.map((f) => f.rel), docs, problems);
  const validateMs = performance.now() - t2;
  if (problems.list.length || !result) throw new CatalogInvalidError(problems.list, dir);
  result.timing = { readMs, parseMs, validateMs, totalMs: performance.now() - started, parseCache };
  if (!opts.noMemo) memo.set(memoKey, result);
  return result;
}

function build(
  dir: string,
  hash: string,
  fileList: string[],
  docs: Record<string, unknown>,
  problems: Problems,
): CatalogData | null {
  const has = (rel: string) => Object.hasOwn(docs, rel);
  for (const required of ['editions.yaml', 'classification.yaml']) {
    if (!has(required)) problems.add({ file: required }, 'missing_file', tr(`必須のファイル ${required} がありません。`, `The required file ${required} is missing.`));
  }

  // ---- frameworks ----
  const frameworks = {} as CatalogData['frameworks'];
  const controlById = new Map<string, ControlRef>();
  const controlFile = new Map<string, string>();
  for (const rel of fileList.filter((f) => f.startsWith('frameworks/'))) {
    const r = FrameworkFileSchema.safeParse(docs[rel]);
    if (!r.success) {
      problems.zod(rel, r.error, docs[rel]);
      continue;
    }
    const fw = r.data.framework;
    if (frameworks[fw]) problems.add({ file: rel, path: ['framework'] }, 'duplicate_framework', tr(`枠組み ${fw} が二つのファイルで定義されています。`, `Framework ${fw} is defined in two files.`));
    const controls: ControlRef[] = [];
    r.data.controls.forEach((c, i) => {
      const prov = provenanceOf(c, r.data.defaults);
      if (controlById.has(c.id)) {
        problems.add({ file: rel, path: ['controls', i, 'id'] }, 'duplicate_id', tr(`管理策ID ${c.id} が重複しています（${controlFile.get(c.id)} にもあります）。`, `Duplicate control id ${c.id} (also in ${controlFile.get(c.id)}).`), c.id);
        return;
      }
      const ref: ControlRef = { id: c.id, title: c.title, titleJa: c.titleJa, theme: c.theme, framework: fw };
      if (c.noCounterpart) ref.noCounterpart = c.noCounterpart;
      if (prov) ref.provenance = prov;
      else problems.add({ file: rel, path: ['controls', i] }, 'missing_confidence', tr('確度（confidence）が指定されていません。', 'No confidence given.'), c.id);
      controls.push(ref);
      controlById.set(c.id, ref);
      controlFile.set(c.id, rel);
    });
    const provisions: FrameworkProvision[] = (r.data.provisions ?? []).map((p, i) => {
      for (const [j, area] of p.areas.entries()) {
        if (!r.data.controls.some((c) => c.id === area)) problems.add({ file: rel, path: ['provisions', i, 'areas', j] }, 'dangling_reference', tr(`区分 ${area} はこの枠組みにありません。`, `Area ${area} is not in this framework.`), p.id);
      }
      const prov = provenanceOf(p, r.data.defaults);
      return { id: p.id, kind: p.kind, title: p.title, text: p.text, areas: p.areas, ...(p.existingOn ? { existingOn: p.existingOn } : {}), ...(prov ? { provenance: prov } : {}) };
    });
    frameworks[fw] = { label: r.data.label, controls, provisions };
  }
  const expected: Record<MappingFramework, number> = { annexA: ANNEX_A_COUNT, cld: CLD_COUNT, ordinance: ORDINANCE_COUNT };
  for (const fw of Object.keys(expected) as MappingFramework[]) {
    const n = frameworks[fw]?.controls.length ?? 0;
    if (n !== expected[fw]) {
      problems.add({ file: `frameworks/` }, 'framework_incomplete', tr(`枠組み ${fw} の管理策は ${expected[fw]} 件のはずですが ${n} 件です。`, `Framework ${fw} should have ${expected[fw]} controls but has ${n}.`));
    }
    frameworks[fw] ??= { label: tr(fw, fw), controls: [], provisions: [] };
  }

  // ---- classification schemes ----
  const schemes = new Map<string, ClassificationScheme>();
  if (has('classification.yaml')) {
    const r = ClassificationFileSchema.safeParse(docs['classification.yaml']);
    if (!r.success) problems.zod('classification.yaml', r.error, docs['classification.yaml']);
    else {
      r.data.schemes.forEach((s, si) => {
        const levels = { c: [], i: [], a: [] } as ClassificationScheme['levels'];
        for (const axis of ['c', 'i', 'a'] as Axis[]) {
          const raw = s.levels[axis];
          const ids = new Set<string>();
          const ranks = new Set<number>();
          raw.forEach((lv, li) => {
            const at = { file: 'classification.yaml', path: ['schemes', si, 'levels', axis, li] };
            if (ids.has(lv.id)) problems.add(at, 'duplicate_id', tr(`${s.id} の ${axis} に区分 ${lv.id} が重複しています。`, `Level ${lv.id} appears twice on axis ${axis} of ${s.id}.`), `${s.id}/${axis}.${lv.id}`);
            if (ranks.has(lv.rank)) problems.add(at, 'duplicate_rank', tr(`${s.id} の ${axis} で順位 ${lv.rank} が重複しています。`, `Rank ${lv.rank} appears twice on axis ${axis} of ${s.id}.`), `${s.id}/${axis}.${lv.id}`);
            ids.add(lv.id);
            ranks.add(lv.rank);
            const handling: HandlingRule[] = lv.handling.map((h, hi) => {
              const prov = provenanceOf(h, s.handlingDefaults);
              if (!prov) problems.add({ file: 'classification.yaml', path: ['schemes', si, 'levels', axis, li, 'handling', hi] }, 'missing_confidence', tr('確度（confidence）が指定されていません。', 'No confidence given.'), `${s.id}/${axis}.${lv.id}`);
              return { topic: h.topic, text: h.text, refs: h.refs, provenance: prov ?? { confidence: 'provisional' } };
            });
            const prov = provenanceOf(lv, undefined);
            if (!prov) problems.add(at, 'missing_confidence', tr('確度（confidence）が指定されていません。', 'No confidence given.'), `${s.id}/${axis}.${lv.id}`);
            const level: ClassificationLevel & { includes?: string[] } = {
              axis,
              id: lv.id,
              label: lv.label,
              labelEn: lv.labelEn,
              rank: lv.rank,
              meaning: lv.meaning,
              examples: lv.examples,
              handling,
              disposalFamily: lv.disposalFamily,
              provenance: prov ?? { confidence: 'provisional' },
            };
            if (lv.includes) level.includes = lv.includes;
            levels[axis].push(level);
          });
          // Resolve `includes` (stricter levels carry the rules of the levels they name).
          for (const lv of levels[axis] as Array<ClassificationLevel & { includes?: string[] }>) {
            for (const inc of lv.includes ?? []) {
              const src = levels[axis].find((x) => x.id === inc);
              if (!src) {
                problems.add({ file: 'classification.yaml', path: ['schemes', si, 'levels', axis] }, 'dangling_reference', tr(`区分 ${lv.id} の includes にある ${inc} は ${axis} にありません。`, `Level ${lv.id} includes ${inc}, which is not on axis ${axis}.`), `${s.id}/${axis}.${lv.id}`);
                continue;
              }
              lv.handling = [...lv.handling, ...src.handling.filter((h) => !lv.handling.some((o) => o.topic === h.topic))];
            }
            delete lv.includes;
          }
          levels[axis].sort((a, b) => b.rank - a.rank);
        }
        const scheme: ClassificationScheme = { id: s.id, label: s.label, levels };
        if (s.migratesFrom) {
          const m = s.migratesFrom;
          scheme.migratesFrom = { scheme: m.scheme, map: m.map, ...(m.confidence ? { confidence: m.confidence } : {}), ...(m.source ? { source: m.source } : {}), ...(m.note ? { note: m.note } : {}) };
        }
        if (schemes.has(s.id)) problems.add({ file: 'classification.yaml', path: ['schemes', si, 'id'] }, 'duplicate_id', tr(`分類体系 ${s.id} が重複しています。`, `Scheme ${s.id} is defined twice.`), s.id);
        schemes.set(s.id, scheme);
      });
      // Migration maps must use real levels on both sides.
      r.data.schemes.forEach((s, si) => {
        if (!s.migratesFrom) return;
        const from = schemes.get(s.migratesFrom.scheme);
        const to = schemes.get(s.id);
        for (const [old, news] of Object.entries(s.migratesFrom.map)) {
          const at = { file: 'classification.yaml', path: ['schemes', si, 'migratesFrom', 'map', old] };
          if (from && !from.levels.c.some((l) => l.id === old)) problems.add(at, 'dangling_reference', tr(`移行元の区分 ${old} は ${s.migratesFrom.scheme} にありません。`, `Level ${old} is not in ${s.migratesFrom.scheme}.`), s.id);
          for (const n of news) {
            if (to && !to.levels.c.some((l) => l.id === n)) problems.add(at, 'dangling_reference', tr(`移行先の区分 ${n} は ${s.id} にありません。`, `Level ${n} is not in ${s.id}.`), s.id);
          }
        }
      });
    }
  }

  // ---- editions ----
  let rawEditions: RawEdition[] = [];
  if (has('editions.yaml')) {
    const r = EditionsFileSchema.safeParse(docs['editions.yaml']);
    if (!r.success) problems.zod('editions.yaml', r.error, docs['editions.yaml']);
    else rawEditions = r.data.editions;
  }
  const editionIdx = new Map<string, number>();
  rawEditions.forEach((e, i) => {
    const at = { file: 'editions.yaml', path: ['editions', i] };
    if (editionIdx.has(e.id)) problems.add(at, 'duplicate_id', tr(`版 ${e.id} が重複しています。`, `Edition ${e.id} is listed twice.`), e.id);
    editionIdx.set(e.id, i);
    if (!schemes.has(e.classificationScheme) && schemes.size) problems.add(at, 'dangling_reference', tr(`分類体系 ${e.classificationScheme} は classification.yaml にありません。`, `Scheme ${e.classificationScheme} is not in classification.yaml.`), e.id);
    if (e.base) {
      if (e.basedOn || e.delta) problems.add(at, 'edition_shape', tr('基準版（base）には basedOn と delta を書きません。', 'The base edition has no basedOn or delta.'), e.id);
    } else {
      if (!e.basedOn || !e.delta) problems.add(at, 'edition_shape', tr('基準版以外の版には basedOn と delta が必要です。', 'Every edition other than the base needs basedOn and delta.'), e.id);
      if (e.delta && !has(e.delta)) problems.add({ file: 'editions.yaml', path: ['editions', i, 'delta'] }, 'missing_file', tr(`差分ファイル ${e.delta} がありません。`, `The delta file ${e.delta} does not exist.`), e.id);
    }
  });
  rawEditions.forEach((e, i) => {
    if (e.basedOn && !editionIdx.has(e.basedOn)) problems.add({ file: 'editions.yaml', path: ['editions', i, 'basedOn'] }, 'dangling_reference', tr(`basedOn の版 ${e.basedOn} はありません。`, `basedOn names an unknown edition ${e.basedOn}.`), e.id);
  });
  const bases = rawEditions.filter((e) => e.base);
  const currents = rawEditions.filter((e) => e.current);
  if (rawEditions.length && bases.length !== 1) problems.add({ file: 'editions.yaml', path: ['editions'] }, 'edition_shape', tr(`基準版（base: true）はちょうど1つ必要です（${bases.length}件）。`, `Exactly one edition must be the base (found ${bases.length}).`));
  if (rawEditions.length && currents.length !== 1) problems.add({ file: 'editions.yaml', path: ['editions'] }, 'edition_shape', tr(`現行版（current: true）はちょうど1つ必要です（${currents.length}件）。`, `Exactly one edition must be current (found ${currents.length}).`));

  // ---- base nodes and audit items ----
  const baseDrafts: DraftNode[] = [];
  const baseAudits: DraftAudit[] = [];
  const definedIn = new Map<string, string>();
  for (const rel of fileList.filter((f) => f.startsWith('base/'))) {
    const doc = docs[rel] as Record<string, unknown> | null;
    if (doc && typeof doc === 'object' && 'auditItems' in doc) {
      const r = AuditFileSchema.safeParse(doc);
      if (!r.success) {
        problems.zod(rel, r.error, doc);
        continue;
      }
      r.data.auditItems.forEach((a, i) => {
        const origin = { file: rel, path: ['auditItems', i] };
        if (definedIn.has(a.id)) {
          problems.add(origin, 'duplicate_id', tr(`ID ${a.id} が重複しています（${definedIn.get(a.id)} にもあります）。`, `Duplicate id ${a.id} (also in ${definedIn.get(a.id)}).`), a.id);
          return;
        }
        definedIn.set(a.id, rel);
        const d = toAudit(a, r.data.defaults, origin, problems);
        if (d) baseAudits.push(d);
      });
      continue;
    }
    const r = NodeFileSchema.safeParse(doc);
    if (!r.success) {
      problems.zod(rel, r.error, doc);
      continue;
    }
    r.data.nodes.forEach((n, i) => {
      const origin = { file: rel, path: ['nodes', i] };
      if (definedIn.has(n.id)) {
        problems.add(origin, 'duplicate_id', tr(`ID ${n.id} が重複しています（${definedIn.get(n.id)} にもあります）。`, `Duplicate id ${n.id} (also in ${definedIn.get(n.id)}).`), n.id);
        return;
      }
      definedIn.set(n.id, rel);
      const d = toDraft(n, r.data.defaults, origin, problems);
      if (d) baseDrafts.push(d);
    });
  }
  if (!baseDrafts.length && !problems.list.length) {
    problems.add({ file: 'base/' }, 'missing_file', tr('基準版の項目ファイル（base/*.yaml）がありません。', 'There are no node files for the base edition (base/*.yaml).'));
  }

  // ---- deltas (parsed once) ----
  const deltas = new Map<string, z.infer<typeof DeltaFileSchema>>();
  for (const e of rawEditions) {
    if (!e.delta || !has(e.delta) || deltas.has(e.delta)) continue;
    const r = DeltaFileSchema.safeParse(docs[e.delta]);
    if (!r.success) problems.zod(e.delta, r.error, docs[e.delta]);
    else deltas.set(e.delta, r.data);
  }

  if (problems.list.length || bases.length !== 1) return null;

  // ---- materialise editions, following basedOn from the base ----
  const drafts = new Map<string, { nodes: DraftNode[]; audits: DraftAudit[] }>();
  drafts.set(bases[0].id, { nodes: baseDrafts, audits: baseAudits });
  const pending = rawEditions.filter((e) => !e.base);
  let progress = true;
  while (pending.length && progress) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      const e = pending[i];
      const from = e.basedOn ? drafts.get(e.basedOn) : undefined;
      if (!from) continue;
      const delta = e.delta ? deltas.get(e.delta) : undefined;
      if (!delta || !e.delta) return null;
      drafts.set(e.id, applyDelta(from, delta, e.delta, problems, e.id));
      pending.splice(i, 1);
      i--;
      progress = true;
    }
  }
  for (const e of pending) {
    problems.add({ file: 'editions.yaml', path: ['editions', editionIdx.get(e.id) ?? 0, 'basedOn'] }, 'edition_cycle', tr(`版 ${e.id} の basedOn をたどっても基準版に着きません（循環しています）。`, `Following basedOn from ${e.id} never reaches the base edition (a cycle).`), e.id);
  }
  if (problems.list.length) return null;

  // Chronological order is the order of editions.yaml.
  const editions: MaterialisedEdition[] = rawEditions.map((e, order) => {
    const meta: EditionMeta = {
      id: e.id,
      label: e.label,
      labelEn: e.labelEn,
      publishedOn: e.publishedOn,
      order,
      current: e.current === true,
      summary: e.summary,
      classificationScheme: e.classificationScheme,
      provenance: { confidence: e.confidence, ...(e.source ? { source: e.source } : {}), ...(e.note ? { note: e.note } : {}) },
    };
    if (e.basedOn) meta.basedOn = e.basedOn;
    const d = drafts.get(e.id) as { nodes: DraftNode[]; audits: DraftAudit[] };
    return finalise(meta, d, schemes.get(e.classificationScheme) as ClassificationScheme, controlById, problems);
  });

  // Classification handling refs must exist in every edition that uses the scheme.
  for (const ed of editions) {
    const s = ed.classification;
    for (const axis of ['c', 'i', 'a'] as Axis[]) {
      for (const lv of s.levels[axis]) {
        for (const h of lv.handling) {
          for (const ref of h.refs) {
            if (!ed.byId.has(ref)) {
              problems.add({ file: 'classification.yaml' }, 'dangling_reference', tr(`${s.id} の ${lv.label}（${h.topic}）が参照する ${ref} がありません。`, `${s.id} ${lv.labelEn} (${h.topic}) refers to ${ref}, which does not exist.`), `${s.id}/${axis}.${lv.id}`, ed.meta.id);
            }
          }
        }
      }
    }
  }
  if (problems.list.length) return null;

  const editionById = new Map(editions.map((e) => [e.meta.id, e]));
  return {
    dir,
    contentHash: hash,
    editions,
    editionById,
    current: editions.find((e) => e.meta.current) as MaterialisedEdition,
    frameworks,
    controlById,
    schemes,
    files: fileList,
    timing: { readMs: 0, parseMs: 0, validateMs: 0, totalMs: 0, parseCache: 'none' },
  };
}

function toDraft(n: RawNode, defaults: Defaults | undefined, origin: Origin, problems: Problems): DraftNode | null {
  const prov = provenanceOf(n, defaults);
  if (!prov) {
    problems.add(origin, 'missing_confidence', tr('確度（confidence）が指定されていません（ファイルの defaults にもありません）。', 'No confidence given (neither on the record nor in the file defaults).'), n.id);
    return null;
  }
  const d: DraftNode = {
    id: n.id,
    kind: n.kind,
    parentId: n.parent ?? null,
    title: n.title,
    titleEn: n.titleEn,
    summary: n.summary,
    obligation: n.obligation ?? 'mandatory',
    tags: {
      segments: n.tags?.segments ?? [],
      networkModels: n.tags?.networkModels ?? [],
      cloud: n.tags?.cloud ?? false,
      infoClasses: n.tags?.infoClasses ?? [],
      orgSize: n.tags?.orgSize ?? 'all',
    },
    roles: n.roles ?? [],
    mappings: {
      annexA: (n.annexA ?? []).map((s) => parseMapping(s, 'shirube')),
      cld: (n.cld ?? []).map((s) => parseMapping(s, 'shirube')),
      ordinance: (n.ordinance ?? []).map((s) => parseMapping(s, 'shirube')),
    },
    provenance: prov,
    origin,
  };
  if (n.number) d.explicitNumber = n.number;
  if (n.annexANone) d.annexANone = n.annexANone;
  if (n.extends) d.extends = n.extends;
  if (n.grades) d.grades = n.grades;
  return d;
}

function toAudit(a: RawAuditItem, defaults: Defaults | undefined, origin: Origin, problems: Problems): DraftAudit | null {
  const prov = provenanceOf(a, defaults);
  if (!prov) {
    problems.add(origin, 'missing_confidence', tr('確度（confidence）が指定されていません。', 'No confidence given.'), a.id);
    return null;
  }
  const isShirube = a.id.startsWith('AI-S');
  if (isShirube !== (a.numbering === 'shirube')) {
    problems.add({ file: origin.file, path: [...origin.path, 'numbering'] }, 'audit_numbering', tr('AI-S で始まるIDは numbering: shirube、AI-<No.> は numbering: mic にしてください。', 'Ids starting AI-S need numbering: shirube; AI-<No.> ids need numbering: mic.'), a.id);
  }
  if (Number(/(\d+)$/.exec(a.id)?.[1]) !== a.no) {
    problems.add({ file: origin.file, path: [...origin.path, 'no'] }, 'audit_no_mismatch', tr(`No. ${a.no} がID ${a.id} の番号と一致しません。`, `No. ${a.no} does not match the id ${a.id}.`), a.id);
  }
  if (isShirube && prov.confidence !== 'provisional') {
    problems.add({ file: origin.file, path: [...origin.path, 'confidence'] }, 'audit_numbering', tr('しるべが作成した監査項目（AI-S）は provisional にしてください。', "Shirube's own audit items (AI-S) must be provisional."), a.id);
  }
  return {
    id: a.id,
    no: a.no,
    numbering: a.numbering,
    mandatory: a.mandatory,
    heading: a.heading,
    title: a.title,
    expectation: a.expectation,
    evidenceExamples: a.evidence,
    howToAudit: a.howToAudit,
    exampleRefs: a.exampleRefs,
    nodeIds: a.nodes,
    jisQ27002: a.jisQ27002,
    provenance: prov,
    origin,
  };
}

function cloneDraft(d: DraftNode): DraftNode {
  return { ...d, tags: { ...d.tags }, mappings: { ...d.mappings }, provenance: { ...d.provenance } };
}

function applyDelta(
  from: { nodes: DraftNode[]; audits: DraftAudit[] },
  delta: z.infer<typeof DeltaFileSchema>,
  file: string,
  problems: Problems,
  editionId: string,
): { nodes: DraftNode[]; audits: DraftAudit[] } {
  let nodes = from.nodes.map(cloneDraft);
  let audits = from.audits.map((a) => ({ ...a, provenance: { ...a.provenance } }));

  // Removals take the whole subtree.
  (delta.nodes?.remove ?? []).forEach((id, i) => {
    if (!nodes.some((n) => n.id === id)) {
      problems.add({ file, path: ['nodes', 'remove', i] }, 'unknown_id', tr(`削除する ${id} は元の版にありません。`, `${id} is to be removed but the edition it is based on does not have it.`), id, editionId);
      return;
    }
    const gone = new Set([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const n of nodes) {
        if (!gone.has(n.id) && n.parentId && gone.has(n.parentId)) {
          gone.add(n.id);
          grew = true;
        }
      }
    }
    nodes = nodes.filter((n) => !gone.has(n.id));
  });

  (delta.nodes?.change ?? []).forEach((c, i) => {
    const idx = nodes.findIndex((n) => n.id === c.id);
    const origin = { file, path: ['nodes', 'change', i] };
    if (idx < 0) {
      problems.add(origin, 'unknown_id', tr(`変更する ${c.id} は元の版にありません。`, `${c.id} is to be changed but the edition it is based on does not have it.`), c.id, editionId);
      return;
    }
    const n = cloneDraft(nodes[idx]);
    const s = c.set as z.infer<typeof NodeChangeSchema>['set'];
    if (s.number !== undefined) n.explicitNumber = s.number;
    if (s.title !== undefined) n.title = s.title;
    if (s.titleEn !== undefined) n.titleEn = s.titleEn;
    if (s.summary !== undefined) n.summary = s.summary;
    if (s.obligation !== undefined) n.obligation = s.obligation;
    if (s.tags !== undefined) {
      n.tags = {
        segments: s.tags.segments ?? n.tags.segments,
        networkModels: s.tags.networkModels ?? n.tags.networkModels,
        cloud: s.tags.cloud ?? n.tags.cloud,
        infoClasses: s.tags.infoClasses ?? n.tags.infoClasses,
        orgSize: s.tags.orgSize ?? n.tags.orgSize,
      };
    }
    if (s.roles !== undefined) n.roles = s.roles;
    if (s.annexA !== undefined) n.mappings.annexA = s.annexA.map((x) => parseMapping(x, 'shirube'));
    if (s.cld !== undefined) n.mappings.cld = s.cld.map((x) => parseMapping(x, 'shirube'));
    if (s.ordinance !== undefined) n.mappings.ordinance = s.ordinance.map((x) => parseMapping(x, 'shirube'));
    if (s.annexANone !== undefined) n.annexANone = s.annexANone;
    if (s.extends !== undefined) n.extends = s.extends;
    if (s.grades !== undefined) n.grades = s.grades;
    n.provenance = { confidence: c.confidence, ...(c.source ? { source: c.source } : {}), ...(c.note ? { note: c.note } : {}), ...(n.provenance.since ? { since: n.provenance.since } : {}) };
    n.origin = origin;
    nodes[idx] = n;
  });

  (delta.nodes?.add ?? []).forEach((raw, i) => {
    const origin = { file, path: ['nodes', 'add', i] };
    if (nodes.some((n) => n.id === raw.id)) {
      problems.add(origin, 'duplicate_id', tr(`追加する ${raw.id} は元の版に既にあります。`, `${raw.id} is added but the edition it is based on already has it.`), raw.id, editionId);
      return;
    }
    const d = toDraft(raw, delta.defaults, origin, problems);
    if (!d) return;
    // Insert after the parent's last descendant, so the new node keeps guideline order.
    let at = nodes.length;
    const pIdx = d.parentId ? nodes.findIndex((n) => n.id === d.parentId) : -1;
    if (pIdx >= 0) {
      const inside = new Set([nodes[pIdx].id]);
      at = pIdx + 1;
      while (at < nodes.length && nodes[at].parentId && inside.has(nodes[at].parentId as string)) {
        inside.add(nodes[at].id);
        at++;
      }
    }
    nodes.splice(at, 0, d);
  });

  (delta.auditItems?.remove ?? []).forEach((id, i) => {
    if (!audits.some((a) => a.id === id)) {
      problems.add({ file, path: ['auditItems', 'remove', i] }, 'unknown_id', tr(`削除する監査項目 ${id} は元の版にありません。`, `Audit item ${id} is to be removed but the edition it is based on does not have it.`), id, editionId);
      return;
    }
    audits = audits.filter((a) => a.id !== id);
  });
  (delta.auditItems?.change ?? []).forEach((c, i) => {
    const idx = audits.findIndex((a) => a.id === c.id);
    const origin = { file, path: ['auditItems', 'change', i] };
    if (idx < 0) {
      problems.add(origin, 'unknown_id', tr(`変更する監査項目 ${c.id} は元の版にありません。`, `Audit item ${c.id} is to be changed but the edition it is based on does not have it.`), c.id, editionId);
      return;
    }
    const a = { ...audits[idx] };
    const s = c.set as z.infer<typeof AuditChangeSchema>['set'];
    if (s.no !== undefined) a.no = s.no;
    if (s.numbering !== undefined) a.numbering = s.numbering;
    if (s.mandatory !== undefined) a.mandatory = s.mandatory;
    if (s.heading !== undefined) a.heading = s.heading;
    if (s.title !== undefined) a.title = s.title;
    if (s.expectation !== undefined) a.expectation = s.expectation;
    if (s.evidence !== undefined) a.evidenceExamples = s.evidence;
    if (s.howToAudit !== undefined) a.howToAudit = s.howToAudit;
    if (s.exampleRefs !== undefined) a.exampleRefs = s.exampleRefs;
    if (s.nodes !== undefined) a.nodeIds = s.nodes;
    if (s.jisQ27002 !== undefined) a.jisQ27002 = s.jisQ27002;
    a.provenance = {
      confidence: c.confidence,
      ...((c.source ?? audits[idx].provenance.source) ? { source: c.source ?? audits[idx].provenance.source } : {}),
      ...(c.note ? { note: c.note } : {}),
    };
    a.origin = origin;
    audits[idx] = a;
  });
  (delta.auditItems?.add ?? []).forEach((raw, i) => {
    const origin = { file, path: ['auditItems', 'add', i] };
    if (audits.some((a) => a.id === raw.id)) {
      problems.add(origin, 'duplicate_id', tr(`追加する監査項目 ${raw.id} は元の版に既にあります。`, `Audit item ${raw.id} is added but the edition it is based on already has it.`), raw.id, editionId);
      return;
    }
    const d = toAudit(raw, delta.defaults, origin, problems);
    if (d) audits.push(d);
  });
  return { nodes, audits };
}

function finalise(
  meta: EditionMeta,
  d: { nodes: DraftNode[]; audits: DraftAudit[] },
  scheme: ClassificationScheme,
  controlById: Map<string, ControlRef>,
  problems: Problems,
): MaterialisedEdition {
  const ed = meta.id;
  const draftById = new Map(d.nodes.map((n) => [n.id, n]));
  const classIds = new Set(scheme.levels.c.map((l) => l.id));
  const roleIds = new Set<string>(ROLE_IDS);

  // Numbers, derived from the parent's number unless given.
  const numbers = new Map<string, string>();
  const numberOf = (n: DraftNode, depth = 0): string => {
    const known = numbers.get(n.id);
    if (known !== undefined) return known;
    let num = n.explicitNumber;
    if (num === undefined) {
      const parent = n.parentId ? draftById.get(n.parentId) : undefined;
      const pn = parent && depth < 10 ? numberOf(parent, depth + 1) : '';
      const k = lastSegment(n.id);
      const part = partOfId(n.id);
      switch (n.kind) {
        case 'chapter':
          num = part === 'general' ? `第${k}章` : String(k);
          break;
        case 'section':
          num = part === 'general' ? `${pn} ${k}` : `${pn}.${k}`;
          break;
        case 'item':
          num = parent?.kind === 'section' ? `${pn}(${k})` : `${pn}.(${k})`;
          break;
        case 'subItem':
          num = `${pn}${circled(k)}`;
          break;
        case 'cloudProvision':
          num = `${pn}(${k})`;
          break;
        default:
          num = String(k || n.id);
      }
    }
    numbers.set(n.id, num);
    return num;
  };

  const nodes: CatalogNode[] = [];
  for (const n of d.nodes) {
    const at = (field: string) => ({ file: n.origin.file, path: [...n.origin.path, field] });
    const part = partOfId(n.id) as CatalogPart;
    if (!KIND_PARTS[n.kind].includes(part)) {
      problems.add(at('kind'), 'kind_mismatch', tr(`種類 ${n.kind} はID ${n.id} の編には使えません。`, `Kind ${n.kind} does not fit the part of id ${n.id}.`), n.id, ed);
    }
    const implied = impliedParent(n.id);
    if (n.parentId !== implied) {
      problems.add(
        at('parent'),
        implied === null ? 'parent_mismatch' : n.parentId === null ? 'missing_parent' : 'parent_mismatch',
        implied === null
          ? tr(`${n.id} は最上位の項目なので parent を書きません。`, `${n.id} is a top-level record and takes no parent.`)
          : tr(`${n.id} の parent は ${implied} のはずです（${n.parentId ?? 'なし'}）。`, `The parent of ${n.id} should be ${implied} (got ${n.parentId ?? 'none'}).`),
        n.id,
        ed,
      );
    }
    const parent = n.parentId ? draftById.get(n.parentId) : undefined;
    if (n.parentId && !parent) {
      problems.add(at('parent'), 'dangling_parent', tr(`親 ${n.parentId} がありません。`, `The parent ${n.parentId} does not exist.`), n.id, ed);
    }
    if ((parent || !n.parentId) && !ALLOWED_PARENT[n.kind].includes(parent ? parent.kind : null)) {
      problems.add(at('kind'), 'kind_mismatch', tr(`${n.kind} は ${parent?.kind ?? '最上位'} の下に置けません。`, `A ${n.kind} cannot sit under ${parent?.kind ?? 'the top level'}.`), n.id, ed);
    }
    for (const ext of n.extends ?? []) {
      if (!draftById.has(ext)) problems.add(at('extends'), 'dangling_extends', tr(`extends の ${ext} がありません。`, `extends names ${ext}, which does not exist.`), n.id, ed);
      else if (partOfId(ext) !== 'standards') problems.add(at('extends'), 'dangling_extends', tr(`extends には対策基準の項目（KB-…）を指定してください: ${ext}`, `extends must name control-standard records (KB-…): ${ext}`), n.id, ed);
    }
    for (const fw of ['annexA', 'cld', 'ordinance'] as MappingFramework[]) {
      const seen = new Set<string>();
      for (const m of n.mappings[fw]) {
        const c = controlById.get(m.target);
        if (!c || c.framework !== fw) {
          problems.add(at(fw), 'unknown_control', tr(`${fw} の対応先 ${m.target} は管理策の一覧にありません。`, `The ${fw} mapping target ${m.target} is not a known control.`), n.id, ed);
        }
        if (seen.has(m.target)) problems.add(at(fw), 'duplicate_mapping', tr(`対応先 ${m.target} が二度書かれています。`, `Mapping target ${m.target} is listed twice.`), n.id, ed);
        seen.add(m.target);
      }
    }
    if (MAPPED_KINDS.has(n.kind)) {
      if (n.mappings.annexA.length === 0 && !n.annexANone) {
        problems.add(at('annexA'), 'unmapped_item', tr('附属書Aへの対応（annexA）か、対応しない理由（annexANone）のどちらかが必要です。', 'Needs Annex A mappings (annexA) or a reason why none fits (annexANone).'), n.id, ed);
      }
      if (n.mappings.annexA.length > 0 && n.annexANone) {
        problems.add(at('annexANone'), 'mapping_conflict', tr('annexA と annexANone を同時には書けません。', 'annexA and annexANone cannot both be given.'), n.id, ed);
      }
    }
    for (const r of n.roles) {
      if (!roleIds.has(r)) problems.add(at('roles'), 'unknown_role', tr(`役割 ${r} は shared/permissions.ts にありません。`, `Role ${r} is not defined in shared/permissions.ts.`), n.id, ed);
    }
    for (const c of n.tags.infoClasses) {
      if (!classIds.has(c)) problems.add(at('tags'), 'unknown_info_class', tr(`情報の分類 ${c} は分類体系 ${scheme.id} にありません。`, `Class ${c} is not in scheme ${scheme.id}.`), n.id, ed);
    }
    const { origin: _o, explicitNumber: _e, ...rest } = n;
    nodes.push({ ...rest, part, number: numberOf(n), provenance: { ...n.provenance, edition: ed } });
  }

  // Guideline order: parts in order, each part in document order.
  nodes.sort((a, b) => PART_ORDER.indexOf(a.part) - PART_ORDER.indexOf(b.part));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const n of nodes) {
    n.children = [];
  }
  for (const n of nodes) {
    if (n.parentId) byId.get(n.parentId)?.children?.push(n.id);
  }

  // Ordinance areas are inherited from the nearest ancestor that names them.
  for (const n of nodes) {
    if (n.mappings.ordinance.length) continue;
    let p = n.parentId ? byId.get(n.parentId) : undefined;
    let guard = 0;
    while (p && !p.mappings.ordinance.length && guard++ < 10) p = p.parentId ? byId.get(p.parentId) : undefined;
    if (p?.mappings.ordinance.length) {
      n.mappings = { ...n.mappings, ordinance: p.mappings.ordinance.map((m) => ({ target: m.target, relation: 'subset', basis: 'chapter' })) };
    }
  }

  // Audit items.
  const auditItems: AuditItem[] = [];
  const auditByNode = new Map<string, AuditItem[]>();
  const seenAudit = new Set<string>();
  for (const a of d.audits) {
    if (seenAudit.has(a.id)) problems.add(a.origin, 'duplicate_id', tr(`監査項目 ${a.id} が重複しています。`, `Audit item ${a.id} is defined twice.`), a.id, ed);
    seenAudit.add(a.id);
    for (const id of a.nodeIds) {
      if (!byId.has(id)) {
        problems.add({ file: a.origin.file, path: [...a.origin.path, 'nodes'] }, 'dangling_audit_node', tr(`監査項目が参照する ${id} がありません。`, `The audit item refers to ${id}, which does not exist.`), a.id, ed);
      }
    }
    for (const j of a.jisQ27002) {
      if (!controlById.has(`A.${j}`)) {
        problems.add({ file: a.origin.file, path: [...a.origin.path, 'jisQ27002'] }, 'unknown_control', tr(`JIS Q 27002 の番号 ${j} は附属書Aの管理策にありません。`, `JIS Q 27002 number ${j} is not an Annex A control.`), a.id, ed);
      }
    }
    const { origin: _o, ...item } = a;
    const out: AuditItem = { ...item, provenance: { ...a.provenance, edition: ed } };
    auditItems.push(out);
    for (const id of a.nodeIds) {
      const list = auditByNode.get(id) ?? [];
      list.push(out);
      auditByNode.set(id, list);
    }
  }

  // Annex A links that MIC's audit table also makes are marked as such.
  for (const n of nodes) {
    const cited = new Set<string>();
    for (const a of auditByNode.get(n.id) ?? []) {
      if (a.numbering === 'mic' && a.provenance.confidence === 'verified') for (const j of a.jisQ27002) cited.add(`A.${j}`);
    }
    if (cited.size && n.mappings.annexA.some((m) => cited.has(m.target))) {
      n.mappings = { ...n.mappings, annexA: n.mappings.annexA.map((m) => (cited.has(m.target) ? { ...m, basis: 'auditTable' } : m)) };
    }
  }

  // Reverse indexes.
  const byControl = new Map<string, ControlLink[]>();
  const extendedBy = new Map<string, string[]>();
  for (const n of nodes) {
    for (const fw of ['annexA', 'cld', 'ordinance'] as MappingFramework[]) {
      for (const m of n.mappings[fw]) {
        const list = byControl.get(m.target) ?? [];
        list.push({ nodeId: n.id, framework: fw, relation: m.relation, basis: m.basis ?? 'shirube' });
        byControl.set(m.target, list);
      }
    }
    for (const ext of n.extends ?? []) {
      const list = extendedBy.get(ext) ?? [];
      list.push(n.id);
      extendedBy.set(ext, list);
    }
  }

  return {
    meta,
    nodes,
    byId,
    auditItems,
    auditById: new Map(auditItems.map((a) => [a.id, a])),
    auditByNode,
    byControl,
    extendedBy,
    classification: scheme,
  };
}

/** Forget the in-process memo (tests that edit catalog files in place). */
export function clearCatalogMemo(): void {
  memo.clear();
}
