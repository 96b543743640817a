/**
 * A small JSON scanner that builds no values. JSON.parse does the real parsing; this finds
 * places: where a syntax error is (V8 does not always say), where the value at a path starts,
 * and where each element of the top-level arrays begins (to give findings a line and column).
 * Every function is linear in the part of the text it walks.
 */

export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: { ja: string; en: string },
  ) {
    super(reason.en);
  }
}

const MAX_DEPTH = 512;

class Scanner {
  pos = 0;
  readonly len: number;
  constructor(readonly s: string) {
    this.len = s.length;
  }

  ws(): void {
    const s = this.s;
    while (this.pos < this.len) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  fail(ja: string, en: string): never {
    throw new JsonSyntaxError(this.pos, { ja, en });
  }

  expect(ch: number, ja: string, en: string): void {
    this.ws();
    if (this.s.charCodeAt(this.pos) !== ch) this.fail(ja, en);
    this.pos++;
  }

  /** Scan a string starting at the opening quote; returns its decoded text when `decode`. */
  string(decode: boolean): string {
    const s = this.s;
    if (s.charCodeAt(this.pos) !== 34) this.fail('ここには文字列（"…"）が必要です。', 'A string ("…") is expected here.');
    this.pos++;
    const start = this.pos;
    let plain = true;
    while (this.pos < this.len) {
      const c = s.charCodeAt(this.pos);
      if (c === 34) {
        const raw = s.slice(start, this.pos);
        this.pos++;
        if (!decode) return '';
        return plain ? raw : (JSON.parse(`"${raw}"`) as string);
      }
      if (c < 32) this.fail('文字列の中に改行や制御文字があります。', 'A string contains a line break or control character.');
      if (c === 92) {
        plain = false;
        const n = s.charCodeAt(this.pos + 1);
        if (n === 117) {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(this.pos + 2, this.pos + 6))) this.fail('\\u の後には16進数4桁が必要です。', '\\u needs four hex digits.');
          this.pos += 6;
          continue;
        }
        if (![34, 92, 47, 98, 102, 110, 114, 116].includes(n)) this.fail('文字列の中のエスケープ（\\）が正しくありません。', 'Invalid escape sequence in a string.');
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    this.pos = start - 1;
    return this.fail('文字列が閉じられていません（" が足りません）。', 'Unterminated string (missing ").');
  }

  number(): void {
    const re = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    re.lastIndex = this.pos;
    const m = re.exec(this.s);
    if (!m || m[0] === '' || m[0] === '-') this.fail('値が正しくありません。', 'Invalid value.');
    this.pos += m[0].length;
  }

  literal(word: string): void {
    if (this.s.startsWith(word, this.pos)) this.pos += word.length;
    else this.fail('値が正しくありません（文字列は "…" で囲みます）。', 'Invalid value (strings need double quotes).');
  }

  /** Skip one value; `onElement` is called with the offset of each element of arrays at `collectDepth`. */
  value(depth: number): void {
    this.ws();
    if (depth > MAX_DEPTH) this.fail('入れ子が深すぎます。', 'Nesting is too deep.');
    const c = this.s.charCodeAt(this.pos);
    if (c === 123) {
      this.object(depth);
      return;
    }
    if (c === 91) {
      this.array(depth);
      return;
    }
    if (c === 34) {
      this.string(false);
      return;
    }
    if (c === 116) {
      this.literal('true');
      return;
    }
    if (c === 102) {
      this.literal('false');
      return;
    }
    if (c === 110) {
      this.literal('null');
      return;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      this.number();
      return;
    }
    if (this.pos >= this.len) this.fail('ファイルが途中で終わっています。', 'The file ends too early.');
    if (c === 93 || c === 125) this.fail('ここに値が必要です。余分な「,」がないか確かめてください。', 'A value is expected here; check for a trailing comma.');
    this.fail('値が正しくありません（文字列は "…" で囲みます）。', 'Invalid value (strings need double quotes).');
  }

  object(depth: number): void {
    this.pos++; // {
    this.ws();
    if (this.s.charCodeAt(this.pos) === 125) {
      this.pos++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.s.charCodeAt(this.pos) !== 34) this.fail('ここにはキー（"名前"）が必要です。末尾の余分な「,」がないか確かめてください。', 'A key ("name") is expected here; check for a trailing comma.');
      this.string(false);
      this.expect(58, 'キーの後に「:」が必要です。', 'A ":" is expected after the key.');
      this.value(depth + 1);
      this.ws();
      const c = this.s.charCodeAt(this.pos);
      if (c === 44) {
        this.pos++;
        continue;
      }
      if (c === 125) {
        this.pos++;
        return;
      }
      this.fail('「,」か「}」が必要です。', 'A "," or "}" is expected.');
    }
  }

