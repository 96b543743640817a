import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassificationScheme } from '@shared/catalog';
import { loadCatalog } from '../../catalog/catalog.loader';
import { CatalogServiceImpl } from '../../catalog/catalog.service';
import { type AssetFacts, CHECK_RULES, type CheckContext, evaluate } from './checks';

let catalog: CatalogServiceImpl;
let ctxFor: (edition: string | null) => CheckContext;

beforeAll(() => {
  catalog = new CatalogServiceImpl(loadCatalog({ dir: path.resolve(import.meta.dirname, '../../../../catalog') }));
  const current = catalog.current();
  ctxFor = (edition) => ({
    scheme: edition ? (catalog.classification(edition) as ClassificationScheme) : undefined,
    currentScheme: current.classificationScheme,
    currentEdition: current.id,
  });
});

/** A well-kept asset that breaks no rule; each case changes a few fields. */
const ok: AssetFacts = {
  kind: 'dataset',
  segment: 'lgwan',
  hosting: 'onPremises',
  cloudServiceId: null,
  flags: { residentData: false, myNumber: false, specialCare: false },
  confidentiality: '2',
  integrity: '1',
  availability: '1',
  schemeEdition: 'R8.3',
  backupNote: null,
};

type Case = { name: string; asset: Partial<AssetFacts>; violates: boolean };

