import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { guardArchive, isZip, throwIfAborted } from './archive-guard';
import { loadExcel } from './excel';
import iconv from 'iconv-lite';
import { AppError, type FieldError } from './errors';

/**
 * Reading imported tables (.csv in UTF-8 or Shift_JIS/CP932, and .xlsx) into header-keyed rows.
 * Every import in Shirube goes through here, so encodings and errors behave the same everywhere.
 */

export type TextEncoding = 'utf-8' | 'cp932';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise CP932; anything else is refused. */
export function decodeText(buf: Buffer, forced?: TextEncoding): DecodedText {
  if (forced === 'cp932') return checkCp932(buf, forced);
  try {
    let text = utf8.decode(buf);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.includes('\u0000')) throw new Error('binary');
    return { text, encoding: 'utf-8' };
  } catch {
    if (forced === 'utf-8') throw wrongEncoding(buf, forced);
    return checkCp932(buf);
  }
}

function checkCp932(buf: Buffer, forced?: TextEncoding): DecodedText {
  const text = iconv.decode(buf, 'cp932');
  // iconv-lite maps undecodable bytes to U+FFFD; a NUL means a binary file.
  if (text.includes('\ufffd') || text.includes('\u0000')) throw wrongEncoding(buf, forced);
  return { text, encoding: 'cp932' };
}

/** The refusal names the row and column of the first character that cannot be read. */
function wrongEncoding(buf: Buffer, forced?: TextEncoding): AppError {
  const at = locateEncodingError(buf, forced);
  return new AppError(
    400,
    'wrong_encoding',
    {
      ja: 'ファイルの文字コードを判別できません。UTF-8 または Shift_JIS（CP932）のCSVを指定してください。',
      en: 'The file encoding could not be read. Use a CSV in UTF-8 or Shift_JIS (CP932).',
    },
    at
      ? [
          {
            row: at.row,
            column: at.column,
            code: 'wrong_encoding',
            message: {
              ja: `${at.row}行目の${at.column}列に、${at.encoding === 'cp932' ? 'Shift_JIS（CP932）' : 'UTF-8'}として読めない文字があります。`,
              en: `Row ${at.row}, column ${at.column} holds bytes that are not valid ${at.encoding === 'cp932' ? 'Shift_JIS (CP932)' : 'UTF-8'}.`,
            },
          },
        ]
      : [],
  );
}

export interface EncodingErrorAt {
  row: number;
  column: string;
  /** The encoding the file was most likely written in: the one that reads furthest. */
  encoding: TextEncoding;
}

/**
 * Where a file that is neither valid UTF-8 nor valid CP932 first goes wrong. Both readings are
 * tried and the one that gets further is taken as the file's encoding (a Shift_JIS file is
 * invalid UTF-8 at its first Japanese character, which is usually in the header); rows and
 * columns are counted as the CSV reads them (commas and line breaks inside quotes do not count).
 */
export function locateEncodingError(buf: Buffer, forced?: TextEncoding): EncodingErrorAt | null {
  const asUtf8 = forced === 'cp932' ? null : locateUtf8(buf);
  const asCp932 = forced === 'utf-8' ? null : locateInText(iconv.decode(buf, 'cp932'));
  // Readable in an allowed encoding: nothing to report.
  if ((forced !== 'cp932' && !asUtf8) || (forced !== 'utf-8' && !asCp932)) return null;
  if (asUtf8 && asCp932) {
    const later = asCp932.offset > asUtf8.offset || (asCp932.offset === asUtf8.offset && asCp932.row > asUtf8.row);
    const pick = later ? asCp932 : asUtf8;
    return { row: pick.row, column: columnLetter(pick.col), encoding: later ? 'cp932' : 'utf-8' };
  }
  const only = (asUtf8 ?? asCp932) as { row: number; col: number };
  return { row: only.row, column: columnLetter(only.col), encoding: asUtf8 ? 'utf-8' : 'cp932' };
}

/** First byte that is not UTF-8 (or is NUL); offset counts bytes read correctly before it. */
function locateUtf8(buf: Buffer): { row: number; col: number; offset: number } | null {
  let i = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let row = 1;
  let col = 0;
  let quoted = false;
  while (i < buf.length) {
    const b = buf[i];
    let len = 0;
    if (b < 0x80) len = 1;
    else if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) len = 3;
    else if (b >= 0xf0 && b <= 0xf4) len = 4;
    let valid = len > 0 && i + len <= buf.length;
    for (let k = 1; valid && k < len; k++) if ((buf[i + k] & 0xc0) !== 0x80) valid = false;
    if (!valid || b === 0) return { row, col, offset: i };
    if (b === 0x22) quoted = !quoted;
    else if (!quoted && b === 0x2c) col++;
    else if (!quoted && b === 0x0a) {
      row++;
      col = 0;
    }
    i += len;
  }
  return null;
}

/** First U+FFFD or NUL in a decoded text; offset in bytes is approximated by characters read × 2. */
function locateInText(text: string): { row: number; col: number; offset: number } | null {
  let row = 1;
  let col = 0;
  let quoted = false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || c === 0) return { row, col, offset: bytes };
    // CP932: ASCII and half-width kana are one byte, everything else two.
    bytes += c < 0x80 || (c >= 0xff61 && c <= 0xff9f) ? 1 : 2;
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && c === 0x2c) col++;
    else if (!quoted && c === 0x0a) {
      row++;
      col = 0;
    }
  }
  return null;
}