  array(depth: number): void {
    this.pos++; // [
    this.ws();
    if (this.s.charCodeAt(this.pos) === 93) {
      this.pos++;
      return;
    }
    for (;;) {
      this.value(depth + 1);
      this.ws();
      const c = this.s.charCodeAt(this.pos);
      if (c === 44) {
        this.pos++;
        continue;
      }
      if (c === 93) {
        this.pos++;
        return;
      }
      this.fail('「,」か「]」が必要です。', 'A "," or "]" is expected.');
    }
  }
}

/** The offset and reason of the first syntax error, or null when the text is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const sc = new Scanner(text);
  try {
    sc.value(0);
    sc.ws();
    if (sc.pos < sc.len) sc.fail('値の後に余分な文字があります。', 'Unexpected text after the value.');
    return null;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e;
    throw e;
  }
}

/**
 * Offset of the value at `path` (or of its key, when the last step is an object key and `key` is
 * set). Returns the offset of the deepest ancestor found when the path does not exist.
 */
export function locateJsonPath(text: string, path: ReadonlyArray<string | number>, key = false): number {
  const sc = new Scanner(text);
  let found = 0;
  try {
    sc.ws();
    found = sc.pos;
    for (let i = 0; i < path.length; i++) {
      const step = path[i];
      sc.ws();
      const c = text.charCodeAt(sc.pos);
      if (c === 123 && typeof step === 'string') {
        sc.pos++;
        let hit = false;
        for (;;) {
          sc.ws();
          if (text.charCodeAt(sc.pos) === 125) break;
          const keyAt = sc.pos;
          const k = sc.string(true);
          sc.expect(58, '', '');
          if (k === step) {
            sc.ws();
            found = key && i === path.length - 1 ? keyAt : sc.pos;
            hit = true;
            break;
          }
          sc.value(1);
          sc.ws();
          if (text.charCodeAt(sc.pos) === 44) sc.pos++;
          else break;
        }
        if (!hit) return found;
      } else if (c === 91 && typeof step === 'number') {
        sc.pos++;
        let idx = 0;
        let hit = false;
        for (;;) {
          sc.ws();
          if (text.charCodeAt(sc.pos) === 93) break;
          if (idx === step) {
            found = sc.pos;
            hit = true;
            break;
          }
          sc.value(1);
          idx++;
          sc.ws();
          if (text.charCodeAt(sc.pos) === 44) sc.pos++;
          else break;
        }
        if (!hit) return found;
      } else {
        return found;
      }
    }
    return found;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return found;
    throw e;
  }
}

/**
 * Start offsets of the elements of the named top-level arrays (e.g. nodes, links), in one pass.
 * Assumes valid JSON whose top level is an object.
 */
export function topLevelElementOffsets(text: string, names: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const want = new Set(names);
  const sc = new Scanner(text);
  sc.ws();
  if (text.charCodeAt(sc.pos) !== 123) return out;
  sc.pos++;
  for (;;) {
    sc.ws();
    if (text.charCodeAt(sc.pos) === 125 || sc.pos >= sc.len) break;
    const k = sc.string(true);
    sc.expect(58, '', '');
    sc.ws();
    if (want.has(k) && text.charCodeAt(sc.pos) === 91) {
      const offsets: number[] = [];
      sc.pos++;
      for (;;) {
        sc.ws();
        if (text.charCodeAt(sc.pos) === 93) {
          sc.pos++;
          break;
        }
        offsets.push(sc.pos);
        sc.value(1);
        sc.ws();
        if (text.charCodeAt(sc.pos) === 44) sc.pos++;
        else {
          sc.ws();
          if (text.charCodeAt(sc.pos) === 93) sc.pos++;
          break;
        }
      }
      out.set(k, offsets);
    } else {
      sc.value(1);
    }
    sc.ws();
    if (text.charCodeAt(sc.pos) === 44) sc.pos++;
    else break;
  }
  return out;
}

/** Line starts of a text, for turning offsets into 1-based line and column. */
export class LineIndex {
  private starts: Int32Array | null = null;
  constructor(private readonly text: string) {}

  private build(): Int32Array {
    const t = this.text;
    let n = 1;
    for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) n++;
    const a = new Int32Array(n);
    let j = 1;
    for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) a[j++] = i + 1;
    return a;
  }

  pos(offset: number): { line: number; col: number } {
    this.starts ??= this.build();
    const a = this.starts;
    let lo = 0;
    let hi = a.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (a[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - a[lo] + 1 };
  }
}
