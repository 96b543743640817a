import { readFileSync, statSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { type Config, ConfigError, loadConfig } from '../config';
import { type DbHandle, openDatabase } from '../db/database';
import { AppError } from '../platform/errors';

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
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message, 1);
    throw e;
  }
}

export function openConfigured(config: Config): DbHandle {
  return openDatabase({ kind: config.dbKind, sqlitePath: config.sqlitePath, databaseUrl: config.DATABASE_URL, poolSize: 4 });
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
