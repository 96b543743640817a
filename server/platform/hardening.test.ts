import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readTableFast } from '../modules/assets/fast-table';
import { AppError } from './errors';
import { cleanUploadName } from './filenames';
import { readTable } from './tabular';

/** Defects of issue 13 in the platform's readers: encoding positions and uploaded file names. */

const NAME_CASES: Array<[string, string, string]> = [
  ['right-to-left override hides .exe', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
  ['left-to-right override', 'a\u202Db.pdf', 'ab.pdf'],
  ['embedding and pop', '\u202Areport\u202C.pdf', 'report.pdf'],
  ['isolates', 'x\u2066y\u2067z\u2068w\u2069.txt', 'xyzw.txt'],
  ['bidi marks', '\u200Fname\u200E\u061C.png', 'name.png'],
  ['zero-width space, joiner, non-joiner', 'pho\u200Bto\u200C\u200D.jpg', 'photo.jpg'],
  ['word joiner and BOM', '\uFEFFdoc\u2060.pdf', 'doc.pdf'],
  ['C0 controls and DEL', 'a\u0000b\u0007c\u001b\u007f.pdf', 'abc.pdf'],
  ['C1 controls', 'a\u0085b\u009b.pdf', 'ab.pdf'],
  ['line and paragraph separators', 'a\u2028b\u2029.pdf', 'ab.pdf'],
  ['tab and new line', 'a\tb\nc.pdf', 'abc.pdf'],
  ['folders are dropped', 'C:\\Users\\x\\..\\証明書.pdf', '証明書.pdf'],
  ['reserved characters', 'a:b*c?.pdf', 'a_b_c_.pdf'],
  ['trailing dots and spaces', 'report.pdf. . ', 'report.pdf'],
  ['only invisible characters', '\u202E\u200B', 'file'],
];

describe('uploaded file names', () => {
  for (const [label, input, expected] of NAME_CASES) {
    it(`strips: ${label}`, () => {
      const out = cleanUploadName(input);
      expect(out).toBe(expected);
      expect(out).not.toMatch(/[\p{Cf}\p{Cc}\p{Zl}\p{Zp}]/u);
    });
  }
  it(`keeps Japanese names intact and NFC (${NAME_CASES.length} cases above)`, () => {
    expect(cleanUploadName('ISMAP登録証_令和8年度.pdf')).toBe('ISMAP登録証_令和8年度.pdf');
    expect(cleanUploadName('ガ.pdf'.normalize('NFD'))).toBe('ガ.pdf');
  });
});

describe('a Shift_JIS CSV with invalid bytes names their row and column', () => {
  const header = iconv.encode('資産コード,名称,種別,所管課,保管場所,備考\r\n', 'cp932');
  const row2 = Buffer.concat([iconv.encode('A-0001,住民記録,紙,総務課,書庫,', 'cp932'), Buffer.from([0x81, 0x20, 0xa0]), Buffer.from('\r\n')]);
  const buf = Buffer.concat([header, row2, iconv.encode('A-0002,税,紙,税務課,書庫,なし\r\n', 'cp932')]);

  for (const [label, read] of [
    ['readTable (every import)', () => readTable(buf, 'x.csv')],
    ['readTableFast (asset register)', () => readTableFast(buf, 'x.csv')],
    ['readTable with encoding=cp932', () => readTable(buf, 'x.csv', { encoding: 'cp932' })],
  ] as const) {
    it(label, async () => {
      const e = await read().then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(AppError);
      const ae = e as AppError;
      expect(ae.code).toBe('wrong_encoding');
      expect(ae.details[0]).toMatchObject({ row: 2, column: 'F' });
      expect(ae.details[0].message.ja).toContain('Shift_JIS');
    });
  }

  it('names a UTF-8 file at its own position', async () => {
    const utf = Buffer.concat([Buffer.from('資産コード,名称,種別\r\nA,B,'), Buffer.from([0xff]), Buffer.from('\r\n')]);
    const e = (await readTable(utf, 'x.csv').catch((x: unknown) => x)) as AppError;
    expect(e.details[0]).toMatchObject({ row: 2, column: 'C' });
    expect(e.details[0].message.en).toContain('UTF-8');
  });
});
