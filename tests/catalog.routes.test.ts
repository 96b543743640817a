import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogTree, CatalogTreeNode, EditionDiff, NodeDetail, SearchResult } from '@shared/catalog';
import { itWithOscalSchema, oscalValidator } from './catalog-fixtures';
import { as, createOrg, createTestApp, createUser, type Session, sessionFor, type TestApp } from './helpers/app';
import { testDbKind } from './helpers/db';

let t: TestApp;
let s: Session;
let other: Session;
let org: string;

beforeAll(async () => {
  t = await createTestApp();
  org = (await createOrg(t.app)).id;
  s = await sessionFor(t.app, await createUser(t.app, org, { roles: ['staff'], mfa: true }));
  const org2 = (await createOrg(t.app)).id;
  other = await sessionFor(t.app, await createUser(t.app, org2, { roles: ['auditor'], mfa: true }));
});
afterAll(() => t?.close());

const get = (url: string, session: Session | null = s) => as(t.app, session, { method: 'GET', url });

function flatten(nodes: CatalogTreeNode[]): CatalogTreeNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

describe(`catalog API on ${testDbKind()}: access and bad input`, () => {
  it('answers 401 without a session', async () => {
    for (const url of ['/api/catalog/editions', '/api/catalog/search?q=廃棄', '/api/catalog/editions/R8.3/nodes/KB-6.1.13']) {
      const res = await get(url, null);
      expect(res.statusCode, url).toBe(401);
    }
  });

  it('answers 403 to an API token that does not carry catalog.read, 200 to one that does', async () => {
    const admin = await createUser(t.app, org, { roles: ['chiefSecurityManager'], mfa: true });
    const as_ = await sessionFor(t.app, admin);
    const mk = async (actions: string[]) => (await as(t.app, as_, { method: 'POST', url: '/api/me/tokens', payload: { name: 'catalog', actions } })).json().token as string;
    const without = await mk(['org.read']);
    const withCatalog = await mk(['catalog.read']);
    const hdr = (tok: string) => ({ authorization: `Bearer ${tok}`, host: '127.0.0.1:3000' });
    const denied = await t.app.inject({ method: 'GET', url: '/api/catalog/editions', headers: hdr(without) });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('forbidden');
    expect((await t.app.inject({ method: 'GET', url: '/api/catalog/editions', headers: hdr(withCatalog) })).statusCode).toBe(200);
  });

  it('is shared reference data: another organisation sees the same catalog (no tenant 404)', async () => {
    const a = await get('/api/catalog/editions/R8.3/nodes/KB-4.1.7');
    const b = await get('/api/catalog/editions/R8.3/nodes/KB-4.1.7', other);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.json().node).toEqual(a.json().node);
  });

  it('answers 404 problem+json naming an unknown edition, node or control', async () => {
    const cases: Array<[string, string]> = [
      ['/api/catalog/editions/R9.9', 'R9.9'],
      ['/api/catalog/editions/R9.9/tree', 'R9.9'],
      ['/api/catalog/editions/R8.3/nodes/KB-99.1', 'KB-99.1'],
      ['/api/catalog/editions/R5.3/nodes/KB-3.2.3', 'KB-3.2.3'],
      ['/api/catalog/editions/R8.3/controls/A.9.1', 'A.9.1'],
      ['/api/catalog/search?q=廃棄&edition=R2.12', 'R2.12'],
      ['/api/catalog/diff?from=R7.3&to=R10.1', 'R10.1'],
      ['/api/catalog/editions/H30.9/export?format=oscal', 'H30.9'],
    ];
    for (const [url, name] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = res.json();
      expect(body.code).toBe('not_found');
      expect(body.messages.ja, url).toContain(name);
      expect(body.messages.en, url).toContain(name);
    }
  });

  it('answers 400 to invalid query parameters, naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['/api/catalog/search', 'query.q'],
      ['/api/catalog/search?q=', 'query.q'],
      ['/api/catalog/search?q=廃棄&limit=0', 'query.limit'],
      ['/api/catalog/search?q=廃棄&limit=abc', 'query.limit'],
      [`/api/catalog/search?q=${'あ'.repeat(201)}`, 'query.q'],
      ['/api/catalog/search?q=廃棄&sort=asc', 'query'],
      ['/api/catalog/diff?from=R7.3', 'query.to'],
      ['/api/catalog/editions/R8.3/export?format=pdf', 'query.format'],
      ['/api/catalog/editions/R8.3/crosswalks?framework=nist', 'query.framework'],
      ['/api/catalog/editions/R8.3/nodes?kind=paragraph', 'query.kind'],
    ];
    for (const [url, field] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      const body = res.json();
      expect(body.code).toBe('validation_failed');
      expect(body.errors.map((e: { field: string }) => e.field), url).toContain(field);
    }
  });
});

