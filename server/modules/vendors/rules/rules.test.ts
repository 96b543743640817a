import { describe, expect, it } from 'vitest';
import type { CatalogNode } from '@shared/catalog';
import { ALL_RULES, buildSheetItems, chainDepth, chainProblem, checkContractor, checkService, highestClasses, matrixRows, type ContractorFacts, type ServiceFacts, slaBreaches, suitability } from './index';

const TODAY = '2026-11-22';

function service(over: Partial<ServiceFacts> = {}): ServiceFacts {
  return {
    id: 's1',
    name: '試験サービス',
    kind: 'ismap',
    model: 'SaaS',
    connection: 'internet',
    status: 'inUse',
    registrationNumber: 'C21-0001-1',
    registeredUntil: '2027-12-31',
    ismapScope: ['accessControl', 'encryption', 'keyManagement', 'logging', 'backup', 'dataReturnDeletion'],
    reliedAreas: ['accessControl', 'encryption'],
    dataCountry: 'JP',
    governingLaw: 'JP',
    jurisdiction: 'JP',
    foreignDecision: null,
    classes: { c: '2', i: '1', a: '1' },
    sla: { availability: 99.9, rtoMinutes: 240, rpoMinutes: 60, firstReportMinutes: 60, exitTerms: '返却後に暗号化消去し証明書を提出' },
    matrices: [{ id: 'm1', gaps: 0, overlaps: 0 }],
    approval: 'approved',
    openBreaches: 0,
    ...over,
  };
}

const ids = (fs: Array<{ ruleId: string }>) => fs.map((f) => f.ruleId).sort();