/** Per rule: assets that comply and assets that violate (both must be present). */
const CASES: Record<string, Case[]> = {
  'AC-01': [
    { name: 'resident data in the My Number segment at 3B', asset: { segment: 'mynumber', flags: { residentData: true, myNumber: false, specialCare: false }, confidentiality: '3B' }, violates: false },
    { name: 'resident data in the My Number segment at 3A', asset: { segment: 'mynumber', flags: { residentData: true, myNumber: false, specialCare: false }, confidentiality: '3A' }, violates: false },
    { name: 'resident data in the LGWAN segment at 3C (not this rule)', asset: { segment: 'lgwan', flags: { residentData: true, myNumber: false, specialCare: false }, confidentiality: '3C' }, violates: false },
    { name: 'legacy scheme: resident data in the My Number segment at 3', asset: { schemeEdition: 'R5.3', segment: 'mynumber', flags: { residentData: true, myNumber: false, specialCare: false }, confidentiality: '3' }, violates: false },
    { name: 'resident data in the My Number segment at 3C', asset: { segment: 'mynumber', flags: { residentData: true, myNumber: false, specialCare: false }, confidentiality: '3C' }, violates: true },
    { name: 'resident data in the My Number segment at 2', asset: { segment: 'mynumber', flags: { residentData: true, myNumber: false, specialCare: false }, confidentiality: '2' }, violates: true },
    // Before R6.10 residents' personal data sat in old 2 (Corrections of 2026-12 no.1): 2 is right, 1 is not.
    { name: 'legacy scheme: resident data in the My Number segment at 2', asset: { schemeEdition: 'R5.3', segment: 'mynumber', flags: { residentData: true, myNumber: false, specialCare: false }, confidentiality: '2' }, violates: false },
    { name: 'legacy scheme: resident data in the My Number segment at 1', asset: { schemeEdition: 'R5.3', segment: 'mynumber', flags: { residentData: true, myNumber: false, specialCare: false }, confidentiality: '1' }, violates: true },
  ],
  'AC-02': [
    { name: 'My Number data at 3B', asset: { segment: 'mynumber', flags: { residentData: false, myNumber: true, specialCare: false }, confidentiality: '3B' }, violates: false },
    { name: 'unclassified My Number data (left to AC-10)', asset: { segment: 'mynumber', flags: { residentData: false, myNumber: true, specialCare: false }, confidentiality: null, integrity: null, availability: null, schemeEdition: null }, violates: false },
    { name: 'My Number data at 3C', asset: { segment: 'mynumber', flags: { residentData: false, myNumber: true, specialCare: false }, confidentiality: '3C' }, violates: true },
    { name: 'legacy scheme: My Number data at 2', asset: { schemeEdition: 'R5.3', segment: 'mynumber', flags: { residentData: false, myNumber: true, specialCare: false }, confidentiality: '2' }, violates: false },
    { name: 'legacy scheme: My Number data at 1', asset: { schemeEdition: 'R5.3', segment: 'mynumber', flags: { residentData: false, myNumber: true, specialCare: false }, confidentiality: '1' }, violates: true },
  ],
  'AC-03': [
    { name: 'My Number data in the My Number segment', asset: { segment: 'mynumber', flags: { residentData: false, myNumber: true, specialCare: false }, confidentiality: '3B' }, violates: false },
    { name: 'My Number data on a closed network', asset: { segment: 'closed', flags: { residentData: false, myNumber: true, specialCare: false }, confidentiality: '3B' }, violates: false },
    { name: 'My Number data in the LGWAN segment', asset: { segment: 'lgwan', flags: { residentData: false, myNumber: true, specialCare: false }, confidentiality: '3B' }, violates: true },
    { name: 'My Number data in the internet segment', asset: { segment: 'internet', flags: { residentData: false, myNumber: true, specialCare: false }, confidentiality: '3B' }, violates: true },
  ],
  'AC-04': [
    { name: '3A on premises', asset: { confidentiality: '3A', hosting: 'onPremises' }, violates: false },
    { name: '3B on a registered cloud service', asset: { confidentiality: '3B', hosting: 'cloud', cloudServiceId: 'svc-1' }, violates: false },
    { name: '3A on a cloud service', asset: { confidentiality: '3A', hosting: 'cloud', cloudServiceId: 'svc-1' }, violates: true },
    { name: '3A cloud data set', asset: { confidentiality: '3A', kind: 'cloudData', hosting: null }, violates: true },
  ],
  'AC-05': [
    { name: '2 on a registered cloud service', asset: { confidentiality: '2', hosting: 'cloud', cloudServiceId: 'svc-1' }, violates: false },
    { name: '1 on an unregistered cloud service', asset: { confidentiality: '1', hosting: 'cloud' }, violates: false },
    { name: '2 on an unregistered cloud service', asset: { confidentiality: '2', hosting: 'cloud' }, violates: true },
    { name: '3C cloud data set without a service', asset: { confidentiality: '3C', kind: 'cloudData', hosting: 'cloud' }, violates: true },
    { name: 'legacy 3 on an unregistered cloud service', asset: { schemeEdition: 'R5.3', confidentiality: '3', hosting: 'cloud' }, violates: true },
  ],
  'AC-06': [
    { name: 'availability 2 with a backup note', asset: { availability: '2', backupNote: '毎日夜間に別拠点へ複製' }, violates: false },
    { name: 'availability 1 without a note', asset: { availability: '1', backupNote: null }, violates: false },
    { name: 'availability 2 without a note', asset: { availability: '2', backupNote: null }, violates: true },
    { name: 'availability 2 with a blank note', asset: { availability: '2', backupNote: '   ' }, violates: true },
  ],
  'AC-07': [
    { name: 'integrity 2 with a backup note', asset: { integrity: '2', backupNote: '週次で外部媒体へ' }, violates: false },
    { name: 'integrity 2 without a note', asset: { integrity: '2', backupNote: null }, violates: true },
  ],
  'AC-08': [
    { name: 'resident data at 3C', asset: { flags: { residentData: true, myNumber: false, specialCare: false }, confidentiality: '3C' }, violates: false },
    { name: 'special care data at 3B', asset: { flags: { residentData: false, myNumber: false, specialCare: true }, confidentiality: '3B' }, violates: false },
    { name: 'legacy: resident data at 3', asset: { schemeEdition: 'R5.3', flags: { residentData: true, myNumber: false, specialCare: false }, confidentiality: '3' }, violates: false },
    { name: 'legacy: resident data at 2', asset: { schemeEdition: 'R5.3', flags: { residentData: true, myNumber: false, specialCare: false }, confidentiality: '2' }, violates: false },
    { name: 'legacy: resident data at 1', asset: { schemeEdition: 'R5.3', flags: { residentData: true, myNumber: false, specialCare: false }, confidentiality: '1' }, violates: true },
    { name: 'resident data at 2', asset: { flags: { residentData: true, myNumber: false, specialCare: false }, confidentiality: '2' }, violates: true },
    { name: 'special care data at 1', asset: { flags: { residentData: false, myNumber: false, specialCare: true }, confidentiality: '1' }, violates: true },
  ],
  'AC-09': [
    { name: 'classified under R8.3', asset: {}, violates: false },
    { name: 'classified under R6.10 (same scheme)', asset: { schemeEdition: 'R6.10', confidentiality: '3C' }, violates: false },
    { name: 'classified under R5.3', asset: { schemeEdition: 'R5.3', confidentiality: '2' }, violates: true },
  ],
  'AC-10': [
    { name: 'classified', asset: {}, violates: false },
    { name: 'unclassified', asset: { confidentiality: null, integrity: null, availability: null, schemeEdition: null }, violates: true },
  ],
  'AC-11': [
    { name: 'cloud data set on a cloud service', asset: { kind: 'cloudData', hosting: 'cloud', cloudServiceId: 'svc' }, violates: false },
    { name: 'dataset in a data centre', asset: { kind: 'dataset', hosting: 'dataCentre' }, violates: false },
    { name: 'cloud data set on premises', asset: { kind: 'cloudData', hosting: 'onPremises' }, violates: true },
  ],
};

