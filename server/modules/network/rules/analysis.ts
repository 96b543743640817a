import type { NetworkModelId } from '@shared/network';
import { CLS, type Graph, SANITISED, SEG, ZONE_VERTEX } from '../model/build';
import { type ApprovalStates, controlledRemoteAccess, exceptionGaps } from './helpers';

/**
 * What every rule needs to know about a model, worked out once in linear time:
 *  - which links are "open" (carry traffic without sanitisation);
 *  - the effective segment of each vertex, including the My Number segment inferred for
 *    whatever is joined to My Number nodes by open links (cloud areas of standardised systems …);
 *  - connected components over open links (union-find), with what each component contains and
 *    which kinds of outside places it touches;
 *  - an adjacency list of open links for shortest example paths (BFS), built on demand.
 */

/** What a class of vertices is, as bits for component summaries. */
export const REACH = {
  mynumber: 1,
  lgwan: 2,
  internetSeg: 4,
  internet: 8,
} as const;

/** Information assets of a node after resolution against the register or the model. */
export interface ResolvedAsset {
  /** Register id, when the model referred to the register. */
  ref?: string;
  name: string;
  confidentiality: string | null;
  myNumber: boolean;
  residentData: boolean;
  /** Segment recorded in the register, when known. */
  registerSegment?: string | null;
  source: 'register' | 'model';
}

/** What the register says about an asset (a subset of the assets contract's AssetSummary). */
export interface RegisterAsset {
  id: string;
  name: string;
  confidentiality: string | null;
  segment: string | null;
  flags: { residentData: boolean; myNumber: boolean };
}

export interface Analysis {
  g: Graph;
  edition: string;
  model: NetworkModelId;
  /** Effective segment per vertex (SEG). */
  seg: Uint8Array;
  /** 1 where the segment was inferred rather than declared. */
  inferred: Uint8Array;
  /** For inferred vertices: the neighbour the My Number segment came from (-1 otherwise). */
  inferredFrom: Int32Array;
  /** 1 where the link carries traffic without sanitisation. */
  open: Uint8Array;
  /** Union-find root per vertex, over open links between traversable vertices. */
  comp: Int32Array;
  /** REACH bits per component root. */
  compBits: Uint8Array;
  /** Assets of a node vertex (empty when it holds none). */
  assetsOf(v: number): ResolvedAsset[];
  unresolvedAssets: number;
  /** Approvals the model names, as the register has them today (absent when checked without the register). */
  approvals?: ApprovalStates;
  /** Neighbours over open links (CSR), built on first use. */
  adjacency(): { start: Int32Array; to: Int32Array; link: Int32Array };
}

export function traversable(g: Graph, v: number): boolean {
  return g.vCls[v] <= CLS.hosted;
}

/** The internet side of the world: internet-segment vertices, the internet and the security cloud. */
export function isInternetSide(a: Analysis, v: number): boolean {
  return a.seg[v] === SEG.internet || a.g.vCls[v] === CLS.internet;
}

/** A cloud service, or a node hosted in one (and not part of the My Number segment). */
export function isCloudSide(a: Analysis, v: number): boolean {
  const g = a.g;
  if (g.vCls[v] === CLS.cloud) return true;
  return g.vCls[v] === CLS.hosted && g.vKind[v] !== ZONE_VERTEX && g.vZone[v] >= 0 && g.zones[g.vZone[v]].kind === 'cloudService' && a.seg[v] !== SEG.mynumber;
}

function find(parent: Int32Array, x: number): number {
  let r = x;
  while (parent[r] !== r) r = parent[r];
  while (parent[x] !== r) {
    const next = parent[x];
    parent[x] = r;
    x = next;
  }
  return r;
}