describe('may this service hold this class?', () => {
  it('answers yes for a well-documented ISMAP service and confidentiality 2', () => {
    const r = suitability(service(), { c: '2', i: '1', a: '1' }, TODAY);
    expect(r.verdict).toBe('yes');
    expect(r.reasons).toEqual([]);
  });

  it('answers no for confidentiality 2 and above on a terms-only service, conditions for 1', () => {
    const s = service({ kind: 'termsOnly', registrationNumber: null, registeredUntil: null });
    for (const c of ['2', '3C', '3B']) {
      const r = suitability(s, { c, i: null, a: null }, TODAY);
      expect(r.verdict, c).toBe('no');
      expect(r.reasons.map((x) => x.ruleId)).toContain('VS-TERMS-C2');
    }
    const low = suitability(s, { c: '1', i: null, a: null }, TODAY);
    expect(low.verdict).toBe('conditions');
    expect(low.reasons.map((x) => x.ruleId)).toEqual(['VS-TERMS-C1']);
  });

  it('answers no for 3A on any kind of service, including the Government Cloud', () => {
    for (const kind of ['ismap', 'ismapLiu', 'lgwanAsp', 'govCloud', 'termsOnly'] as const) {
      const r = suitability(service({ kind }), { c: '3A', i: null, a: null }, TODAY);
      expect(r.verdict, kind).toBe('no');
      expect(r.reasons.find((x) => x.ruleId === 'VS-3A')?.provisional).toBe(true);
    }
  });

  it('asks to reclassify the old-scheme confidentiality 3', () => {
    const r = suitability(service(), { c: '3', i: null, a: null }, TODAY);
    expect(r.reasons.map((x) => x.ruleId)).toContain('VS-LEGACY3');
    expect(r.verdict).toBe('conditions');
  });

  it('refuses an α′ direct connection to a service that is not ISMAP-registered', () => {
    const asp = suitability(service({ kind: 'lgwanAsp', connection: 'alphaPrime' }), { c: '1', i: null, a: null }, TODAY);
    expect(asp.verdict).toBe('no');
    expect(asp.reasons.map((x) => x.ruleId)).toEqual(['VS-ALPHA-PRIME']);
    const lapsed = suitability(service({ connection: 'alphaPrime', registeredUntil: '2026-01-31' }), { c: '1', i: null, a: null }, TODAY);
    expect(lapsed.reasons.map((x) => x.ruleId)).toContain('VS-ALPHA-PRIME');
    const ok = suitability(service({ connection: 'alphaPrime' }), { c: '1', i: null, a: null }, TODAY);
    expect(ok.verdict).toBe('yes');
  });

  it('blocks confidentiality 2+ on an expired registration and flags a missing one', () => {
    const expired = suitability(service({ registeredUntil: '2026-11-21' }), { c: '2', i: null, a: null }, TODAY);
    expect(expired.verdict).toBe('no');
    expect(expired.reasons[0].ruleId).toBe('VS-REG-EXPIRED');
    // On the expiry day itself the registration still counts.
    expect(suitability(service({ registeredUntil: TODAY }), { c: '2', i: null, a: null }, TODAY).verdict).toBe('yes');
    const missing = suitability(service({ registrationNumber: null }), { c: '2', i: null, a: null }, TODAY);
    expect(missing.verdict).toBe('conditions');
    expect(missing.reasons.map((x) => x.ruleId)).toEqual(['VS-REG-MISSING']);
  });

  it('needs a recorded decision for data outside Japan', () => {
    const abroad = service({ dataCountry: 'US' });
    expect(suitability(abroad, { c: '3B', i: null, a: null }, TODAY).verdict).toBe('no');
    expect(suitability(abroad, { c: '1', i: null, a: null }, TODAY).verdict).toBe('conditions');
    const decided = service({ dataCountry: 'US', foreignDecision: 'CISO決裁 2026-04-01：米国法による開示リスクを検討し受容' });
    expect(suitability(decided, { c: '3B', i: null, a: null }, TODAY).reasons.map((x) => x.ruleId)).not.toContain('VS-FOREIGN');
  });

  it('names the ISMAP scope gaps the organisation relies on (IaaS case of seed 001)', () => {
    const iaas = service({ model: 'IaaS', ismapScope: ['physical', 'network', 'backup'], reliedAreas: ['accessControl', 'encryption', 'keyManagement', 'backup'] });
    const r = suitability(iaas, { c: '3B', i: null, a: null }, TODAY);
    const gap = r.reasons.find((x) => x.ruleId === 'VS-SCOPE-GAP');
    expect(gap?.details?.gaps).toEqual(['accessControl', 'encryption', 'keyManagement']);
    expect(gap?.message.ja).toContain('アクセス制御');
    expect(r.verdict).toBe('conditions');
    // No scope recorded at all is a condition of its own.
    const none = suitability(service({ ismapScope: [] }), { c: '2', i: null, a: null }, TODAY);
    expect(none.reasons.find((x) => x.ruleId === 'VS-SCOPE-GAP')?.details?.gaps).toEqual(['accessControl', 'encryption']);
  });

  it('asks for availability, RTO and RPO when availability-2 assets are held', () => {
    const s = service({ sla: { availability: null, rtoMinutes: 120, rpoMinutes: null, firstReportMinutes: 60, exitTerms: 'x' } });
    const r = suitability(s, { c: '2', i: '2', a: '2' }, TODAY);
    const hit = r.reasons.find((x) => x.ruleId === 'VS-AVAILABILITY');
    expect(hit?.details?.missing).toEqual(['availability', 'rpo']);
    expect(suitability(s, { c: '2', i: '2', a: '1' }, TODAY).reasons.map((x) => x.ruleId)).not.toContain('VS-AVAILABILITY');
  });

  it('requires a responsibility matrix without gaps for confidentiality 2+', () => {
    expect(suitability(service({ matrices: [] }), { c: '2', i: null, a: null }, TODAY).reasons.map((x) => x.ruleId)).toEqual(['VS-MATRIX']);
    expect(suitability(service({ matrices: [] }), { c: '1', i: null, a: null }, TODAY).verdict).toBe('yes');
    const flagged = suitability(service({ matrices: [{ id: 'm', gaps: 2, overlaps: 1 }] }), { c: '2', i: null, a: null }, TODAY);
    expect(flagged.reasons[0].details).toEqual({ gaps: 2, overlaps: 1 });
  });
});

