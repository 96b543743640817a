import { describe, expect, it } from 'vitest';
import type { PolicyChoices } from '@shared/documents';
import { Generator, defaultChoices } from './generate';
import { ALL_MODEL_TEXTS, MODEL_TEXTS, PROCEDURE_MODELS } from './templates';
import type { Condition } from './templates';
import { realCatalog } from './test-catalog';

const catalog = realCatalog();
const editions = catalog.editions().map((e) => e.id);
const gen = new Generator(catalog);

function conditions(): Array<{ where: string; cond: Condition }> {
  const out: Array<{ where: string; cond: Condition }> = [];
  for (const m of ALL_MODEL_TEXTS) {
    if (m.requires) out.push({ where: `${m.id} requires`, cond: m.requires });
    for (const v of m.variants ?? []) out.push({ where: `${m.id} variant ${v.label.en}`, cond: v.when });
  }
  for (const p of PROCEDURE_MODELS) for (const s of p.steps) for (const v of s.variants ?? []) out.push({ where: `${p.template}:${s.key}`, cond: v.when });
  return out;
}

describe('model wording data', () => {
  it('has one model text per catalog id, and every id exists in the catalog', () => {
    expect(MODEL_TEXTS.size).toBe(ALL_MODEL_TEXTS.length);
    const known = new Set(editions.flatMap((e) => catalog.nodes(e).map((n) => n.id)));
    const unknown = ALL_MODEL_TEXTS.map((m) => m.id).filter((id) => !known.has(id));
    expect(unknown).toEqual([]);
  });

  it('covers every leaf of the basic policy, the standards and the cloud provisions in every edition', () => {
    const missing: string[] = [];
    for (const e of editions) {
      const nodes = catalog.nodes(e);
      const parents = new Set(nodes.map((n) => n.parentId));
      for (const n of nodes) {
        if (n.part === 'general' || parents.has(n.id) || n.kind === 'part' || n.kind === 'chapter') continue;
        if (!MODEL_TEXTS.has(n.id)) missing.push(`${e} ${n.id} ${n.number} ${n.title}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('links every procedure step to standards items that exist in the current edition', () => {
    const current = new Set(catalog.nodes(catalog.current().id).map((n) => n.id));
    const bad: string[] = [];
    for (const p of PROCEDURE_MODELS) {
      for (const id of p.implements) if (!current.has(id)) bad.push(`${p.template} ${id}`);
      for (const s of p.steps) {
        expect(s.implements.length, `${p.template}:${s.key}`).toBeGreaterThan(0);
        for (const id of s.implements) if (!current.has(id)) bad.push(`${p.template}:${s.key} ${id}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('names only editions the catalog carries in since/until conditions', () => {
    const bad = conditions().filter(({ cond }) => [cond.since, cond.until].some((e) => e !== undefined && !editions.includes(e)));
    expect(bad.map((b) => b.where)).toEqual([]);
  });

  it('has the four procedures the issue asks for, the cloud one in lifecycle order', () => {
    expect(PROCEDURE_MODELS.map((p) => p.template).sort()).toEqual(['classification', 'cloud', 'disposal', 'incident']);
    const cloud = PROCEDURE_MODELS.find((p) => p.template === 'cloud');
    const headings = cloud?.steps.map((s) => s.heading) ?? [];
    const order = ['選定', '調達・契約', '利用承認', '導入・構築', '運用・保守', '更改・廃棄'].map((h) => headings.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

const VARIANTS: Array<Partial<PolicyChoices>> = [
  {},
  { networkModel: 'alphaPrime', wirelessLan: true },
  { networkModel: 'beta', externalServicesConfidential: false, orgSize: 'small' },
  { networkModel: 'betaPrime', cloudProvisions: false, roleHolders: { ...defaultChoices('x町').roleHolders, deputyCiso: '総務課長' } },
];

describe('generation', () => {
  it('renders every edition under several choices with no placeholder left', () => {
    for (const e of editions) {
      for (const v of VARIANTS) {
        const choices = { ...defaultChoices('しるべ町'), ...v };
        const docs = gen.generate(e, choices);
        for (const d of docs) {
          for (const a of d.articles) {
            expect(a.body, `${e} ${a.key}`).not.toMatch(/\{\w+\}|\[\[/);
            expect(a.label, `${e} ${a.key}`).not.toBe('');
          }
        }
      }
    }
  });

  it('includes or omits the conditional parts by network model, with the reason', () => {
    const byModel = (networkModel: PolicyChoices['networkModel']) => {
      const docs = gen.generate('R8.3', { ...defaultChoices('しるべ市'), networkModel });
      return new Map(docs.flatMap((d) => d.articles).map((a) => [a.key, a]));
    };
    const alpha = byModel('alpha');
    expect(alpha.get('KB-3.2.3')?.included).toBe(false);
    expect(alpha.get('KB-3.2.3')?.omitReason).toContain('αモデル');
    expect(alpha.get('KB-3.3.3')?.included).toBe(false);
    const alphaPrime = byModel('alphaPrime');
    expect(alphaPrime.get('KB-3.2.3')?.included).toBe(true);
    expect(alphaPrime.get('KB-9.1.1')?.body).toContain('J-LIS');
    const betaPrime = byModel('betaPrime');
    expect(betaPrime.get('KB-3.3.3')?.included).toBe(true);
    expect(betaPrime.get('KB-3.3.3')?.body).toContain('β′モデル');
    expect(alpha.get('KB-9.1.1')?.body).not.toContain('J-LIS');
  });

  it('omits 8.3 with its items when external services do not hold confidentiality 2+, and keeps 8.4', () => {
    const docs = gen.generate('R8.3', { ...defaultChoices('しるべ村'), externalServicesConfidential: false });
    const a = new Map(docs.flatMap((d) => d.articles).map((x) => [x.key, x]));
    for (const k of ['KB-8.3', 'KB-8.3.1', 'KB-8.3.7']) expect(a.get(k)?.included, k).toBe(false);
    expect(a.get('KB-8.3.2')?.omitReason).toContain('自治体機密性2以上');
    expect(a.get('KB-8.4.1')?.included).toBe(true);
    expect(a.get('cloud:scope')?.body).toContain('区分B');
  });

  it('switches wireless wording and the lighter small-town variants', () => {
    const off = new Map(gen.generate('R8.3', { ...defaultChoices('しるべ村'), wirelessLan: false, orgSize: 'small' }).flatMap((d) => d.articles).map((x) => [x.key, x]));
    expect(off.get('KB-6.1.13')?.body).toContain('無線LANを使わない');
    expect(off.get('KB-3.1.4')?.included).toBe(false);
    expect(off.get('KB-1.7.1')?.body).toContain('庁議');
    expect(off.get('KB-1.7.1')?.variant?.ja).toBe('小規模団体向け');
    const on = new Map(gen.generate('R8.3', { ...defaultChoices('しるべ市'), wirelessLan: true }).flatMap((d) => d.articles).map((x) => [x.key, x]));
    expect(on.get('KB-6.1.13')?.body).toContain('EAP-TLS');
    expect(on.get('KB-3.1.4')?.included).toBe(true);
    expect(on.get('KB-1.7.1')?.body).not.toContain('庁議');
  });

  it('fills in the organisation, its head and role holders, and follows the classification scheme of the edition', () => {
    const choices = defaultChoices('しるべ町');
    expect(choices.headTitle).toBe('町長');
    choices.roleHolders.ciso = '副町長';
    const docs = gen.generate('R8.3', choices);
    const a = new Map(docs.flatMap((d) => d.articles).map((x) => [x.key, x]));
    expect(a.get('BP-1')?.body).toContain('しるべ町');
    expect(a.get('KB-1.1')?.body).toContain('副町長をもって充てる');
    expect(a.get('KB-1.1')?.body).not.toContain('副CISO');
    expect(a.get('KB-2.1')?.body).toContain('自治体機密性3B');
    expect(a.get('KB-2.2.7')?.body).toContain('自治体機密性2以上');
    const old = new Map(gen.generate('R5.3', choices).flatMap((d) => d.articles).map((x) => [x.key, x]));
    expect(old.get('KB-2.2.7')?.body).toContain('機密性2以上');
    expect(old.get('KB-2.2.7')?.body).not.toContain('自治体機密性');
    expect(old.get('KB-8.3')?.label).toBe('8.2');
  });

  it('uses the R8.3 destroy-or-purge rule for disposal only from R8.3', () => {
    const at = (e: string) => gen.generate(e, defaultChoices('しるべ市')).flatMap((d) => d.articles).find((x) => x.key === 'KB-4.1.7')?.body ?? '';
    expect(at('R8.3')).toContain('「破壊」又は「除去」');
    expect(at('R7.3')).not.toContain('「破壊」又は「除去」');
    expect(at('R7.3')).toContain('暗号化消去');
  });

  it('numbers articles as the guideline does', () => {
    const a = new Map(gen.generate('R8.3', defaultChoices('しるべ市')).flatMap((d) => d.articles).map((x) => [x.key, x]));
    expect(a.get('KB-1')?.label).toBe('1.');
    expect(a.get('KB-6.1')?.label).toBe('6.1');
    expect(a.get('KB-6.1.13')?.label).toBe('(13)');
    expect(a.get('KB-1.7.2')?.label).toBe('②');
    expect(a.get('BP-3')?.label).toBe('3');
    expect(a.get('cloud:selection')?.label).toMatch(/^第\d+条$/);
    expect(a.get('CP-1.1')?.label).toBe('(1)');
  });

  it('leaves recommended items on or off as chosen', () => {
    const off = gen.generate('R8.3', defaultChoices('しるべ市')).flatMap((d) => d.articles).find((x) => x.key === 'KB-3.1.3');
    expect(off?.included).toBe(false);
    const on = gen.generate('R8.3', { ...defaultChoices('しるべ市'), optional: { 'KB-3.1.3': true } }).flatMap((d) => d.articles).find((x) => x.key === 'KB-3.1.3');
    expect(on?.included).toBe(true);
  });
});
