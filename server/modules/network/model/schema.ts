import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { lazyRequire } from '../../../platform/lazy';
import type { Bilingual } from '../../../platform/errors';
import schemaJson from '../network-model.schema.json';
import type { DataPath } from './source';

/** The JSON Schema of the model format, compiled once, with its errors in Japanese and English. */

const ajvModule = lazyRequire<typeof import('ajv/dist/2020.js')>('ajv/dist/2020.js');
const formatsModule = lazyRequire<{ default?: unknown }>('ajv-formats');

export const networkModelSchema = schemaJson as Record<string, unknown>;

let fast: ValidateFunction | null = null;
let thorough: ValidateFunction | null = null;

/**
 * Two compilations of the same schema: a fast one that stops at the first error (the usual case
 * is a valid model), and one that collects every error with the offending data for messages.
 */
function validator(all: boolean): ValidateFunction {
  if (all && thorough) return thorough;
  if (!all && fast) return fast;
  const ajv = new (ajvModule().Ajv2020)({ allErrors: all, strict: true, verbose: all });
  const addFormats = (formatsModule().default ?? formatsModule()) as (a: Ajv2020, f: string[]) => void;
  addFormats(ajv, ['date', 'uuid']);
  const v = ajv.compile(networkModelSchema);
  if (all) thorough = v;
  else fast = v;
  return v;
}

export interface SchemaProblem {
  path: DataPath;
  /** Point at the key rather than the value (unknown properties). */
  key: boolean;
  code: string;
  message: Bilingual;
}

const TYPE_NAMES: Record<string, Bilingual> = {
  string: { ja: '文字列', en: 'a string' },
  boolean: { ja: '真偽値（true または false）', en: 'a boolean (true or false)' },
  integer: { ja: '整数', en: 'an integer' },
  number: { ja: '数値', en: 'a number' },
  array: { ja: '配列（リスト）', en: 'an array (list)' },
  object: { ja: 'キーと値の組（オブジェクト）', en: 'an object (mapping)' },
};

/** Field names whose enum errors get a specific code, so callers can tell "unknown purpose" apart. */
const ENUM_CODES: Record<string, string> = {
  purpose: 'unknown_purpose',
  kind: 'unknown_kind',
  model: 'unknown_model',
  segment: 'unknown_segment',
  destination: 'unknown_destination',
};

function toPath(instancePath: string): Array<string | number> {
  if (!instancePath) return [];
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function describeError(e: ErrorObject): SchemaProblem | null {
  const path = toPath(e.instancePath);
  const last = path[path.length - 1];
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const name = String(p.missingProperty);
      return { path, key: false, code: 'missing_property', message: { ja: `必須の項目「${name}」がありません。`, en: `The required property "${name}" is missing.` } };
    }
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      return { path: [...path, name], key: true, code: 'unknown_property', message: { ja: `項目「${name}」はこの書式にありません（綴りを確かめてください）。`, en: `"${name}" is not a property of this format (check the spelling).` } };
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const code = (typeof last === 'string' && ENUM_CODES[last]) || 'unknown_value';
      return {
        path,
        key: false,
        code,
        message: { ja: `「${show(e.data)}」は使えません。次のいずれかを指定してください: ${allowed.join('、')}`, en: `"${show(e.data)}" is not allowed; use one of: ${allowed.join(', ')}` },
      };
    }
    case 'const':
      return { path, key: false, code: 'unknown_format', message: { ja: `書式の版は「${String(p.allowedValue)}」と書いてください。`, en: `The format must be "${String(p.allowedValue)}".` } };
    case 'type': {
      const t = TYPE_NAMES[String(p.type)] ?? { ja: String(p.type), en: String(p.type) };
      return { path, key: false, code: 'wrong_type', message: { ja: `${t.ja}で指定してください（「${show(e.data)}」になっています）。`, en: `Must be ${t.en} (found "${show(e.data)}").` } };
    }
    case 'pattern':
      if (last === 'edition') return { path, key: false, code: 'bad_edition', message: { ja: '版は「R8.3」のように元号の頭文字・年・月で書いてください。', en: 'Write the edition as era letter, year and month, e.g. "R8.3".' } };
      return { path, key: false, code: 'bad_id', message: { ja: `IDに空白は使えません（「${show(e.data)}」）。`, en: `Ids cannot contain spaces ("${show(e.data)}").` } };
    case 'format':
      if (p.format === 'date') return { path, key: false, code: 'bad_date', message: { ja: '日付は YYYY-MM-DD で書いてください。', en: 'Write dates as YYYY-MM-DD.' } };
      return { path, key: false, code: 'bad_asset_ref', message: { ja: '台帳の情報資産のID（UUID）を書いてください。', en: 'Give the id (UUID) of an asset in the register.' } };
    case 'anyOf':
      return {
        path,
        key: false,
        code: 'bad_asset_ref',
        message: { ja: '情報資産は、台帳のID（UUID）か、name を持つ記述（name・confidentiality・residentData・myNumber）で書いてください。', en: 'An asset is a register id (UUID) or an inline description with name (name, confidentiality, residentData, myNumber).' },
      };
    case 'minItems':
      return { path, key: false, code: 'too_few', message: { ja: `${String(p.limit)}件以上必要です。`, en: `Needs at least ${String(p.limit)} item(s).` } };
    case 'maxItems':
      return { path, key: false, code: 'too_many', message: { ja: `${String(p.limit)}件以内にしてください。`, en: `At most ${String(p.limit)} item(s).` } };
    case 'minLength':
      return { path, key: false, code: 'too_short', message: { ja: '空にはできません。', en: 'Must not be empty.' } };
    case 'maxLength':
      return { path, key: false, code: 'too_long', message: { ja: `${String(p.limit)}文字以内にしてください。`, en: `At most ${String(p.limit)} characters.` } };
    case 'minimum':
    case 'maximum':
      return { path, key: false, code: 'out_of_range', message: { ja: `${e.keyword === 'minimum' ? `${String(p.limit)}以上` : `${String(p.limit)}以下`}の値にしてください。`, en: `Must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)}.` } };
    case 'uniqueItems':
      return { path, key: false, code: 'duplicate_item', message: { ja: '同じ値が二度書かれています。', en: 'The same value appears twice.' } };
    default:
      return { path, key: false, code: 'invalid', message: { ja: `値が書式に合いません（${e.keyword}）。`, en: `The value does not fit the format (${e.keyword}).` } };
  }
}

/** Validate against the JSON Schema; returns the problems (empty when valid). */
export function schemaProblems(data: unknown, limit = 200): SchemaProblem[] {
  if (validator(false)(data)) return [];
  const validate = validator(true);
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // anyOf reports each failed branch and then itself; keep only the anyOf summary.
  const anyOfAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && e.schemaPath.includes('/anyOf/') && [...anyOfAt].some((p) => e.instancePath.startsWith(p))) continue;
    const d = describeError(e);
    if (!d) continue;
    const k = `${d.path.join('/')}|${d.code}|${d.message.en}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
    if (out.length >= limit) break;
  }
  return out;
}
