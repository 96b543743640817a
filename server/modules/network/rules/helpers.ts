import { type ElementType, isMultiFactor, type Label, NODE_KINDS, type NodeDef, type NodeKind, PURPOSES, type Purpose, type ZoneDef } from '@shared/network';
import { CLS, type Graph, SEG, VIA, vertexId, vertexName, ZONE_VERTEX } from '../model/build';
import type { Analysis } from './analysis';

/** Small shared pieces for the rules. */

export function elementOf(g: Graph, v: number): { type: ElementType; index: number } {
  return { type: v < g.zoneCount ? 'zone' : 'node', index: v };
}

/** 「名前」(id) for messages. */
export function label(g: Graph, v: number): string {
  const id = vertexId(g, v);
  const name = vertexName(g, v);
  return name === id ? `「${id}」` : `「${name}」(${id})`;
}

export function labelEn(g: Graph, v: number): string {
  const id = vertexId(g, v);
  const name = vertexName(g, v);
  return name === id ? `"${id}"` : `"${name}" (${id})`;
}

export function both(g: Graph, v: number): Label {
  return { ja: label(g, v), en: labelEn(g, v) };
}

export function pathText(g: Graph, path: number[]): Label {
  return { ja: path.map((v) => label(g, v)).join(' → '), en: path.map((v) => labelEn(g, v)).join(' → ') };
}

export function nodeOf(g: Graph, v: number): NodeDef | undefined {
  return v >= g.zoneCount ? g.nodes[v - g.zoneCount] : undefined;
}

export function zoneOf(g: Graph, v: number): ZoneDef | undefined {
  const z = g.vZone[v];
  return z >= 0 ? g.zones[z] : undefined;
}

export function kindOf(g: Graph, v: number): NodeKind | null {
  return g.vKind[v] === ZONE_VERTEX ? null : NODE_KINDS[g.vKind[v]];
}

export function purposeOf(g: Graph, i: number): Purpose {
  return PURPOSES[g.lPurpose[i]];
}

export function isMyNumber(a: Analysis, v: number): boolean {
  return a.seg[v] === SEG.mynumber;
}

export function isLgwan(a: Analysis, v: number): boolean {
  return a.seg[v] === SEG.lgwan;
}

export function isDesignated(g: Graph, v: number): boolean {
  return g.vCls[v] === CLS.designated;
}

/** The vertices a link passes through. */
export function viaOf(g: Graph, i: number): Int32Array {
  return g.lVia.subarray(g.lViaStart[i], g.lViaStart[i + 1]);
}

/**
 * How a link meets the boundary of the My Number segment: not at all, towards a designated
 * destination (特定通信), by screen transfer from a terminal of another segment, or otherwise.
 */
export type MyNumberBoundary = { kind: 'none' } | { kind: 'designated' | 'screen' | 'other'; inside: number; outside: number };

export function myNumberBoundary(a: Analysis, i: number): MyNumberBoundary {
  const g = a.g;
  const from = g.lFrom[i];
  const to = g.lTo[i];
  const mf = isMyNumber(a, from);
  const mt = isMyNumber(a, to);
  if (mf === mt) return { kind: 'none' };
  const inside = mf ? from : to;
  const outside = mf ? to : from;
  if (isDesignated(g, outside)) return { kind: 'designated', inside, outside };
  if ((g.lViaBits[i] & VIA.screenTransfer) !== 0 && kindOf(g, outside) === 'terminal' && (a.seg[outside] === SEG.lgwan || a.seg[outside] === SEG.internet)) {
    return { kind: 'screen', inside, outside };
  }
  return { kind: 'other', inside, outside };
}

export function mfa(methods: readonly string[] | undefined): boolean {
  return isMultiFactor(methods);
}

export const L = (ja: string, en: string): Label => ({ ja, en });

/**
 * Remote access through an approved gateway, with multi-factor authentication and encryption: a
 * controlled tunnel, so it is not an unsanitised route to the internet (NW-RA-01 judges it).
 */
export function controlledRemoteAccess(g: Graph, i: number, approvals?: ApprovalStates): boolean {
  const link = g.links[i];
  if (link.purpose !== 'remoteAccess' || link.encrypted !== true) return false;
  if (approvalGap(approvals, link.approvalId)) return false;
  for (const v of viaOf(g, i)) {
    const node = nodeOf(g, v);
    if (kindOf(g, v) === 'remoteAccessGateway' && node?.approved === true && (mfa(link.auth) || mfa(node.auth))) return true;
  }
  return false;
}

/** The parts of an exception record still missing (empty when it is complete). */
export function exceptionGaps(g: Graph, i: number, approvals?: ApprovalStates): Label[] {
  const link = g.links[i];
  const e = link.exception;
  if (!e) return [];
  const out: Label[] = [];
  const gap = approvalGap(approvals, e.approvalId);
  if (gap) out.push(gap);
  if (!e.approvedBy) out.push(L('承認者（approvedBy）', 'who approved (approvedBy)'));
  if (!e.approvedOn) out.push(L('承認日（approvedOn）', 'the approval date (approvedOn)'));
  if (!e.reference) out.push(L('決裁番号など（reference）', 'the reference (reference)'));
  if (!e.conditions?.length) out.push(L('承認の条件（conditions）', 'the conditions (conditions)'));
  if (link.restriction?.addresses !== true || link.restriction?.ports !== true) out.push(L('接続元・ポートの限定（restriction）', 'address and port restriction (restriction)'));
  if (link.encrypted !== true) out.push(L('経路の暗号化（encrypted）', 'an encrypted path (encrypted)'));
  if (!mfa(link.auth)) out.push(L('多要素認証（auth）', 'multi-factor authentication (auth)'));
  return out;
}

/**
 * What the approvals register says of the approvals a model names, on the day of the check
 * (resolved by the network service through deps.services.approvals).
 */
export type ApprovalStates = ReadonlyMap<string, { state: string; validUntil: string | null }>;

const APPROVAL_STATE_WORDS: Record<string, Label> = {
  pending: L('審査中', 'pending'),
  rejected: L('却下', 'rejected'),
  withdrawn: L('取下げ', 'withdrawn'),
  expired: L('有効期限切れ', 'expired'),
};

/**
 * Why an approval a link names is not in force, or null when it is (or when the link names none,
 * or the check runs without the register). An expired approval reads as unapproved everywhere.
 */
export function approvalGap(approvals: ApprovalStates | undefined, id: string | undefined): Label | null {
  if (!id || !approvals) return null;
  const st = approvals.get(id);
  if (!st) return L(`承認の台帳にない申請（${id}）`, `an approval request the register does not have (${id})`);
  if (st.state === 'approved' || st.state === 'approved_with_conditions') return null;
  const word = APPROVAL_STATE_WORDS[st.state] ?? L(st.state, st.state);
  const until = st.state === 'expired' && st.validUntil ? L(`、${st.validUntil}まで`, `, valid until ${st.validUntil}`) : L('', '');
  return L(`有効な承認（申請${id}は${word.ja}${until.ja}）`, `an approval in force (request ${id} is ${word.en}${until.en})`);
}
