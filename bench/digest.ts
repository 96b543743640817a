import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { sendDigest } from '../server/modules/tasks/tasks.digest';
import type { TasksRuntime } from '../server/modules/tasks/tasks.service';
import { fmt } from './lib';
import { TODAY, seedTasks } from './tasks-seed';

/**
 * Issue 14 figure: the daily digest for 5,000 users, built from 100,000 open tasks and sent to a
 * real SMTP server (smtp-server, in this process, on 127.0.0.1) — goal ≤ 10 s from reading the
 * tasks to the last mail accepted. SQLite in a file.
 *
 *   npx tsx bench/digest.ts
 */
const USERS = 5_000;
const TASKS = Number(process.env.SHIRUBE_BENCH_TASKS ?? 100_000);

let received = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, _session, cb) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received++;
      cb();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
const port = (smtp.server.address() as AddressInfo).port;
const dataDir = mkdtempSync(path.join(tmpdir(), 'shirube-bench-digest-'));
const config = loadConfig({ SHIRUBE_DATA_DIR: dataDir, SHIRUBE_LOG_LEVEL: 'silent', SHIRUBE_SCHEDULER: 'false', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_FROM: 'shirube@bench.example.jp' });
const app = await buildApp(config, { logger: false });
try {
  console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const s = await seedTasks(app, USERS, TASKS);
  console.log(`seeded ${USERS.toLocaleString()} users and ${s.added.toLocaleString()} open tasks`);
  const t0 = performance.now();
  const r = await sendDigest(app.deps, (app.deps.services.tasks as TasksRuntime).calendar, TODAY, s.tenantId);
  const ms = performance.now() - t0;
  console.log(`digest: ${r.users.toLocaleString()} people, ${r.mails.toLocaleString()} mails queued, ${r.sent.toLocaleString()} sent (${r.failed} failed), ${received.toLocaleString()} accepted by the SMTP server in ${fmt(ms / 1000)} s`);
} finally {
  await app.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
}
