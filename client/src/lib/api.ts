import i18n from './i18n';

/** A problem+json answer from the server, with both languages kept. */
export interface FieldProblem {
  field?: string;
  row?: number;
  column?: string;
  line?: number;
  col?: number;
  file?: string;
  code: string;
  message: { ja: string; en: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: { ja: string; en: string },
    readonly errors: FieldProblem[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(messages.en);
  }

  text(lang = i18n.language): string {
    return lang === 'en' ? this.messages.en : this.messages.ja;
  }

  fieldText(field: string, lang = i18n.language): string | undefined {
    const e = this.errors.find((x) => x.field === field || x.field?.endsWith(`.${field}`));
    return e ? (lang === 'en' ? e.message.en : e.message.ja) : undefined;
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null | undefined): void {
  if (token) csrfToken = token;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function toError(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  const messages = (body.messages as { ja: string; en: string } | undefined) ?? {
    ja: `サーバーとの通信に失敗しました（${res.status}）。`,
    en: `The request failed (${res.status}).`,
  };
  return new ApiError(res.status, String(body.code ?? 'http_error'), messages, (body.errors as FieldProblem[]) ?? [], body);
}

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': i18n.language };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const data = (await res.json()) as T;
  const token = (data as { csrfToken?: string } | null)?.csrfToken;
  if (token) setCsrfToken(token);
  return data;
}

export const get = <T>(url: string) => api<T>('GET', url);
export const post = <T>(url: string, body?: unknown) => api<T>('POST', url, body ?? {});
export const patch = <T>(url: string, body: unknown) => api<T>('PATCH', url, body);
export const put = <T>(url: string, body: unknown) => api<T>('PUT', url, body);
export const del = <T>(url: string) => api<T>('DELETE', url);

/** Send a file as multipart/form-data. */
export async function upload<T>(url: string, file: File | Blob, filename = 'upload', fields: Record<string, string> = {}): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file, file instanceof File ? file.name : filename);
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': i18n.language };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, { method: 'POST', headers, body: form, credentials: 'same-origin' });
  if (!res.ok) throw await toError(res);
  return (await res.json()) as T;
}

/** Build a query string, leaving out empty values. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
