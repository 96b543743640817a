import type { CheckResult, ElementRef, Finding, GraphView, NetworkModelDoc, Severity } from '@shared/network';
import { NODE_KINDS, SEVERITIES, summarize } from '@shared/network';
import type { FieldError } from '../../platform/errors';
import { type BuildProblem, buildGraph, type Graph, linkId, SEG_IDS, vertexId, vertexName } from './model/build';
import { schemaProblems } from './model/schema';
import { type DataPath, type ParsedSource, SourceProblems } from './model/source';
import { analyse, type RegisterAsset } from './rules/analysis';
import { catalogFor, type RawFinding, ruleInfo } from './rules/engine';
import type { ApprovalStates } from './rules/helpers';
import { RULES } from './rules/index';

/**
 * The pipeline: parsed data → schema → graph → rules → findings. Validation failures throw
 * SourceProblems naming file, line and column; nothing after them runs.
 */

/** Problems with file, line and column, in the order they appear in the file. */
export function problemsAt(
  source: ParsedSource,
  list: Array<{ path: DataPath; key?: boolean; related?: DataPath; code: string; message: FieldError['message'] }>,
): FieldError[] {
  const out = list.map((p) => {
    const pos = source.locate(p.path, p.key ?? false);
    let message = p.message;
    if (p.related) {
      const r = source.locate(p.related);
      if (r) message = { ja: `${message.ja}（最初の定義は${r.line}行${r.col}列）`, en: `${message.en} (first defined at line ${r.line}, column ${r.col})` };
    }
    return { file: source.file, line: pos?.line, col: pos?.col, field: p.path.join('.'), code: p.code, message };
  });
  return out.sort((x, y) => (x.line ?? 0) - (y.line ?? 0) || (x.col ?? 0) - (y.col ?? 0));
}

/** Schema and reference checks. Throws SourceProblems when the model is not valid. */
export function validateModel(source: ParsedSource): Graph {
  const schema = schemaProblems(source.data);
  if (schema.length > 0) throw new SourceProblems(problemsAt(source, schema));
  const { graph, problems } = buildGraph(source.data as NetworkModelDoc);
  if (!graph) throw new SourceProblems(problemsAt(source, problems as BuildProblem[]));
  return graph;
}

