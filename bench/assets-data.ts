import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { ASSET_HOSTINGS, ASSET_KINDS, ASSET_SEGMENTS } from '../shared/assets';
import { COLUMNS } from '../server/modules/assets/assets.columns';
import { csvField } from '../server/platform/tabular';

/**
 * Deterministic, clearly fictional register rows for the asset benchmarks: N assets over 20
 * sections, every kind, segment and level of the current scheme, some personal-data flags, and
 * related systems for a share of the data sets.
 */

export const SECTION_CODES = Array.from({ length: 20 }, (_, i) => `B-S${String(i + 1).padStart(2, '0')}`);

const LEVELS = ['3A', '3B', '3C', '2', '1'];

export interface BenchRecord {
  code: string;
  name: string;
  kind: string;
  section: string;
  segment: string;
  hosting: string;
  location: string;
  related: string;
  residentData: boolean;
  myNumber: boolean;
  specialCare: boolean;
  recordCount: number | null;
  retention: string;
  backupNote: string;
  confidentiality: string;
  integrity: string;
  availability: string;
  reason: string;
}

/** A small linear congruential generator, so every run sees the same rows. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function* records(n: number): Generator<BenchRecord> {
  const r = rng(20261122);
  for (let i = 0; i < n; i++) {
    const kind = i % 50 === 0 ? 'system' : ASSET_KINDS[Math.floor(r() * ASSET_KINDS.length)].id;
    const segment = ASSET_SEGMENTS[Math.floor(r() * ASSET_SEGMENTS.length)].id;
    const hosting = kind === 'cloudData' ? 'cloud' : ASSET_HOSTINGS[Math.floor(r() * 2)].id;
    const c = LEVELS[Math.floor(r() * LEVELS.length)];
    const personal = r() < 0.3;
    const code = `BENCH-${String(i + 1).padStart(6, '0')}`;
    yield {
      code,
      name: `${ASSET_KINDS.find((k) => k.id === kind)?.ja}（ベンチ用） ${String(i + 1).padStart(6, '0')}`,
      kind: ASSET_KINDS.find((k) => k.id === kind)?.ja as string,
      section: SECTION_CODES[i % SECTION_CODES.length],
      segment: ASSET_SEGMENTS.find((k) => k.id === segment)?.ja as string,
      hosting: ASSET_HOSTINGS.find((k) => k.id === hosting)?.ja as string,
      location: hosting === 'cloud' ? '架空クラウドサービス' : '架空サーバ室',
      // Every tenth data set refers to the last system before it.
      related: kind === 'dataset' && i % 10 === 1 ? `BENCH-${String(Math.floor(i / 50) * 50 + 1).padStart(6, '0')}` : '',
      residentData: personal,
      myNumber: personal && segment === 'mynumber',
      specialCare: r() < 0.02,
      recordCount: r() < 0.5 ? Math.floor(r() * 100000) : null,
      retention: ['1年', '5年', '10年', '常用', '永年'][i % 5],
      backupNote: r() < 0.6 ? '日次で別拠点へ複製（架空）' : '',
      confidentiality: c,
      integrity: r() < 0.4 ? '2' : '1',
      availability: r() < 0.4 ? '2' : '1',
      reason: 'ベンチマーク用の架空データ',
    };
  }
}

const yes = (b: boolean) => (b ? 'はい' : 'いいえ');

function cells(x: BenchRecord): Record<string, string | number> {
  return {
    code: x.code,
    name: x.name,
    kind: x.kind,
    ownerSection: x.section,
    ownerSectionName: '',
    description: '',
    custodian: '',
    segment: x.segment,
    hosting: x.hosting,
    location: x.location,
    cloudServiceId: '',
    related: x.related,
    residentData: yes(x.residentData),
    myNumber: yes(x.myNumber),
    specialCare: yes(x.specialCare),
    recordCount: x.recordCount ?? '',
    retention: x.retention,
    backupNote: x.backupNote,
    schemeEdition: 'R8.3',
    confidentiality: x.confidentiality,
    integrity: x.integrity,
    availability: x.availability,
    reason: x.reason,
    classifiedAt: '',
    status: '使用中',
  };
}

export async function writeCsv(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(`\ufeff${COLUMNS.map((c) => c.headers[0]).join(',')}\r\n`);
  let buf: string[] = [];
  for (const x of records(n)) {
    const c = cells(x);
    buf.push(COLUMNS.map((col) => csvField(c[col.key])).join(','));
    if (buf.length === 5000) {
      out.write(`${buf.join('\r\n')}\r\n`);
      buf = [];
    }
  }
  if (buf.length) out.write(`${buf.join('\r\n')}\r\n`);
  out.end();
  await finished(out);
}

export async function writeXlsx(file: string, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('情報資産台帳');
  ws.addRow(COLUMNS.map((c) => c.headers[0])).commit();
  for (const x of records(n)) {
    const c = cells(x);
    ws.addRow(COLUMNS.map((col) => c[col.key])).commit();
  }
  ws.commit();
  await wb.commit();
}
