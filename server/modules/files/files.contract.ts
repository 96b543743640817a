import type { FastifyReply } from 'fastify';
import type { Db } from '../../db/database';
import type { Ctx } from '../../platform/context';

/**
 * Evidence files (certificates, photos, office documents) kept in the database, so SQLite and
 * PostgreSQL deployments back them up the same way. Types are checked by content (magic bytes),
 * never by the name or the browser's claim; every file has its SHA-256; downloads are always
 * attachments with a sandboxing CSP, so nothing uploaded is ever rendered as HTML.
 *
 * The owning module decides who may see a file; this service only stores and streams it.
 */
export type FileKind = 'pdf' | 'image' | 'office' | 'text';

export interface StoredFileMeta {
  id: string;
  sha256: string;
  size: number;
  contentType: string;
  kind: FileKind;
  filename: string;
  createdAt: string;
  createdBy: string | null;
}

export interface StoreFileInput {
  buffer: Buffer;
  filename: string;
  /** Kinds accepted for this upload; anything else is refused with 415 file_type_not_allowed. */
  accept: FileKind[];
  /** Defaults to the configured evidence limit (SHIRUBE_EVIDENCE_LIMIT_MB). */
  limitBytes?: number;
}

export interface FilesService {
  /** Store inside the caller's transaction (the audit entry is the caller's). */
  store(trx: Db, ctx: Ctx, input: StoreFileInput): Promise<StoredFileMeta>;
  meta(db: Db, tenantId: string, fileId: string): Promise<StoredFileMeta | undefined>;
  /** Send the file as an attachment; 404 when it is not in this tenant. */
  send(reply: FastifyReply, db: Db, tenantId: string, fileId: string): Promise<FastifyReply>;
}

declare module '../../platform/deps' {
  interface Services {
    files: FilesService;
  }
}
