import { createHash } from 'node:crypto';
import { guardArchive, isZip } from '../../platform/archive-guard';
import { cleanUploadName } from '../../platform/filenames';
import type { FastifyReply } from 'fastify';
import type { Db } from '../../db/database';
import { nowIso } from '../../db/sql';
import type { Ctx } from '../../platform/context';
import { AppError, err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { FileKind, FilesService, StoreFileInput, StoredFileMeta } from './files.contract';
import './files.tables';

const OFFICE = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/x-cfb',
  'application/msword',
  'application/vnd.ms-excel',
]);
const IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/heic', 'image/heif', 'image/tiff', 'image/bmp']);

const KIND_LABEL: Record<FileKind, { ja: string; en: string }> = {
  pdf: { ja: 'PDF', en: 'PDF' },
  image: { ja: '画像（PNG・JPEG など）', en: 'image (PNG, JPEG …)' },
  office: { ja: 'Office文書', en: 'office document' },
  text: { ja: 'テキスト（UTF-8）', en: 'text (UTF-8)' },
};

/** What the bytes are, judged by their content alone. */
export async function sniff(buffer: Buffer): Promise<{ kind: FileKind; contentType: string } | null> {
  const { fileTypeFromBuffer } = await import('file-type');
  const t = await fileTypeFromBuffer(buffer);
  if (t) {
    if (t.mime === 'application/pdf') return { kind: 'pdf', contentType: t.mime };
    if (IMAGES.has(t.mime)) return { kind: 'image', contentType: t.mime };
    if (OFFICE.has(t.mime)) return { kind: 'office', contentType: t.mime };
    return null;
  }
  // Plain text has no signature: accept valid UTF-8 without control bytes, and never markup.
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    if (hasControlChars(text, false)) return null;
    if (/<\s*(html|script|svg|iframe|body)\b/i.test(text.slice(0, 4096))) return null;
    return { kind: 'text', contentType: 'text/plain; charset=utf-8' };
  } catch {
    return null;
  }
}

/** C0 control characters; tab, line feed, form feed and carriage return are allowed in text when `strict` is false. */
function hasControlChars(text: string, strict: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && (strict || c < 0x09 || (c > 0x0d && c < 0x20))) return true;
  }
  return false;
}

function safeName(name: string): string {
  return cleanUploadName(name);
}

export function createFilesService(defaultLimitBytes: number): FilesService {
  return {
    async store(trx: Db, ctx: Ctx, input: StoreFileInput): Promise<StoredFileMeta> {
      const limit = input.limitBytes ?? defaultLimitBytes;
      if (input.buffer.length > limit) throw err.tooLarge(limit);
      if (input.buffer.length === 0) {
        throw err.validation([{ field: 'file', code: 'file_empty', message: { ja: 'ファイルが空です。', en: 'The file is empty.' } }]);
      }
      // Office files are ZIP archives that the type check partly inflates: limits first.
      if (isZip(input.buffer)) await guardArchive(input.buffer);
      const detected = await sniff(input.buffer);
      if (!detected || !input.accept.includes(detected.kind)) {
        const allowed = input.accept.map((k) => KIND_LABEL[k]);
        throw new AppError(415, 'file_type_not_allowed', {
          ja: `このファイルの形式は受け付けられません。受け付ける形式: ${allowed.map((a) => a.ja).join('、')}`,
          en: `This file type is not accepted. Accepted: ${allowed.map((a) => a.en).join(', ')}`,
        }, [{ field: 'file', code: 'file_type_not_allowed', message: { ja: '内容から判定した形式が対象外です。', en: 'The content is not of an accepted type.' } }]);
      }
      const meta: StoredFileMeta = {
        id: newId(),
        sha256: createHash('sha256').update(input.buffer).digest('hex'),
        size: input.buffer.length,
        contentType: detected.contentType,
        kind: detected.kind,
        filename: safeName(input.filename),
        createdAt: nowIso(),
        createdBy: ctx.audit.actorId,
      };
      await trx
        .insertInto('storedFiles')
        .values({ tenantId: ctx.tenantId, ...meta, data: input.buffer })
        .execute();
      return meta;
    },

    async meta(db, tenantId, fileId) {
      return db
        .selectFrom('storedFiles')
        .select(['id', 'sha256', 'size', 'contentType', 'kind', 'filename', 'createdAt', 'createdBy'])
        .where('tenantId', '=', tenantId)
        .where('id', '=', fileId)
        .executeTakeFirst();
    },

    async send(reply: FastifyReply, db: Db, tenantId: string, fileId: string) {
      const row = await db.selectFrom('storedFiles').selectAll().where('tenantId', '=', tenantId).where('id', '=', fileId).executeTakeFirst();
      if (!row) throw err.notFound({ ja: 'ファイル', en: 'File' }, fileId);
      const ascii = row.filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
      return reply
        .header('content-type', row.contentType)
        .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(row.filename)}`)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('x-file-sha256', row.sha256)
        .send(Buffer.from(row.data));
    },
  };
}
