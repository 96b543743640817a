/**
 * Why the asset import has its own table reader (server/modules/assets/fast-table.ts) instead of
 * the libraries the rest of Shirube uses: the same 100,000-row register read by each, in one run.
 *  - CSV: csv-parse (sync API, as platform/tabular.ts uses it) against eachCsvRecord();
 *  - XLSX: ExcelJS's streaming WorkbookReader (the leanest way ExcelJS offers) against readTableFast().
 * Only parsing is timed (text already decoded, file already in memory); no rows are checked or written.
 * Run: npm run bench -- table-parsers    (ROWS=… to change the size)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { eachCsvRecord, readTableFast } from '../server/modules/assets/fast-table';
import { writeCsv, writeXlsx } from './assets-data';
import { median } from './lib';

const ROWS = Number(process.env.ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(path.join(tmpdir(), 'shirube-parsers-'));

async function time(fn: () => Promise<number> | number): Promise<{ ms: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    rows = await fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), rows };
}

try {
  const csvFile = path.join(dir, 'assets.csv');
  const xlsxFile = path.join(dir, 'assets.xlsx');
  await writeCsv(csvFile, ROWS);
  await writeXlsx(xlsxFile, ROWS);
  const text = readFileSync(csvFile, 'utf8').replace(/^\ufeff/, '');
  const xlsx = readFileSync(xlsxFile);

  const csvLib = await time(() => (parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][]).length);
  const csvOwn = await time(() => {
    let n = 0;
    eachCsvRecord(text, () => {
      n++;
    });
    return n;
  });
  const xlsxLib = await time(async () => {
    let n = 0;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(xlsx), { sharedStrings: 'cache', worksheets: 'emit', styles: 'ignore', hyperlinks: 'ignore' });
    for await (const ws of reader) for await (const _row of ws) n++;
    return n;
  });
  const xlsxOwn = await time(async () => (await readTableFast(xlsx, 'assets.xlsx')).rows.length + 1);

  console.log(`## Table readers, ${ROWS.toLocaleString('en')} rows (median of ${RUNS})`);
  console.log('| file | library | ms | Shirube reader | ms | library ÷ Shirube |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| .csv ${(text.length / 1e6).toFixed(1)} M chars | csv-parse (sync) | ${csvLib.ms.toFixed(0)} | eachCsvRecord | ${csvOwn.ms.toFixed(0)} | ${(csvLib.ms / csvOwn.ms).toFixed(1)}× |`);
  console.log(`| .xlsx ${(xlsx.length / 1e6).toFixed(1)} MB | ExcelJS WorkbookReader (stream) | ${xlsxLib.ms.toFixed(0)} | readTableFast | ${xlsxOwn.ms.toFixed(0)} | ${(xlsxLib.ms / xlsxOwn.ms).toFixed(1)}× |`);
  const counts = [csvLib.rows, csvOwn.rows, xlsxLib.rows, xlsxOwn.rows];
  console.log(`rows read (header included): ${counts.join(', ')}`);
  if (new Set(counts).size !== 1) throw new Error('the readers disagree on the number of rows');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
