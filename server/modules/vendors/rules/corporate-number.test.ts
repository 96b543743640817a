import { describe, expect, it } from 'vitest';
import { corporateNumberCheckDigit, corporateNumberProblem, isValidCorporateNumber, normaliseCorporateNumber } from '@shared/vendors';

describe('法人番号 check digit', () => {
  it('computes the check digit of published corporate numbers', () => {
    // 国税庁 (National Tax Agency): 7000012050002
    expect(corporateNumberCheckDigit('000012050002')).toBe(7);
    // トヨタ自動車株式会社: 1180301018771
    expect(corporateNumberCheckDigit('180301018771')).toBe(1);
  });

  it('weights digits 1 and 2 alternately from the rightmost digit', () => {
    // Only the rightmost digit set: weight 1 → sum 1 → 9 - 1 = 8.
    expect(corporateNumberCheckDigit('000000000001')).toBe(8);
    // Only the second digit from the right: weight 2 → sum 2 → 9 - 2 = 7.
    expect(corporateNumberCheckDigit('000000000010')).toBe(7);
    // Only the leftmost digit (12th from the right, even position): weight 2.
    expect(corporateNumberCheckDigit('100000000000')).toBe(7);
    // A weighted sum that is a multiple of 9 gives 9, never 0.
    expect(corporateNumberCheckDigit('000000000009')).toBe(9);
    expect(corporateNumberCheckDigit('000000000000')).toBe(9);
  });

  it('agrees with a direct reading of the definition for many numbers', () => {
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let k = 0; k < 500; k++) {
      const base = Array.from({ length: 12 }, () => String(next() % 10)).join('');
      const digits = base.split('').map(Number).reverse(); // digits[0] is the lowest position (n = 1)
      const sum = digits.reduce((s, d, i) => s + d * ((i + 1) % 2 === 1 ? 1 : 2), 0);
      expect(corporateNumberCheckDigit(base)).toBe(9 - (sum % 9));
    }
  });

  it('accepts valid numbers and names the problem with invalid ones', () => {
    expect(isValidCorporateNumber('7000012050002')).toBe(true);
    expect(isValidCorporateNumber('1180301018771')).toBe(true);
    expect(corporateNumberProblem('8000012050002')).toBe('checkDigit');
    expect(corporateNumberProblem('1180301018772')).toBe('checkDigit');
    expect(corporateNumberProblem('118030101877')).toBe('format');
    expect(corporateNumberProblem('11803010187711')).toBe('format');
    expect(corporateNumberProblem('11803O1018771')).toBe('format');
    expect(corporateNumberProblem('１１８０３０１０１８７７１')).toBe('format');
  });

  it('normalises full-width digits and separators before checking', () => {
    expect(normaliseCorporateNumber('１１８０３０１０１８７７１')).toBe('1180301018771');
    expect(normaliseCorporateNumber('1-1803-0101-8771')).toBe('1180301018771');
    expect(normaliseCorporateNumber(' 7000 0120 50002 ')).toBe('7000012050002');
  });

  it('refuses a base number that is not 12 digits', () => {
    expect(() => corporateNumberCheckDigit('12345')).toThrow(RangeError);
  });
});
