import {
  type ChainDef,
  type LinkDef,
  NODE_KINDS,
  type NetworkModelDoc,
  type NodeDef,
  type NodeKind,
  PURPOSES,
  type Purpose,
  SEGMENTS,
  VIA_KINDS,
  ZONE_KINDS,
  type ZoneDef,
  type ZoneKind,
} from '@shared/network';
import type { Bilingual } from '../../../platform/errors';
import type { DataPath } from './source';

/**
 * From validated data to an indexed graph, checking what the JSON Schema cannot: unique ids,
 * references between elements, gateway chains without loops, attributes that fit their element.
 *
 * Vertices are the zones (0 … zoneCount-1) followed by the nodes; links are edges between two
 * vertices, with the gateways and sanitisers they pass through expanded into `lVia`. Everything a
 * rule walks is in typed arrays so that a model of 100,000 nodes and 500,000 links checks in
 * linear time and modest memory.
 */

export interface BuildProblem {
  path: DataPath;
  key?: boolean;
  /** Another place the problem involves (the first use of a duplicated id). */
  related?: DataPath;
  code: string;
  message: Bilingual;
}

/** Where a vertex sits, as far as traversal is concerned. */
export const CLS = {
  /** Node of a segment zone, or the segment zone itself. */
  segment: 0,
  /** Government Cloud zone and nodes hosted in Government Cloud or a cloud service. */
  hosted: 1,
  /** The internet, the security cloud, and nodes placed in them. */
  internet: 2,
  /** A cloud service as a whole (its zone). */
  cloud: 3,
  /** LGWAN itself and LGWAN-ASP services. */
  lgwanNet: 4,
  /** Designated destinations of 特定通信. */
  designated: 5,
} as const;

export const SEG = { none: 0, mynumber: 1, lgwan: 2, internet: 3 } as const;
export const SEG_IDS = [null, 'mynumber', 'lgwan', 'internet'] as const;

/** Bits of `lVia`'s summary per link. */
export const VIA = {
  mailSanitiser: 1,
  screenTransfer: 2,
  fileSanitiser: 4,
  gateway: 8,
  remoteAccessGateway: 16,
  accessPoint: 32,
  /** Passes a node placed in the security cloud. */
  securityCloud: 64,
} as const;
export const SANITISED = VIA.mailSanitiser | VIA.screenTransfer | VIA.fileSanitiser;

export const KIND_INDEX: Record<NodeKind, number> = Object.fromEntries(NODE_KINDS.map((k, i) => [k, i])) as Record<NodeKind, number>;
export const ZONE_INDEX: Record<ZoneKind, number> = Object.fromEntries(ZONE_KINDS.map((k, i) => [k, i])) as Record<ZoneKind, number>;
export const PURPOSE_INDEX: Record<Purpose, number> = Object.fromEntries(PURPOSES.map((k, i) => [k, i])) as Record<Purpose, number>;
export const ZONE_VERTEX = 255;

export interface AssetRefAt {
  node: number;
  ref: string;
  path: DataPath;
}

export interface Graph {
  doc: NetworkModelDoc;
  zones: ZoneDef[];
  nodes: NodeDef[];
  links: LinkDef[];
  zoneCount: number;
  nodeCount: number;
  /** zones + nodes */
  n: number;
  /** Vertex index of a zone or node id, or -1. */
  vertexOf(id: string): number;
  /** Zone index of each vertex (a zone's own index for zone vertices). */
  vZone: Int32Array;
  /** NODE_KINDS index, or ZONE_VERTEX. */
  vKind: Uint8Array;
  vCls: Uint8Array;
  /** Declared segment (SEG). */
  vSeg: Uint8Array;
  /** ZONE_KINDS index of each zone. */
  zKind: Uint8Array;
  linkCount: number;
  lFrom: Int32Array;
  lTo: Int32Array;
  lPurpose: Uint8Array;
  lViaStart: Int32Array;
  lVia: Int32Array;
  lViaBits: Uint8Array;
  assetRefs: AssetRefAt[];
}

export function vertexId(g: Graph, v: number): string {
  return v < g.zoneCount ? g.zones[v].id : g.nodes[v - g.zoneCount].id;
}

export function vertexName(g: Graph, v: number): string {
  const e = v < g.zoneCount ? g.zones[v] : g.nodes[v - g.zoneCount];
  return e.name ?? e.id;
}

