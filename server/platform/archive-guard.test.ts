import { afterAll, describe, expect, it } from 'vitest';
import { bombs, deflated, workbookWith, zipOf } from '../../tests/helpers/archives';
import { readTableFast } from '../modules/assets/fast-table';
import { DEFAULT_ARCHIVE_LIMITS, guardArchive } from './archive-guard';
import { AppError } from './errors';
import { readTable } from './tabular';

/**
 * Archive bombs against every ZIP reader Shirube has: the asset register's streaming reader
 * (readTableFast), the platform reader that hands workbooks to exceljs (readTable: users,
 * organisations, disposal items) and the check in front of the file-type sniffer (guardArchive,
 * evidence uploads). Each case must be refused with its stable code; none may inflate the file.
 */

const B = bombs();
const CASES: Array<[string, Buffer, string[]]> = [
  ['2 GiB sheet declared honestly (~2 MB file)', B.honest, ['archive_ratio', 'archive_too_large']],
  ['2 GiB sheet declared as 40 KB (lying header)', B.lyingSmall, ['archive_size_mismatch']],
  ['2 GiB sheet declared as 24 MiB (plausible lie)', B.lyingPlausible, ['archive_size_mismatch']],
  ['5,000 entries', B.entryCount, ['archive_too_many_entries']],
  ['stored entry larger than declared', B.lyingStored, ['archive_size_mismatch']],
];
const READERS: Array<[string, (b: Buffer) => Promise<unknown>]> = [
  ['asset register reader', (b) => readTableFast(b, 'bomb.xlsx')],
  ['platform reader (exceljs)', (b) => readTable(b, 'bomb.xlsx')],
  ['upload check (file-type)', (b) => guardArchive(b)],
];

let refused = 0;
afterAll(() => {
  // The figure for docs/security.md.
  process.stdout.write(`archive bombs: ${refused}/${CASES.length * READERS.length} refused (${CASES.length} bombs × ${READERS.length} readers)\n`);
});

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

describe(`archive bombs: ${CASES.length} bombs × ${READERS.length} readers`, () => {
  for (const [label, buf, codes] of CASES) {
    for (const [reader, read] of READERS) {
      it(`${reader} refuses: ${label} (${(buf.length / 1024).toFixed(0)} KB)`, async () => {
        const code = await codeOf(read(buf));
        expect(codes).toContain(code);
        refused++;
      });
    }
  }

  it('refuses before inflating when the directory already exceeds the limits (the data is not even deflate)', async () => {
    const garbage = Buffer.alloc(64 * 1024, 0xff); // inflating this would fail as unreadable
    const declaredHuge = workbookWith({ name: 'xl/worksheets/sheet1.xml', method: 8, data: garbage, declaredSize: 3 * 1024 * 1024 * 1024 });
    expect(await codeOf(readTableFast(declaredHuge, 'x.xlsx'))).toBe('archive_ratio');
    expect(await codeOf(readTable(declaredHuge, 'x.xlsx'))).toBe('archive_ratio');
  });

  it('counts the total across entries, and uses the configured limits', async () => {
    const mib = Buffer.alloc(1024 * 1024, 0x41);
    const three = zipOf([deflated('a.xml', mib), deflated('b.xml', mib), deflated('c.xml', mib)]);
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxInflatedBytes: 2 * 1024 * 1024, maxRatio: 10_000 };
    expect(await codeOf(guardArchive(three, { limits }))).toBe('archive_too_large');
    expect(await codeOf(guardArchive(three, { limits: { ...limits, maxInflatedBytes: 4 * 1024 * 1024 } }))).toBeNull();
  });

  it('stops when the client has gone away', async () => {
    const ac = new AbortController();
    ac.abort();
    const ok = workbookWith(deflated('xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row></sheetData></worksheet>'));
    expect(await codeOf(readTableFast(ok, 'x.xlsx', { signal: ac.signal }))).toBe('request_aborted');
    expect(await codeOf(guardArchive(ok, { signal: ac.signal }))).toBe('request_aborted');
    expect((await readTableFast(ok, 'x.xlsx')).headers).toEqual(['h']);
  });
});
