import { describe, expect, it } from 'vitest';
import { diffTexts, diffTokens, tokenize } from './textdiff';

function apply(ops: Array<['equal' | 'insert' | 'delete', string]>) {
  return {
    a: ops.filter(([o]) => o !== 'insert').map(([, t]) => t).join(''),
    b: ops.filter(([o]) => o !== 'delete').map(([, t]) => t).join(''),
  };
}

describe('text diff', () => {
  it('splits Japanese into words, not characters', () => {
    const t = tokenize('情報資産を分類する。');
    expect(t.join('')).toBe('情報資産を分類する。');
    expect(t.length).toBeLessThan('情報資産を分類する。'.length);
  });

  it('produces an edit script that rebuilds both texts', () => {
    const pairs: Array<[string, string]> = [
      ['', 'abc'],
      ['abc', ''],
      ['機器を廃棄するときは消去する。', '機器を廃棄し、又は返却するときは破壊又は除去する。'],
      ['a b c d e', 'a c e f'],
      ['同じ', '同じ'],
    ];
    for (const [x, y] of pairs) {
      const ops = diffTokens(tokenize(x), tokenize(y));
      expect(apply(ops)).toEqual({ a: x, b: y });
    }
  });

  it('marks only the changed words on each side', () => {
    const d = diffTexts('USBメモリは使わない。', 'USBメモリは登録したものに限り使う。');
    expect(d.same).toBe(false);
    const after = d.after.filter((s) => s.changed).map((s) => s.text).join('');
    const before = d.before.filter((s) => s.changed).map((s) => s.text).join('');
    expect(after).toContain('登録');
    expect(after).not.toContain('USB');
    expect(before).toContain('ない');
    expect(d.after.map((s) => s.text).join('')).toBe('USBメモリは登録したものに限り使う。');
    expect(d.before.map((s) => s.text).join('')).toBe('USBメモリは使わない。');
  });

  it('finds a minimal script (one inserted word is one insert)', () => {
    const ops = diffTokens(['a', 'b', 'c', 'd'], ['a', 'b', 'x', 'c', 'd']);
    expect(ops.filter(([o]) => o !== 'equal')).toEqual([['insert', 'x']]);
  });
});

describe('clean-up of the underline', () => {
  it('folds a short unchanged particle between two changes into one underlined phrase', () => {
    const d = diffTexts('HDDは消去する。', 'SSDは破壊する。');
    const changed = d.after.filter((s) => s.changed).map((s) => s.text);
    expect(changed).toEqual(['SSDは破壊']);
    expect(d.after.map((s) => s.text).join('')).toBe('SSDは破壊する。');
    expect(d.before.map((s) => s.text).join('')).toBe('HDDは消去する。');
  });
});
