import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../../platform/calendar';
import { DEFAULT_SETTINGS, type IncidentFacts, obligationsFor } from './obligations';

const cal = new BusinessCalendar();
const facts = (f: Partial<IncidentFacts> = {}): IncidentFacts => ({
  occurredAt: '2026-11-20T01:00:00.000Z',
  discoveredAt: '2026-11-20T02:00:00.000Z',
  // Friday 2026-11-20, 12:00 Japan time
  knewAt: '2026-11-20T03:00:00.000Z',
  status: 'triage',
  severity: 'low',
  category: 'mistake',
  segments: [],
  personalData: true,
  personsCount: 1,
  specialCare: false,
  myNumber: false,
  ordinanceSpecial: false,
  stronglyEncrypted: false,
  propertyDamage: false,
  improperPurpose: false,
  unspecifiedExposure: false,
  myNumberSystem: false,
  lgwan: false,
  crime: false,
  vendorFirstReportMinutes: null,
  ...f,
});
const rules = (f: Partial<IncidentFacts>) => obligationsFor(facts(f), DEFAULT_SETTINGS, cal).map((o) => o.ruleId);

describe('obligations engine', () => {
  it('PPC (APPI): the threshold is more than 100 persons, not 100 and not 1,000', () => {
    expect(rules({ personsCount: 100 })).not.toContain('ppc.appi.preliminary');
    expect(rules({ personsCount: 101 })).toContain('ppc.appi.preliminary');
  });

  it('PPC (APPI): each of the five triggers alone is enough; strong encryption exempts', () => {
    for (const t of ['specialCare', 'propertyDamage', 'improperPurpose', 'ordinanceSpecial'] as const) expect(rules({ [t]: true })).toContain('ppc.appi.final');
    expect(rules({ specialCare: true, stronglyEncrypted: true })).not.toContain('ppc.appi.final');
  });

  it('確報 within 30 days, 60 for an improper purpose; 速報 by the configured days', () => {
    const o = obligationsFor(facts({ specialCare: true }), DEFAULT_SETTINGS, cal);
    expect(o.find((x) => x.ruleId === 'ppc.appi.final')?.dueAt).toBe('2026-12-20T14:59:59.000Z');
    expect(o.find((x) => x.ruleId === 'ppc.appi.preliminary')?.dueAt).toBe('2026-11-23T14:59:59.000Z');
    const i = obligationsFor(facts({ improperPurpose: true }), DEFAULT_SETTINGS, cal);
    expect(i.find((x) => x.ruleId === 'ppc.appi.final')?.dueAt).toBe('2027-01-19T14:59:59.000Z');
  });

  it('My Number: a leak from a My Number-use system whatever the count', () => {
    expect(rules({ myNumber: true, personsCount: 1, segments: ['mynumber'] })).toContain('ppc.mynumber.preliminary');
    expect(rules({ myNumber: true, personsCount: 1 })).not.toContain('ppc.mynumber.preliminary');
    expect(rules({ myNumber: true, unspecifiedExposure: true })).toContain('ppc.mynumber.final');
  });

  it('prefecture: noon of the next business day (Friday → Monday; a holiday Monday → Tuesday)', () => {
    const o = obligationsFor(facts(), DEFAULT_SETTINGS, cal).find((x) => x.ruleId === 'prefecture.report');
    expect(o?.dueAt).toBe('2026-11-24T03:00:00.000Z'); // 2026-11-23 is 勤労感謝の日
    const h = obligationsFor(facts(), { ...DEFAULT_SETTINGS, prefecture: { kind: 'hours', hours: 24 } }, cal).find((x) => x.ruleId === 'prefecture.report');
    expect(h?.dueAt).toBe('2026-11-21T03:00:00.000Z');
  });

  it('J-LIS for LGWAN, police for crimes, the vendor by its SLA; nothing for a dismissed incident', () => {
    expect(rules({ personalData: false, segments: ['lgwan'] })).toEqual(['prefecture.report', 'jlis.report']);
    expect(rules({ personalData: false, crime: true })).toContain('police.report');
    const v = obligationsFor(facts({ vendorFirstReportMinutes: 60 }), DEFAULT_SETTINGS, cal).find((x) => x.ruleId === 'vendor.firstReport');
    expect(v?.dueAt).toBe('2026-11-20T03:00:00.000Z');
    expect(rules({ status: 'dismissed', specialCare: true })).toEqual([]);
  });

  it('a minor non-personal case with no significant fact calls for nothing', () => {
    expect(rules({ personalData: false })).toEqual([]);
  });
});
