/**
 * Word-level comparison of two texts for the 新旧対照表: which words of the new text are new
 * (underlined on the 改正後 side) and which words of the old text went away (underlined on the
 * 改正前 side).
 *
 * Japanese has no spaces between words, so texts are split with Intl.Segmenter (ICU's Japanese
 * dictionary); punctuation and line breaks are tokens of their own. The comparison itself is
 * Myers' O((N+M)·D) shortest edit script over the tokens, after trimming the common head and tail.
 */

import type { DiffSegment } from './documents';

const segmenter: Intl.Segmenter | null =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('ja', { granularity: 'word' }) : null;

/** Split into words (Japanese dictionary words, Latin words, numbers, single punctuation marks). */
export function tokenize(text: string): string[] {
  if (text === '') return [];
  if (!segmenter) return Array.from(text);
  const out: string[] = [];
  for (const s of segmenter.segment(text)) out.push(s.segment);
  return out;
}

type Op = 'equal' | 'insert' | 'delete';

/** Beyond this many edits the middle is treated as replaced wholesale (keeps the worst case bounded). */
const MAX_EDITS = 4000;

/** The edit script from a to b as a list of (op, token) pairs. */
export function diffTokens(a: string[], b: string[]): Array<[Op, string]> {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head: Array<[Op, string]> = a.slice(0, start).map((t) => ['equal', t]);
  const tail: Array<[Op, string]> = a.slice(endA).map((t) => ['equal', t]);
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  return [...head, ...myers(midA, midB), ...tail];
}

function myers(a: string[], b: string[]): Array<[Op, string]> {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((t) => ['insert', t]);
  if (m === 0) return a.map((t) => ['delete', t]);
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])) x = v[offset + k + 1];
      else x = v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        v = next;
        trace.push(v.slice());
        found = true;
        break outer;
      }
    }
    v = next;
  }
  if (!found) return [...a.map((t): [Op, string] => ['delete', t]), ...b.map((t): [Op, string] => ['insert', t])];
  // Walk back through the trace. trace[d + 1] holds v after step d.
  const ops: Array<[Op, string]> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0; d--) {
    const vPrev = trace[d];
    const k = x - y;
    if (d === 0) {
      while (x > 0 && y > 0) {
        ops.push(['equal', a[x - 1]]);
        x--;
        y--;
      }
      break;
    }
    let prevK: number;
    if (k === -d || (k !== d && vPrev[offset + k - 1] < vPrev[offset + k + 1])) prevK = k + 1;
    else prevK = k - 1;
    const prevX = vPrev[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push(['equal', a[x - 1]]);
      x--;
      y--;
    }
    if (x === prevX) {
      ops.push(['insert', b[y - 1]]);
      y--;
    } else {
      ops.push(['delete', a[x - 1]]);
      x--;
    }
  }
  return ops.reverse();
}

/**
 * Semantic clean-up: a short unchanged island (a particle such as は or の) between two changes is
 * folded into the change, so the underline covers the changed phrase rather than chopped pieces.
 */
export function cleanup(ops: Array<[Op, string]>, island = 2): Array<[Op, string]> {
  const runs: Array<{ equal: boolean; ops: Array<[Op, string]> }> = [];
  for (const op of ops) {
    const equal = op[0] === 'equal';
    const last = runs[runs.length - 1];
    if (last && last.equal === equal) last.ops.push(op);
    else runs.push({ equal, ops: [op] });
  }
  const out: Array<[Op, string]> = [];
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i];
    const text = r.ops.map(([, t]) => t).join('');
    const between = i > 0 && i < runs.length - 1 && !runs[i - 1].equal && !runs[i + 1].equal;
    if (r.equal && between && text.length <= island && !text.includes('\n')) {
      out.push(['delete', text], ['insert', text]);
      continue;
    }
    if (r.equal) {
      out.push(...r.ops);
      continue;
    }
    // Within a change, list deletions before insertions so each side reads as one phrase.
    out.push(...r.ops.filter(([o]) => o === 'delete'), ...r.ops.filter(([o]) => o === 'insert'));
  }
  return out;
}

function pushSegment(list: DiffSegment[], text: string, changed: boolean): void {
  if (text === '') return;
  const last = list[list.length - 1];
  if (last && last.changed === changed) last.text += text;
  else list.push({ text, changed });
}

/**
 * Compare old and new text. `after` is the new text cut into segments with the inserted words
 * marked; `before` is the old text with the deleted words marked. Whitespace-only changes are
 * not marked (nothing to underline).
 */
export function diffTexts(before: string, after: string): { before: DiffSegment[]; after: DiffSegment[]; same: boolean } {
  if (before === after) {
    return { before: before ? [{ text: before, changed: false }] : [], after: after ? [{ text: after, changed: false }] : [], same: true };
  }
  const ops = cleanup(diffTokens(tokenize(before), tokenize(after)));
  const b: DiffSegment[] = [];
  const a: DiffSegment[] = [];
  for (const [op, tok] of ops) {
    const blank = tok.trim() === '';
    if (op === 'equal') {
      pushSegment(b, tok, false);
      pushSegment(a, tok, false);
    } else if (op === 'delete') pushSegment(b, tok, !blank);
    else pushSegment(a, tok, !blank);
  }
  return { before: b, after: a, same: false };
}

/** Whole text as one segment, marked or not (for added or removed articles). */
export function wholeSegments(text: string, changed: boolean): DiffSegment[] {
  return text ? [{ text, changed }] : [];
}
