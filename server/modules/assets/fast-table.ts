import { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { InflateBudget, checkDeclared, isZip, sizeMismatch, throwIfAborted, tooLargeInflated, archiveLimits } from '../../platform/archive-guard';
import { AppError } from '../../platform/errors';
import { type Table, type TableRow, type TextEncoding, decodeText, readTable } from '../../platform/tabular';

/**
 * Reading large register files quickly, into the same Table the platform's readTable() returns
 * (header-keyed rows numbered as a spreadsheet shows them), so mapColumns() and every check work
 * unchanged. The platform reader is general but builds a whole workbook in memory; 100,000 rows
 * of .xlsx take it over a minute and more than 1 GiB. Here:
 *  - CSV: the platform decodes the bytes (UTF-8 or CP932, refusing anything else) and this file
 *    parses RFC 4180 in one pass;
 *  - XLSX: the ZIP is read directly and the first worksheet's XML is inflated and scanned as a
 *    stream, one row at a time; shared strings (without phonetic runs), inline strings, numbers,
 *    booleans and cached formula results are read like the platform reads them.
 * A workbook this reader does not understand (ZIP64, an unusual layout) goes to readTable().
 */

// ---- CSV -----------------------------------------------------------------------------------

function malformed(row: number): AppError {
  return new AppError(400, 'csv_malformed', { ja: 'CSVの形式が正しくありません（引用符の対応などを確認してください）。', en: 'The CSV is malformed (check quoting).' }, [
    { row, code: 'csv_malformed', message: { ja: `${row}行目付近で解析に失敗しました。`, en: `Parsing failed near row ${row}.` } },
  ]);
}

/** Records of an RFC 4180 text (comma, double quotes, CRLF or LF); a record may span lines when quoted. */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  eachCsvRecord(text, (r) => {
    records.push(r);
  });
  return records;
}

/** The same parse, handing over each record as it is read (so records need not all be kept). */
export function eachCsvRecord(text: string, onRecord: (record: string[]) => void): void {
  let count = 0;
  const emit = (r: string[]) => {
    count++;
    onRecord(r);
  };
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let record: string[] = [];
  while (i <= n) {
    if (i === n) {
      // A final line without a line break ends the last record; an empty tail adds none.
      if (record.length) emit(record);
      break;
    }
    let field: string;
    if (text.charCodeAt(i) === 0x22) {
      // Quoted field: runs to the quote that is not doubled.
      let j = i + 1;
      let out = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) throw malformed(count + 1);
        if (text.charCodeAt(q + 1) === 0x22) {
          out += text.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        out += text.slice(j, q);
        i = q + 1;
        break;
      }
      field = out;
      const c = text.charCodeAt(i);
      if (i < n && c !== 0x2c && c !== 0x0a && c !== 0x0d) throw malformed(count + 1);
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 0x2c || c === 0x0a || c === 0x0d) break;
        if (c === 0x22) throw malformed(count + 1);
        j++;
      }
      field = text.slice(i, j);
      i = j;
    }
    record.push(field);
    const c = text.charCodeAt(i);
    if (c === 0x2c) {
      i++;
      if (i === n) {
        record.push('');
        emit(record);
        break;
      }
    } else {
      // End of record (CRLF, LF, lone CR) or end of text.
      if (c === 0x0d) i++;
      if (text.charCodeAt(i) === 0x0a) i++;
      emit(record);
      record = [];
      if (i >= n) break;
    }
  }
}

/**
 * A function that turns a record into its header-keyed values with one object literal, so that
 * every row object has the same shape (assigning 25 keys one by one from a loop is several times
 * slower on 100,000 rows). The headers enter the generated code only as JSON string literals, and
 * a repeated header keeps its last value, exactly as assignment in a loop would.
 */
export function valuesFactory(headers: string[]): (rec: string[]) => Record<string, string> {
  const body = headers
    .map((h, j) => (h === '__proto__' ? '' : `${JSON.stringify(h)}: r[${j}] ?? ''`))
    .filter(Boolean)
    .join(', ');
  return new Function('r', `return { ${body} };`) as (rec: string[]) => Record<string, string>;
}

