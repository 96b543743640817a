// Build the web UI (Vite) and bundle the server (esbuild) into dist/.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
// `--out DIR` builds somewhere other than dist/ (parallel e2e runs use their own copies).
const outArg = process.argv.indexOf('--out');
const outDir = path.resolve(root, outArg > 0 ? process.argv[outArg + 1] : 'dist');

await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: path.join(outDir, 'client') } });
// gzip and brotli copies of the client, sent as they are by the server (server/app.ts).
const { precompress } = await import('./precompress.mjs');
const packed = precompress(path.join(outDir, 'client'));
const kb = (n) => `${Math.round(n / 1024)} KB`;
process.stdout.write(`build: ${packed.files} client files, ${kb(packed.bytes)} → gzip ${kb(packed.gzip)}, brotli ${kb(packed.brotli)}\n`);
await esbuild({
  entryPoints: [path.join(root, 'server/cli/main.ts')],
  outfile: path.join(outDir, 'server/cli.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Pure-JS dependencies are bundled: Node 20 loads an ESM package file by file, and one bundle
  // starts much faster. Native addons, and libraries loaded only when a feature is used, stay
  // external (they are imported lazily at run time).
  external: [
    'better-sqlite3',
    '@node-rs/argon2',
    'pg-native',
    'playwright-core',
    'exceljs',
    'docx',
    'nodemailer',
    'file-type',
    'qrcode',
    'yaml',
    'ajv',
    'ajv/*',
    'ajv-formats',
    'smtp-server',
    'tsx',
    'vite',
    'esbuild',
  ],
  tsconfig: path.join(root, 'tsconfig.json'),
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __shirubeCreateRequire } from 'node:module'; const require = __shirubeCreateRequire(import.meta.url);" },
});
// Parse the guideline catalog once now (validating it), so that even the first start skips YAML.
const { spawnSync } = await import('node:child_process');
const cat = spawnSync('node', [path.join(outDir, 'server/cli.js'), 'catalog', 'validate'], {
  env: { ...process.env, SHIRUBE_DATA_DIR: outDir, SHIRUBE_LOG_LEVEL: 'silent' },
  encoding: 'utf8',
});
if (cat.status !== 0) {
  process.stderr.write(`build: the guideline catalog is invalid\n${cat.stdout}${cat.stderr}`);
  process.exit(1);
}
process.stdout.write(`build: web UI and server bundled in ${Math.round(performance.now() - started)} ms\n`);
