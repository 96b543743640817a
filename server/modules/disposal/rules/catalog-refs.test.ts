import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../../tests/helpers/app';
import { RULE_SETS, citedRefs } from './disposal-rules';

/** Every catalog id the disposal rules cite exists in the edition the rule is keyed to. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('disposal rules against the catalog', () => {
  it('are keyed only to editions the catalog carries', () => {
    const catalog = t.app.deps.services.catalog;
    for (const set of RULE_SETS) for (const e of set.editions) expect(catalog.hasEdition(e), e).toBe(true);
  });

  it('cite only ids that exist in that edition', () => {
    const catalog = t.app.deps.services.catalog;
    const refs = citedRefs();
    expect(refs.length).toBeGreaterThan(10);
    const missing = refs.filter((r) => catalog.node(r.edition, r.ref) === undefined).map((r) => `${r.edition} ${r.ref}`);
    expect(missing).toEqual([]);
  });

  it('cite the equipment-disposal item 4.1(7) under every edition', () => {
    const catalog = t.app.deps.services.catalog;
    for (const set of RULE_SETS) {
      for (const e of set.editions) expect(catalog.node(e, 'KB-4.1.7')?.number, e).toBe('4.1(7)');
    }
  });
});