/** Header-keyed rows from records as they are read: the header first, all-blank rows left out. */
function tableBuilder(format: 'csv' | 'xlsx', encoding?: TextEncoding) {
  let headers: string[] | null = null;
  let makeValues: ((rec: string[]) => Record<string, string>) | null = null;
  const rows: TableRow[] = [];
  let index = 0;
  return {
    add(rec: string[]) {
      index++;
      if (headers === null) {
        headers = rec.map((h) => h.trim());
        makeValues = valuesFactory(headers);
        return;
      }
      let any = false;
      for (const v of rec) {
        if (v.trim() !== '') {
          any = true;
          break;
        }
      }
      if (!any) return;
      rows.push({ row: index, values: (makeValues as (rec: string[]) => Record<string, string>)(rec) });
    },
    table(): Table {
      if (headers === null) throw new AppError(400, 'import_empty', { ja: 'ファイルにデータがありません。', en: 'The file has no data.' });
      return { headers, rows, format, ...(encoding ? { encoding } : {}) };
    },
  };
}

// ---- XLSX ----------------------------------------------------------------------------------

class Unsupported extends Error {}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** As the central directory declares it (checked while inflating). */
  uncompressedSize: number;
  offset: number;
}

function zipEntries(buf: Buffer): Map<string, ZipEntry> {
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let p = buf.length - 22; p >= min; p--) {
    if (buf.readUInt32LE(p) === 0x06054b50) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw new Unsupported('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  // Refused before reading further: the directory's own count is over the limit.
  if (count > archiveLimits().maxEntries) throw new AppError(413, 'archive_too_many_entries', { ja: `圧縮ファイル内の項目が多すぎます（${count}個、上限 ${archiveLimits().maxEntries}個）。`, en: `The archive holds too many entries (${count}; the limit is ${archiveLimits().maxEntries}).` });
  let p = buf.readUInt32LE(eocd + 16);
  if (p === 0xffffffff || count === 0xffff) throw new Unsupported('zip64');
  const entries = new Map<string, ZipEntry>();
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Unsupported('central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Unsupported('local header');
    const offset = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    entries.set(name, { name, method, compressedSize, uncompressedSize, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function entryBytes(buf: Buffer, e: ZipEntry, budget: InflateBudget): Buffer {
  const raw = buf.subarray(e.offset, e.offset + e.compressedSize);
  if (e.method === 0) {
    budget.take(e.name, raw.length, e.uncompressedSize, raw.length);
    return raw;
  }
  if (e.method !== 8) throw new Unsupported(`compression ${e.method}`);
  const allowance = budget.allowance(e.uncompressedSize);
  let out: Buffer;
  try {
    // zlib stops one byte past what the entry may inflate to.
    out = inflateRawSync(raw, { maxOutputLength: allowance + 1 });
  } catch (x) {
    if (x instanceof RangeError || (x as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw allowance < e.uncompressedSize ? tooLargeInflated(allowance + 1, archiveLimits(), 'inflating') : sizeMismatch(e.name, e.uncompressedSize);
    }
    throw new AppError(400, 'xlsx_unreadable', { ja: 'Excelファイル（.xlsx）として読み込めません。', en: 'The file could not be read as an Excel workbook (.xlsx).' });
  }
  budget.take(e.name, out.length, e.uncompressedSize, out.length);
  return out;
}

async function* entryChunks(buf: Buffer, e: ZipEntry, budget: InflateBudget): AsyncGenerator<Buffer> {
  const raw = buf.subarray(e.offset, e.offset + e.compressedSize);
  if (e.method === 0) {
    budget.take(e.name, raw.length, e.uncompressedSize, raw.length);
    yield raw;
    return;
  }
  if (e.method !== 8) throw new Unsupported(`compression ${e.method}`);
  const inflater = Readable.from([raw]).pipe(createInflateRaw({ chunkSize: 1 << 20 }));
  let seen = 0;
  try {
    for await (const chunk of inflater) {
      seen += (chunk as Buffer).length;
      // Counted as it comes out: a header that declares less than the entry holds stops here.
      budget.take(e.name, seen, e.uncompressedSize, (chunk as Buffer).length);
      yield chunk as Buffer;
    }
  } catch (x) {
    if (x instanceof AppError) throw x;
    throw new AppError(400, 'xlsx_unreadable', { ja: 'Excelファイル（.xlsx）として読み込めません。', en: 'The file could not be read as an Excel workbook (.xlsx).' });
  } finally {
    inflater.destroy();
  }
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character references and OOXML's _xHHHH_ escapes. */
const NEEDS_DECODING = /[\r&]|_x/;

export function xmlText(s: string): string {
  if (!NEEDS_DECODING.test(s)) return s;
  // XML parsers turn literal CRLF and CR into LF; escaped ones (&#13; or _x000D_) stay.
  let out = s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
  if (out.includes('&')) {
    out = out.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITY[e],
    );
  }
  if (out.includes('_x')) out = out.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return out;
}

/** Text of <t> elements inside an <si> or <is>, leaving out phonetic guides (<rPh>). */
function runsText(xml: string): string {
  const body = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let out = '';
  const re = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g;
  for (let m = re.exec(body); m; m = re.exec(body)) out += m[1] ?? '';
  return xmlText(out);
}

function sharedStrings(buf: Buffer, entries: Map<string, ZipEntry>, path: string | undefined, budget: InflateBudget): string[] {
  const e = path ? entries.get(path) : undefined;
  if (!e) return [];
  const xml = entryBytes(buf, e, budget).toString('utf8');
  const out: string[] = [];
  const re = /<si>([\s\S]*?)<\/si>|<si\/>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(m[1] === undefined ? '' : runsText(m[1]));
  return out;
}

const ATTRS = new Map<string, RegExp>();

function attr(tag: string, name: string): string | undefined {
  let re = ATTRS.get(name);
  if (!re) {
    re = new RegExp(`\\s${name}="([^"]*)"`);
    ATTRS.set(name, re);
  }
  const m = re.exec(tag);
  return m ? m[1] : undefined;
}

function resolvePath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** The first worksheet's path and the shared strings' path, from the workbook's relationships. */
function layout(buf: Buffer, entries: Map<string, ZipEntry>, budget: InflateBudget, sheetName?: string): { sheet: string; strings?: string } {
  const wbEntry = entries.get('xl/workbook.xml');
  const relEntry = entries.get('xl/_rels/workbook.xml.rels');
  if (!wbEntry || !relEntry) throw new Unsupported('workbook parts');
  const wb = entryBytes(buf, wbEntry, budget).toString('utf8');
  const rels = entryBytes(buf, relEntry, budget).toString('utf8');
  const sheets = [...wb.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]);
  const chosen = (sheetName && sheets.find((s) => xmlText(attr(s, 'name') ?? '') === sheetName)) || sheets[0];
  if (!chosen) throw new AppError(400, 'import_empty', { ja: 'ファイルにデータがありません。', en: 'The file has no data.' });
  const rid = attr(chosen, 'r:id');
  const relTags = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]);
  const target = relTags.find((r) => attr(r, 'Id') === rid);
  if (!target) throw new Unsupported('sheet relationship');
  const strings = relTags.find((r) => (attr(r, 'Type') ?? '').endsWith('/sharedStrings'));
  return {
    sheet: resolvePath('xl/workbook.xml', attr(target, 'Target') ?? ''),
    strings: strings ? resolvePath('xl/workbook.xml', attr(strings, 'Target') ?? '') : undefined,
  };
}

function attrValue(attrs: string, key: string): string | undefined {
  const i = attrs.indexOf(key);
  if (i === -1) return undefined;
  const start = i + key.length;
  return attrs.slice(start, attrs.indexOf('"', start));
}

// Byte patterns, so that searching the worksheet does not convert a string on every call.
const P = {
  c: Buffer.from('<c'),
  cEnd: Buffer.from('</c>'),
  row: Buffer.from('<row'),
  rowEnd: Buffer.from('</row>'),
  v: Buffer.from('<v>'),
  vEnd: Buffer.from('</v>'),
  is: Buffer.from('<is>'),
  isEnd: Buffer.from('</is>'),
};
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** Text between `open` and `close` inside [from, to) of the bytes, decoded as UTF-8 (a fresh string). */
function between(b: Buffer, from: number, to: number, open: Buffer, close: Buffer): string | undefined {
  const i = b.indexOf(open, from);
  if (i === -1 || i >= to) return undefined;
  const start = i + open.length;
  const end = b.indexOf(close, start);
  if (end === -1 || end > to) return undefined;
  return b.toString('utf8', start, end);
}

const startsAt = (b: Buffer, at: number, p: Buffer) => {
  for (let k = 0; k < p.length; k++) if (b[at + k] !== p[k]) return false;
  return true;
};
const T_OPEN = Buffer.from('<is><t>');
const T_CLOSE = Buffer.from('</t></is>');

/** Position of the byte `c` in [from, to), scanning in JS (short distances), or -1. */
function scan(b: Buffer, from: number, to: number, c: number): number {
  for (let k = from; k < to; k++) if (b[k] === c) return k;
  return -1;
}

const QUOTE = 0x22;

// The reference column and type of the <c> element cellAttrs() read last (kept in module state
// rather than returned in a new object: this runs for every cell of the sheet).
let attrCol = -1;
let attrType: string | undefined;

/** Read the column (from r="B12", -1 when absent) and the type (t="s") of a <c> element's attribute bytes. */
function cellAttrs(b: Buffer, from: number, to: number): void {
  attrCol = -1;
  attrType = undefined;
  for (let k = from; k < to; k++) {
    if (!isSpace(b[k])) continue;
    const name = b[k + 1];
    if (b[k + 2] !== 0x3d || b[k + 3] !== QUOTE) continue;
    const start = k + 4;
    let end = start;
    while (end < to && b[end] !== QUOTE) end++;
    if (name === 0x72) {
      // r: letters, then digits
      let n = 0;
      for (let j = start; j < end; j++) {
        const c = b[j];
        if (c < 65 || c > 90) break;
        n = n * 26 + (c - 64);
      }
      attrCol = n - 1;
    } else if (name === 0x74) {
      const len = end - start;
      const c0 = b[start];
      if (len === 1) attrType = c0 === 0x73 ? 's' : c0 === 0x62 ? 'b' : c0 === 0x65 ? 'e' : c0 === 0x6e ? 'n' : b.toString('latin1', start, end);
      else if (len === 9 && c0 === 0x69) attrType = 'inlineStr';
      else if (len === 3 && c0 === 0x73 && b[start + 1] === 0x74) attrType = 'str';
      else attrType = b.toString('latin1', start, end);
    }
    k = end;
  }
}

/** Position of "</c>" in [from, to), or -1. */
function cellEnd(b: Buffer, from: number, to: number): number {
  for (let k = from; k < to; k++) {
    if (b[k] === LT && b[k + 1] === SLASH && b[k + 2] === 0x63 && b[k + 3] === GT) return k;
  }
  return -1;
}

/**
 * Cell values of one <row> element's content (bytes [from, to)), by column index. Values are
 * decoded from the bytes one by one, so they do not keep the worksheet's XML alive in memory.
 * The common shapes (<v>…</v>, <is><t>…</t></is>) are read in place; others are searched.
 */
function rowCells(b: Buffer, from: number, to: number, strings: string[]): string[] {
  const cells: string[] = [];
  let next = 0;
  let p = scan(b, from, to, LT);
  while (p !== -1) {
    if (b[p + 1] !== 0x63) {
      p = scan(b, p + 1, to, LT);
      continue;
    }
    const ch = b[p + 2];
    if (ch !== GT && ch !== SLASH && !isSpace(ch)) {
      p = scan(b, p + 2, to, LT);
      continue;
    }
    const gt = scan(b, p + 2, to, GT);
    if (gt === -1) break;
    const selfClosing = b[gt - 1] === SLASH;
    cellAttrs(b, p + 2, selfClosing ? gt - 1 : gt);
    const t = attrType;
    const col = attrCol >= 0 ? attrCol : next;
    next = col + 1;
    if (selfClosing) {
      p = scan(b, gt + 1, to, LT);
      continue;
    }
    let end = cellEnd(b, gt + 1, to);
    if (end === -1) end = to;
    let value = '';
    if (t === 'inlineStr') {
      if (startsAt(b, gt + 1, T_OPEN) && startsAt(b, end - T_CLOSE.length, T_CLOSE) && scan(b, gt + 1 + T_OPEN.length, end - T_CLOSE.length, LT) === -1) {
        value = xmlText(b.toString('utf8', gt + 1 + T_OPEN.length, end - T_CLOSE.length));
      } else {
        const is = between(b, gt + 1, end, P.is, P.isEnd);
        if (is !== undefined) value = runsText(is);
      }
    } else {
      const raw = startsAt(b, gt + 1, P.v) && startsAt(b, end - 4, P.vEnd) ? b.toString('utf8', gt + 4, end - 4) : (between(b, gt + 1, end, P.v, P.vEnd) ?? '');
      if (t === 's') value = strings[Number(raw)] ?? '';
      else if (t === 'str') value = xmlText(raw);
      else if (t === 'b') value = raw === '1' ? 'true' : raw === '0' ? 'false' : '';
      else if (t === 'e') value = '';
      else if (raw !== '') {
        const num = Number(raw);
        value = Number.isFinite(num) ? String(num) : xmlText(raw);
      }
    }
    cells[col] = value;
    p = end + 4 < to ? scan(b, end + 4, to, LT) : -1;
  }
  return cells;
}

/** The next <row> element (not <rowBreaks> and the like) at or after `from`, or -1. */
function nextRowAt(b: Buffer, from: number): number {
  let p = b.indexOf(P.row, from);
  while (p !== -1) {
    if (p + 4 >= b.length) return p; // the chunk ends here; decide when more arrives
    const c = b[p + 4];
    if (c === GT || c === SLASH || isSpace(c)) return p;
    p = b.indexOf(P.row, p + 4);
  }
  return -1;
}

async function parseXlsxFast(buf: Buffer, sheetName?: string, signal?: AbortSignal): Promise<Table> {
  const entries = zipEntries(buf);
  // Before inflating anything: the directory's declared sizes and ratios (archive-guard.ts).
  checkDeclared([...entries.values()], buf.length);
  const budget = new InflateBudget(archiveLimits(), signal);
  const { sheet, strings } = layout(buf, entries, budget, sheetName);
  const entry = entries.get(sheet);
  if (!entry) throw new Unsupported('worksheet');
  const shared = sharedStrings(buf, entries, strings, budget);
  let headers: string[] | null = null;
  let makeValues: ((rec: string[]) => Record<string, string>) | null = null;
  const rows: TableRow[] = [];
  let implicit = 0;
  const take = (b: Buffer, start: number, open: number, end: number) => {
    const head = b.toString('latin1', start, open);
    const r = attrValue(head, ' r="');
    const num = r ? Number(r) : implicit + 1;
    implicit = num;
    if (head.endsWith('/')) return;
    const cells = rowCells(b, open + 1, end, shared);
    if (headers === null) {
      // The header is the first row present (row 1 in any workbook Shirube writes).
      if (num !== 1) throw new Unsupported('header not on row 1');
      headers = Array.from(cells, (h) => (h ?? '').trim());
      makeValues = valuesFactory(headers);
      return;
    }
    let any = false;
    for (const v of cells) {
      if (v !== undefined && v.trim() !== '') {
        any = true;
        break;
      }
    }
    if (!any) return;
    rows.push({ row: num, values: (makeValues as (rec: string[]) => Record<string, string>)(cells) });
  };
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of entryChunks(buf, entry, budget)) {
    const b = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let start = nextRowAt(b, 0);
    while (start !== -1) {
      const gt = b.indexOf(GT, start);
      if (gt === -1) break;
      if (b[gt - 1] === SLASH) {
        take(b, start, gt, gt);
        start = nextRowAt(b, gt + 1);
        continue;
      }
      const end = b.indexOf(P.rowEnd, gt);
      if (end === -1) break;
      take(b, start, gt, end);
      start = nextRowAt(b, end + 6);
    }
    // Keep the unfinished row (copied, so the chunk it came from can be freed).
    pending = start === -1 ? Buffer.alloc(0) : Buffer.from(b.subarray(start));
  }
  if (headers === null) throw new AppError(400, 'import_empty', { ja: 'ファイルにデータがありません。', en: 'The file has no data.' });
  return { headers, rows, format: 'xlsx' };
}

// ---- entry point ---------------------------------------------------------------------------

/** Like readTable(): .xlsx by its ZIP signature or name, otherwise CSV (UTF-8 or CP932). */
export async function readTableFast(buf: Buffer, filename = '', opts: { encoding?: TextEncoding; sheet?: string; signal?: AbortSignal } = {}): Promise<Table> {
  throwIfAborted(opts.signal);
  if (isZip(buf) || /\.xlsx$/i.test(filename)) {
    try {
      return await parseXlsxFast(buf, opts.sheet, opts.signal);
    } catch (e) {
      // The platform reader runs both archive checks itself before exceljs sees the file.
      if (e instanceof Unsupported || !(e instanceof AppError)) return readTable(buf, filename, opts);
      throw e;
    }
  }
  const decoded = decodeText(buf, opts.encoding);
  const builder = tableBuilder('csv', decoded.encoding);
  eachCsvRecord(decoded.text, (r) => builder.add(r));
  return builder.table();
}
