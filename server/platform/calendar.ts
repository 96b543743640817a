import { lazyRequire } from './lazy';

/**
 * Business days (開庁日) for deadlines that rules state in business days: the emergency
 * exception report, the prefecture's "noon the next business day", reminders.
 *
 * A day is closed when it is a Saturday or Sunday, a national public holiday (国民の祝日・休日,
 * from the maintained @holiday-jp/holiday_jp table, 1970–2050), or one of the organisation's own
 * closed days: yearly ranges such as 年末年始 (29 Dec – 3 Jan by default) and single dates.
 * Dates are 'YYYY-MM-DD' strings in Japan time throughout.
 */
interface HolidayJp {
  isHoliday(date: string): boolean;
}
const holidays = lazyRequire<HolidayJp>('@holiday-jp/holiday_jp');

/** A yearly closed range, inclusive, as 'MM-DD'; it may wrap the year end (12-29 → 01-03). */
export interface YearlyClosedRange {
  from: string;
  to: string;
}

export interface ClosedDays {
  yearly: YearlyClosedRange[];
  /** Single dates 'YYYY-MM-DD' (e.g. a day the city hall closes for an election). */
  dates: string[];
}

/** 年末年始: closed from 29 December to 3 January, the default for every organisation. */
export const DEFAULT_CLOSED_DAYS: ClosedDays = { yearly: [{ from: '12-29', to: '01-03' }], dates: [] };

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function assertDate(d: string): void {
  if (!DATE_RE.test(d)) throw new RangeError(`not a YYYY-MM-DD date: ${d}`);
}

function inYearly(monthDay: string, r: YearlyClosedRange): boolean {
  return r.from <= r.to ? monthDay >= r.from && monthDay <= r.to : monthDay >= r.from || monthDay <= r.to;
}

/** Add n calendar days to a 'YYYY-MM-DD' date (UTC arithmetic on the date alone). */
export function addDays(day: string, n: number): string {
  assertDate(day);
  const t = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function isWeekend(day: string): boolean {
  assertDate(day);
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd === 0 || wd === 6;
}

export function isPublicHoliday(day: string): boolean {
  assertDate(day);
  return holidays().isHoliday(day);
}

export class BusinessCalendar {
  private readonly dates: Set<string>;

  constructor(private readonly closed: ClosedDays = DEFAULT_CLOSED_DAYS) {
    for (const r of closed.yearly) {
      if (!/^\d{2}-\d{2}$/.test(r.from) || !/^\d{2}-\d{2}$/.test(r.to)) throw new RangeError(`closed range must be MM-DD: ${r.from}–${r.to}`);
    }
    for (const d of closed.dates) assertDate(d);
    this.dates = new Set(closed.dates);
  }

  /** Why a day is closed, or null when it is a business day. */
  closedReason(day: string): 'weekend' | 'holiday' | 'organization' | null {
    if (isWeekend(day)) return 'weekend';
    if (isPublicHoliday(day)) return 'holiday';
    if (this.dates.has(day) || this.closed.yearly.some((r) => inYearly(day.slice(5), r))) return 'organization';
    return null;
  }

  isBusinessDay(day: string): boolean {
    return this.closedReason(day) === null;
  }

  /** The first business day on or after `day`. */
  nextBusinessDay(day: string): string {
    let d = day;
    for (let i = 0; i < 400 && !this.isBusinessDay(d); i++) d = addDays(d, 1);
    return d;
  }

  /**
   * The date n business days after `day` (n ≥ 1): "within 3 business days" of a Friday before a
   * holiday Monday ends on Thursday. n = 0 gives `day` itself when it is a business day, else the next one.
   */
  addBusinessDays(day: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`business days must be a non-negative integer: ${n}`);
    if (n === 0) return this.nextBusinessDay(day);
    let d = day;
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isBusinessDay(d)) left--;
    }
    return d;
  }

  /** Business days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier. */
  businessDaysBetween(from: string, to: string): number {
    if (to === from) return 0;
    const sign = to > from ? 1 : -1;
    let count = 0;
    let d = from;
    while (d !== to) {
      d = addDays(d, sign);
      if (this.isBusinessDay(d)) count += sign;
    }
    return count;
  }
}

/**
 * The organisation's calendar (its own closed days on top of the national ones). Implemented by
 * the approvals module, which keeps each organisation's closed days; until an organisation sets
 * its own, DEFAULT_CLOSED_DAYS applies.
 */
export interface CalendarService {
  forTenant(db: import('../db/database').Db, tenantId: string): Promise<BusinessCalendar>;
}

declare module './deps' {
  interface Services {
    calendar: CalendarService;
  }
}
