import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompress } from '../scripts/precompress.mjs';
import { createTestApp, type TestApp } from './helpers/app';
import { testDbKind } from './helpers/db';

// A client directory as scripts/build.mjs leaves it: hashed assets, index.html, and the .gz/.br
// copies written by the same function the build uses.
const clientDir = mkdtempSync(path.join(tmpdir(), 'shirube-static-'));
const script = `// ${'しるべ '.repeat(50)}\n${Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i} * 2;`).join('\n')}\n`;
const html = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>しるべ</title></head><body>${'<div id="root"></div>'.repeat(80)}<script type="module" src="/assets/index-Ab12Cd34.js"></script></body></html>`;
mkdirSync(path.join(clientDir, 'assets'));
writeFileSync(path.join(clientDir, 'assets', 'index-Ab12Cd34.js'), script);
writeFileSync(path.join(clientDir, 'index.html'), html);

let t: TestApp;
beforeAll(async () => {
  const packed = precompress(clientDir);
  expect(packed.files).toBe(2);
  t = await createTestApp({ SHIRUBE_CLIENT_DIR: clientDir });
});
afterAll(() => t.close());

describe(`static client files on ${testDbKind()}`, () => {
  it('sends the brotli copy of a hashed asset with a year-long immutable cache', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers.vary).toMatch(/accept-encoding/i);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.rawPayload.length).toBeLessThan(Buffer.byteLength(script) / 3);
    expect(brotliDecompressSync(r.rawPayload).toString('utf8')).toBe(script);
  });

  it('sends the gzip copy to a browser that accepts only gzip, and the file itself to one that accepts neither', async () => {
    const gz = await t.app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(script);
    const plain = await t.app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    expect(readFileSync(path.join(clientDir, 'assets', 'index-Ab12Cd34.js'), 'utf8')).toBe(script);
  });

  it('sends index.html compressed and never cached without revalidation, for its own path and for client routes', async () => {
    for (const url of ['/index.html', '/assets-register', '/']) {
      const r = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br' } });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      expect(r.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(r.rawPayload).toString('utf8'), url).toBe(html);
    }
  });
});
