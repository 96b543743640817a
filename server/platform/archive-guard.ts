import yauzl from 'yauzl';
import { AppError } from './errors';

/**
 * Limits for every ZIP-based file Shirube reads from outside (.xlsx imports, Office files sent as
 * evidence). A crafted workbook of under 1 MB once took 91 s and 1.4 GB to "dry-run": deflate
 * reaches a ratio of about 1,000:1. Two checks, both cheap:
 *  1. Before anything is inflated, the central directory is read (yauzl): the number of entries,
 *     the declared total inflated size and each entry's declared ratio must be within limits.
 *  2. While inflating, the bytes that come out are counted against the declared size (a header
 *     may lie) and the total budget, and the work stops when the client has gone away.
 * Limits come from server/config.ts (SHIRUBE_ARCHIVE_*); see docs/operations.md.
 */

export interface ArchiveLimits {
  /** Total inflated bytes of all entries. */
  maxInflatedBytes: number;
  maxEntries: number;
  /** Inflated ÷ compressed, per entry larger than RATIO_FLOOR_BYTES and for the whole archive. */
  maxRatio: number;
}

/** Small entries (styles, relationships) may compress very well; the ratio applies above this. */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxInflatedBytes: 512 * 1024 * 1024, maxEntries: 1000, maxRatio: 200 };

let configured: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS;

/** Set from the configuration when the server or a CLI command starts. */
export function configureArchiveLimits(limits: ArchiveLimits): void {
  configured = { ...limits };
}

export function archiveLimits(): ArchiveLimits {
  return configured;
}

export function limitsFromConfig(c: { SHIRUBE_ARCHIVE_MAX_INFLATED_MB: number; SHIRUBE_ARCHIVE_MAX_ENTRIES: number; SHIRUBE_ARCHIVE_MAX_RATIO: number }): ArchiveLimits {
  return { maxInflatedBytes: c.SHIRUBE_ARCHIVE_MAX_INFLATED_MB * 1024 * 1024, maxEntries: c.SHIRUBE_ARCHIVE_MAX_ENTRIES, maxRatio: c.SHIRUBE_ARCHIVE_MAX_RATIO };
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

export function tooManyEntries(count: number, limits: ArchiveLimits): AppError {
  return new AppError(413, 'archive_too_many_entries', {
    ja: `圧縮ファイル内の項目が多すぎます（${count}個、上限 ${limits.maxEntries}個）。`,
    en: `The archive holds too many entries (${count}; the limit is ${limits.maxEntries}).`,
  }, [{ field: 'file', code: 'archive_too_many_entries', message: { ja: '展開前に拒否しました。', en: 'Refused before inflating.' } }]);
}

export function tooLargeInflated(bytes: number, limits: ArchiveLimits, stage: 'declared' | 'inflating'): AppError {
  return new AppError(413, 'archive_too_large', {
    ja: `展開後の大きさが上限（${mb(limits.maxInflatedBytes)}）を超えます${stage === 'declared' ? `（申告 ${mb(bytes)}）` : ''}。`,
    en: `The archive inflates beyond the limit of ${mb(limits.maxInflatedBytes)}${stage === 'declared' ? ` (declared ${mb(bytes)})` : ''}.`,
  }, [{ field: 'file', code: 'archive_too_large', message: stage === 'declared' ? { ja: '展開前に拒否しました。', en: 'Refused before inflating.' } : { ja: '展開中に上限に達したため中止しました。', en: 'Stopped while inflating.' } }]);
}

export function ratioTooHigh(entry: string, ratio: number, limits: ArchiveLimits): AppError {
  return new AppError(413, 'archive_ratio', {
    ja: `圧縮率が異常です（${entry}: ${Math.round(ratio)}倍、上限 ${limits.maxRatio}倍）。圧縮爆弾の可能性があるため読み込みません。`,
    en: `The compression ratio is abnormal (${entry}: ${Math.round(ratio)}:1; the limit is ${limits.maxRatio}:1). The file may be a zip bomb.`,
  }, [{ field: 'file', code: 'archive_ratio', message: { ja: '展開前に拒否しました。', en: 'Refused before inflating.' } }]);
}

export function sizeMismatch(entry: string, declared: number): AppError {
  return new AppError(400, 'archive_size_mismatch', {
    ja: `圧縮ファイルの項目「${entry}」が申告された大きさ（${declared}バイト）を超えて展開されます。ファイルが改変されています。`,
    en: `Entry "${entry}" inflates beyond its declared size (${declared} bytes): the file has been tampered with.`,
  }, [{ field: 'file', code: 'archive_size_mismatch', message: { ja: '展開中に中止しました。', en: 'Stopped while inflating.' } }]);
}

export function archiveUnreadable(): AppError {
  return new AppError(400, 'archive_unreadable', {
    ja: '圧縮ファイル（ZIP形式。.xlsx・.docx など）として読み込めません。',
    en: 'The file could not be read as a ZIP archive (.xlsx, .docx …).',
  });
}

export function requestAborted(): AppError {
  return new AppError(499, 'request_aborted', {
    ja: '送信元が接続を切ったため、処理を中止しました。何も書き込んでいません。',
    en: 'The client went away; the work was stopped and nothing was written.',
  });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw requestAborted();
}

export function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 0x03 || buf[2] === 0x05) && (buf[3] === 0x04 || buf[3] === 0x06);
}

