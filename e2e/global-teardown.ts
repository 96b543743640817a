import { readFileSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  try {
    const { pid } = JSON.parse(readFileSync('out/e2e-state.json', 'utf8')) as { pid: number };
    process.kill(pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
}
