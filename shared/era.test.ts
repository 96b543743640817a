import { describe, expect, it } from 'vitest';
import { daysBetween, fiscalYearOf, fiscalYearRange, formatEditionLabel, formatEraDate, formatFiscalYear, isDateOnly, japanDate } from './era';

describe('和暦 (Japanese era dates)', () => {
  it.each([
    ['2026-11-22', '令和8年11月22日'],
    ['2019-05-01', '令和元年5月1日'],
    ['2019-04-30', '平成31年4月30日'],
    ['1989-01-08', '平成元年1月8日'],
    ['1989-01-07', '昭和64年1月7日'],
    ['2020-01-01', '令和2年1月1日'],
  ])('%s → %s', (d, expected) => {
    expect(formatEraDate(d)).toBe(expected);
  });

  it('uses Japan time for instants near midnight UTC', () => {
    // 2026-03-31T15:30Z is already April 1 in Japan.
    expect(japanDate('2026-03-31T15:30:00Z')).toBe('2026-04-01');
    expect(formatEraDate(new Date('2026-03-31T15:30:00Z'))).toBe('令和8年4月1日');
    expect(japanDate('2026-03-31T14:59:59Z')).toBe('2026-03-31');
  });
});

describe('年度 (fiscal year, April–March)', () => {
  it.each([
    ['2026-03-31', 2025],
    ['2026-04-01', 2026],
    ['2027-03-31', 2026],
    ['2027-01-01', 2026],
    ['2026-12-31', 2026],
  ])('%s is in fiscal year %i', (d, fy) => {
    expect(fiscalYearOf(d)).toBe(fy);
  });

  it('crosses the year boundary in Japan time, not UTC', () => {
    expect(fiscalYearOf('2026-03-31T15:00:00Z')).toBe(2026);
    expect(fiscalYearOf('2026-03-31T14:59:00Z')).toBe(2025);
  });

  it.each([
    [2026, '令和8年度'],
    [2019, '令和元年度'],
    [2018, '平成30年度'],
    [1989, '平成元年度'],
    [1988, '昭和63年度'],
  ])('%i → %s', (fy, label) => {
    expect(formatFiscalYear(fy)).toBe(label);
  });

  it('gives the range and an English label', () => {
    expect(fiscalYearRange(2026)).toEqual({ start: '2026-04-01', end: '2027-03-31' });
    expect(formatFiscalYear(2026, 'en')).toBe('FY2026');
  });
});

describe('helpers', () => {
  it('labels editions', () => {
    expect(formatEditionLabel('R8.3')).toBe('令和8年3月');
    expect(formatEditionLabel('R6.10')).toBe('令和6年10月');
    expect(formatEditionLabel('H30.9')).toBe('平成30年9月');
  });
  it('counts Japan calendar days', () => {
    expect(daysBetween('2026-03-30', '2026-04-02')).toBe(3);
    expect(daysBetween('2026-04-02', '2026-03-30')).toBe(-3);
  });
  it('validates date-only strings', () => {
    expect(isDateOnly('2026-02-29')).toBe(false);
    expect(isDateOnly('2028-02-29')).toBe(true);
    expect(isDateOnly('2026-13-01')).toBe(false);
    expect(isDateOnly('2026-1-01')).toBe(false);
  });
});
