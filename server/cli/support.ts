import { readFileSync, statSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { type Config, ConfigError, loadConfig } from '../config';
import { type Db, type DbHandle, openDatabase } from '../db/database';
import type { OrganizationsTable } from '../db/schema';
import type { AppDeps } from '../platform/deps';
import { configureArchiveLimits, limitsFromConfig } from '../platform/archive-guard';
import { attachAuditKeys, loadAuditKeys } from '../platform/audit-keys';
import { AppError } from '../platform/errors';

// `shirube … | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

/** Resolve once everything written to `stream` so far has been handed to the operating system. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || !stream.writable) return Promise.resolve();
  return new Promise((resolve) => {
    // Writes are kept in order: the callback of an empty write runs after every earlier write.
    stream.write('', () => resolve());
  });
}

/**
 * End the process with `code` only after standard output and standard error have drained.
 * On a pipe, Node writes asynchronously: process.exit() straight after a large write cut the
 * output at the pipe's buffer (64 KiB) whenever a command ended with a non-zero code.
 */
export async function exitAfterOutput(code: number): Promise<never> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

/** Thrown to end a command with an exit code after its message has been printed. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function fail(line: string, code = 1): never {
  process.stderr.write(`${line}\n`);
  throw new CliExit(code);
}

export function configOrExit(): Config {
  try {
    const config = loadConfig();
    configureArchiveLimits(limitsFromConfig(config));
    return config;
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message, 1);
    throw e;
  }
}

export function openConfigured(config: Config): DbHandle {
  const handle = openDatabase({ kind: config.dbKind, sqlitePath: config.sqlitePath, databaseUrl: config.DATABASE_URL, poolSize: 4 });
  // The audit trail's key store of this data directory (the chain key and the signing key).
  attachAuditKeys(handle.db, loadAuditKeys(config.dataDir));
  return handle;
}

/** Print an AppError the way the API would word it, row by row for imports. */
export function printAppError(e: AppError, lang: 'ja' | 'en' = 'ja'): void {
  process.stderr.write(`エラー: ${e.messages.ja}\nError: ${e.messages.en}\n`);
  for (const d of e.details.slice(0, 200)) {
    const where = [
      d.file,
      d.line !== undefined ? `${d.line}行${d.col !== undefined ? `${d.col}列` : ''}` : null,
      d.row !== undefined ? `${d.row}行目` : null,
      d.column ? `列 ${d.column}` : null,
      d.field && !d.column ? d.field : null,
    ]
      .filter(Boolean)
      .join(' ');
    process.stderr.write(`  ${where}: ${lang === 'en' ? d.message.en : d.message.ja}\n`);
  }
  if (e.details.length > 200) process.stderr.write(`  … 他 ${e.details.length - 200} 件\n`);
}

/** Run a command body; AppErrors print as messages with exit code 2 (bad input). */
export async function guarded(fn: () => Promise<void>, lang: 'ja' | 'en' = 'ja'): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) {
      printAppError(e, lang);
      throw new CliExit(e.status >= 500 ? 1 : 2);
    }
    throw e;
  }
}

/** A progress bar that still prints in CI logs (no TTY). */
export function progressBar(label: string): SingleBar {
  return new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total}`,
    noTTYOutput: true,
    notTTYSchedule: 1000,
    hideCursor: true,
  });
}

export function readInputFile(file: string, limitBytes?: number): Buffer {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    fail(`ファイルが見つかりません / file not found: ${file}`, 2);
  }
  if (limitBytes !== undefined && size > limitBytes) {
    fail(`ファイルが大きすぎます（上限 ${Math.round(limitBytes / 1024 / 1024)} MB） / file too large: ${file}`, 2);
  }
  return readFileSync(file);
}

/** An organisation named on the command line by its 6-digit code, its id, or "demo"; exits 2 when unknown. */
export async function findOrg(db: Db, ref: string): Promise<OrganizationsTable> {
  let q = db.selectFrom('organizations').selectAll();
  if (/^\d{6}$/.test(ref)) q = q.where('lgCode', '=', ref);
  else if (ref === 'demo') q = q.where('isDemo', '=', 1);
  else if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref)) q = q.where('id', '=', ref);
  else fail(`団体の指定が正しくありません / invalid organisation: ${ref}（団体コード6桁・ID・demo のいずれか）`, 2);
  const org = await q.executeTakeFirst();
  if (!org) fail(`団体が見つかりません / organisation not found: ${ref}（団体コード6桁・ID・demo のいずれかで指定）`, 2);
  return org;
}

/**
 * Run a command with the same services as the server (catalog, assets, notifications …), built
 * quietly and without the scheduler, and close everything afterwards.
 */
export async function withAppDeps<T>(fn: (deps: AppDeps) => Promise<T>): Promise<T> {
  const config = { ...configOrExit(), SHIRUBE_SCHEDULER: false };
  const { buildApp } = await import('../app');
  const app = await buildApp(config, { logger: false });
  try {
    return await fn(app.deps);
  } finally {
    await app.close();
  }
}

/** The --lang option of the top-level program. */
export function cliLang(cmd: { optsWithGlobals(): Record<string, unknown> }): 'ja' | 'en' {
  return cmd.optsWithGlobals().lang === 'en' ? 'en' : 'ja';
}
