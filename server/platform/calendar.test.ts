import { describe, expect, it } from 'vitest';
import { addDays, BusinessCalendar, isPublicHoliday } from './calendar';

describe('business calendar', () => {
  const cal = new BusinessCalendar();

  it('knows national holidays from the maintained table, including substitute holidays', () => {
    expect(isPublicHoliday('2027-01-11')).toBe(true); // 成人の日 (second Monday of January)
    expect(isPublicHoliday('2026-05-06')).toBe(true); // 振替休日 for 憲法記念日 on a Sunday
    expect(isPublicHoliday('2026-12-02')).toBe(false);
  });

  it('closes weekends, holidays and 年末年始 by default', () => {
    expect(cal.closedReason('2026-12-05')).toBe('weekend');
    expect(cal.closedReason('2026-11-23')).toBe('holiday');
    expect(cal.closedReason('2026-12-29')).toBe('organization');
    expect(cal.closedReason('2027-01-04')).toBeNull();
  });

  it('counts business days across a holiday weekend and the year end', () => {
    // Friday 2026-11-20, Monday 23 is 勤労感謝の日: three business days later is Thursday 26.
    expect(cal.addBusinessDays('2026-11-20', 3)).toBe('2026-11-26');
    // Monday 2026-12-28 + 1 business day skips 29 Dec – 3 Jan.
    expect(cal.addBusinessDays('2026-12-28', 1)).toBe('2027-01-04');
    expect(cal.businessDaysBetween('2026-12-28', '2027-01-04')).toBe(1);
    expect(cal.nextBusinessDay('2026-12-31')).toBe('2027-01-04');
  });

  it('applies an organisation’s own closed dates', () => {
    const own = new BusinessCalendar({ yearly: [{ from: '12-29', to: '01-03' }], dates: ['2026-12-03'] });
    expect(own.addBusinessDays('2026-12-02', 1)).toBe('2026-12-04');
    expect(cal.addBusinessDays('2026-12-02', 1)).toBe('2026-12-03');
  });

  it('refuses malformed dates and counts', () => {
    expect(() => addDays('2026/12/02', 1)).toThrow(RangeError);
    expect(() => cal.addBusinessDays('2026-12-02', -1)).toThrow(RangeError);
    expect(() => new BusinessCalendar({ yearly: [{ from: '1229', to: '0103' }], dates: [] })).toThrow(RangeError);
  });
});
