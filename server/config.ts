import path from 'node:path';
import { z } from 'zod';
import { packageRoot } from './paths';

/**
 * Configuration is read from the environment once, here. Nothing else reads process.env.
 * A bad value stops the start with one line that names the setting.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(1).max(65535);

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const ConfigSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  /** Directory for the SQLite file, the secret key file, uploads and backups. */
  SHIRUBE_DATA_DIR: z.string().min(1).default('./data'),
  /** SQLite file; relative paths are taken from the data directory. */
  SHIRUBE_DB_FILE: z.string().min(1).default('shirube.db'),
  /** postgres://… switches the store to PostgreSQL. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'postgres://…')
    .optional(),
  SHIRUBE_PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SHIRUBE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The address users reach Shirube at; used for links and the Origin check. */
  SHIRUBE_PUBLIC_URL: z.url().optional(),
  SHIRUBE_TRUST_PROXY: bool.default(false),
  SHIRUBE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SHIRUBE_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(12),
  /** How long a resolved session is reused before it is read again (0 turns the cache off). */
  SHIRUBE_SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  /** How long a page of the organisation directory is reused in this process (0 turns the cache off). */
  SHIRUBE_DIRECTORY_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  SHIRUBE_LOCKOUT_THRESHOLD: z.coerce.number().int().min(3).max(100).default(5),
  SHIRUBE_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** JSON request bodies, in KiB. */
  SHIRUBE_BODY_LIMIT_KB: z.coerce.number().int().min(16).max(100 * 1024).default(1024),
  /** Import files (.xlsx/.csv), in MB. */
  SHIRUBE_IMPORT_LIMIT_MB: z.coerce.number().int().min(1).max(1024).default(50),
  /**
   * ZIP-based uploads (.xlsx, .docx, Office evidence): the most their entries may inflate to in
   * total (MB), the most entries, and the highest compression ratio (inflated ÷ compressed, for
   * entries over 1 MB and for the whole file). Checked on the central directory before anything
   * is inflated and again while inflating. See docs/operations.md.
   */
  SHIRUBE_ARCHIVE_MAX_INFLATED_MB: z.coerce.number().int().min(1).max(16 * 1024).default(512),
  SHIRUBE_ARCHIVE_MAX_ENTRIES: z.coerce.number().int().min(10).max(100_000).default(1000),
  SHIRUBE_ARCHIVE_MAX_RATIO: z.coerce.number().int().min(10).max(10_000).default(200),
  /** How often the server signs a checkpoint of every audit chain head that moved (hours). */
  SHIRUBE_AUDIT_CHECKPOINT_HOURS: z.coerce.number().int().min(1).max(24 * 31).default(24),
  /** Evidence files (certificates, photos), in MB. */
  SHIRUBE_EVIDENCE_LIMIT_MB: z.coerce.number().int().min(1).max(1024).default(25),
  /** Daily reminder time in Japan time. */
  SHIRUBE_REMINDER_TIME: hhmm.default('07:30'),
  SHIRUBE_SCHEDULER: bool.default(true),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: port.default(25),
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().default('shirube@localhost'),
  /** Argon2id cost; see docs/benchmarks.md for how these were chosen. */
  SHIRUBE_ARGON2_MEMORY_KIB: z.coerce.number().int().min(19 * 1024).max(1024 * 1024).default(19 * 1024),
  SHIRUBE_ARGON2_ITERATIONS: z.coerce.number().int().min(2).max(20).default(2),
  /** Directory of the built web UI, relative to the package (default dist/client). */
  SHIRUBE_CLIENT_DIR: z.string().min(1).default('dist/client'),
  /** Directory holding the guideline catalog data, relative to the package. */
  SHIRUBE_CATALOG_DIR: z.string().min(1).default('catalog'),
  /** Chromium used to print reports as PDF (Debian's package by default). */
  SHIRUBE_CHROMIUM: z.string().min(1).default('/usr/bin/chromium'),
});

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface Config extends RawConfig {
  dataDir: string;
  dbKind: 'sqlite' | 'postgres';
  sqlitePath: string;
  catalogDir: string;
  clientDir: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env, root = process.cwd()): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0]);
    throw new ConfigError(
      `設定エラー / configuration error: ${key}=${JSON.stringify(picked[key] ?? '')} — ${issue.message}`,
    );
  }
  const raw = parsed.data;
  const dataDir = path.resolve(root, raw.SHIRUBE_DATA_DIR);
  return {
    ...raw,
    dataDir,
    dbKind: raw.DATABASE_URL ? 'postgres' : 'sqlite',
    sqlitePath:
      raw.SHIRUBE_DB_FILE === ':memory:' ? ':memory:' : path.resolve(dataDir, raw.SHIRUBE_DB_FILE),
    catalogDir: path.resolve(packageRoot, raw.SHIRUBE_CATALOG_DIR),
    clientDir: path.resolve(packageRoot, raw.SHIRUBE_CLIENT_DIR),
  };
}
