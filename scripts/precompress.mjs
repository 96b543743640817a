// Precompressed copies of the built web client: beside every compressible file, a .gz (gzip,
// level 9) and a .br (brotli, quality 11), written once at build time so that the server sends
// them as they are (@fastify/static preCompressed) and never compresses per request.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.xml', '.webmanifest', '.ico']);
/** Below this size a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024;

/**
 * Compress every compressible file under dir (recursively). A copy is kept only when it is
 * smaller than the file. Returns the totals, for the build's log line.
 * @param {string} dir
 * @returns {{ files: number, bytes: number, gzip: number, brotli: number }}
 */
export function precompress(dir) {
  const totals = { files: 0, bytes: 0, gzip: 0, brotli: 0 };
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    if (!COMPRESSIBLE.has(path.extname(file).toLowerCase())) continue;
    const data = readFileSync(file);
    if (data.length < MIN_BYTES) continue;
    const gz = gzipSync(data, { level: 9 });
    const br = brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
    });
    totals.files++;
    totals.bytes += data.length;
    if (gz.length < data.length) {
      writeFileSync(`${file}.gz`, gz);
      totals.gzip += gz.length;
    }
    if (br.length < data.length) {
      writeFileSync(`${file}.br`, br);
      totals.brotli += br.length;
    }
  }
  return totals;
}
