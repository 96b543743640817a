/**
 * Japan-time dates, 和暦 (Japanese era) and 年度 (fiscal year, April–March).
 *
 * Date-only values travel as 'YYYY-MM-DD' strings; instants as ISO strings in UTC.
 * Every formatting call pins the Asia/Tokyo time zone so the machine's TZ never shifts a day.
 */

const TZ = 'Asia/Tokyo';

const eraLong = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  timeZone: TZ,
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

const ymdParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const dateTimeJa = new Intl.DateTimeFormat('ja-JP', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date-only string is read as that calendar day in Japan (noon JST avoids any boundary). */
function toInstant(value: Date | string): Date {
  if (value instanceof Date) return value;
  const m = DATE_ONLY.exec(value);
  if (m) return new Date(`${m[1]}-${m[2]}-${m[3]}T12:00:00+09:00`);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`invalid date: ${value}`);
  return d;
}

/** 'YYYY-MM-DD' of the given instant in Japan time. */
export function japanDate(value: Date | string = new Date()): string {
  return ymdParts.format(toInstant(value));
}

/** 令和8年11月22日 (元年 for the first year of an era). */
export function formatEraDate(value: Date | string): string {
  return eraLong.format(toInstant(value)).replace(/(\D)1年/, '$1元年');
}

/** 2026/11/22 12:34 in Japan time, for timestamps in tables. */
export function formatJapanDateTime(value: Date | string): string {
  return dateTimeJa.format(toInstant(value));
}

/** 年度: April 1 to March 31. 2027-03-31 belongs to 2026年度, 2027-04-01 to 2027年度. */
export function fiscalYearOf(value: Date | string = new Date()): number {
  const [y, m] = japanDate(value).split('-').map(Number);
  return m >= 4 ? y : y - 1;
}

export function fiscalYearRange(fiscalYear: number): { start: string; end: string } {
  return { start: `${fiscalYear}-04-01`, end: `${fiscalYear + 1}-03-31` };
}

interface Era {
  name: string;
  nameEn: string;
  start: string; // first day, YYYY-MM-DD
}

const ERAS: Era[] = [
  { name: '令和', nameEn: 'Reiwa', start: '2019-05-01' },
  { name: '平成', nameEn: 'Heisei', start: '1989-01-08' },
  { name: '昭和', nameEn: 'Showa', start: '1926-12-25' },
];

function eraForDate(ymd: string): Era {
  for (const era of ERAS) if (ymd >= era.start) return era;
  return ERAS[ERAS.length - 1];
}

/**
 * 令和8年度. 2019年度 began under 平成 but is called 令和元年度 in practice, so the era is
 * taken from May 1 of the fiscal year rather than from April 1.
 */
export function formatFiscalYear(fiscalYear: number, locale: 'ja' | 'en' = 'ja'): string {
  if (locale === 'en') return `FY${fiscalYear}`;
  const era = eraForDate(`${fiscalYear}-05-01`);
  const eraYear = fiscalYear - Number(era.start.slice(0, 4)) + 1;
  return `${era.name}${eraYear === 1 ? '元' : eraYear}年度`;
}

/** Short era label for an edition id such as R8.3 → 令和8年3月. */
export function formatEditionLabel(editionId: string): string {
  const m = /^([RH])(\d+)\.(\d+)$/.exec(editionId);
  if (!m) return editionId;
  const era = m[1] === 'R' ? '令和' : '平成';
  return `${era}${m[2] === '1' ? '元' : m[2]}年${m[3]}月`;
}

/** Whole days from a to b (date-only strings or instants), in Japan calendar days. */
export function daysBetween(a: Date | string, b: Date | string): number {
  const da = Date.parse(`${japanDate(a)}T00:00:00Z`);
  const db = Date.parse(`${japanDate(b)}T00:00:00Z`);
  return Math.round((db - da) / 86_400_000);
}

export function isDateOnly(value: string): boolean {
  if (!DATE_ONLY.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
