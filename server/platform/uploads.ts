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
  const part = await req.file({ limits: { fileSize: limitBytes, files: 1 } }).catch(unreadableForm);
  if (!part) {
    throw err.validation([{ field: 'file', code: 'file_required', message: { ja: 'ファイルを指定してください。', en: 'A file is required.' } }]);
  }
  const buffer = await part.toBuffer().catch((e: { code?: string }) => {
    if (e.code === 'FST_REQ_FILE_TOO_LARGE') throw err.tooLarge(limitBytes);
    return unreadableForm(e);
  });
  if (part.file.truncated) throw err.tooLarge(limitBytes);
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(part.fields)) {
    const f = Array.isArray(v) ? v[0] : v;
    if (f && typeof f === 'object' && 'value' in f && typeof f.value === 'string') fields[k] = f.value;
  }
  return { buffer, filename: cleanUploadName(part.filename), mimetype: part.mimetype, fields, signal: clientSignal(req) };
}

/**
 * A form the multipart parser cannot read (cut short, no boundary, a broken part header) is the
 * client's mistake: answer 400 and name it, instead of an internal error. Other errors pass on.
 */
function unreadableForm(e: unknown): never {
  const x = e as { code?: string; statusCode?: number; message?: string };
  const fromParser = /multipart|boundary|part header|unexpected end/i.test(String(x?.message ?? ''));
  if ((x?.code?.startsWith('FST_') && x.statusCode && x.statusCode >= 400 && x.statusCode < 500) || (!(e instanceof AppError) && fromParser)) {
    throw new AppError(400, 'multipart_malformed', {
      ja: '送信されたフォーム（multipart/form-data）を読み取れません。ファイルを選び直して送信してください。',
      en: 'The multipart/form-data request cannot be read. Choose the file again and resend it.',
    });
  }
  throw e;
}
