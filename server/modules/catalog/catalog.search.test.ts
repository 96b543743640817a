import { describe, expect, it } from 'vitest';
import { bigrams, MAX_TERMS, normaliseText, queryTerms } from './catalog.search';

describe('search normalisation', () => {
  it('NFKC-normalises and lower-cases (full-width Latin, half-width kana, spaces)', () => {
    expect(normaliseText('無線ＬＡＮ')).toBe('無線lan');
    expect(normaliseText('ﾏｲﾅﾝﾊﾞｰ')).toBe('マイナンバー');
    expect(normaliseText('  廃棄\u3000等\n')).toBe('廃棄 等');
    expect(normaliseText('６．１（１３）')).toBe('6.1(13)');
  });

  it('cuts character bigrams, two-character words included, without pairs across spaces', () => {
    expect(bigrams('廃棄')).toEqual(['廃棄']);
    expect(bigrams('無害化')).toEqual(['無害', '害化']);
    expect(bigrams('ab cd')).toEqual(['ab', 'cd']);
    expect(bigrams('鍵')).toEqual([]);
    expect(bigrams('ああああ')).toEqual(['ああ']);
    // characters outside the BMP stay whole
    expect(bigrams('𠮷野家')).toEqual(['𠮷野', '野家']);
  });

  it('splits queries into distinct terms and caps their number', () => {
    expect(queryTerms(' 廃棄　USBメモリ 廃棄 ')).toEqual(['廃棄', 'usbメモリ']);
    expect(queryTerms('a b c d e f g h i j k').length).toBe(MAX_TERMS);
    expect(queryTerms('   ')).toEqual([]);
  });
});
