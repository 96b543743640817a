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
await esbuild({
  entryPoints: [path.join(root, 'server/cli/main.ts')],
  outfile: path.join(outDir, 'server/cli.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  tsconfig: path.join(root, 'tsconfig.json'),
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __shirubeCreateRequire } from 'node:module'; const require = __shirubeCreateRequire(import.meta.url);" },
});
process.stdout.write(`build: web UI and server bundled in ${Math.round(performance.now() - started)} ms\n`);
