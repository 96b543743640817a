import type { Document, LineCounter, Node as YamlNode } from 'yaml';
import { lazyRequire } from '../../../platform/lazy';

const yaml = lazyRequire<typeof import('yaml')>('yaml');
import type { Bilingual, FieldError } from '../../../platform/errors';
import { findJsonSyntaxError, LineIndex, locateJsonPath, topLevelElementOffsets } from './json-scan';

/**
 * A model file as text, parsed into plain data, with a way back from a data path
 * (['links', 3, 'via', 0]) to the file, line and column it came from.
 */

export type SourceFormat = 'yaml' | 'json';
export type DataPath = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  col: number;
}

export interface ParsedSource {
  file: string;
  format: SourceFormat;
  text: string;
  data: unknown;
  /** Where the value at `path` starts (or its key, with `key`), when it can be found. */
  locate(path: DataPath, key?: boolean): Position | undefined;
  /** Start of each element of `nodes`, `links` and `zones`, for findings. */
  elementPositions(collection: 'zones' | 'nodes' | 'links', indexes: Iterable<number>): Map<number, Position>;
}

export class SourceProblems extends Error {
  constructor(readonly problems: FieldError[]) {
    super(problems[0]?.message.en ?? 'invalid source');
  }
}

export function detectFormat(file: string, text: string): SourceFormat {
  if (/\.json$/i.test(file)) return 'json';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  const first = /\S/.exec(text);
  return first && first[0] === '{' ? 'json' : 'yaml';
}

const YAML_CODES: Record<string, Bilingual> = {
  DUPLICATE_KEY: { ja: '同じキーが同じ階層に二度書かれています。', en: 'The same key appears twice in one mapping.' },
  BAD_INDENT: { ja: 'インデント（字下げ）が正しくありません。', en: 'The indentation is wrong.' },
  TAB_AS_INDENT: { ja: 'インデントにタブ文字は使えません。空白を使ってください。', en: 'Tabs cannot indent YAML; use spaces.' },
  MISSING_CHAR: { ja: '必要な記号（引用符や括弧など）が足りません。', en: 'A required character (quote, bracket …) is missing.' },
  UNEXPECTED_TOKEN: { ja: 'この位置に置けない記号があります。', en: 'A character here is not allowed.' },
  MULTIPLE_DOCS: { ja: '一つのファイルに書けるモデルは一つです（--- で区切らないでください）。', en: 'One file holds one model (no --- separators).' },
  BLOCK_AS_IMPLICIT_KEY: { ja: 'キーの書き方が正しくありません（「:」の後に空白が必要かもしれません）。', en: 'A key is malformed (a space may be missing after ":").' },
  MULTILINE_IMPLICIT_KEY: { ja: 'キーが複数行にまたがっています。「:」の位置を確かめてください。', en: 'A key spans several lines; check where the ":" is.' },
  ALIAS_PROPS: { ja: 'エイリアスの書き方が正しくありません。', en: 'An alias is malformed.' },
  BAD_ALIAS: { ja: 'エイリアス（*名前）の参照先がありません。', en: 'An alias (*name) points at nothing.' },
  RESOURCE_EXHAUSTION: { ja: 'エイリアスの展開が多すぎます。', en: 'Too many alias expansions.' },
};

function yamlMessage(code: string, detail: string): Bilingual {
  const known = YAML_CODES[code];
  const first = detail.split('\n')[0];
  if (known) return { ja: known.ja, en: `${known.en} (${first})` };
  return { ja: `YAMLとして読めません（${code}）。`, en: `Not readable as YAML: ${first}` };
}

function yamlLocate(doc: Document, lc: LineCounter, path: DataPath, key: boolean): Position | undefined {
  let node: unknown = doc.contents;
  let at: number | undefined = (doc.contents as YamlNode | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    if (yaml().isMap(node)) {
      const pair = node.items.find((p) => (yaml().isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(step));
      if (!pair) break;
      const keyNode = pair.key as YamlNode | null;
      const valueNode = pair.value as YamlNode | null;
      if (key && i === path.length - 1) {
        at = keyNode?.range?.[0] ?? at;
        break;
      }
      at = valueNode?.range?.[0] ?? keyNode?.range?.[0] ?? at;
      node = valueNode;
    } else if (yaml().isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as YamlNode | undefined;
      if (!item) break;
      at = item.range?.[0] ?? at;
      node = item;
    } else {
      break;
    }
  }
  if (at === undefined) return undefined;
  const p = lc.linePos(at);
  return { line: p.line, col: p.col };
}

/** Parse a model file. Throws SourceProblems with file, line and column on a syntax error. */
export function parseSource(text: string, file: string, format: SourceFormat = detectFormat(file, text)): ParsedSource {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      const e = findJsonSyntaxError(text);
      const idx = new LineIndex(text);
      const pos = idx.pos(e?.offset ?? 0);
      throw new SourceProblems([
        {
          file,
          line: pos.line,
          col: pos.col,
          code: 'json_syntax',
          message: e ? { ja: `JSONの構文エラー: ${e.reason.ja}`, en: `JSON syntax error: ${e.reason.en}` } : { ja: 'JSONとして読めません。', en: 'Not readable as JSON.' },
        },
      ]);
    }
    const idx = new LineIndex(text);
    let elements: Map<string, number[]> | null = null;
    return {
      file,
      format,
      text,
      data,
      locate(path, key = false) {
        return idx.pos(locateJsonPath(text, path, key));
      },
      elementPositions(collection, indexes) {
        elements ??= topLevelElementOffsets(text, ['zones', 'nodes', 'links']);
        const offsets = elements.get(collection) ?? [];
        const out = new Map<number, Position>();
        for (const i of indexes) if (offsets[i] !== undefined) out.set(i, idx.pos(offsets[i]));
        return out;
      },
    };
  }

  const lc = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true });
  const errors = doc.errors;
  if (errors.length > 0) {
    throw new SourceProblems(
      errors.slice(0, 50).map((e) => {
        const p = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
        return { file, line: p.line, col: p.col, code: 'yaml_syntax', message: yamlMessage(e.code, e.message) };
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new SourceProblems([{ file, line: 1, col: 1, code: 'yaml_syntax', message: yamlMessage('RESOURCE_EXHAUSTION', (e as Error).message) }]);
  }
  return {
    file,
    format,
    text,
    data,
    locate(path, key = false) {
      return yamlLocate(doc, lc, path, key);
    },
    elementPositions(collection, indexes) {
      const out = new Map<number, Position>();
      const seq = yaml().isMap(doc.contents) ? doc.contents.get(collection, true) : undefined;
      if (!yaml().isSeq(seq)) return out;
      for (const i of indexes) {
        const item = seq.items[i] as YamlNode | undefined;
        const at = item?.range?.[0];
        if (at !== undefined) {
          const p = lc.linePos(at);
          out.set(i, { line: p.line, col: p.col });
        }
      }
      return out;
    },
  };
}

/** Parse data that arrived without a file (e.g. JSON in a request body): no positions. */
export function sourceFromData(data: unknown, file = 'model'): ParsedSource {
  return { file, format: 'json', text: '', data, locate: () => undefined, elementPositions: () => new Map() };
}
