import { describe, expect, it } from 'vitest';
import { lgCheckDigit, lgCodeProblem, withCheckDigit } from './lgcode';

describe('全国地方公共団体コード', () => {
  it.each([
    ['01000', '010006'], // 北海道
    ['13000', '130001'], // 東京都
    ['09000', '090000'], // 栃木県: remainder 1 → check digit 0
    ['11000', '110001'], // 埼玉県: remainder 0 → check digit 1
    ['13101', '131016'], // 千代田区
    ['27000', '270008'], // 大阪府
  ])('%s → %s', (five, six) => {
    expect(withCheckDigit(five)).toBe(six);
    expect(lgCodeProblem(six)).toBeNull();
  });

  it('rejects a wrong check digit, a bad prefecture and bad formats', () => {
    expect(lgCodeProblem('131017')).toBe('checkDigit');
    expect(lgCodeProblem('480001')).toBe('prefecture');
    expect(lgCodeProblem('000001')).toBe('prefecture');
    expect(lgCodeProblem('13101')).toBe('format');
    expect(lgCodeProblem('13101a')).toBe('format');
    expect(lgCheckDigit('13101')).toBe(6);
  });
});
