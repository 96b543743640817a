import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import jaLocale from 'zod/v4/locales/ja.js';
import enLocale from 'zod/v4/locales/en.js';

/**
 * Errors as RFC 9457 problem+json with a stable code, Japanese and English messages and
 * field-level details. Services throw AppError; the error handler renders it.
 */

export interface Bilingual {
  ja: string;
  en: string;
}

export interface FieldError {
  /** Dotted path of the field (body, query or params), or the column for imports. */
  field?: string;
  /** 1-based row number for file imports (header is row 1). */
  row?: number;
  /** Column name or letter for file imports. */
  column?: string;
  /** File line and column where the format allows (YAML/JSON models). */
  line?: number;
  col?: number;
  file?: string;
  code: string;
  message: Bilingual;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: Bilingual,
    readonly details: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(messages.en);
    this.name = 'AppError';
  }
}

export const err = {
  notFound(kind: Bilingual, id: string): AppError {
    return new AppError(404, 'not_found', {
      ja: `${kind.ja}「${id}」は見つかりません。`,
      en: `${kind.en} "${id}" was not found.`,
    });
  },
  unauthenticated(): AppError {
    return new AppError(401, 'unauthenticated', {
      ja: 'サインインが必要です。',
      en: 'You need to sign in.',
    });
  },
  forbidden(): AppError {
    return new AppError(403, 'forbidden', {
      ja: 'この操作を行う権限がありません。',
      en: 'You do not have permission to do this.',
    });
  },
  validation(details: FieldError[], messages?: Bilingual): AppError {
    return new AppError(
      400,
      'validation_failed',
      messages ?? {
        ja: `入力内容に誤りがあります（${details.length}件）。`,
        en: `The input has ${details.length} error(s).`,
      },
      details,
    );
  },
  conflict(code: string, messages: Bilingual, extra: Record<string, unknown> = {}): AppError {
    return new AppError(409, code, messages, [], extra);
  },
  badRequest(code: string, messages: Bilingual, details: FieldError[] = []): AppError {
    return new AppError(400, code, messages, details);
  },
  tooLarge(limitBytes: number): AppError {
    const mb = (limitBytes / 1024 / 1024).toFixed(limitBytes < 1024 * 1024 ? 2 : 0);
    return new AppError(413, 'payload_too_large', {
      ja: `送信されたデータが大きすぎます（上限 ${mb} MB）。`,
      en: `The request is too large (limit ${mb} MB).`,
    });
  },
  unprocessable(code: string, messages: Bilingual, details: FieldError[] = []): AppError {
    return new AppError(422, code, messages, details);
  },
};

// ---- zod issues → field errors -------------------------------------------------------------

const jaZod = jaLocale().localeError as unknown as (issue: unknown) => string | { message: string };
const enZod = enLocale().localeError as unknown as (issue: unknown) => string | { message: string };

function zodText(fn: typeof jaZod, issue: unknown): string {
  const r = fn(issue);
  return typeof r === 'string' ? r : (r?.message ?? '');
}

type Issue = z.core.$ZodIssue;

