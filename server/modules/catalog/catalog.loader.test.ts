import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_FILES, patched, removeDir, writeFixtureCatalog } from '../../../tests/catalog-fixtures';
import { CatalogInvalidError, type CatalogProblem, circled, impliedParent, loadCatalog } from './catalog.loader';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function fixture(replace: Record<string, string | null> = {}): string {
  const dir = writeFixtureCatalog(replace);
  dirs.push(dir);
  return dir;
}

/** Load a broken fixture and return its problems (fails the test if it loads). */
function problemsOf(replace: Record<string, string | null>): CatalogProblem[] {
  try {
    loadCatalog({ dir: fixture(replace), noMemo: true });
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogInvalidError);
    const err = e as CatalogInvalidError;
    // The one-line message names the file and the record of the first problem.
    expect(err.message).not.toContain('\n');
    expect(err.message).toContain(err.problems[0].file);
    if (err.problems[0].id) expect(err.message).toContain(err.problems[0].id);
    expect(err.status).toBe(500);
    expect(err.code).toBe('catalog_invalid');
    return err.problems;
  }
  throw new Error('the broken catalog loaded without an error');
}

describe('catalog loader on a small fixture', () => {
  it('materialises both editions, derives numbers and applies the delta', () => {
    const c = loadCatalog({ dir: fixture(), noMemo: true });
    expect(c.editions.map((e) => e.meta.id)).toEqual(['R1.1', 'R1.2']);
    expect(c.current.meta.id).toBe('R1.2');
    const base = c.editionById.get('R1.1')!;
    const next = c.editionById.get('R1.2')!;
    expect(base.byId.get('KB-1.1')?.number).toBe('1.(1)');
    expect(base.byId.get('KB-1.1.1')?.number).toBe('1.(1)①');
    expect(base.byId.get('KB-2.1')?.number).toBe('2.1');
    expect(base.byId.get('KB-2.1.1')?.number).toBe('2.1(1)');
    expect(base.byId.get('CP-1.1')?.number).toBe('1.(1)');
    // delta: removal, addition after the parent's subtree, change with new provenance
    expect(next.byId.has('KB-1.1.1')).toBe(false);
    expect(next.nodes.map((n) => n.id).indexOf('KB-2.1.2')).toBe(next.nodes.map((n) => n.id).indexOf('KB-2.1.1') + 1);
    expect(next.byId.get('KB-2.1.1')?.summary.ja).toBe('破壊か除去で処理する。');
    expect(next.byId.get('KB-2.1.1')?.provenance).toMatchObject({ confidence: 'verified', edition: 'R1.2' });
    expect(base.byId.get('KB-2.1.1')?.provenance).toMatchObject({ confidence: 'provisional', note: '試験用。 / For tests.', edition: 'R1.1' });
    // ordinance inherited from the chapter; Annex A link confirmed by a verified MIC audit row
    expect(base.byId.get('KB-1.1')?.mappings.ordinance).toEqual([{ target: 'ORD-1', relation: 'subset', basis: 'chapter' }]);
    expect(base.byId.get('KB-1.1')?.mappings.annexA).toEqual([{ target: 'A.5.2', relation: 'subset', basis: 'auditTable' }]);
    expect(base.byId.get('KB-1.1.1')?.mappings.annexA[0].basis).toBe('shirube');
    // reverse indexes
    expect(base.byControl.get('CLD.6.3.1')?.map((l) => l.nodeId)).toEqual(['CP-1.1']);
    expect(base.extendedBy.get('KB-1.1')).toEqual(['CP-1.1']);
    expect(base.auditByNode.get('KB-1.1')?.map((a) => a.id)).toEqual(['AI-1']);
    expect(base.byId.get('CP-1.1')?.provenance.since).toBe('R1.1');
  });

  it('helpers: circled numbers and implied parents', () => {
    expect(circled(1)).toBe('①');
    expect(circled(20)).toBe('⑳');
    expect(circled(21)).toBe('㉑');
    expect(impliedParent('KB-6.1.13')).toBe('KB-6.1');
    expect(impliedParent('KB-6')).toBeNull();
    expect(impliedParent('CP-1')).toBe('CP');
    expect(impliedParent('GR-1.2')).toBe('GR-1');
    expect(impliedParent('BP-3')).toBeNull();
  });
});