export function analyse(g: Graph, edition: string, register?: ReadonlyMap<string, RegisterAsset>, approvals?: ApprovalStates): Analysis {
  const { n, linkCount, lFrom, lTo, lViaBits, vCls, vSeg } = g;

  const open = new Uint8Array(linkCount);
  for (let i = 0; i < linkCount; i++) open[i] = (lViaBits[i] & SANITISED) === 0 ? 1 : 0;
  // Controlled remote access and complete, approved exceptions are not open routes; their own
  // rules (NW-RA-01/02, NW-MN-08) report them, so nothing passes unseen.
  for (let i = 0; i < linkCount; i++) {
    if (!open[i]) continue;
    if (controlledRemoteAccess(g, i, approvals)) open[i] = 0;
    else if (g.links[i].exception && exceptionGaps(g, i, approvals).length === 0) open[i] = 0;
  }

  // Effective segments: declared, then My Number spread over open links into hosted vertices.
  const seg = Uint8Array.from(vSeg);
  const inferred = new Uint8Array(n);
  const inferredFrom = new Int32Array(n).fill(-1);
  let adj: { start: Int32Array; to: Int32Array; link: Int32Array } | null = null;
  const adjacency = () => {
    if (adj) return adj;
    const deg = new Int32Array(n + 1);
    for (let i = 0; i < linkCount; i++) {
      if (!open[i]) continue;
      deg[lFrom[i]]++;
      deg[lTo[i]]++;
    }
    const start = new Int32Array(n + 1);
    for (let v = 0; v < n; v++) start[v + 1] = start[v] + deg[v];
    const fill = start.slice(0, n);
    const to = new Int32Array(start[n]);
    const link = new Int32Array(start[n]);
    for (let i = 0; i < linkCount; i++) {
      if (!open[i]) continue;
      const a = lFrom[i];
      const b = lTo[i];
      to[fill[a]] = b;
      link[fill[a]++] = i;
      to[fill[b]] = a;
      link[fill[b]++] = i;
    }
    adj = { start, to, link };
    return adj;
  };

  let anyMyNumber = false;
  for (let v = 0; v < n; v++) if (vSeg[v] === SEG.mynumber) anyMyNumber = true;
  if (anyMyNumber) {
    const { start, to } = adjacency();
    const queue = new Int32Array(n);
    let head = 0;
    let tail = 0;
    for (let v = 0; v < n; v++) if (vSeg[v] === SEG.mynumber) queue[tail++] = v;
    while (head < tail) {
      const v = queue[head++];
      for (let e = start[v]; e < start[v + 1]; e++) {
        const w = to[e];
        if (seg[w] !== SEG.none || vCls[w] !== CLS.hosted) continue;
        seg[w] = SEG.mynumber;
        inferred[w] = 1;
        inferredFrom[w] = v;
        queue[tail++] = w;
      }
    }
  }

  // Components over open links between traversable vertices.
  const comp = new Int32Array(n);
  for (let v = 0; v < n; v++) comp[v] = v;
  for (let i = 0; i < linkCount; i++) {
    if (!open[i]) continue;
    const a = lFrom[i];
    const b = lTo[i];
    if (vCls[a] > CLS.hosted || vCls[b] > CLS.hosted) continue;
    const ra = find(comp, a);
    const rb = find(comp, b);
    if (ra !== rb) comp[ra] = rb;
  }
  for (let v = 0; v < n; v++) comp[v] = find(comp, v);
  const compBits = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    if (vCls[v] > CLS.hosted) continue;
    const s = seg[v];
    if (s === SEG.mynumber) compBits[comp[v]] |= REACH.mynumber;
    else if (s === SEG.lgwan) compBits[comp[v]] |= REACH.lgwan;
    else if (s === SEG.internet) compBits[comp[v]] |= REACH.internetSeg;
  }
  for (let i = 0; i < linkCount; i++) {
    if (!open[i]) continue;
    const a = lFrom[i];
    const b = lTo[i];
    if (vCls[a] <= CLS.hosted && vCls[b] === CLS.internet) compBits[comp[a]] |= REACH.internet;
    else if (vCls[b] <= CLS.hosted && vCls[a] === CLS.internet) compBits[comp[b]] |= REACH.internet;
  }

  // Assets, resolved lazily per node.
  let unresolved = 0;
  const cache = new Map<number, ResolvedAsset[]>();
  const none: ResolvedAsset[] = [];
  const assetsOf = (v: number): ResolvedAsset[] => {
    if (v < g.zoneCount) return none;
    const node = g.nodes[v - g.zoneCount];
    if (!node.assets || node.assets.length === 0) return none;
    const hit = cache.get(v);
    if (hit) return hit;
    const out: ResolvedAsset[] = [];
    for (const ref of node.assets) {
      if (typeof ref === 'string') {
        const r = register?.get(ref);
        if (r) out.push({ ref, name: r.name, confidentiality: r.confidentiality, myNumber: r.flags.myNumber, residentData: r.flags.residentData, registerSegment: r.segment, source: 'register' });
      } else {
        out.push({ name: ref.name, confidentiality: ref.confidentiality ?? null, myNumber: ref.myNumber === true, residentData: ref.residentData === true, source: 'model' });
      }
    }
    cache.set(v, out);
    return out;
  };
  for (const r of g.assetRefs) if (!register?.has(r.ref)) unresolved++;

  return { g, edition, model: g.doc.model, seg, inferred, inferredFrom, open, comp, compBits, assetsOf, unresolvedAssets: unresolved, approvals, adjacency };
}

/**
 * One shortest example path per component: a multi-source BFS over open links from every vertex
 * for which `source` holds, inside traversable vertices, stopping at the first neighbour for which
 * `goal` holds. Components are disjoint, so one pass serves all of them (linear time). Returns the
 * vertex indices of each path, first to last, keyed by component root.
 */
export function examplePaths(a: Analysis, source: (v: number) => boolean, goal: (v: number) => boolean): Map<number, number[]> {
  const g = a.g;
  const { start, to } = a.adjacency();
  const prev = new Int32Array(g.n).fill(-2);
  const queue = new Int32Array(g.n);
  const found = new Map<number, number[]>();
  let head = 0;
  let tail = 0;
  for (let v = 0; v < g.n; v++) {
    if (!traversable(g, v) || !source(v)) continue;
    prev[v] = -1;
    queue[tail++] = v;
  }
  const trace = (v: number, last: number): number[] => {
    const path: number[] = [last];
    for (let x = v; x !== -1; x = prev[x]) path.push(x);
    return path.reverse();
  };
  while (head < tail) {
    const v = queue[head++];
    const root = a.comp[v];
    if (found.has(root)) continue;
    for (let e = start[v]; e < start[v + 1]; e++) {
      const w = to[e];
      if (goal(w)) {
        found.set(root, trace(v, w));
        break;
      }
      if (prev[w] !== -2 || !traversable(g, w)) continue;
      prev[w] = v;
      queue[tail++] = w;
    }
  }
  return found;
}
