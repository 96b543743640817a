/** Writes .gz and .br copies beside every compressible file under dir; returns the totals. */
export function precompress(dir: string): { files: number; bytes: number; gzip: number; brotli: number };