describe('service findings', () => {
  it('raises use without approval, stale approvals, breaches and expiring registrations', () => {
    expect(ids(checkService(service({ approval: 'none' }), TODAY))).toEqual(['VS-APPROVAL']);
    expect(checkService(service({ approval: 'stale' }), TODAY)[0].message.en).toContain('changed');
    expect(checkService(service({ approval: 'none', status: 'planned' }), TODAY)).toEqual([]);
    expect(ids(checkService(service({ openBreaches: 2 }), TODAY))).toEqual(['VS-SLA-BREACH']);
    const soon = checkService(service({ registeredUntil: '2027-01-31' }), TODAY);
    expect(soon.map((f) => [f.ruleId, f.severity])).toEqual([['VS-REG-EXPIRING', 'info']]);
  });

  it('uses the classes the service holds: a terms-only service holding 3B data is an error', () => {
    const fs = checkService(service({ kind: 'termsOnly', classes: { c: '3B', i: '2', a: '2' } }), TODAY);
    const terms = fs.find((f) => f.ruleId === 'VS-TERMS-C2');
    expect(terms?.severity).toBe('error');
    expect(terms?.subject).toEqual({ type: 'service', id: 's1', name: '試験サービス' });
    expect(terms?.refs).toEqual(['KB-8.3', 'KB-8.4']);
  });

  it('takes the highest class on each axis across assets', () => {
    expect(highestClasses([{ c: '2', i: '1', a: '2' }, { c: '3B', i: null, a: '1' }, { c: '3C', i: '2', a: null }])).toEqual({ c: '3B', i: '2', a: '2' });
    expect(highestClasses([])).toEqual({ c: null, i: null, a: null });
    // The old-scheme 3 ranks with 3A, so it is never hidden behind a 3B.
    expect(highestClasses([{ c: '3B', i: null, a: null }, { c: '3', i: null, a: null }]).c).toBe('3');
  });
});

describe('contractor findings', () => {
  const base: ContractorFacts = {
    id: 'k1',
    name: '株式会社テスト',
    status: 'active',
    foreignControlDeclaredOn: '2026-04-01',
    certifications: [{ id: 'c1', label: 'ISMS', validUntil: '2028-03-31' }],
    contracts: [
      {
        id: 'ct1',
        title: '住基システム保守',
        status: 'active',
        endsOn: '2027-03-31',
        maxConfidentiality: '3B',
        clauses: Object.fromEntries(['confidentiality', 'subcontracting', 'auditRights', 'incidentReporting', 'dataReturnDeletion', 'complianceEvidence', 'dataLocation', 'sla', 'liability', 'slaRemedies', 'packageDisclosure', 'leaseMediaDestruction', 'training'].map((c) => [c, 'included'])),
        subcontracts: [],
      },
    ],
    sheetStatus: 'accepted',
  };

  it('finds nothing for a contractor in order', () => {
    expect(checkContractor(base, TODAY)).toEqual([]);
  });

  it('flags expired and expiring certificates, and missing ones for confidential work', () => {
    expect(ids(checkContractor({ ...base, certifications: [{ id: 'c1', label: 'ISMS', validUntil: '2026-10-01' }] }, TODAY))).toEqual(['VC-CERT-EXPIRED', 'VC-CERT-MISSING']);
    expect(ids(checkContractor({ ...base, certifications: [{ id: 'c1', label: 'ISMS', validUntil: '2027-01-10' }] }, TODAY))).toEqual(['VC-CERT-EXPIRING']);
    expect(ids(checkContractor({ ...base, certifications: [] }, TODAY))).toEqual(['VC-CERT-MISSING']);
  });

  it('lists missing or partial clauses by name', () => {
    const contract = { ...base.contracts[0], clauses: { ...base.contracts[0].clauses, liability: 'missing', sla: 'partial' } };
    delete (contract.clauses as Record<string, string>).training;
    const f = checkContractor({ ...base, contracts: [contract] }, TODAY);
    expect(f.map((x) => x.ruleId)).toEqual(['VC-CLAUSES']);
    expect(f[0].details?.clauses).toEqual(['sla', 'liability', 'training']);
    expect(f[0].message.ja).toContain('損害賠償');
  });

  it('flags unapproved subcontracting and a missing check sheet', () => {
    const contract = { ...base.contracts[0], subcontracts: [{ id: 'sc1', contractorName: '下請株式会社', status: 'requested' }, { id: 'sc2', contractorName: '孫請株式会社', status: 'refused' }] };
    const f = checkContractor({ ...base, contracts: [contract], sheetStatus: null }, TODAY);
    expect(f.map((x) => [x.ruleId, x.severity])).toEqual([
      ['VC-SUBCONTRACT', 'warning'],
      ['VC-SUBCONTRACT', 'error'],
      ['VC-CHECKSHEET', 'warning'],
    ]);
  });
});