describe(`catalog API on ${testDbKind()}: reading`, () => {
  it('lists the editions with the current one', async () => {
    const res = await get('/api/catalog/editions');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.editions.map((e: { id: string }) => e.id)).toEqual(['R5.3', 'R6.10', 'R7.3', 'R8.3']);
    expect(body.current).toBe('R8.3');
    expect(body.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the tree: 9 chapters with their sections, at least 150 items and sub-items', async () => {
    const tree = (await get('/api/catalog/editions/R8.3/tree')).json() as CatalogTree;
    const standards = tree.parts.find((p) => p.id === 'standards')!;
    expect(standards.roots.map((r) => r.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(standards.roots[5].children.map((c) => c.number)).toEqual(['6.1', '6.2', '6.3', '6.4', '6.5', '6.6']);
    const all = flatten(standards.roots);
    expect(all.filter((n) => n.kind === 'item' || n.kind === 'subItem').length).toBeGreaterThanOrEqual(150);
    const item = all.find((n) => n.id === 'KB-1.7')!;
    expect(item.children.map((c) => c.number)).toEqual(['1.(7)①', '1.(7)②']);
    expect(tree.parts.map((p) => p.id)).toEqual(['general', 'basicPolicy', 'standards', 'cloud']);
    expect(tree.parts.find((p) => p.id === 'basicPolicy')!.roots).toHaveLength(10);
  });

  it('gives an item with summary, tags, crosswalks both ways, audit items and history', async () => {
    const res = await get('/api/catalog/editions/R8.3/nodes/KB-6.1.13');
    expect(res.statusCode).toBe(200);
    const d = res.json() as NodeDetail;
    expect(d.node).toMatchObject({ id: 'KB-6.1.13', number: '6.1(13)', title: '無線LAN及びネットワークの盗聴対策', kind: 'item' });
    expect(d.node.tags.segments).toEqual(['lgwan', 'mynumber']);
    expect(d.node.provenance).toMatchObject({ confidence: 'verified', edition: 'R8.3' });
    expect(d.ancestors.map((a) => a.id)).toEqual(['KB-6', 'KB-6.1']);
    const a820 = d.crosswalks.find((x) => x.target === 'A.8.20')!;
    expect(a820).toMatchObject({ framework: 'annexA', relation: 'subset', control: { id: 'A.8.20', title: 'Networks security' } });
    // the reverse direction: other items mapped to the same control
    expect(a820.alsoMappedBy.map((n) => n.id)).toEqual(expect.arrayContaining(['KB-6.1.8', 'KB-6.1.10']));
    expect(d.crosswalks.find((x) => x.framework === 'ordinance')).toMatchObject({ target: 'ORD-5', basis: 'chapter' });
    expect(d.auditItems.map((a) => a.id)).toEqual(['AI-S16']);
    expect(d.history.map((h) => h.status)).toEqual(['baseline', 'unchanged', 'changed', 'unchanged']);
  });

  it('links cloud provisions and the items they extend', async () => {
    const d = (await get('/api/catalog/editions/R8.3/nodes/KB-1.9')).json() as NodeDetail;
    expect(d.extendedBy.map((n) => n.id)).toEqual(['CP-1.1']);
    expect(d.auditItems[0]).toMatchObject({ id: 'AI-4', mandatory: true, numbering: 'mic' });
    const cp = (await get('/api/catalog/editions/R8.3/nodes/CP-1.1')).json() as NodeDetail;
    expect(cp.extendsNodes.map((n) => n.id)).toEqual(['KB-1.9']);
    expect(cp.crosswalks.find((x) => x.framework === 'cld')?.target).toBe('CLD.6.3.1');
  });

  it('gives the reverse crosswalk of a control and crosswalk listings', async () => {
    const c = (await get('/api/catalog/editions/R8.3/controls/A.5.2')).json();
    expect(c.control).toMatchObject({ id: 'A.5.2', framework: 'annexA' });
    expect(c.nodes.find((n: { id: string }) => n.id === 'KB-1.1')).toMatchObject({ relation: 'subset', basis: 'auditTable' });
    expect(c.auditItems.map((a: { id: string }) => a.id)).toContain('AI-1');
    const cld = (await get('/api/catalog/editions/R8.3/crosswalks?framework=cld')).json();
    expect(cld.rows.length).toBeGreaterThan(5);
    expect(cld.rows.every((r: { framework: string }) => r.framework === 'cld')).toBe(true);
    const controls = (await get('/api/catalog/controls')).json().controls;
    expect(controls).toHaveLength(93 + 7 + 8);
  });

  it('gives stats per chapter and the classification scheme per edition', async () => {
    const st = (await get('/api/catalog/editions/R8.3/stats')).json();
    expect(st.chapters).toHaveLength(9);
    expect(st.chapters[5]).toMatchObject({ id: 'KB-6', sections: 6 });
    expect(st.totals.items + st.totals.subItems).toBeGreaterThanOrEqual(150);
    const old = (await get('/api/catalog/editions/R5.3')).json();
    expect(old.classification.id).toBe('legacy3');
    expect(old.classification.levels.c.map((l: { id: string }) => l.id)).toEqual(['3', '2', '1']);
  });
});

describe(`catalog search on ${testDbKind()}`, () => {
  const search = async (q: string, extra = '') => {
    const res = await get(`/api/catalog/search?q=${encodeURIComponent(q)}${extra}`);
    expect(res.statusCode, q).toBe(200);
    return res.json() as SearchResult;
  };

  it('finds short Japanese words: 無害化 and 廃棄 (two characters)', async () => {
    const a = await search('無害化');
    expect(a.edition).toBe('R8.3');
    expect(a.hits.map((h) => h.id)).toEqual(expect.arrayContaining(['KB-3.2.1']));
    expect(a.hits.find((h) => h.id === 'KB-3.2.1')?.snippet).toContain('無害化');
    const b = await search('廃棄');
    expect(b.hits.map((h) => h.id)).toEqual(expect.arrayContaining(['KB-4.1.7', 'KB-2.2.10']));
    expect(b.hits.slice(0, 3).map((h) => h.id)).toEqual(expect.arrayContaining(['KB-4.1.7', 'KB-2.2.10']));
  });

  it('finds one character, several terms (AND), full-width input, numbers and ids', async () => {
    expect((await search('鍵')).hits.map((h) => h.id)).toContain('CP-4.2');
    const both = await search('無線LAN 証明書');
    expect(both.hits.map((h) => h.id)).toContain('KB-6.1.13');
    expect(both.hits.every((h) => h.snippet.length > 0)).toBe(true);
    expect((await search('ＵＳＢメモリ')).hits.map((h) => h.id)).toContain('KB-4.4.5');
    expect((await search('6.1(13)')).hits[0].id).toBe('KB-6.1.13');
    expect((await search('kb-4.1.7')).hits[0].id).toBe('KB-4.1.7');
  });

  it('searches the edition asked for and honours the limit', async () => {
    expect((await search('USBメモリ', '&edition=R7.3')).hits.map((h) => h.id)).not.toContain('KB-4.4.6');
    expect((await search('α′', '&edition=R5.3')).total).toBe(0);
    expect((await search('α′', '&edition=R6.10')).hits.map((h) => h.id)).toContain('KB-3.2.3');
    const limited = await search('の', '&limit=3');
    expect(limited.hits).toHaveLength(3);
    expect(limited.total).toBeGreaterThan(3);
  });

  it('returns nothing for a word that is not there, and treats LIKE wildcards literally', async () => {
    expect((await search('ブロックチェーン')).total).toBe(0);
    expect((await search('%')).total).toBe(0);
    expect((await search('_')).total).toBe(0);
  });
});

describe(`catalog diff and exports on ${testDbKind()}`, () => {
  it('lists added, removed and changed items between two editions with fields side by side', async () => {
    const d = (await get('/api/catalog/diff?from=R7.3&to=R8.3')).json() as EditionDiff;
    expect(d.counts).toEqual({ added: 0, removed: 0, changed: 5 });
    const disposal = d.entries.find((e) => e.id === 'KB-4.1.7')!;
    expect(disposal.fields[0]).toMatchObject({ field: 'summary.ja' });
    expect(String(disposal.fields[0].before)).not.toBe(String(disposal.fields[0].after));
    const back = (await get('/api/catalog/diff?from=R8.3&to=R5.3')).json() as EditionDiff;
    expect(back.entries.filter((e) => e.change === 'removed').map((e) => e.id)).toEqual(expect.arrayContaining(['KB-8.2', 'KB-3.2.3']));
  });

  itWithOscalSchema('exports OSCAL JSON that validates against the OSCAL catalog schema', async () => {
    const res = await get('/api/catalog/editions/R8.3/export?format=oscal');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toContain('shirube-catalog-R8.3-oscal.json');
    const validate = oscalValidator();
    expect(validate(res.json())).toBe(true);
  });

  it('exports .xlsx and .csv of the tree and the crosswalks, and JSON by default', async () => {
    const x = await get('/api/catalog/editions/R6.10/export?format=xlsx');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('クロスウォーク')?.rowCount).toBeGreaterThan(200);
    const csv = await get('/api/catalog/editions/R8.3/export?format=csv&table=crosswalks');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toContain('Framework');
    const json = await get('/api/catalog/editions/R8.3/export');
    expect(json.json().edition.id).toBe('R8.3');
  });
});
