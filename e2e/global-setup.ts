import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { E2E_DIST, E2E_PORT, STATE_FILE } from './env';

/** Start the built server on a fresh data directory and capture the one-time setup link it prints. */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shirube-e2e-'));
  mkdirSync('out', { recursive: true });
  const dist = E2E_DIST;
  const child: ChildProcess = spawn('node', [path.join(dist, 'server/cli.js'), 'serve'], {
    env: {
      ...process.env,
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      SHIRUBE_DATA_DIR: dataDir,
      SHIRUBE_CLIENT_DIR: path.join(dist, 'client'),
      SHIRUBE_LOG_LEVEL: 'warn',
      SHIRUBE_SCHEDULER: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const setupUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /(http:\/\/\S+\/setup#token=\S+)/.exec(output);
      if (m && output.includes('起動しました')) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  writeFileSync(STATE_FILE, JSON.stringify({ setupUrl, dataDir, pid: child.pid }));
  child.unref();
}
