import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
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
  if (forced === 'cp932') return checkCp932(buf);
  try {
    let text = utf8.decode(buf);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.includes('\u0000')) throw new Error('binary');
    return { text, encoding: 'utf-8' };
  } catch {
    if (forced === 'utf-8') throw wrongEncoding();
    return checkCp932(buf);
  }
}

function checkCp932(buf: Buffer): DecodedText {
  const text = iconv.decode(buf, 'cp932');
  // iconv-lite maps undecodable bytes to U+FFFD; a NUL means a binary file.
  if (text.includes('\ufffd') || text.includes('\u0000')) throw wrongEncoding();
  return { text, encoding: 'cp932' };
}

function wrongEncoding(): AppError {
  return new AppError(400, 'wrong_encoding', {
    ja: 'ファイルの文字コードを判別できません。UTF-8 または Shift_JIS（CP932）のCSVを指定してください。',
    en: 'The file encoding could not be read. Use a CSV in UTF-8 or Shift_JIS (CP932).',
  });
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

export async function parseXlsx(buf: Buffer, sheetName?: string): Promise<{ headers: string[]; rows: TableRow[] }> {
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new AppError(400, 'xlsx_unreadable', {
      ja: 'Excelファイル（.xlsx）として読み込めません。',
      en: 'The file could not be read as an Excel workbook (.xlsx).',
    });
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
export async function readTable(buf: Buffer, filename = '', opts: { encoding?: TextEncoding; sheet?: string } = {}): Promise<Table> {
  const isZip = buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
  if (isZip || /\.xlsx$/i.test(filename)) {
    const t = await parseXlsx(buf, opts.sheet);
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
