import { readFileSync } from 'node:fs';
import { STATE_FILE } from './env';

export default async function globalTeardown(): Promise<void> {
  try {
    const { pid } = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { pid: number };
    process.kill(pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
}