export function linkId(g: Graph, i: number): string {
  return g.links[i].id ?? `links[${i}]`;
}

function zoneClass(kind: ZoneKind): number {
  switch (kind) {
    case 'segment':
      return CLS.segment;
    case 'govCloud':
      return CLS.hosted;
    case 'internet':
    case 'securityCloud':
      return CLS.internet;
    case 'cloudService':
      return CLS.cloud;
    case 'lgwan':
    case 'lgwanAsp':
      return CLS.lgwanNet;
    case 'designated':
      return CLS.designated;
  }
}

/** Class of a node placed in a zone of this kind. */
function nodeClass(kind: ZoneKind): number {
  return kind === 'cloudService' ? CLS.hosted : zoneClass(kind);
}

const t = (ja: string, en: string): Bilingual => ({ ja, en });

export interface BuildResult {
  graph: Graph | null;
  problems: BuildProblem[];
}

/** Build the graph of a model the JSON Schema has accepted. */
export function buildGraph(doc: NetworkModelDoc, limit = 200): BuildResult {
  const problems: BuildProblem[] = [];
  const add = (p: BuildProblem) => {
    if (problems.length < limit) problems.push(p);
  };
  const zones = doc.zones;
  const nodes = doc.nodes;
  const links = doc.links ?? [];
  const chains = doc.chains ?? [];
  const zoneCount = zones.length;
  const nodeCount = nodes.length;
  const n = zoneCount + nodeCount;

  // Ids: one namespace for zones, nodes, chains and named links, in one map whose values are
  // packed as collection * 2^24 + index (so no path array is made unless there is a problem).
  const COLLECTIONS = ['zones', 'nodes', 'chains', 'links'] as const;
  const SHIFT = 2 ** 24;
  const ids = new Map<string, number>();
  const claim = (id: string, collection: number, i: number): boolean => {
    const prev = ids.get(id);
    if (prev !== undefined) {
      const first: DataPath = [COLLECTIONS[Math.floor(prev / SHIFT)], prev % SHIFT, 'id'];
      add({ path: [COLLECTIONS[collection], i, 'id'], related: first, code: 'duplicate_id', message: t(`ID「${id}」が重複しています。`, `The id "${id}" is used twice.`) });
      return false;
    }
    ids.set(id, collection * SHIFT + i);
    return true;
  };
  /** Vertex index of an id (zones, then nodes), or -1. */
  const vertexOf = (id: string): number => {
    const packed = ids.get(id);
    if (packed === undefined) return -1;
    if (packed < SHIFT) return packed;
    if (packed < 2 * SHIFT) return zoneCount + (packed - SHIFT);
    return -1;
  };
  /** Chain index of an id, or -1. */
  const chainOf = (id: string): number => {
    const packed = ids.get(id);
    return packed !== undefined && packed >= 2 * SHIFT && packed < 3 * SHIFT ? packed - 2 * SHIFT : -1;
  };
  const vZone = new Int32Array(n);
  const vKind = new Uint8Array(n);
  const vCls = new Uint8Array(n);
  const vSeg = new Uint8Array(n);
  const zKind = new Uint8Array(zoneCount);

  for (let z = 0; z < zoneCount; z++) {
    const zone = zones[z];
    const path = ['zones', z];
    claim(zone.id, 0, z);
    zKind[z] = ZONE_INDEX[zone.kind];
    vZone[z] = z;
    vKind[z] = ZONE_VERTEX;
    vCls[z] = zoneClass(zone.kind);
    if (zone.kind === 'segment') {
      if (!zone.segment) add({ path, code: 'segment_required', message: t('種類が segment のゾーンには segment（mynumber・lgwan・internet）が必要です。', 'A zone of kind segment needs segment (mynumber, lgwan or internet).') });
      else vSeg[z] = SEGMENTS.indexOf(zone.segment) + 1;
    } else if (zone.segment) {
      add({ path: [...path, 'segment'], key: true, code: 'attribute_not_for_kind', message: t('segment は種類が segment のゾーンにだけ書けます。', 'segment belongs only on zones of kind segment.') });
    }
    if (zone.kind === 'designated' && !zone.destination) {
      add({ path, code: 'destination_required', message: t('特定通信の接続先（designated）には destination が必要です。', 'A designated zone needs destination.') });
    } else if (zone.kind !== 'designated' && zone.destination) {
      add({ path: [...path, 'destination'], key: true, code: 'attribute_not_for_kind', message: t('destination は種類が designated のゾーンにだけ書けます。', 'destination belongs only on zones of kind designated.') });
    }
    if (zone.kind !== 'cloudService') {
      for (const attr of ['ismap', 'uniformTerms', 'tenantRestriction'] as const) {
        if (zone[attr] !== undefined) add({ path: [...path, attr], key: true, code: 'attribute_not_for_kind', message: t(`${attr} はクラウドサービス（cloudService）のゾーンにだけ書けます。`, `${attr} belongs only on cloudService zones.`) });
      }
    }
    if (zone.adminAuth !== undefined && zone.kind !== 'cloudService' && zone.kind !== 'govCloud') {
      add({ path: [...path, 'adminAuth'], key: true, code: 'attribute_not_for_kind', message: t('adminAuth はクラウドサービスかガバメントクラウドのゾーンにだけ書けます。', 'adminAuth belongs only on cloudService or govCloud zones.') });
    }
  }

  const assetRefs: AssetRefAt[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const node = nodes[i];
    const v = zoneCount + i;
    claim(node.id, 1, i);
    vKind[v] = KIND_INDEX[node.kind];
    const z = vertexOf(node.zone);
    if (z < 0 || z >= zoneCount) {
      add({
        path: ['nodes', i, 'zone'],
        code: 'unknown_zone',
        message: z < 0 ? t(`ゾーン「${node.zone}」は定義されていません。`, `The zone "${node.zone}" is not defined.`) : t(`「${node.zone}」はノードです。ゾーンのIDを指定してください。`, `"${node.zone}" is a node; give a zone id.`),
      });
      vZone[v] = -1;
    } else {
      vZone[v] = z;
      vCls[v] = nodeClass(zones[z].kind);
      vSeg[v] = vSeg[z];
    }
    if (node.wireless && node.kind !== 'accessPoint') {
      add({ path: ['nodes', i, 'wireless'], key: true, code: 'attribute_not_for_kind', message: t('wireless は無線LANアクセスポイント（accessPoint）にだけ書けます。', 'wireless belongs only on access points (accessPoint).') });
    }
    if (node.assets) {
      for (let a = 0; a < node.assets.length; a++) {
        const ref = node.assets[a];
        if (typeof ref === 'string') assetRefs.push({ node: v, ref, path: ['nodes', i, 'assets', a] });
      }
    }
  }

  // Chains: named sequences of gateways, which may name other chains.
  for (let c = 0; c < chains.length; c++) claim(chains[c].id, 2, c);
  const expanded: Array<number[] | null> = new Array(chains.length).fill(null);
  const state = new Uint8Array(chains.length); // 0 new, 1 expanding, 2 done

  const resolveVia = (entries: string[], path: DataPath, out: number[], stack: number[]): boolean => {
    let ok = true;
    for (let j = 0; j < entries.length; j++) {
      const ref = entries[j];
      const c = chainOf(ref);
      if (c >= 0) {
        const sub = expandChain(c, [...path, j], stack);
        if (!sub) ok = false;
        else for (const x of sub) out.push(x);
        continue;
      }
      const v = vertexOf(ref);
      if (v < 0) {
        add({ path: [...path, j], code: 'unknown_reference', message: t(`「${ref}」というノードもチェーンもありません。`, `There is no node or chain "${ref}".`) });
        ok = false;
      } else if (v < zoneCount || !VIA_KINDS.has(NODE_KINDS[vKind[v]])) {
        add({ path: [...path, j], code: 'not_a_gateway', message: t(`「${ref}」は経由先にできません。経由できるのはゲートウェイ・無害化装置・アクセスポイント・リモートアクセス装置です。`, `"${ref}" cannot be passed through; only gateways, sanitisers, access points and remote-access gateways can.`) });
        ok = false;
      } else {
        out.push(v);
      }
    }
    return ok;
  };

  function expandChain(c: number, refAt: DataPath, stack: number[]): number[] | null {
    if (state[c] === 2) return expanded[c];
    if (state[c] === 1) {
      const loop = [...stack.slice(stack.indexOf(c)), c].map((x) => chains[x].id).join(' → ');
      add({ path: refAt, code: 'chain_loop', message: t(`経由チェーンが循環しています: ${loop}`, `The gateway chains form a loop: ${loop}`) });
      return null;
    }
    state[c] = 1;
    stack.push(c);
    const out: number[] = [];
    const ok = resolveVia((chains[c] as ChainDef).via, ['chains', c, 'via'], out, stack);
    stack.pop();
    state[c] = 2;
    expanded[c] = ok ? out : null;
    return expanded[c];
  }
  for (let c = 0; c < chains.length; c++) if (state[c] === 0) expandChain(c, ['chains', c], []);

  const linkCount = links.length;
  const lFrom = new Int32Array(linkCount);
  const lTo = new Int32Array(linkCount);
  const lPurpose = new Uint8Array(linkCount);
  const lViaStart = new Int32Array(linkCount + 1);
  const lViaBits = new Uint8Array(linkCount);
  let via: Int32Array = new Int32Array(Math.max(16, linkCount));
  let viaLen = 0;
  const scratch: number[] = [];
  const endpoint = (id: string, i: number, field: 'from' | 'to'): number => {
    const v = vertexOf(id);
    if (v >= 0) return v;
    add({
      path: ['links', i, field],
      code: 'unknown_reference',
      message: chainOf(id) >= 0 ? t(`「${id}」はチェーンです。接続の両端にはノードかゾーンを指定します。`, `"${id}" is a chain; a link joins nodes or zones.`) : t(`「${id}」というノードもゾーンもありません。`, `There is no node or zone "${id}".`),
    });
    return -1;
  };
  for (let i = 0; i < linkCount; i++) {
    const link = links[i];
    if (link.id !== undefined) claim(link.id, 3, i);
    lFrom[i] = endpoint(link.from, i, 'from');
    lTo[i] = endpoint(link.to, i, 'to');
    if (lFrom[i] >= 0 && lFrom[i] === lTo[i]) add({ path: ['links', i, 'to'], code: 'self_link', message: t('接続の始点と終点が同じです。', 'The link starts and ends at the same element.') });
    lPurpose[i] = PURPOSE_INDEX[link.purpose];
    lViaStart[i] = viaLen;
    if (link.via && link.via.length > 0) {
      scratch.length = 0;
      if (resolveVia(link.via, ['links', i, 'via'], scratch, [])) {
        // A gateway passed twice, or an end of the link passed on the way, is a loop.
        for (let j = 0; j < scratch.length; j++) {
          const v = scratch[j];
          let dup = v === lFrom[i] || v === lTo[i];
          for (let k = 0; k < j && !dup; k++) dup = scratch[k] === v;
          if (dup) {
            add({ path: ['links', i, 'via'], code: 'via_loop', message: t(`経由先「${vertexIdRaw(v)}」を二度通っています（経路が循環しています）。`, `The route passes "${vertexIdRaw(v)}" twice (it loops).`) });
            break;
          }
        }
        if (viaLen + scratch.length > via.length) {
          const bigger = new Int32Array(Math.max(via.length * 2, viaLen + scratch.length));
          bigger.set(via);
          via = bigger;
        }
        let bits = 0;
        for (const v of scratch) {
          via[viaLen++] = v;
          bits |= viaBit(NODE_KINDS[vKind[v]]);
          if (vZone[v] >= 0 && zKind[vZone[v]] === ZONE_INDEX.securityCloud) bits |= VIA.securityCloud;
        }
        lViaBits[i] = bits;
      }
    }
  }
  lViaStart[linkCount] = viaLen;

  function vertexIdRaw(v: number): string {
    return v < zoneCount ? zones[v].id : nodes[v - zoneCount].id;
  }

  if (problems.length > 0) return { graph: null, problems };
  return {
    graph: {
      doc,
      zones,
      nodes,
      links,
      zoneCount,
      nodeCount,
      n,
      vertexOf,
      vZone,
      vKind,
      vCls,
      vSeg,
      zKind,
      linkCount,
      lFrom,
      lTo,
      lPurpose,
      lViaStart,
      lVia: via.subarray(0, viaLen),
      lViaBits,
      assetRefs,
    },
    problems,
  };
}

function viaBit(kind: NodeKind): number {
  switch (kind) {
    case 'mailSanitiser':
      return VIA.mailSanitiser;
    case 'screenTransfer':
      return VIA.screenTransfer;
    case 'fileSanitiser':
      return VIA.fileSanitiser;
    case 'remoteAccessGateway':
      return VIA.remoteAccessGateway;
    case 'accessPoint':
      return VIA.accessPoint;
    default:
      return VIA.gateway;
  }
}
