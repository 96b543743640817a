import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors';
import { readTable } from '../../platform/tabular';
import { parseCsvRecords, readTableFast, valuesFactory, xmlText } from './fast-table';

/** The fast reader must read exactly what the platform reader reads. */

const CSV_CASES: Array<[string, string]> = [
  ['plain, CRLF', '資産コード,名称\r\nA-1,住民記録\r\nA-2,課税台帳\r\n'],
  ['LF, no final newline', 'a,b\nx,y\nz,w'],
  ['quotes, doubled quotes, commas and newlines inside', 'a,b,c\r\n"x, y","say ""hi""","line1\r\nline2"\r\n"",plain,"="\r\n'],
  ['empty lines and all-blank rows are skipped, numbering kept', 'a,b\r\n\r\n1,2\r\n , \r\n3,4\r\n'],
  ['short and long records', 'a,b,c\r\n1\r\n1,2,3,4\r\n'],
  ['trailing comma', 'a,b\r\n1,\r\n'],
  ['BOM', '\ufeffコード,名前\r\nC-1,値\r\n'],
  ['lone CR line ends', 'a,b\r1,2\r'],
];

describe('fast CSV reading', () => {
  it.each(CSV_CASES)('%s: same table as the platform reader', async (_name, text) => {
    const buf = Buffer.from(text);
    const platform = await readTable(buf, 'x.csv');
    const fast = await readTableFast(buf, 'x.csv');
    expect(fast).toEqual(platform);
  });

  it('reads CP932 through the platform decoder', async () => {
    const buf = iconv.encode('資産コード,名称\r\nSJ-1,髙﨑の台帳\r\n', 'cp932');
    const fast = await readTableFast(buf, 'x.csv');
    expect(fast).toEqual(await readTable(buf, 'x.csv'));
    expect(fast.encoding).toBe('cp932');
  });

  it.each([
    ['an unclosed quote', 'a,b\r\n"open,1\r\n'],
    ['text after a closing quote', 'a,b\r\n"x"y,1\r\n'],
    ['a quote inside an unquoted field', 'a,b\r\nx"y,1\r\n'],
  ])('refuses %s as the platform does', async (_n, text) => {
    const buf = Buffer.from(text);
    await expect(readTable(buf, 'x.csv')).rejects.toMatchObject({ code: 'csv_malformed' });
    await expect(readTableFast(buf, 'x.csv')).rejects.toMatchObject({ code: 'csv_malformed' });
  });

  it('builds row objects from any header text, as assignment would', () => {
    const headers = ['a"b', 'back\\slash', 'line\nbreak', '\u2028sep', 'dup', 'dup', '__proto__', '}; throw 1; ({'];
    const make = valuesFactory(headers);
    const v = make(['1', '2', '3', '4', 'first', 'second', '7']);
    const expected: Record<string, string> = {};
    headers.forEach((h, j) => {
      expected[h] = ['1', '2', '3', '4', 'first', 'second', '7'][j] ?? '';
    });
    expect(v).toEqual(expected);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(v.dup).toBe('second');
  });

  it('keeps empty fields', () => {
    expect(parseCsvRecords(',,\r\n')).toEqual([['', '', '']]);
  });
});

async function workbook(build: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void, opts: { streaming?: boolean } = {}): Promise<Buffer> {
  if (opts.streaming) {
    const { PassThrough } = await import('node:stream');
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false });
    const ws = wb.addWorksheet('台帳');
    build(ws as unknown as ExcelJS.Worksheet, wb as unknown as ExcelJS.Workbook);
    ws.commit();
    await wb.commit();
    return Buffer.concat(chunks);
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台帳');
  build(ws, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('fast XLSX reading', () => {
  const fill = (ws: ExcelJS.Worksheet) => {
    ws.addRow(['資産コード', '名称', '件数', '機密性', '備考', '真偽']);
    ws.addRow(['A-1', '住民記録システム', 120000, '3B', 'a & b < c > "d"', true]);
    ws.addRow(['A-2', { richText: [{ text: '課税' }, { text: '台帳', font: { bold: true } }] }, 1.5, 2, null, false]);
    ws.addRow([]);
    ws.addRow(['A-3', { formula: '"x"&"y"', result: 'xy' }, { formula: '1+1', result: 2 }, '1', 'line1\r\nline2', null]);
    ws.getCell('A7').value = 'A-4';
    ws.getCell('F7').value = '離れたセル';
    ws.addRow(['   ', '', null]);
    ws.getCell('A9').value = { text: 'リンク', hyperlink: 'http://example.invalid' };
  };

  it('reads a workbook with shared strings like the platform reader', async () => {
    const buf = await workbook(fill);
    expect(await readTableFast(buf, 'x.xlsx')).toEqual(await readTable(buf, 'x.xlsx'));
  });

  it('reads a streamed workbook with inline strings like the platform reader', async () => {
    const buf = await workbook((ws) => {
      ws.addRow(['資産コード', '名称', '件数']);
      for (let i = 0; i < 300; i++) ws.addRow([`S-${i}`, `名前${i} & <タグ>`, i]).commit();
    }, { streaming: true });
    const fast = await readTableFast(buf, 'x.xlsx');
    expect(fast).toEqual(await readTable(buf, 'x.xlsx'));
    expect(fast.rows).toHaveLength(300);
  });

  it('leaves out phonetic guides and decodes escapes', () => {
    expect(xmlText('a&amp;b&#x41;&#66;_x000D_')).toBe('a&bAB\r');
  });

  it('refuses a file that is not a workbook as the platform does', async () => {
    const bad = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]);
    const err = await readTableFast(bad, 'x.xlsx').catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('xlsx_unreadable');
  });
});
