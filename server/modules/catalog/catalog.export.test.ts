import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { itWithOscalSchema, oscalValidator } from '../../../tests/catalog-fixtures';
import { CROSSWALK_HEADERS, exportEdition, TREE_HEADERS, toOscal } from './catalog.export';
import { loadCatalog } from './catalog.loader';
import { CatalogServiceImpl } from './catalog.service';

const root = path.resolve(import.meta.dirname, '../../..');
const svc = new CatalogServiceImpl(loadCatalog({ dir: path.join(root, 'catalog') }));

describe('OSCAL export', () => {
  let compiled: ReturnType<typeof oscalValidator> | null = null;
  const validate = ((doc: unknown) => {
    compiled ??= oscalValidator();
    const ok = compiled(doc);
    validate.errors = compiled.errors;
    return ok;
  }) as ((doc: unknown) => boolean) & { errors?: ReturnType<typeof oscalValidator>['errors'] };

  itWithOscalSchema('is valid against the OSCAL catalog schema for every edition', () => {
    for (const e of svc.editions()) {
      const doc = toOscal(svc.data, svc.ed(e.id));
      const ok = validate(doc);
      expect(validate.errors?.slice(0, 3) ?? [], e.id).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  itWithOscalSchema('the validator is live: a broken document is rejected', () => {
    const doc = toOscal(svc.data, svc.ed('R8.3')) as { catalog: { metadata: Record<string, unknown>; groups: Array<Record<string, unknown>> } };
    const broken = structuredClone(doc);
    delete broken.catalog.metadata['oscal-version'];
    expect(validate(broken)).toBe(false);
    const badId = structuredClone(doc);
    badId.catalog.groups[0].id = '1 bad id';
    expect(validate(badId)).toBe(false);
  });

  it('holds every node of the edition, with provenance, crosswalks and audit items', () => {
    const text = JSON.stringify(toOscal(svc.data, svc.ed('R8.3')));
    for (const n of svc.nodes('R8.3')) {
      if (n.part === 'basicPolicy' || n.kind !== 'part') expect(text, n.id).toContain(`"id":"${n.id}"`);
    }
    expect(text).toContain('"name":"confidence","ns":"urn:shirube:catalog","value":"provisional"');
    expect(text).toContain('"rel":"subset"');
    expect(text).toContain('"id":"KB-1.9_AI-4"');
    expect(text).toContain('"rel":"extends"');
  });

  it('is deterministic for the same data', () => {
    expect(JSON.stringify(toOscal(svc.data, svc.ed('R7.3')))).toBe(JSON.stringify(toOscal(svc.data, svc.ed('R7.3'))));
  });
});

describe('tabular exports', () => {
  it('CSV of the tree: BOM, bilingual header, one row per node', async () => {
    const f = await exportEdition(svc, 'R8.3', 'csv', 'tree');
    const text = String(f.body);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(TREE_HEADERS.slice(0, 3));
    expect(text).toContain('KB-6.1.13,6.1(13),item');
    expect(f.filename).toBe('shirube-catalog-R8.3-tree.csv');
  });

  it('CSV of the crosswalks lists every link with its relation', async () => {
    const f = await exportEdition(svc, 'R8.3', 'csv', 'crosswalks');
    const rows = String(f.body).slice(1).trimEnd().split('\r\n');
    expect(rows[0]).toBe(CROSSWALK_HEADERS.join(','));
    expect(rows.length - 1).toBe(svc.crosswalks('R8.3').length);
    expect(rows.some((r) => r.startsWith('KB-6.1.13,6.1(13),') && r.includes(',annexA,A.8.20,'))).toBe(true);
  });

  it('XLSX has the tree, crosswalks, audit items and controls sheets', async () => {
    const f = await exportEdition(svc, 'R5.3', 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(f.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['対策基準ツリー', 'クロスウォーク', '監査項目', '管理策']);
    expect(wb.getWorksheet('対策基準ツリー')?.rowCount).toBe(svc.nodes('R5.3').length + 1);
    expect(wb.getWorksheet('管理策')?.rowCount).toBe(93 + 7 + 8 + 1);
    expect(wb.getWorksheet('対策基準ツリー')?.getRow(1).getCell(1).value).toBe('ID');
  });

  it('JSON export is the materialised edition', async () => {
    const f = await exportEdition(svc, 'R6.10', 'json');
    const doc = JSON.parse(String(f.body));
    expect(doc.edition.id).toBe('R6.10');
    expect(doc.nodes.length).toBe(svc.nodes('R6.10').length);
    expect(doc.classification.id).toBe('jichitai5');
  });
});
