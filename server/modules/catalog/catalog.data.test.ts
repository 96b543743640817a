import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLE_IDS } from '@shared/permissions';
import { loadCatalog, MAPPED_KINDS } from './catalog.loader';

/** The shipped catalog: the figures the issue asks for and the edition facts the catalog must show. */

const c = loadCatalog({ dir: path.resolve(import.meta.dirname, '../../../catalog') });
const ed = (id: string) => {
  const e = c.editionById.get(id);
  if (!e) throw new Error(`no edition ${id}`);
  return e;
};

describe('the shipped guideline catalog', () => {
  it('carries R5.3, R6.10, R7.3 (base) and R8.3 (current), oldest first', () => {
    expect(c.editions.map((e) => e.meta.id)).toEqual(['R5.3', 'R6.10', 'R7.3', 'R8.3']);
    expect(c.current.meta.id).toBe('R8.3');
    expect(ed('R7.3').meta.basedOn).toBeUndefined();
    expect(ed('R8.3').meta.basedOn).toBe('R7.3');
    expect(ed('R5.3').meta.classificationScheme).toBe('legacy3');
    expect(ed('R6.10').meta.classificationScheme).toBe('jichitai5');
  });

  it('the current edition covers the 9 chapters, every section, and at least 150 items and sub-items', () => {
    const r8 = ed('R8.3');
    const chapters = r8.nodes.filter((n) => n.part === 'standards' && n.kind === 'chapter').map((n) => n.id);
    expect(chapters).toEqual(['KB-1', 'KB-2', 'KB-3', 'KB-4', 'KB-5', 'KB-6', 'KB-7', 'KB-8', 'KB-9']);
    const sections = r8.nodes.filter((n) => n.kind === 'section' && n.part === 'standards').map((n) => n.number);
    expect(sections).toEqual(['4.1', '4.2', '4.3', '4.4', '5.1', '5.2', '5.3', '5.4', '6.1', '6.2', '6.3', '6.4', '6.5', '6.6', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '8.1', '8.2', '8.3', '8.4', '8.5', '9.1', '9.2', '9.3']);
    const items = r8.nodes.filter((n) => n.kind === 'item' || n.kind === 'subItem');
    expect(items.length).toBeGreaterThanOrEqual(150);
    expect(r8.nodes.filter((n) => n.kind === 'basicPolicy').map((n) => n.id)).toEqual(Array.from({ length: 10 }, (_, i) => `BP-${i + 1}`));
  });

  it('every item, sub-item and cloud provision maps to Annex A or says why not, in every edition', () => {
    for (const e of c.editions) {
      for (const n of e.nodes.filter((x) => MAPPED_KINDS.has(x.kind))) {
        expect(n.mappings.annexA.length > 0 || !!n.annexANone, `${e.meta.id} ${n.id}`).toBe(true);
      }
    }
  });

  it('has all 93 Annex A controls, the 7 CLD controls and the 8 ordinance areas', () => {
    const ids = c.frameworks.annexA.controls.map((x) => x.id);
    const expected = [
      ...Array.from({ length: 37 }, (_, i) => `A.5.${i + 1}`),
      ...Array.from({ length: 8 }, (_, i) => `A.6.${i + 1}`),
      ...Array.from({ length: 14 }, (_, i) => `A.7.${i + 1}`),
      ...Array.from({ length: 34 }, (_, i) => `A.8.${i + 1}`),
    ];
    expect(ids).toEqual(expected);
    expect(c.frameworks.annexA.controls.every((x) => x.title && x.titleJa)).toBe(true);
    expect(c.frameworks.cld.controls.map((x) => x.id)).toEqual(['CLD.6.3.1', 'CLD.8.1.5', 'CLD.9.5.1', 'CLD.9.5.2', 'CLD.12.1.5', 'CLD.12.4.5', 'CLD.13.1.4']);
    expect(c.frameworks.ordinance.controls.map((x) => x.id)).toEqual(['ORD-1', 'ORD-2', 'ORD-3', 'ORD-4', 'ORD-5', 'ORD-6', 'ORD-7', 'ORD-8']);
  });

  it('every node has provenance for its edition, and Shirube-written audit items are provisional', () => {
    for (const e of c.editions) {
      for (const n of e.nodes) {
        expect(n.provenance.edition).toBe(e.meta.id);
        expect(['verified', 'provisional']).toContain(n.provenance.confidence);
        expect(n.summary.ja).not.toBe(n.summary.en);
        for (const r of n.roles) expect(ROLE_IDS).toContain(r);
      }
      for (const a of e.auditItems) if (a.numbering === 'shirube') expect(a.provenance.confidence).toBe('provisional');
    }
    // [S] facts are verified; [M] ones provisional (spot checks).
    const r8 = ed('R8.3');
    expect(r8.byId.get('KB-6.1.13')?.provenance.confidence).toBe('verified');
    expect(r8.byId.get('KB-1.9')?.provenance.confidence).toBe('verified');
    expect(r8.byId.get('KB-6.1.1')?.provenance.confidence).toBe('provisional');
    expect(r8.byId.get('KB-6.1.21')?.provenance.note).toContain('(21)');
    expect(r8.auditById.get('AI-1')).toMatchObject({ mandatory: true, numbering: 'mic', exampleRefs: '1.(1)～(6),(8)', jisQ27002: ['5.2', '5.4'] });
    expect(r8.auditById.get('AI-4')?.jisQ27002).toEqual(['5.5', '5.6', '5.24', '5.25', '5.26', '6.8']);
  });

  it('R5.3 shows the older state: no α′, no 8.2, three-level confidentiality, Part 4 present', () => {
    const r5 = ed('R5.3');
    expect(r5.byId.has('KB-3.2.3')).toBe(false);
    expect(r5.byId.has('KB-8.2')).toBe(false);
    expect(r5.byId.has('KB-8.2.1')).toBe(false);
    expect(r5.byId.get('KB-8.3')?.number).toBe('8.2');
    expect(r5.byId.get('KB-8.3.1')?.number).toBe('8.2(1)');
    expect(r5.byId.get('KB-8.5')?.number).toBe('8.4');
    expect(r5.classification.levels.c.map((l) => l.id)).toEqual(['3', '2', '1']);
    expect(r5.byId.get('KB-2.1')?.tags.infoClasses).toEqual(['3', '2', '1']);
    expect(r5.byId.get('CP-3.1')?.provenance.since).toBe('R5.3');
    expect(r5.byId.get('KB-6.1.13')?.tags.segments).toEqual(['lgwan']);
  });

  it('R6.10 adds α′, section 8.2 and 3A/3B/3C; the My Number segment still has no wireless LAN', () => {
    const r6 = ed('R6.10');
    expect(r6.byId.get('KB-3.2.3')?.tags.networkModels).toEqual(['alphaPrime']);
    expect(r6.byId.get('KB-8.2')?.number).toBe('8.2');
    expect(r6.byId.get('KB-8.3')?.number).toBe('8.3');
    expect(r6.classification.levels.c.map((l) => l.id)).toEqual(['3A', '3B', '3C', '2', '1']);
    expect(r6.byId.get('KB-6.1.13')?.summary.ja).toContain('マイナンバー利用事務系では無線LANを使わない');
    expect(r6.byId.has('KB-3.1.4')).toBe(false);
  });

  it('R7.3 allows wireless LAN in the My Number segment with device certificates', () => {
    const r7 = ed('R7.3');
    expect(r7.byId.get('KB-6.1.13')?.tags.segments).toEqual(['lgwan', 'mynumber']);
    expect(r7.byId.get('KB-6.1.13')?.summary.ja).toContain('証明書');
    expect(r7.byId.has('KB-3.1.3')).toBe(true);
  });

  it('R8.3 records destroy/purge disposal, USB-memory measures and DNS-setting abuse', () => {
    const r8 = ed('R8.3');
    expect(r8.byId.get('KB-4.1.7')?.summary.ja).toMatch(/破壊.*除去/);
    // R8.3 changed the commentary of existing items; no invented numbered items (Corrections no.4).
    expect(r8.byId.has('KB-4.4.6')).toBe(false);
    expect(r8.byId.has('KB-6.5.8')).toBe(false);
    expect(r8.byId.get('KB-4.4.5')?.summary.ja).toContain('USBメモリ');
    expect(r8.byId.get('KB-4.4.5')?.provenance).toMatchObject({ confidence: 'provisional' });
    expect(r8.byId.get('KB-6.5')?.summary.ja).toContain('DNS');
    expect(r8.byId.get('KB-6.5')?.provenance?.confidence).toBe('provisional');
    expect(r8.byId.get('GR')?.summary.ja).toContain('大臣指針');
  });

  it('carries the 2026-12 corrections with their sources', () => {
    const r8 = ed('R8.3');
    expect(r8.byId.get('KB-5.2.2')).toMatchObject({ title: '研修計画の立案及び実施', provenance: { confidence: 'verified' } });
    expect(r8.byId.get('KB-5.2.2')?.provenance?.source).toMatch(/p\.18/);
    for (let i = 1; i <= 8; i++) expect(r8.byId.get(`KB-5.1.1.${i}`)?.provenance?.confidence).toBe('verified');
    expect(r8.byId.get('KB-3.4.1')).toMatchObject({ provenance: { confidence: 'provisional' } });
    expect(r8.byId.get('KB-3.4.2')?.title).toContain('表題未確認');
    const maps = (id: string, fw: 'annexA' | 'cld') => (r8.byId.get(id)?.mappings[fw] ?? []).map((m) => `${m.target} ${m.relation}`);
    expect(maps('KB-6.1.20', 'annexA')).toEqual(['A.8.23 related']);
    expect(maps('KB-3.2.3', 'cld')).toEqual([]);
    expect(maps('KB-3.1.1', 'annexA')).toEqual(expect.arrayContaining(['A.8.22 subset', 'A.8.27 related']));
    expect(maps('KB-9.1.3', 'annexA')).toContain('A.8.34 related');
    expect(maps('KB-6.3.2', 'annexA')).toContain('A.5.8 related');
    expect(c.controlById.get('A.6.1')?.noCounterpart?.ja).toContain('対応する項目はない');
    // Graded personal-device rules (seed 003) for the approvals module to apply.
    const grades = r8.byId.get('KB-5.1.1.4')?.grades ?? [];
    expect(grades.map((g) => `${g.id}:${g.rule}`)).toEqual(['serverRoomCarryIn:prohibited', 'photography:prohibited', 'officeCarry:permitted', 'businessUse:approvalRequired']);
    expect(grades.every((g) => g.confidence === 'provisional' && g.source.includes('seed 003'))).toBe(true);
    const ord = c.frameworks.ordinance.provisions;
    expect(ord.find((p) => p.kind === 'transitional')).toMatchObject({ areas: ['ORD-5', 'ORD-7'], existingOn: '2027-07-01' });
    expect(ord.find((p) => p.kind === 'exemption')?.provenance?.confidence).toBe('provisional');
  });

  it('classification levels are ordered by rank and carry their included handling rules', () => {
    const s = ed('R8.3').classification;
    const l3b = s.levels.c.find((l) => l.id === '3B');
    expect(l3b?.handling.map((h) => h.topic)).toEqual(expect.arrayContaining(['terminal', 'storage', 'transmission', 'disposal']));
    // Corrected 2026-12: old 3 was secret documents only; residents' data sat in old 2.
    expect(s.migratesFrom?.map).toEqual({ '3': ['3A'], '2': ['3B', '3C', '2'], '1': ['1'] });
    expect(s.migratesFrom?.source).toMatch(/Corrections of 2026-12/);
    expect(s.levels.c.find((l) => l.id === '3C')?.examples[0].ja).toBe('職員の属性に基づく個人情報');
    const legacy = ed('R5.3').classification;
    expect(legacy.levels.c.find((l) => l.id === '2')?.examples.map((e) => e.ja)).toContain('住民の個人情報');
    expect(legacy.levels.c.find((l) => l.id === '3')?.examples.map((e) => e.ja)).toEqual(['秘密文書']);
    expect(s.levels.i.map((l) => l.id)).toEqual(['2', '1']);
  });
});
