import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffEditions, nodeHistory } from './catalog.diff';
import { loadCatalog } from './catalog.loader';

const c = loadCatalog({ dir: path.resolve(import.meta.dirname, '../../../catalog') });
const ed = (id: string) => c.editionById.get(id)!;

describe('edition diff', () => {
  it('R7.3 → R8.3: no invented items; USB, DNS, disposal and Part 1 recorded as changes of existing nodes', () => {
    const d = diffEditions(ed('R7.3'), ed('R8.3'));
    const by = (change: string) => d.entries.filter((e) => e.change === change).map((e) => e.id);
    expect(by('added')).toEqual([]);
    expect(by('removed')).toEqual([]);
    expect(by('changed').sort()).toEqual(['AI-S6', 'GR', 'KB-4.1.7', 'KB-4.4.5', 'KB-6.5'].sort());
    expect(d.counts).toEqual({ added: 0, removed: 0, changed: 5 });
    const disposal = d.entries.find((e) => e.id === 'KB-4.1.7')!;
    expect(disposal.fields.map((f) => f.field)).toEqual(['summary.ja', 'summary.en']);
    expect(String(disposal.fields[0].before)).toContain('物理的に破壊');
    expect(String(disposal.fields[0].after)).toContain('除去');
    expect(d.entries.find((e) => e.id === 'KB-6.5')).toMatchObject({ kind: 'node', title: '不正アクセス対策' });
  });

  it('R5.3 → R6.10: α′, 8.2 and 3A/3B/3C appear, old confidentiality 3 goes, later sections renumber', () => {
    const d = diffEditions(ed('R5.3'), ed('R6.10'));
    const added = d.entries.filter((e) => e.change === 'added').map((e) => e.id);
    expect(added).toEqual(expect.arrayContaining(['KB-3.2.3', 'KB-8.2', 'KB-8.2.1', 'KB-8.2.2', 'KB-8.2.3', 'KB-6.3.9', 'AI-S29', 'classification:c.3A', 'classification:c.3B', 'classification:c.3C']));
    expect(d.entries.filter((e) => e.change === 'removed').map((e) => e.id)).toEqual(['classification:c.3']);
    const s83 = d.entries.find((e) => e.id === 'KB-8.3')!;
    expect(s83.change).toBe('changed');
    expect(s83.fields.find((f) => f.field === 'number')).toEqual({ field: 'number', before: '8.2', after: '8.3' });
    expect(s83.fields.find((f) => f.field === 'title')?.after).toContain('自治体機密性2以上');
    // children renumber with their section
    expect(d.entries.find((e) => e.id === 'KB-8.3.1')?.fields).toEqual([{ field: 'number', before: '8.2(1)', after: '8.3(1)' }]);
  });

  it('R6.10 → R7.3: screen transfer and My Number wireless added, 6.1(13) changed side by side', () => {
    const d = diffEditions(ed('R6.10'), ed('R7.3'));
    expect(d.entries.filter((e) => e.change === 'added').map((e) => e.id)).toEqual(['KB-3.1.3', 'KB-3.1.4']);
    const wl = d.entries.find((e) => e.id === 'KB-6.1.13')!;
    expect(wl.fields.find((f) => f.field === 'tags.segments')).toEqual({ field: 'tags.segments', before: ['lgwan'], after: ['lgwan', 'mynumber'] });
  });

  it('an edition compared with itself has no entries', () => {
    expect(diffEditions(ed('R8.3'), ed('R8.3')).entries).toEqual([]);
  });
});

describe('node history across editions', () => {
  it('6.1(13) changed in R7.3 only', () => {
    expect(nodeHistory(c, 'KB-6.1.13').map((h) => [h.edition, h.status])).toEqual([
      ['R5.3', 'baseline'],
      ['R6.10', 'unchanged'],
      ['R7.3', 'changed'],
      ['R8.3', 'unchanged'],
    ]);
    expect(nodeHistory(c, 'KB-6.1.13')[2].changedFields).toEqual(expect.arrayContaining(['summary.ja', 'tags.segments']));
  });

  it('α′ is absent before R6.10; 8.2 items are added in R6.10; USB measures in R8.3', () => {
    expect(nodeHistory(c, 'KB-3.2.3').map((h) => h.status)).toEqual(['absent', 'added', 'unchanged', 'unchanged']);
    expect(nodeHistory(c, 'KB-4.4.6').map((h) => h.status)).toEqual(['absent', 'absent', 'absent', 'absent']);
    expect(nodeHistory(c, 'KB-4.4.5').at(-1)?.status).toBe('changed');
    expect(nodeHistory(c, 'KB-8.3').map((h) => h.number)).toEqual(['8.2', '8.3', '8.3', '8.3']);
  });
});
