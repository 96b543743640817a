import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClassificationScheme } from '@shared/catalog';
import { loadCatalog } from '../../catalog/catalog.loader';
import { CatalogServiceImpl } from '../../catalog/catalog.service';
import type { AssetFacts } from './checks';
import { proposeReclassification } from './reclassify';

/** Proposals under the corrected migration map (facts, Corrections of 2026-12 no.1). */

const catalog = new CatalogServiceImpl(loadCatalog({ dir: path.resolve(import.meta.dirname, '../../../../catalog') }));
const target = catalog.classification('R8.3') as ClassificationScheme;
const flags = { residentData: false, myNumber: false, specialCare: false };
const asset = (over: Partial<AssetFacts>): AssetFacts => ({
  kind: 'dataset',
  segment: 'lgwan',
  hosting: 'onPremises',
  cloudServiceId: null,
  flags,
  confidentiality: '2',
  integrity: '2',
  availability: '1',
  schemeEdition: 'R5.3',
  backupNote: null,
  ...over,
});

describe('reclassification proposals', () => {
  it('old 3 maps to 3A only (secret documents)', () => {
    const p = proposeReclassification(target, asset({ confidentiality: '3' }));
    expect(p.candidates).toEqual(['3A']);
    expect(p.proposed.confidentiality).toBe('3A');
  });

  it('resident data under old 2 is proposed as 3B, in any segment, never 3C', () => {
    for (const segment of ['mynumber', 'lgwan'] as const) {
      const p = proposeReclassification(target, asset({ segment, flags: { ...flags, residentData: true } }));
      expect(p.candidates).toEqual(['3B', '3C', '2']);
      expect(p.proposed.confidentiality).toBe('3B');
    }
    expect(proposeReclassification(target, asset({ flags: { ...flags, myNumber: true } })).proposed.confidentiality).toBe('3B');
  });

  it('old 2 without personal data stays 2 and the basis mentions the 3C case', () => {
    const p = proposeReclassification(target, asset({}));
    expect(p.proposed.confidentiality).toBe('2');
    expect(p.basis.ja).toContain('職員の属性に基づく個人情報');
  });

  it('old 1 maps to 1, and old 3 flagged as resident data still maps to 3A with a caution', () => {
    expect(proposeReclassification(target, asset({ confidentiality: '1' })).proposed.confidentiality).toBe('1');
    const p = proposeReclassification(target, asset({ confidentiality: '3', flags: { ...flags, residentData: true } }));
    expect(p.proposed.confidentiality).toBe('3A');
    expect(p.basis.ja).toContain('3B');
  });
});
