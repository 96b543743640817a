import { describe, expect, it } from 'vitest';
import { validateModel } from '../check';
import { findJsonSyntaxError, LineIndex, locateJsonPath, topLevelElementOffsets } from './json-scan';
import { parseSource, SourceProblems } from './source';

/** Parsing with positions, schema errors and reference errors: each names file, line and column. */

function problems(text: string, file = 'model.yaml') {
  try {
    validateModel(parseSource(text, file));
  } catch (e) {
    if (e instanceof SourceProblems) return e.problems;
    throw e;
  }
  return [];
}

const HEAD = 'format: shirube-network/1\nmodel: alpha\n';

describe('YAML models', () => {
  it('a syntax error names the line and column', () => {
    const p = problems(`${HEAD}zones:\n  - { id: a, kind: segment\nnodes: []\n`);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ file: 'model.yaml', code: 'yaml_syntax' });
    expect(p[0].line).toBeGreaterThanOrEqual(4);
  });

  it('a duplicated key is a syntax error at the second key', () => {
    const p = problems(`${HEAD}model: beta\nzones: []\nnodes: []\n`);
    expect(p[0]).toMatchObject({ code: 'yaml_syntax', line: 3, col: 1 });
  });

  it('an unknown purpose points at its value', () => {
    const text = `${HEAD}zones:\n  - { id: s, kind: segment, segment: lgwan }\nnodes:\n  - { id: a, kind: terminal, zone: s }\n  - { id: b, kind: server, zone: s }\nlinks:\n  - from: a\n    to: b\n    purpose: chat\n`;
    const p = problems(text);
    expect(p).toEqual([expect.objectContaining({ code: 'unknown_purpose', line: 11, col: 14, field: 'links.0.purpose' })]);
    expect(p[0].message.ja).toContain('chat');
  });

  it('an unknown property points at its key', () => {
    const p = problems(`${HEAD}zones:\n  - { id: s, kind: segment, segment: lgwan, colour: red }\nnodes: []\n`);
    expect(p).toEqual([expect.objectContaining({ code: 'unknown_property', line: 4, col: 45 })]);
  });

  it('a missing property points at the element and names the property', () => {
    const p = problems(`${HEAD}zones:\n  - { id: s, kind: segment, segment: lgwan }\nnodes:\n  - id: t\n    kind: terminal\n`);
    expect(p).toEqual([expect.objectContaining({ code: 'missing_property', line: 6, col: 5 })]);
    expect(p[0].message.en).toContain('"zone"');
  });

  it('reference problems: duplicate ids, unknown zones and nodes, chain loops, via loops, wrong via kinds', () => {
    const text = [
      HEAD.trimEnd(),
      'zones:',
      '  - { id: s, kind: segment, segment: lgwan }',
      '  - { id: s, kind: internet }',
      'nodes:',
      '  - { id: t, kind: terminal, zone: nowhere }',
      '  - { id: u, kind: terminal, zone: t }',
      '  - { id: g, kind: gateway, zone: s }',
      'links:',
      '  - { from: t, to: ghost, purpose: mail }',
      '  - { from: t, to: s, purpose: web, via: [c1] }',
      '  - { from: t, to: s, purpose: web, via: [g, g] }',
      '  - { from: t, to: s, purpose: web, via: [u] }',
      '  - { from: t, to: t, purpose: web }',
      'chains:',
      '  - { id: c1, via: [g, c2] }',
      '  - { id: c2, via: [c1] }',
    ].join('\n');
    const p = problems(text);
    const byCode = Object.fromEntries(p.map((x) => [x.code, x]));
    expect(p.map((x) => x.code).sort()).toEqual(['chain_loop', 'duplicate_id', 'not_a_gateway', 'self_link', 'unknown_reference', 'unknown_zone', 'unknown_zone', 'via_loop'].sort());
    expect(byCode.duplicate_id).toMatchObject({ line: 5, col: 11 });
    expect(byCode.duplicate_id.message.ja).toContain('4行11列');
    expect(byCode.unknown_reference).toMatchObject({ line: 11, col: 20, field: 'links.0.to' });
    expect(byCode.via_loop).toMatchObject({ line: 13 });
    expect(byCode.not_a_gateway).toMatchObject({ line: 14 });
    expect(byCode.chain_loop.message.en).toContain('c1 → c2 → c1');
    expect(p.map((x) => x.line)).toEqual([...p.map((x) => x.line)].sort((a, b) => (a ?? 0) - (b ?? 0)));
  });

  it('attributes that do not fit the kind are refused', () => {
    const p = problems(`${HEAD}zones:\n  - { id: s, kind: internet, segment: lgwan }\n  - { id: d, kind: designated }\nnodes:\n  - { id: t, kind: terminal, zone: s, wireless: { security: open } }\n`);
    expect(p.map((x) => x.code).sort()).toEqual(['attribute_not_for_kind', 'attribute_not_for_kind', 'destination_required']);
  });

  it('a valid model parses and gives element positions', () => {
    const text = `${HEAD}zones:\n  - { id: s, kind: segment, segment: lgwan }\nnodes:\n  - { id: a, kind: terminal, zone: s }\n  - id: b\n    kind: server\n    zone: s\n`;
    const src = parseSource(text, 'ok.yaml');
    const g = validateModel(src);
    expect(g.nodeCount).toBe(2);
    expect([...src.elementPositions('nodes', [0, 1])]).toEqual([
      [0, { line: 6, col: 5 }],
      [1, { line: 7, col: 5 }],
    ]);
  });
});

describe('JSON models', () => {
  const ok = JSON.stringify({ format: 'shirube-network/1', model: 'alpha', zones: [{ id: 's', kind: 'segment', segment: 'lgwan' }], nodes: [{ id: 'a', kind: 'terminal', zone: 's' }] }, null, 2);

  it('syntax errors are located even where V8 gives no position', () => {
    for (const [text, line, col] of [
      ['{\n  "a": }', 2, 8],
      ['{\n  "a": 1,\n}', 3, 1],
      ['{ "a": [1 2] }', 1, 11],
      ['{ "a": \'x\' }', 1, 8],
      ['{ "a": "x\ny" }', 1, 10],
    ] as const) {
      const p = (() => {
        try {
          parseSource(text, 'm.json');
        } catch (e) {
          return (e as SourceProblems).problems;
        }
        return [];
      })();
      expect(p, text).toEqual([expect.objectContaining({ code: 'json_syntax', line, col })]);
    }
  });

  it('schema errors point into the JSON text', () => {
    const bad = ok.replace('"terminal"', '"desk"');
    const p = problems(bad, 'm.json');
    expect(p).toEqual([expect.objectContaining({ code: 'unknown_kind', line: 14, col: 15 })]);
  });

  it('the scanner agrees with JSON.parse on valid input and finds element starts', () => {
    expect(findJsonSyntaxError(ok)).toBeNull();
    const offsets = topLevelElementOffsets(ok, ['nodes', 'zones']);
    const idx = new LineIndex(ok);
    expect(idx.pos(offsets.get('nodes')![0])).toEqual({ line: 12, col: 5 });
    expect(idx.pos(offsets.get('zones')![0])).toEqual({ line: 5, col: 5 });
    expect(idx.pos(locateJsonPath(ok, ['nodes', 0, 'zone']))).toEqual({ line: 15, col: 15 });
    expect(idx.pos(locateJsonPath(ok, ['nodes', 0, 'zone'], true))).toEqual({ line: 15, col: 7 });
  });

  it('a byte-order mark does not break parsing', () => {
    expect(() => validateModel(parseSource(`\ufeff${ok}`, 'm.json'))).not.toThrow();
  });
});