describe('catalog loader rejects broken catalogs, naming the file and the id', () => {
  it('schema error (zod): a missing field, with the line', () => {
    const p = problemsOf(patched('base/kb.yaml', '    titleEn: Officer\n', ''));
    expect(p[0]).toMatchObject({ file: 'base/kb.yaml', id: 'KB-1.1', code: 'schema' });
    expect(p[0].message.en).toContain('titleEn');
    expect(p[0].message.ja).toContain('必須');
    expect(p[0].line).toBe(12); // the record's first line when the field itself is missing
  });

  it('schema error: an unknown (misspelt) key', () => {
    const p = problemsOf(patched('base/kb.yaml', '    roles: [ciso]\n', '    role: [ciso]\n'));
    expect(p[0]).toMatchObject({ file: 'base/kb.yaml', id: 'KB-1.1', code: 'schema' });
    expect(p[0].message.en).toContain('role');
  });

  it('YAML syntax error, with the line', () => {
    const p = problemsOf(patched('base/audit.yaml', "    jisQ27002: ['5.2']\n", "    jisQ27002: ['5.2'\n"));
    expect(p[0]).toMatchObject({ file: 'base/audit.yaml', code: 'yaml_syntax' });
    expect(p[0].line).toBeGreaterThan(10);
  });

  it('duplicate ids across files', () => {
    const p = problemsOf(patched('base/cloud.yaml', '  - id: CP-1.1\n', '  - id: KB-1.1\n'));
    const dup = p.find((x) => x.code === 'duplicate_id');
    expect(dup).toMatchObject({ file: 'base/kb.yaml', id: 'KB-1.1' });
    expect(dup?.message.en).toContain('base/cloud.yaml');
  });

  it('dangling parent', () => {
    const extra = `  - id: KB-3.1
    parent: KB-3
    kind: item
    title: 迷子
    titleEn: Orphan
    summary: { ja: 親がない。, en: No parent. }
    annexA: [A.5.1 related]
`;
    const p = problemsOf({ 'base/kb.yaml': FIXTURE_FILES['base/kb.yaml'] + extra });
    expect(p.find((x) => x.code === 'dangling_parent')).toMatchObject({ file: 'base/kb.yaml', id: 'KB-3.1', editions: ['R1.1', 'R1.2'] });
  });

  it('a parent that does not match the id', () => {
    const p = problemsOf(patched('base/kb.yaml', '    parent: KB-2.1\n    kind: item\n', '    parent: KB-1\n    kind: item\n'));
    expect(p.find((x) => x.code === 'parent_mismatch')).toMatchObject({ id: 'KB-2.1.1' });
  });

  it('dangling extends', () => {
    const p = problemsOf(patched('base/cloud.yaml', 'extends: [KB-1.1]', 'extends: [KB-9.9]'));
    expect(p[0]).toMatchObject({ file: 'base/cloud.yaml', id: 'CP-1.1', code: 'dangling_extends' });
  });

  it('an audit item that names an unknown node', () => {
    const p = problemsOf(patched('base/audit.yaml', 'nodes: [KB-1.1]', 'nodes: [KB-1.1, KB-7.7]'));
    expect(p[0]).toMatchObject({ file: 'base/audit.yaml', id: 'AI-1', code: 'dangling_audit_node' });
    expect(p[0].message.en).toContain('KB-7.7');
  });

  it('an audit item that becomes dangling in a later edition (removed by the delta)', () => {
    const p = problemsOf(patched('base/audit.yaml', 'nodes: [KB-1.1]', 'nodes: [KB-1.1.1]'));
    expect(p[0]).toMatchObject({ file: 'base/audit.yaml', id: 'AI-1', code: 'dangling_audit_node', editions: ['R1.2'] });
  });

  it('mappings to unknown controls (Annex A, CLD, ordinance, JIS numbers)', () => {
    expect(problemsOf(patched('base/kb.yaml', 'annexA: [A.5.2 subset]', 'annexA: [A.5.99 subset]'))[0]).toMatchObject({ file: 'base/kb.yaml', id: 'KB-1.1', code: 'unknown_control' });
    expect(problemsOf(patched('base/cloud.yaml', 'cld: [CLD.6.3.1 equal]', 'cld: [CLD.1.2.3 equal]'))[0]).toMatchObject({ id: 'CP-1.1', code: 'unknown_control' });
    // A CLD id under annexA is the wrong framework.
    expect(problemsOf(patched('base/cloud.yaml', 'annexA: [A.5.23 related]', 'annexA: [CLD.6.3.1 related]'))[0]).toMatchObject({ id: 'CP-1.1', code: 'unknown_control' });
    expect(problemsOf(patched('base/kb.yaml', 'ordinance: [ORD-1 equal]', 'ordinance: [ORD-9 equal]'))[0]).toMatchObject({ id: 'KB-1', code: 'unknown_control' });
    expect(problemsOf(patched('base/audit.yaml', "jisQ27002: ['5.2']", "jisQ27002: ['5.99']"))[0]).toMatchObject({ id: 'AI-1', code: 'unknown_control' });
  });

  it('a relation that is not one of equal/subset/superset/related', () => {
    expect(problemsOf(patched('base/kb.yaml', 'annexA: [A.5.2 subset]', 'annexA: [A.5.2 similar]'))[0]).toMatchObject({ id: 'KB-1.1', code: 'schema' });
  });

  it('roles that shared/permissions.ts does not define', () => {
    const p = problemsOf(patched('base/kb.yaml', 'roles: [ciso]', 'roles: [ciso, mayor]'));
    expect(p[0]).toMatchObject({ file: 'base/kb.yaml', id: 'KB-1.1', code: 'unknown_role' });
    expect(p[0].message.ja).toContain('mayor');
  });

  it('an item with neither Annex A links nor a reason for none', () => {
    const p = problemsOf(patched('base/kb.yaml', '    annexA: [A.5.2 related]\n', ''));
    expect(p[0]).toMatchObject({ id: 'KB-1.1.1', code: 'unmapped_item' });
  });

  it('a record without confidence and no file default', () => {
    const p = problemsOf(patched('base/kb.yaml', 'defaults:\n  confidence: provisional\n', 'defaults:\n'));
    expect(p[0]).toMatchObject({ file: 'base/kb.yaml', code: 'missing_confidence', id: 'KB-1.1' });
  });

  it('an information class that the edition scheme does not have', () => {
    const p = problemsOf(patched('base/kb.yaml', "infoClasses: ['2']", 'infoClasses: [3B]'));
    expect(p[0]).toMatchObject({ id: 'KB-1.1', code: 'unknown_info_class' });
  });

  it('a delta that changes or removes an id its base edition does not have', () => {
    expect(problemsOf(patched('deltas/R1.2.yaml', '    - id: KB-2.1.1\n      set:', '    - id: KB-2.1.9\n      set:'))[0]).toMatchObject({
      file: 'deltas/R1.2.yaml',
      id: 'KB-2.1.9',
      code: 'unknown_id',
    });
    expect(problemsOf(patched('deltas/R1.2.yaml', 'remove: [KB-1.1.1]', 'remove: [KB-5]'))[0]).toMatchObject({ file: 'deltas/R1.2.yaml', id: 'KB-5', code: 'unknown_id' });
  });

  it('a delta that adds an id the base already has', () => {
    expect(problemsOf(patched('deltas/R1.2.yaml', '    - id: KB-2.1.2\n', '    - id: KB-2.1.1\n'))[0]).toMatchObject({ file: 'deltas/R1.2.yaml', id: 'KB-2.1.1', code: 'duplicate_id' });
  });

  it('a classification handling rule that refers to an unknown node', () => {
    expect(problemsOf(patched('classification.yaml', 'refs: [KB-1.1]', 'refs: [KB-1.9]'))[0]).toMatchObject({ file: 'classification.yaml', code: 'dangling_reference' });
  });

  it('editions.yaml problems: unknown basedOn, missing delta file, two current editions', () => {
    expect(problemsOf(patched('editions.yaml', 'basedOn: R1.1', 'basedOn: R0.1'))[0]).toMatchObject({ file: 'editions.yaml', id: 'R1.2', code: 'dangling_reference' });
    expect(problemsOf({ 'deltas/R1.2.yaml': null })[0]).toMatchObject({ file: 'editions.yaml', id: 'R1.2', code: 'missing_file' });
    expect(problemsOf(patched('editions.yaml', '    base: true\n', '    base: true\n    current: true\n')).some((p) => p.code === 'edition_shape')).toBe(true);
  });

  it('a framework that lost a control', () => {
    const p = problemsOf({ 'frameworks/cld.yaml': 'framework: cld\nlabel: { ja: 試験, en: Test }\ncontrols:\n  - { id: CLD.6.3.1, theme: cloud, title: Shared, titleJa: 分担, confidence: verified }\n' });
    expect(p.find((x) => x.code === 'framework_incomplete')?.message.en).toContain('cld');
  });

  it('a missing catalog directory', () => {
    expect(() => loadCatalog({ dir: '/nonexistent/catalog', noMemo: true })).toThrow(/nonexistent\/catalog/);
  });
});