describe('responsibility matrix', () => {
  it('flags areas with nobody responsible or several', () => {
    const rows = matrixRows(
      [
        { areaId: 'a', party: 'municipality', role: 'R' },
        { areaId: 'a', party: 'cloudProvider', role: 'C' },
        { areaId: 'b', party: 'cloudProvider', role: 'R' },
        { areaId: 'b', party: 'appVendor', role: 'R' },
        { areaId: 'c', party: 'opsVendor', role: 'C' },
        { areaId: 'zz', party: 'opsVendor', role: 'R' },
      ],
      ['a', 'b', 'c'],
    );
    expect(rows).toEqual([
      { areaId: 'a', responsible: ['municipality'], consulted: ['cloudProvider'], flag: null },
      { areaId: 'b', responsible: ['cloudProvider', 'appVendor'], consulted: [], flag: 'multiple' },
      { areaId: 'c', responsible: [], consulted: ['opsVendor'], flag: 'none' },
    ]);
  });
});

describe('SLA breaches', () => {
  const targets = { availability: 99.9, rtoMinutes: 240, rpoMinutes: 60, firstReportMinutes: 60, backupFrequency: '毎日' };
  it('compares each metric with its target', () => {
    expect(slaBreaches(targets, { availability: 99.95, longestOutageMinutes: 30, dataLossMinutes: 0, firstReportMinutes: 20, backupsMissed: 0 })).toEqual([]);
    expect(slaBreaches(targets, { availability: 99.5, longestOutageMinutes: 300, dataLossMinutes: 61, firstReportMinutes: 90, backupsMissed: 2 })).toEqual([
      { metric: 'availability', target: 99.9, actual: 99.5 },
      { metric: 'rto', target: 240, actual: 300 },
      { metric: 'rpo', target: 60, actual: 61 },
      { metric: 'firstReport', target: 60, actual: 90 },
      { metric: 'backup', target: 0, actual: 2 },
    ]);
  });
  it('does not judge a metric without a target or an actual', () => {
    expect(slaBreaches({ availability: null, rtoMinutes: null, rpoMinutes: null, firstReportMinutes: null, backupFrequency: null }, { availability: 50, longestOutageMinutes: 9999, dataLossMinutes: 9999, firstReportMinutes: 9999, backupsMissed: 9 })).toEqual([]);
    expect(slaBreaches(targets, { availability: null, longestOutageMinutes: null, dataLossMinutes: null, firstReportMinutes: null, backupsMissed: null })).toEqual([]);
  });
});

describe('subcontracting chains', () => {
  const edges = [
    { parent: 'P', child: 'A' },
    { parent: 'A', child: 'B' },
    { parent: 'B', child: 'C' },
  ];
  it('accepts a new link at any depth', () => {
    expect(chainProblem('P', edges, 'C', 'D')).toBeNull();
    expect(chainProblem('P', edges, 'P', 'E')).toBeNull();
    expect(chainDepth('P', edges, 'C')).toBe(3);
    expect(chainDepth('P', edges, 'P')).toBe(0);
  });
  it('refuses loops, self-links, duplicates and parents outside the chain', () => {
    expect(chainProblem('P', edges, 'C', 'A')).toBe('loop');
    expect(chainProblem('P', edges, 'C', 'P')).toBe('loop');
    expect(chainProblem('P', edges, 'B', 'B')).toBe('self');
    expect(chainProblem('P', edges, 'P', 'C')).toBe('duplicate');
    expect(chainProblem('P', edges, 'X', 'Y')).toBe('parentNotInChain');
  });
});