describe('classification checks', () => {
  it('has compliant and violating cases for every rule, and no cases for rules that do not exist', () => {
    const ids = CHECK_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(CASES).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(CASES[id].some((c) => c.violates), id).toBe(true);
      expect(CASES[id].some((c) => !c.violates), id).toBe(true);
    }
  });

  for (const [ruleId, cases] of Object.entries(CASES)) {
    describe(ruleId, () => {
      it.each(cases)('$name → violates: $violates', ({ asset, violates }) => {
        const facts = { ...ok, ...asset };
        const findings = evaluate(facts, ctxFor(facts.schemeEdition));
        expect(findings.some((f) => f.ruleId === ruleId)).toBe(violates);
      });
    });
  }

  it('finds nothing on the well-kept asset', () => {
    expect(evaluate(ok, ctxFor('R8.3'))).toEqual([]);
  });

  it('orders findings by severity and carries what the page shows', () => {
    const facts: AssetFacts = { ...ok, segment: 'internet', flags: { residentData: false, myNumber: true, specialCare: false }, confidentiality: '2', availability: '2' };
    const f = evaluate(facts, ctxFor('R8.3'));
    expect(f.map((x) => x.ruleId)).toEqual(['AC-02', 'AC-03', 'AC-06']);
    expect(f[0]).toMatchObject({ severity: 'high', provisional: true, refs: ['KB-2.1', 'KB-3.1.2'] });
    expect(f[0].provisionalNote?.ja).toMatch(/推論/);
    expect(f[2].severity).toBe('medium');
  });

  it('writes every rule in both languages, and explains provisional facts', () => {
    for (const r of CHECK_RULES) {
      for (const t of [r.title, r.explanation, r.remedy]) {
        expect(t.ja, r.id).toMatch(/[ぁ-んァ-ン一-龥]/);
        expect(t.en, r.id).toMatch(/^[\x20-\x7e’–—]+$/);
      }
      expect(r.refs.length, r.id).toBeGreaterThan(0);
      if (r.provisional) expect(r.provisionalNote?.ja && r.provisionalNote.en, r.id).toBeTruthy();
      else expect(r.provisionalNote, r.id).toBeUndefined();
    }
  });

  it('cites only catalog items that exist in the current edition', () => {
    const edition = catalog.current().id;
    const missing = CHECK_RULES.flatMap((r) => r.refs.filter((ref) => !catalog.node(edition, ref)).map((ref) => `${r.id} → ${ref}`));
    expect(missing).toEqual([]);
  });
});
