import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Crafted ZIP files for the archive-bomb tests, built here from nothing (no fixture files):
 * a minimal ZIP writer whose entries may declare sizes they do not have, and a deflate stream
 * that inflates to gigabytes from a couple of megabytes without ever holding them in memory.
 */

export interface RawEntry {
  name: string;
  /** 0 stored, 8 deflated; `data` is already in that form. */
  method: 0 | 8;
  data: Buffer;
  /** What the headers say the entry inflates to (may lie). */
  declaredSize: number;
  crc?: number;
}

export function zipOf(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const crc = e.crc ?? 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.declaredSize >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, e.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.declaredSize >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  eocd.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** An honest entry: deflated, with its real size and CRC. */
export function deflated(name: string, text: string | Buffer): RawEntry {
  const data = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  return { name, method: 8, data: deflateRawSync(data), declaredSize: data.length, crc: crc32(data) };
}

/**
 * A raw deflate stream that inflates to `blocks` MiB of worksheet rows. Each MiB is compressed
 * on its own with a full flush (so the pieces can be repeated); a final empty block ends it.
 */
export function deflateBombStream(blocks: number): Buffer {
  const row = '<row><c t="inlineStr"><is><t>AAAAAAAA</t></is></c></row>';
  const mib = Buffer.from(row.repeat(Math.ceil((1024 * 1024) / row.length)).slice(0, 1024 * 1024));
  const piece = deflateRawSync(mib, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const head = deflateRawSync(Buffer.from('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'), { finishFlush: constants.Z_FULL_FLUSH });
  const parts: Buffer[] = [head];
  for (let i = 0; i < blocks; i++) parts.push(piece);
  parts.push(deflateRawSync(Buffer.alloc(0)));
  return Buffer.concat(parts);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

/** The parts of a workbook around a worksheet entry. */
export function workbookWith(sheet: RawEntry, extra: RawEntry[] = []): Buffer {
  return zipOf([
    deflated('[Content_Types].xml', CONTENT_TYPES),
    deflated('_rels/.rels', ROOT_RELS),
    deflated('xl/workbook.xml', WORKBOOK),
    deflated('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    sheet,
    ...extra,
  ]);
}

export const GIB = 1024 * 1024 * 1024;

/** The bombs, named for the figures the tests print. */
export function bombs() {
  const stream = deflateBombStream(2048); // 2 GiB of rows from about 2 MB
  return {
    /** The sheet declares its real size: 2 GiB from ~2 MB (refused from the directory alone). */
    honest: workbookWith({ name: 'xl/worksheets/sheet1.xml', method: 8, data: stream, declaredSize: 2 * GIB }),
    /** The sheet declares 40 KB but inflates to 2 GiB (stopped while inflating). */
    lyingSmall: workbookWith({ name: 'xl/worksheets/sheet1.xml', method: 8, data: stream, declaredSize: 40_000 }),
    /** The sheet declares 24 MiB (ratio ~4, within limits) but inflates to 2 GiB. */
    lyingPlausible: workbookWith({ name: 'xl/worksheets/sheet1.xml', method: 8, data: stream, declaredSize: 24 * 1024 * 1024 }),
    /** 5,000 tiny entries: over the entry limit, refused from the directory. */
    entryCount: zipOf(Array.from({ length: 5000 }, (_, i) => ({ name: `f/${i}.xml`, method: 0 as const, data: Buffer.from('x'), declaredSize: 1, crc: crc32(Buffer.from('x')) }))),
    /** A stored entry whose header declares fewer bytes than it holds. */
    lyingStored: workbookWith({ name: 'xl/worksheets/sheet1.xml', method: 0, data: Buffer.alloc(3 * 1024 * 1024, 0x20), declaredSize: 1000 }),
  };
}