export interface CheckOptions {
  edition: string;
  /** Assets of the organisation's register that the model refers to, by id. */
  register?: ReadonlyMap<string, RegisterAsset>;
  /** Approvals the model names (link.approvalId, exception.approvalId), as the register has them today. */
  approvals?: ApprovalStates;
  /** Whether a catalog item exists in the edition (filters the items findings cite). */
  catalogHas?: (id: string) => boolean;
  /** The source, to give findings a line and column. */
  source?: ParsedSource;
  /** Keep at most this many findings in the answer (errors first). */
  limit?: number;
  /** Include the graph for the diagram when the model has at most this many nodes. */
  graphUpTo?: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function checkGraph(g: Graph, opts: CheckOptions): CheckResult {
  const a = analyse(g, opts.edition, opts.register, opts.approvals);
  const findings: Finding[] = [];
  const at: Array<{ collection: 'zones' | 'nodes' | 'links' | null; index: number }> = [];
  const order = new Map(RULES.map((r, i) => [r.id, i]));

  for (const rule of RULES) {
    if (rule.models && !rule.models.includes(a.model)) continue;
    const catalog = catalogFor(rule.catalog, opts.edition, opts.catalogHas);
    rule.check(a, (raw: RawFinding) => {
      const element = elementRef(g, raw.element);
      findings.push({
        ruleId: rule.id,
        severity: raw.severity ?? rule.severity,
        element,
        catalog: raw.catalog ? catalogFor(raw.catalog, opts.edition, opts.catalogHas) : catalog,
        message: raw.message,
        explanation: rule.explanation,
        remedy: rule.remedy,
        provisional: rule.provisional,
        inferred: element.type === 'node' || element.type === 'zone' ? a.inferred[raw.element.index] === 1 || undefined : undefined,
        path: raw.path?.map((v) => vertexId(g, v)),
      });
      at.push(collectionOf(g, raw.element));
    });
  }

  // Stable order: severity, rule, element.
  const idx = findings.map((_, i) => i);
  idx.sort((x, y) => {
    const fx = findings[x];
    const fy = findings[y];
    return SEVERITY_ORDER[fx.severity] - SEVERITY_ORDER[fy.severity] || (order.get(fx.ruleId) ?? 0) - (order.get(fy.ruleId) ?? 0) || x - y;
  });
  const summary = summarize(findings);
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const kept = idx.slice(0, Math.min(idx.length, limit));

  if (opts.source) {
    for (const collection of ['zones', 'nodes', 'links'] as const) {
      const want = kept.filter((i) => at[i].collection === collection).map((i) => at[i].index);
      if (want.length === 0) continue;
      const pos = opts.source.elementPositions(collection, want);
      for (const i of kept) {
        if (at[i].collection !== collection) continue;
        const p = pos.get(at[i].index);
        if (p) {
          findings[i].element.line = p.line;
          findings[i].element.col = p.col;
        }
      }
    }
  }

  const result: CheckResult = {
    edition: opts.edition,
    model: g.doc.model,
    counts: { zones: g.zoneCount, nodes: g.nodeCount, links: g.linkCount },
    summary,
    findings: kept.map((i) => findings[i]),
    rules: RULES.map((r) => ruleInfo(r, opts.edition, opts.catalogHas)),
    unresolvedAssets: a.unresolvedAssets,
  };
  if (kept.length < findings.length) result.truncated = findings.length - kept.length;
  if (opts.graphUpTo !== undefined && g.nodeCount <= opts.graphUpTo) result.graph = graphView(g, a.seg, a.inferred);
  return result;
}

function elementRef(g: Graph, e: RawFinding['element']): ElementRef {
  switch (e.type) {
    case 'model':
      return { type: 'model', id: 'model', name: g.doc.organization?.name };
    case 'link': {
      const l = g.links[e.index];
      return { type: 'link', id: linkId(g, e.index), name: l.name ?? `${l.from} → ${l.to}` };
    }
    default:
      return { type: e.type, id: vertexId(g, e.index), name: vertexName(g, e.index) };
  }
}

function collectionOf(g: Graph, e: RawFinding['element']): { collection: 'zones' | 'nodes' | 'links' | null; index: number } {
  if (e.type === 'link') return { collection: 'links', index: e.index };
  if (e.type === 'zone') return { collection: 'zones', index: e.index };
  if (e.type === 'node') return { collection: 'nodes', index: e.index - g.zoneCount };
  return { collection: null, index: 0 };
}

function graphView(g: Graph, seg: Uint8Array, inferred: Uint8Array): GraphView {
  return {
    zones: g.zones.map((z) => ({ id: z.id, kind: z.kind, name: z.name ?? z.id, segment: z.segment })),
    nodes: g.nodes.map((n, i) => {
      const v = g.zoneCount + i;
      return { id: n.id, kind: NODE_KINDS[g.vKind[v]], name: n.name ?? n.id, zone: n.zone, segment: SEG_IDS[seg[v]], inferred: inferred[v] === 1 };
    }),
    links: g.links.map((l, i) => ({ id: linkId(g, i), from: l.from, to: l.to, purpose: l.purpose, via: Array.from(g.lVia.subarray(g.lViaStart[i], g.lViaStart[i + 1]), (v) => vertexId(g, v)) })),
  };
}

/** The worst severity present, for exit codes and badges. */
export function worst(result: CheckResult): Severity | null {
  for (const s of SEVERITIES) if (result.summary[s] > 0) return s;
  return null;
}

/** The part of the catalog service the checker uses. */
export interface CatalogLike {
  current(): { id: string };
  hasEdition(id: string): boolean;
  editions(): Array<{ id: string }>;
  node(editionId: string, nodeId: string): unknown;
}

/**
 * The edition to check against: the one asked for, else the one the model names, else the
 * catalog's current edition. An edition the catalog does not have is bad input.
 */
export function resolveEdition(source: ParsedSource, graph: Graph, requested: string | undefined, catalog: CatalogLike): string {
  const known = catalog
    .editions()
    .map((e) => e.id)
    .join(', ');
  if (requested !== undefined) {
    if (!catalog.hasEdition(requested)) {
      throw new SourceProblems([
        { field: 'edition', code: 'unknown_edition', message: { ja: `版「${requested}」はカタログにありません（利用できる版: ${known}）。`, en: `The edition "${requested}" is not in the catalog (available: ${known}).` } },
      ]);
    }
    return requested;
  }
  const own = graph.doc.edition;
  if (own !== undefined) {
    if (!catalog.hasEdition(own)) {
      throw new SourceProblems(
        problemsAt(source, [
          { path: ['edition'], code: 'unknown_edition', message: { ja: `版「${own}」はカタログにありません（利用できる版: ${known}）。`, en: `The edition "${own}" is not in the catalog (available: ${known}).` } },
        ]),
      );
    }
    return own;
  }
  return catalog.current().id;
}
