import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/catalog.loader';
import { CatalogServiceImpl } from '../../catalog/catalog.service';
import { ALL_RULES, QUESTION_BANK, buildSheetItems, citedIds } from './index';

/** Every catalog id the vendors module cites must exist in the shipped catalog's current edition. */
const catalog = new CatalogServiceImpl(loadCatalog({ dir: path.resolve(import.meta.dirname, '../../../../catalog') }));
const edition = catalog.current().id;
const controls = new Set(catalog.controls().map((c) => c.id));
const exists = (id: string) => (/^(A|CLD)\./.test(id) ? controls.has(id) : catalog.node(edition, id) !== undefined);

describe('catalog references of the vendors module', () => {
  it('cites only ids that exist in the current edition or the control frameworks', () => {
    const ids = citedIds();
    expect(ids.length).toBeGreaterThan(40);
    expect(ids.filter((id) => !exists(id))).toEqual([]);
  });

  it('every rule cites at least one guideline item (KB/CP), not only controls', () => {
    for (const r of ALL_RULES) expect(r.refs.some((ref) => /^(KB|CP)-/.test(ref)), r.id).toBe(true);
  });

  it('the question bank covers chapter 8 items of the current edition, and a sheet has questions for 8.1 to 8.3', () => {
    for (const id of Object.keys(QUESTION_BANK)) expect(catalog.node(edition, id)?.kind, id).toMatch(/item/);
    const items = buildSheetItems(catalog.nodes(edition), ['KB-8.1', 'KB-8.2', 'KB-8.3']);
    const nodes = new Set(items.map((i) => i.nodeId));
    const chapter8 = catalog.nodes(edition).filter((n) => /^KB-8\.[123]\./.test(n.id) && (n.kind === 'item' || n.kind === 'subItem'));
    expect([...nodes].sort()).toEqual(chapter8.map((n) => n.id).sort());
  });
});
