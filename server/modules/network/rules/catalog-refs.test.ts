import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editionAtLeast, editionKey } from '@shared/network';
import { loadCatalog } from '../../catalog/catalog.loader';
import { catalogFor } from './engine';
import { RULES } from './index';

/** Every catalog item a rule cites exists in the shipped catalog, edition by edition. */

const catalog = loadCatalog({ dir: path.resolve(import.meta.dirname, '../../../../catalog') });

describe('catalog items cited by the network rules', () => {
  it('rule ids are unique and every rule cites at least one item', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) expect(r.catalog.length, r.id).toBeGreaterThan(0);
  });

  it('every item cited for an edition exists in that edition of the catalog', () => {
    const missing: string[] = [];
    for (const e of catalog.editions) {
      for (const r of RULES) {
        for (const id of catalogFor(r.catalog, e.meta.id)) if (!e.byId.has(id)) missing.push(`${e.meta.id} ${r.id} → ${id}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('an item marked "since" an edition is absent before it, so the marker is needed and right', () => {
    for (const r of RULES) {
      for (const ref of r.catalog) {
        if (!ref.since) continue;
        for (const e of catalog.editions) {
          const expected = editionAtLeast(e.meta.id, ref.since);
          expect(e.byId.has(ref.id), `${r.id} ${ref.id} in ${e.meta.id}`).toBe(expected);
        }
      }
    }
  });

  it('editions sort chronologically by their ids', () => {
    const ids = catalog.editions.map((e) => e.meta.id);
    const byKey = [...ids].sort((a, b) => editionKey(a) - editionKey(b));
    expect(byKey).toEqual(ids);
    expect(editionKey('H30.9')).toBeLessThan(editionKey('R2.12'));
    expect(Number.isNaN(editionKey('R8'))).toBe(true);
  });
});