describe('check sheet from the catalog', () => {
  const node = (id: string, kind: CatalogNode['kind'], title = id): CatalogNode =>
    ({ id, kind, number: id.replace('KB-', ''), title, titleEn: `${id} en`, parentId: null } as unknown as CatalogNode);
  it('takes chapter 8 items of the chosen sections and gives unknown items a general question', () => {
    const nodes = [node('KB-8', 'chapter'), node('KB-8.1', 'section'), node('KB-8.1.2', 'item'), node('KB-8.2.9', 'item', '新しい項目'), node('KB-8.3.2', 'item'), node('KB-7.1.1', 'item')];
    const items = buildSheetItems(nodes, ['KB-8.1', 'KB-8.2']);
    expect(items.map((i) => i.nodeId)).toEqual(['KB-8.1.2', 'KB-8.1.2', 'KB-8.1.2', 'KB-8.1.2', 'KB-8.2.9']);
    expect(items.map((i) => i.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(items[4]).toEqual({ itemId: 'KB-8.2.9#1', nodeId: 'KB-8.2.9', seq: 5, question: { ja: '「新しい項目」（8.2.9）について、対策の実施状況を回答してください。', en: 'Describe what you have in place for "KB-8.2.9 en" (8.2.9).' } });
    expect(buildSheetItems(nodes, ['KB-8.3']).map((i) => i.itemId)).toEqual(['KB-8.3.2#1', 'KB-8.3.2#2', 'KB-8.3.2#3']);
  });

  it('asks about JC-STAR and DMP besides ISMAP, SLA remedies and package software (seed 001)', () => {
    const nodes = [node('KB-8.2.1', 'item'), node('KB-8.3.2', 'item'), node('KB-8.3.3', 'item')];
    const text = buildSheetItems(nodes, ['KB-8.2', 'KB-8.3']).map((i) => i.question.ja).join('\n');
    expect(text).toContain('JC-STAR');
    expect(text).toContain('DMP');
    expect(text).toContain('SLAを満たさなかったとき');
    expect(text).toContain('パッケージソフト');
  });
});

describe('rule definitions', () => {
  it('have unique ids, both languages and at least one reference', () => {
    const seen = new Set<string>();
    for (const r of ALL_RULES) {
      expect(seen.has(r.id), r.id).toBe(false);
      seen.add(r.id);
      expect(r.title.ja && r.title.en && r.explanation.ja && r.explanation.en, r.id).toBeTruthy();
      expect(r.refs.length, r.id).toBeGreaterThan(0);
      expect(r.basis.length, r.id).toBeGreaterThan(0);
    }
  });
});

describe('procurement text and clauses after the 2026-12 corrections', () => {
  it('asks for physical destruction of leased media for resident data, SLA remedies and package disclosure', async () => {
    const { procurementRequirements } = await import('./procurement');
    const { CONTRACT_CLAUSES, CERT_KINDS } = await import('@shared/vendors');
    const base = { serviceName: 's', purpose: null, kind: 'ismap' as const, model: 'SaaS' as const, connection: 'internet' as const, firstReportMinutes: null };
    const resident = procurementRequirements({ ...base, classes: { c: '3B', i: '2', a: '2' } }).flatMap((x) => x.items.map((i) => i.text.ja));
    expect(resident.some((t) => t.includes('リース機器') && t.includes('物理的に破壊'))).toBe(true);
    expect(resident.some((t) => t.includes('SLAを満たさなかったとき'))).toBe(true);
    expect(resident.some((t) => t.includes('パッケージソフト'))).toBe(true);
    const low = procurementRequirements({ ...base, classes: { c: '2', i: '1', a: '1' } }).flatMap((x) => x.items.map((i) => i.text.ja));
    expect(low.some((t) => t.includes('リース機器'))).toBe(false);
    expect(CONTRACT_CLAUSES.map((c) => c.id)).toEqual(expect.arrayContaining(['slaRemedies', 'packageDisclosure', 'leaseMediaDestruction']));
    expect(CERT_KINDS.map((k) => k.id)).toEqual(expect.arrayContaining(['jcStar', 'dmp']));
  });
});