export interface DeclaredEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

/** Check 1: the central directory alone, before anything is inflated. */
export function checkDeclared(entries: DeclaredEntry[], archiveBytes: number, limits: ArchiveLimits = configured): void {
  if (entries.length > limits.maxEntries) throw tooManyEntries(entries.length, limits);
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > RATIO_FLOOR_BYTES && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxRatio) {
      throw ratioTooHigh(e.name, e.uncompressedSize / Math.max(1, e.compressedSize), limits);
    }
  }
  if (total > limits.maxInflatedBytes) throw tooLargeInflated(total, limits, 'declared');
  if (total > RATIO_FLOOR_BYTES && total / Math.max(1, archiveBytes) > limits.maxRatio) throw ratioTooHigh('(全体 / whole archive)', total / archiveBytes, limits);
}

/**
 * Counts inflated bytes of one archive against the declared sizes and the total budget. The
 * readers call take() with every chunk they inflate.
 */
export class InflateBudget {
  private total = 0;
  constructor(
    private readonly limits: ArchiveLimits = configured,
    private readonly signal?: AbortSignal,
  ) {}

  /** The most bytes an entry may inflate to: its declared size, within what is left of the budget. */
  allowance(declared: number): number {
    return Math.max(0, Math.min(declared, this.limits.maxInflatedBytes - this.total));
  }

  take(entry: string, entryBytesSoFar: number, declared: number, chunk: number): void {
    throwIfAborted(this.signal);
    this.total += chunk;
    if (entryBytesSoFar > declared) throw sizeMismatch(entry, declared);
    if (this.total > this.limits.maxInflatedBytes) throw tooLargeInflated(this.total, this.limits, 'inflating');
  }
}

function openZip(buf: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (e, zip) => (e || !zip ? reject(archiveUnreadable()) : resolve(zip)));
  });
}

/**
 * Both checks for a reader that inflates by itself (exceljs, file-type): the central directory
 * first, then every entry is inflated once here, its output counted and thrown away, so that
 * the reader is only given an archive whose real inflated size is known to be within limits.
 */
export async function guardArchive(buf: Buffer, opts: { limits?: ArchiveLimits; signal?: AbortSignal } = {}): Promise<void> {
  const limits = opts.limits ?? configured;
  throwIfAborted(opts.signal);
  const zip = await openZip(buf);
  try {
    if (zip.entryCount > limits.maxEntries) throw tooManyEntries(zip.entryCount, limits);
    const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
      const list: yauzl.Entry[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        list.push(e);
        if (list.length > limits.maxEntries) reject(tooManyEntries(list.length, limits));
        else zip.readEntry();
      });
      zip.on('end', () => resolve(list));
      zip.on('error', (x: Error) => reject(/size mismatch/i.test(x.message) ? sizeMismatch(list.length ? list[list.length - 1].fileName : '?', 0) : archiveUnreadable()));
      zip.readEntry();
    });
    checkDeclared(entries.map((e) => ({ name: e.fileName, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize })), buf.length, limits);
    const budget = new InflateBudget(limits, opts.signal);
    for (const e of entries) {
      if (e.fileName.endsWith('/')) continue;
      await new Promise<void>((resolve, reject) => {
        zip.openReadStream(e, (err, stream) => {
          if (err || !stream) return reject(archiveUnreadable());
          let seen = 0;
          stream.on('data', (chunk: Buffer) => {
            seen += chunk.length;
            try {
              budget.take(e.fileName, seen, e.uncompressedSize, chunk.length);
            } catch (x) {
              stream.destroy();
              reject(x);
            }
          });
          stream.on('end', () => resolve());
          // yauzl itself stops an entry that inflates past its declared size.
          stream.on('error', (x: Error) => reject(/too many bytes|size/i.test(x.message) ? sizeMismatch(e.fileName, e.uncompressedSize) : archiveUnreadable()));
        });
      });
    }
  } finally {
    zip.close();
  }
}