export interface TableRow {
  /** 1-based row number as the user sees it in the file (the header is row 1). */
  row: number;
  values: Record<string, string>;
}

export interface Table {
  headers: string[];
  rows: TableRow[];
  format: 'csv' | 'xlsx';
  encoding?: TextEncoding;
}

export interface ColumnSpec {
  key: string;
  /** Accepted header texts (Japanese first), compared after trimming and NFKC normalisation. */
  headers: string[];
  required?: boolean;
}

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');

/** Map the file's headers to column keys; unknown required columns give an error naming them. */
export function mapColumns(table: Table, columns: ColumnSpec[]): { get(row: TableRow, key: string): string; letter(key: string): string } {
  const index = new Map<string, string>();
  const missing: FieldError[] = [];
  for (const col of columns) {
    const wanted = new Set(col.headers.map(norm));
    const found = table.headers.find((h) => wanted.has(norm(h)));
    if (found !== undefined) index.set(col.key, found);
    else if (col.required) {
      missing.push({
        row: 1,
        column: col.headers[0],
        code: 'missing_column',
        message: { ja: `列「${col.headers[0]}」がありません。`, en: `Column "${col.headers[1] ?? col.headers[0]}" is missing.` },
      });
    }
  }
  if (missing.length) {
    throw new AppError(400, 'import_invalid', { ja: '必要な列がありません。', en: 'Required columns are missing.' }, missing);
  }
  return {
    get(row, key) {
      const h = index.get(key);
      return h === undefined ? '' : (row.values[h] ?? '').trim();
    },
    letter(key) {
      const h = index.get(key);
      if (h === undefined) return key;
      return columnLetter(table.headers.indexOf(h));
    },
  };
}

export function columnLetter(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function parseCsv(text: string): { headers: string[]; rows: TableRow[] } {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new AppError(
      400,
      'csv_malformed',
      { ja: 'CSVの形式が正しくありません（引用符の対応などを確認してください）。', en: 'The CSV is malformed (check quoting).' },
      line ? [{ row: line, code: 'csv_malformed', message: { ja: `${line}行目付近で解析に失敗しました。`, en: `Parsing failed near row ${line}.` } }] : [],
    );
  }
  if (records.length === 0) throw emptyFile();
  const headers = records[0].map((h) => h.trim());
  const rows: TableRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const rec = records[i];
    if (rec.every((v) => v.trim() === '')) continue;
    const values: Record<string, string> = {};
    headers.forEach((h, j) => {
      values[h] = rec[j] ?? '';
    });
    rows.push({ row: i + 1, values });
  }
  return { headers, rows };
}

function emptyFile(): AppError {
  return new AppError(400, 'import_empty', { ja: 'ファイルにデータがありません。', en: 'The file has no data.' });
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return String(v);
}

function xlsxUnreadable(): AppError {
  return new AppError(400, 'xlsx_unreadable', {
    ja: 'Excelファイル（.xlsx）として読み込めません。',
    en: 'The file could not be read as an Excel workbook (.xlsx).',
  });
}

export async function parseXlsx(buf: Buffer, sheetName?: string, signal?: AbortSignal): Promise<{ headers: string[]; rows: TableRow[] }> {
  // exceljs inflates the whole workbook in memory: it gets only archives within the limits.
  await guardArchive(buf, { signal }).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'archive_unreadable') throw xlsxUnreadable();
    throw e;
  });
  const wb = new (await loadExcel()).Workbook();
  throwIfAborted(signal);
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw xlsxUnreadable();
  }
  const ws = (sheetName && wb.getWorksheet(sheetName)) || wb.worksheets[0];
  if (!ws) throw emptyFile();
  const headerRow = ws.getRow(1);
  const headers: string[] = [];
  headerRow.eachCell({ includeEmpty: true }, (cell, col) => {
    headers[col - 1] = cellText(cell.value).trim();
  });
  const rows: TableRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, string> = {};
    let any = false;
    headers.forEach((h, j) => {
      const t = cellText(r.getCell(j + 1).value);
      if (t.trim() !== '') any = true;
      values[h] = t;
    });
    if (any) rows.push({ row: rowNumber, values });
  });
  return { headers, rows };
}

/** Read an uploaded table by its file name (or content): .xlsx by its ZIP signature, otherwise CSV. */
export async function readTable(buf: Buffer, filename = '', opts: { encoding?: TextEncoding; sheet?: string; signal?: AbortSignal } = {}): Promise<Table> {
  throwIfAborted(opts.signal);
  if (isZip(buf) || /\.xlsx$/i.test(filename)) {
    const t = await parseXlsx(buf, opts.sheet, opts.signal);
    throwIfAborted(opts.signal);
    return { ...t, format: 'xlsx' };
  }
  const decoded = decodeText(buf, opts.encoding);
  const t = parseCsv(decoded.text);
  return { ...t, format: 'csv', encoding: decoded.encoding };
}

/** Values that a spreadsheet would run as a formula are written with a leading apostrophe. */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The inverse for round-trips: drop the apostrophe that neutraliseFormula() added. */
export function restoreNeutralised(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** Quote a CSV field (RFC 4180) after neutralising formulas. */
export function csvField(value: unknown): string {
  const s = neutraliseFormula(value === null || value === undefined ? '' : String(value));
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(headers: string[], rows: unknown[][]): string {
  // BOM so that Excel opens UTF-8 Japanese correctly.
  return `\ufeff${[headers.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\r\n')}\r\n`;
}