/** Natural Japanese for the issues users meet most; zod's own locale covers the rest. */
function ownMessage(issue: Issue): Bilingual | null {
  const i = issue as Issue & Record<string, unknown>;
  switch (issue.code) {
    case 'invalid_type':
      if (i.expected === 'number' || i.expected === 'int')
        return { ja: '数字で入力してください。', en: 'Enter a number.' };
      if (i.input === undefined)
        return { ja: '必須項目です。', en: 'This field is required.' };
      return null;
    case 'invalid_format':
      // Plain words for what users meet (issue 21): an id comes from a choice, never typed.
      // (zod does not report the input here, so an empty and a wrong value read alike.)
      if (i.format === 'uuid' || i.format === 'guid') return { ja: '選んでください。', en: 'Choose one.' };
      if (i.format === 'email')
        return { ja: 'メールアドレスを正しい形で入力してください（例: taro@city.example.lg.jp）。', en: 'Enter an e-mail address (e.g. taro@city.example.lg.jp).' };
      return null;
    case 'too_small':
      if (i.origin === 'string' && i.minimum === 1)
        return { ja: '入力してください。', en: 'Must not be empty.' };
      if (i.origin === 'string')
        return { ja: `${i.minimum}文字以上で入力してください。`, en: `Must be at least ${i.minimum} characters.` };
      if (i.origin === 'number')
        return { ja: `${i.minimum}以上の値を指定してください。`, en: `Must be at least ${i.minimum}.` };
      if (i.origin === 'array')
        return { ja: `${i.minimum}件以上指定してください。`, en: `Must have at least ${i.minimum} item(s).` };
      return null;
    case 'too_big':
      if (i.origin === 'string')
        return { ja: `${i.maximum}文字以内で入力してください。`, en: `Must be at most ${i.maximum} characters.` };
      if (i.origin === 'number')
        return { ja: `${i.maximum}以下の値を指定してください。`, en: `Must be at most ${i.maximum}.` };
      if (i.origin === 'array')
        return { ja: `${i.maximum}件以内で指定してください。`, en: `Must have at most ${i.maximum} item(s).` };
      return null;
    case 'invalid_value': {
      const values = (i.values as unknown[] | undefined)?.map((v) => String(v)).join('、');
      return values
        ? { ja: `次のいずれかを指定してください: ${values}`, en: `Must be one of: ${values.replaceAll('、', ', ')}` }
        : null;
    }
    case 'unrecognized_keys':
      return {
        ja: `不明な項目があります: ${(i.keys as string[]).join('、')}`,
        en: `Unknown field(s): ${(i.keys as string[]).join(', ')}`,
      };
    case 'custom':
      if (typeof i.params === 'object' && i.params && 'ja' in i.params && 'en' in i.params)
        return { ja: String((i.params as Bilingual).ja), en: String((i.params as Bilingual).en) };
      return null;
    default:
      return null;
  }
}

export function zodToFieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const own = ownMessage(issue);
    const message = own ?? {
      ja: zodText(jaZod, issue) || issue.message,
      en: zodText(enZod, issue) || issue.message,
    };
    return {
      field: prefix ? (path ? `${prefix}.${path}` : prefix) : path,
      code: issue.code,
      message,
    };
  });
}

/** Bilingual refinement message for z.refine / superRefine: `{ params: bilingual(...) }`. */
export function bilingual(ja: string, en: string): { message: string; params: Bilingual } {
  return { message: en, params: { ja, en } };
}

// ---- rendering -----------------------------------------------------------------------------

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  messages: Bilingual;
  errors?: FieldError[];
  requestId?: string;
  [key: string]: unknown;
}

export function preferredLocale(req: FastifyRequest): 'ja' | 'en' {
  const header = req.headers['accept-language'];
  if (typeof header === 'string' && /^en\b/i.test(header.trim())) return 'en';
  return 'ja';
}

export function problemBody(req: FastifyRequest, e: AppError): ProblemBody {
  const locale = preferredLocale(req);
  const body: ProblemBody = {
    type: `urn:shirube:problem:${e.code}`,
    title: e.messages[locale],
    status: e.status,
    code: e.code,
    messages: e.messages,
    instance: req.url.split('?')[0],
    requestId: req.id,
    ...e.extra,
  };
  if (e.details.length > 0) body.errors = e.details;
  return body;
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, e: AppError): FastifyReply {
  return reply.code(e.status).type('application/problem+json; charset=utf-8').send(problemBody(req, e));
}

/** Map framework errors (body parser, limits, rate limit) to stable problem codes. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; statusCode?: number; message?: string };
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'malformed_json', {
        ja: 'リクエスト本文が正しいJSONではありません。',
        en: 'The request body is not valid JSON.',
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError(413, 'payload_too_large', {
        ja: '送信されたデータが上限を超えています。',
        en: 'The request exceeds the size limit.',
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError(415, 'unsupported_media_type', {
        ja: 'この形式のデータは受け付けられません。',
        en: 'This content type is not accepted.',
      });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(400, 'bad_content_length', {
        ja: 'Content-Length が本文の長さと一致しません。',
        en: 'Content-Length does not match the body.',
      });
    default:
      break;
  }
  if (e.statusCode === 429) {
    return new AppError(429, 'rate_limited', {
      ja: 'リクエストが多すぎます。しばらく待ってから再度お試しください。',
      en: 'Too many requests. Please wait and try again.',
    });
  }
  if (e instanceof SyntaxError || e.statusCode === 400) {
    return new AppError(400, 'bad_request', {
      ja: 'リクエストの形式が正しくありません。',
      en: 'The request is malformed.',
    });
  }
  return new AppError(500, 'internal_error', {
    ja: 'サーバー内部でエラーが発生しました。管理者に連絡してください。',
    en: 'An internal error occurred. Please contact the administrator.',
  });
}
