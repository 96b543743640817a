import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, err } from './errors';
import { cleanUploadName } from './filenames';

export interface Upload {
  buffer: Buffer;
  /** The client's file name, cleaned by cleanUploadName() (no bidi, control or zero-width characters). */
  filename: string;
  mimetype: string;
  /** Other form fields sent with the file. */
  fields: Record<string, string>;
  /** Aborted when the client goes away before the response is sent: the import stops. */
  signal: AbortSignal;
}

const signals = new WeakMap<FastifyRequest, AbortSignal>();
const NEVER = new AbortController().signal;

/**
 * Watch an upload request for the client going away (closed tab, cancelled fetch, timeout of a
 * proxy). routes.ts calls it for every multipart route; the signal reaches the readers and the
 * import, which stop and roll back instead of working on for nobody.
 */
export function watchClient(req: FastifyRequest, reply: FastifyReply): AbortSignal {
  const ac = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) ac.abort();
  });
  signals.set(req, ac.signal);
  return ac.signal;
}

export function clientSignal(req: FastifyRequest): AbortSignal {
  return signals.get(req) ?? NEVER;
}

/** Read the single file of a multipart/form-data request, refusing it when it exceeds `limitBytes`. */
export async function readUpload(req: FastifyRequest, limitBytes: number): Promise<Upload> {
  if (!req.isMultipart()) {
    throw new AppError(415, 'multipart_required', {
      ja: 'ファイルは multipart/form-data で送信してください。',
      en: 'Send the file as multipart/form-data.',
    });
  }
  const part = await req.file({ limits: { fileSize: limitBytes, files: 1 } });
  if (!part) {
    throw err.validation([{ field: 'file', code: 'file_required', message: { ja: 'ファイルを指定してください。', en: 'A file is required.' } }]);
  }
  const buffer = await part.toBuffer().catch((e: { code?: string }) => {
    if (e.code === 'FST_REQ_FILE_TOO_LARGE') throw err.tooLarge(limitBytes);
    throw e;
  });
  if (part.file.truncated) throw err.tooLarge(limitBytes);
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(part.fields)) {
    const f = Array.isArray(v) ? v[0] : v;
    if (f && typeof f === 'object' && 'value' in f && typeof f.value === 'string') fields[k] = f.value;
  }
  return { buffer, filename: cleanUploadName(part.filename), mimetype: part.mimetype, fields, signal: clientSignal(req) };
}
