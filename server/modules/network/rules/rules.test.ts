import { describe, expect, it } from 'vitest';
import type { CheckResult, LinkDef, NetworkModelDoc, NodeDef, ZoneDef } from '@shared/network';
import { checkGraph, validateModel } from '../check';
import { sourceFromData } from '../model/source';
import type { RegisterAsset } from './analysis';

/**
 * Table-driven tests: for each rule, small models that comply and small models that break it,
 * with the exact elements the rule must name (and no others).
 */

const MFA = ['password', 'icCard'] as const;

const ZONES: ZoneDef[] = [
  { id: 'mn', kind: 'segment', segment: 'mynumber' },
  { id: 'lg', kind: 'segment', segment: 'lgwan' },
  { id: 'in', kind: 'segment', segment: 'internet' },
  { id: 'lgwan', kind: 'lgwan' },
  { id: 'sc', kind: 'securityCloud' },
  { id: 'net', kind: 'internet' },
  { id: 'juki', kind: 'designated', destination: 'jukiNet' },
  { id: 'jlis', kind: 'designated', destination: 'jlisPlatform' },
  { id: 'asp', kind: 'lgwanAsp' },
  { id: 'gc', kind: 'govCloud' },
  { id: 'saas', kind: 'cloudService', ismap: 'ismap', adminAuth: [...MFA] },
];

// Nodes used across the cases; each case picks the ones it needs.
const N: Record<string, NodeDef> = {
  mnT: { id: 'mnT', kind: 'terminal', zone: 'mn', auth: [...MFA], mediaExportBlocked: true },
  mnS: { id: 'mnS', kind: 'server', zone: 'mn' },
  lgT: { id: 'lgT', kind: 'terminal', zone: 'lg', auth: [...MFA] },
  lgS: { id: 'lgS', kind: 'server', zone: 'lg' },
  lgR: { id: 'lgR', kind: 'updateServer', zone: 'lg' },
  inT: { id: 'inT', kind: 'terminal', zone: 'in', auth: [...MFA], edr: true, logCollection: true },
  inS: { id: 'inS', kind: 'server', zone: 'in' },
  gcA: { id: 'gcA', kind: 'cloudArea', zone: 'gc', adminAuth: [...MFA] },
  saasA: { id: 'saasA', kind: 'cloudArea', zone: 'saas' },
  mailSan: { id: 'mailSan', kind: 'mailSanitiser', zone: 'sc' },
  fileSan: { id: 'fileSan', kind: 'fileSanitiser', zone: 'in' },
  screen: { id: 'screen', kind: 'screenTransfer', zone: 'in' },
  fw: { id: 'fw', kind: 'gateway', zone: 'mn' },
  scGw: { id: 'scGw', kind: 'gateway', zone: 'sc' },
  raGw: { id: 'raGw', kind: 'remoteAccessGateway', zone: 'in', approved: true, auth: [...MFA] },
};

interface Case {
  name: string;
  nodes?: Array<keyof typeof N | NodeDef>;
  links?: LinkDef[];
  zones?: ZoneDef[];
  model?: NetworkModelDoc['model'];
  organization?: NetworkModelDoc['organization'];
  edition?: string;
  register?: RegisterAsset[];
  /** The approvals register as the network service resolves it (approval id → state today). */
  approvals?: Record<string, { state: string; validUntil: string | null }>;
  expect: string[];
  severity?: 'error' | 'warning' | 'info';
}

function doc(c: Case): NetworkModelDoc {
  const extraZones = c.zones ?? [];
  const zones = [...ZONES.filter((z) => !extraZones.some((x) => x.id === z.id)), ...extraZones];
  return {
    format: 'shirube-network/1',
    model: c.model ?? 'alpha',
    organization: c.organization,
    zones,
    nodes: (c.nodes ?? []).map((n) => (typeof n === 'string' ? structuredClone(N[n]) : n)),
    links: c.links ?? [],
  };
}

function run(c: Case): CheckResult {
  const graph = validateModel(sourceFromData(doc(c)));
  const register = c.register ? new Map(c.register.map((r) => [r.id, r])) : undefined;
  const approvals = c.approvals ? new Map(Object.entries(c.approvals)) : undefined;
  return checkGraph(graph, { edition: c.edition ?? 'R8.3', register, approvals });
}

function table(ruleId: string, cases: Case[]) {
  describe(ruleId, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const found = run(c).findings.filter((f) => f.ruleId === ruleId);
      expect(found.map((f) => f.element.id).sort()).toEqual([...c.expect].sort());
      if (c.severity) for (const f of found) expect(f.severity).toBe(c.severity);
      for (const f of found) {
        expect(f.message.ja.length).toBeGreaterThan(0);
        expect(f.message.en.length).toBeGreaterThan(0);
        expect(f.catalog.length).toBeGreaterThan(0);
      }
    });
  });
}

const designated = (id: string, from: string, to: string, restriction: LinkDef['restriction'] = { addresses: true, ports: true }): LinkDef => ({ id, from, to, purpose: 'designated', restriction });

table('NW-MN-01', [
  { name: 'compliant: only designated communication leaves the segment', nodes: ['mnT', 'mnS'], links: [{ from: 'mnT', to: 'mnS', purpose: 'business' }, designated('d', 'mnS', 'juki')], expect: [] },
  { name: 'violating: an open link to an internet server', nodes: ['mnS', 'inS'], links: [{ id: 'x', from: 'mnS', to: 'inS', purpose: 'business' }], expect: ['mnS'] },
  { name: 'violating: through a Government Cloud area to the internet', nodes: ['mnS', 'gcA'], links: [{ from: 'mnS', to: 'gcA', purpose: 'business' }, { from: 'gcA', to: 'net', purpose: 'web' }], expect: ['gcA'] },
  { name: 'compliant for this rule: a sanitised link is not an open path (NW-MN-02 judges it)', nodes: ['mnS', 'inS', 'fileSan'], links: [{ from: 'inS', to: 'mnS', purpose: 'fileTransfer', via: ['fileSan'] }], expect: [] },
]);

table('NW-MN-02', [
  { name: 'compliant: designated destination', nodes: ['mnS'], links: [designated('d', 'mnS', 'juki')], expect: [] },
  { name: 'violating: link to an LGWAN server', nodes: ['mnS', 'lgS'], links: [{ id: 'x', from: 'mnS', to: 'lgS', purpose: 'business' }], expect: ['x'] },
  { name: 'violating: sanitisation does not make it allowed', nodes: ['mnS', 'inS', 'fileSan'], links: [{ id: 'x', from: 'inS', to: 'mnS', purpose: 'fileTransfer', via: ['fileSan'] }], expect: ['x'] },
  { name: 'violating: an inferred cloud area linked to LGWAN', nodes: ['mnS', 'gcA', 'lgT'], links: [{ from: 'mnS', to: 'gcA', purpose: 'business' }, { id: 'x', from: 'lgT', to: 'gcA', purpose: 'business' }], expect: ['x'] },
  { name: 'not this rule: screen transfer from an LGWAN terminal', nodes: ['mnS', 'lgT', 'screen'], links: [{ from: 'lgT', to: 'mnS', purpose: 'business', via: ['screen'], restriction: { addresses: true } }], expect: [] },
]);

table('NW-MN-03', [
  { name: 'compliant: address and port', nodes: ['mnS'], links: [designated('d', 'mnS', 'juki')], expect: [] },
  { name: 'violating: address only', nodes: ['mnS'], links: [designated('d', 'mnS', 'juki', { addresses: true })], expect: ['d'] },
  { name: 'violating: no restriction', nodes: ['mnS'], links: [{ id: 'd', from: 'mnS', to: 'jlis', purpose: 'updates' }], expect: ['d'] },
]);

table('NW-MN-04', [
  { name: 'inferred: a Government Cloud area used by My Number terminals', nodes: ['mnT', 'gcA'], links: [{ from: 'mnT', to: 'gcA', purpose: 'business' }], expect: ['gcA'], severity: 'info' },
  { name: 'inferred: a cloud area in a cloud service', nodes: ['mnT', 'saasA'], links: [{ from: 'mnT', to: 'saasA', purpose: 'business' }], expect: ['saasA'] },
  { name: 'not inferred: a cloud area used only by LGWAN', nodes: ['lgT', 'gcA'], links: [{ from: 'lgT', to: 'gcA', purpose: 'business' }], expect: [] },
  { name: 'not inferred: across a sanitised link', nodes: ['mnT', 'gcA', 'fileSan'], links: [{ from: 'gcA', to: 'mnT', purpose: 'fileTransfer', via: ['fileSan'] }], expect: [] },
]);

table('NW-MN-05', [
  { name: 'compliant: password and IC card', nodes: ['mnT'], expect: [] },
  { name: 'violating: password only', nodes: [{ ...N.mnT, auth: ['password'] }], expect: ['mnT'] },
  { name: 'violating: two methods of the same factor', nodes: [{ ...N.mnT, auth: ['password', 'pin'] }], expect: ['mnT'] },
  { name: 'violating: screen transfer without MFA', nodes: ['mnS', { ...N.lgT, auth: ['password'] }, 'screen'], links: [{ id: 's', from: 'lgT', to: 'mnS', purpose: 'business', via: ['screen'], restriction: { addresses: true } }], expect: ['s'] },
  { name: 'compliant: screen transfer with MFA on the link', nodes: ['mnS', { ...N.lgT, auth: ['password'] }, 'screen'], links: [{ id: 's', from: 'lgT', to: 'mnS', purpose: 'business', via: ['screen'], restriction: { addresses: true }, auth: ['password', 'otpToken'] }], expect: [] },
]);

table('NW-MN-06', [
  { name: 'compliant: export blocked', nodes: ['mnT'], expect: [] },
  { name: 'violating: export not blocked', nodes: [{ ...N.mnT, mediaExportBlocked: false }], expect: ['mnT'] },
]);

const screenLink: LinkDef = { id: 's', from: 'lgT', to: 'mnS', purpose: 'business', via: ['screen'], restriction: { addresses: true } };
table('NW-MN-07', [
  { name: 'compliant: restricted screen transfer under R7.3', nodes: ['mnS', 'lgT', 'screen'], links: [screenLink], edition: 'R7.3', expect: [] },
  { name: 'violating: no screen transfer before R7.3', nodes: ['mnS', 'lgT', 'screen'], links: [screenLink], edition: 'R6.10', expect: ['s'] },
  { name: 'violating: not limited to specific destinations', nodes: ['mnS', 'lgT', 'screen'], links: [{ ...screenLink, restriction: undefined }], expect: ['s'] },
  { name: 'warning: from an internet-segment terminal', nodes: ['mnS', 'inT', 'screen'], links: [{ ...screenLink, from: 'inT' }], expect: ['s'], severity: 'warning' },
]);

table('NW-LG-01', [
  { name: 'compliant: only sanitised links', nodes: ['lgT', 'inS', 'screen'], links: [{ from: 'lgT', to: 'inS', purpose: 'web', via: ['screen'] }], expect: [] },
  { name: 'violating: through a cloud area to the internet', nodes: ['lgT', 'gcA'], links: [{ from: 'lgT', to: 'gcA', purpose: 'business' }, { from: 'gcA', to: 'net', purpose: 'web' }], expect: ['lgT'] },
]);

table('NW-LG-02', [
  { name: 'compliant: mail through a mail sanitiser', nodes: ['lgS', 'inS', 'mailSan'], links: [{ from: 'inS', to: 'lgS', purpose: 'mail', via: ['mailSan'] }], expect: [] },
  { name: 'compliant: files through a file sanitiser', nodes: ['lgS', 'inS', 'fileSan'], links: [{ from: 'inS', to: 'lgS', purpose: 'fileTransfer', via: ['fileSan'] }], expect: [] },
  { name: 'compliant: business systems by screen transfer', nodes: ['lgS', 'inT', 'screen'], links: [{ from: 'inT', to: 'lgS', purpose: 'business', via: ['screen'] }], expect: [] },
  { name: 'violating: mail through a file sanitiser', nodes: ['lgS', 'inS', 'fileSan'], links: [{ id: 'm', from: 'inS', to: 'lgS', purpose: 'mail', via: ['fileSan'] }], expect: ['m'] },
  { name: 'violating: files straight in', nodes: ['lgS', 'inS'], links: [{ id: 'f', from: 'inS', to: 'lgS', purpose: 'fileTransfer' }], expect: ['f'] },
  { name: 'violating: a purpose that cannot be sanitised', nodes: ['lgS', 'inS', 'fileSan'], links: [{ id: 'd', from: 'inS', to: 'lgS', purpose: 'designated', via: ['fileSan'] }], expect: ['d'] },
]);

table('NW-LG-03', [
  { name: 'compliant: web by screen transfer', nodes: ['lgT', 'inS', 'screen'], links: [{ from: 'lgT', to: 'inS', purpose: 'web', via: ['screen'] }], expect: [] },
  { name: 'violating: straight to the security cloud', nodes: ['lgT'], links: [{ id: 'w', from: 'lgT', to: 'sc', purpose: 'web' }], expect: ['w'] },
  { name: 'violating: to an internet-segment proxy', nodes: ['lgT', 'inS'], links: [{ id: 'w', from: 'lgT', to: 'inS', purpose: 'web' }], expect: ['w'] },
]);

const direct: LinkDef = { id: 'c', from: 'lgT', to: 'saas', purpose: 'business', encrypted: true, restriction: { addresses: true, ports: true } };
table('NW-AP-01', [
  { name: 'compliant: ISMAP, restricted, encrypted', model: 'alphaPrime', nodes: ['lgT'], links: [direct], expect: [] },
  { name: 'not an error: ISMAP-LIU (NW-AP-03 warns instead)', model: 'alphaPrime', zones: [{ id: 'saas', kind: 'cloudService', ismap: 'ismapLiu', adminAuth: [...MFA] }], nodes: ['lgT'], links: [direct], expect: [] },
  { name: 'violating: not registered', model: 'alphaPrime', zones: [{ id: 'saas', kind: 'cloudService', ismap: 'none', adminAuth: [...MFA] }], nodes: ['lgT'], links: [direct], expect: ['c'] },
  { name: 'violating: not encrypted', model: 'alphaPrime', nodes: ['lgT'], links: [{ ...direct, encrypted: false }], expect: ['c'] },
  { name: 'violating: destination not restricted', model: 'alphaPrime', nodes: ['lgT'], links: [{ ...direct, restriction: { ports: true } }], expect: ['c'] },
  { name: 'not this rule under α', nodes: ['lgT'], links: [direct], expect: [] },
]);

table('NW-AP-03', [
  { name: 'provisional warning: ISMAP-LIU is not named by the deck', model: 'alphaPrime', zones: [{ id: 'saas', kind: 'cloudService', ismap: 'ismapLiu', adminAuth: [...MFA] }], nodes: ['lgT'], links: [direct], expect: ['c'], severity: 'warning' },
  { name: 'compliant: ISMAP', model: 'alphaPrime', nodes: ['lgT'], links: [direct], expect: [] },
]);

table('NW-AP-02', [
  { name: 'violating: direct cloud connection in α', nodes: ['lgT'], links: [direct], expect: ['c'] },
  { name: 'violating: to a cloud area in β', model: 'beta', nodes: ['lgT', 'saasA'], links: [{ ...direct, to: 'saasA' }], organization: { csirt: true }, expect: ['c'] },
  { name: 'compliant: via screen transfer in α', nodes: ['lgT', 'screen'], links: [{ ...direct, purpose: 'web', via: ['screen'] }], expect: [] },
  { name: 'compliant: α′ allows it', model: 'alphaPrime', nodes: ['lgT'], links: [direct], expect: [] },
]);

table('NW-SC-01', [
  { name: 'compliant: through the security cloud zone', nodes: ['inS'], links: [{ from: 'inS', to: 'sc', purpose: 'web' }, { from: 'sc', to: 'net', purpose: 'web' }], expect: [] },
  { name: 'compliant: via a gateway in the security cloud', nodes: ['inS', 'scGw'], links: [{ from: 'inS', to: 'net', purpose: 'web', via: ['scGw'] }], expect: [] },
  { name: 'warning: straight to the internet', nodes: ['inS'], links: [{ id: 'o', from: 'inS', to: 'net', purpose: 'web' }], expect: ['o'], severity: 'warning' },
  { name: 'not this rule: remote access coming in', nodes: ['inT', 'raGw'], links: [{ from: 'net', to: 'inT', purpose: 'remoteAccess', via: ['raGw'], encrypted: true }], expect: [] },
]);

table('NW-MODEL-01', [
  { name: 'violating: α′ before R6.10', model: 'alphaPrime', edition: 'R5.3', expect: ['model'] },
  { name: 'compliant: α′ in R6.10', model: 'alphaPrime', edition: 'R6.10', expect: [] },
  { name: 'compliant: β in R5.3', model: 'beta', edition: 'R5.3', expect: [] },
]);

const audited = { csirt: true, monitoring247: true, externalAudit: { conductedOn: '2025-06-01', reportedToJlisOn: '2025-07-01' } };
table('NW-AUD-01', [
  { name: 'compliant: audit done and reported', model: 'beta', organization: audited, expect: [] },
  { name: 'violating: no audit recorded', model: 'beta', organization: { csirt: true }, expect: ['model'] },
  { name: 'violating: α′ audited but not reported', model: 'alphaPrime', organization: { externalAudit: { conductedOn: '2025-06-01' } }, expect: ['model'] },
  { name: 'not required under α', model: 'alpha', expect: [] },
]);

table('NW-BT-01', [
  { name: 'compliant: EDR and log collection', model: 'beta', organization: audited, nodes: ['inT'], expect: [] },
  { name: 'violating: no EDR', model: 'beta', organization: audited, nodes: [{ ...N.inT, edr: false }], expect: ['inT'] },
  { name: 'violating: no logs under β′', model: 'betaPrime', organization: audited, nodes: [{ ...N.inT, logCollection: undefined }], expect: ['inT'] },
  { name: 'not required under α', nodes: [{ ...N.inT, edr: false }], expect: [] },
]);

table('NW-BT-02', [
  { name: 'compliant: β with a CSIRT', model: 'beta', organization: { csirt: true }, expect: [] },
  { name: 'violating: β without a CSIRT', model: 'beta', organization: {}, expect: ['model'] },
  { name: 'violating: β′ without continuous monitoring', model: 'betaPrime', organization: { csirt: true }, expect: ['model'] },
  { name: 'compliant: β′ with continuous detection and monitoring', model: 'betaPrime', organization: { csirt: true, continuousMonitoring: true }, expect: [] },
  { name: 'compliant: β′ with the older key', model: 'betaPrime', organization: { csirt: true, monitoring247: true }, expect: [] },
]);

it('NW-BT-02 asks for continuous detection and monitoring, not 24/365 (MIC deck p.15)', () => {
  const f = run({ name: 'x', model: 'betaPrime', organization: { csirt: true }, expect: [] }).findings.find((x) => x.ruleId === 'NW-BT-02');
  expect(f?.message.ja).toContain('継続的な検知・監視');
  expect(f?.message.ja).not.toContain('365');
});

const literacy = { attestedOn: '2026-04-01', attestedBy: '情報政策課長', source: 'attestation' as const };
table('NW-BT-05', [
  { name: 'violating: β without staff literacy', model: 'beta', organization: { csirt: true }, expect: ['model'] },
  { name: 'violating: attestation without a date', model: 'beta', organization: { csirt: true, staffLiteracy: { attestedBy: '課長' } }, expect: ['model'] },
  { name: 'compliant: β with a dated attestation', model: 'beta', organization: { csirt: true, staffLiteracy: literacy }, expect: [] },
  { name: 'violating: β′ without standards compliance', model: 'betaPrime', organization: { csirt: true, staffLiteracy: literacy }, expect: ['model'] },
  { name: 'compliant: β′ with both attestations', model: 'betaPrime', organization: { csirt: true, staffLiteracy: literacy, standardsCompliance: literacy }, expect: [] },
  { name: 'not required under α', model: 'alpha', expect: [] },
]);

const docAsset = [{ name: '文書', confidentiality: '2' }];
table('NW-BT-03', [
  { name: 'compliant: per-asset access control', model: 'betaPrime', organization: audited, nodes: [{ ...N.inS, assets: docAsset, perAssetAccessControl: true }], expect: [] },
  { name: 'violating: assets without per-asset control', model: 'betaPrime', organization: audited, nodes: [{ ...N.inS, assets: docAsset }], expect: ['inS'] },
  { name: 'compliant: a server holding no assets', model: 'betaPrime', organization: audited, nodes: ['inS'], expect: [] },
]);

table('NW-BT-04', [
  { name: 'warning: confidentiality 2 in the internet segment under β', model: 'beta', organization: audited, nodes: [{ ...N.inS, assets: docAsset }], expect: ['inS'], severity: 'warning' },
  { name: 'compliant: confidentiality 1', model: 'beta', organization: audited, nodes: [{ ...N.inS, assets: [{ name: '公開情報', confidentiality: '1' }] }], expect: [] },
  { name: 'not this rule under β′', model: 'betaPrime', organization: audited, nodes: [{ ...N.inS, assets: docAsset, perAssetAccessControl: true }], expect: [] },
]);

table('NW-UP-01', [
  { name: 'compliant: LGWAN relay from LGWAN-ASP', nodes: ['lgR'], links: [{ from: 'lgR', to: 'asp', purpose: 'updates' }], expect: [] },
  { name: 'compliant: My Number from the J-LIS platform', nodes: ['mnS'], links: [designated('u', 'mnS', 'jlis')], expect: [] },
  { name: 'violating: LGWAN relay from the internet', nodes: ['lgR'], links: [{ id: 'u', from: 'lgR', to: 'net', purpose: 'updates' }], expect: ['u'] },
  { name: 'violating: even through a file sanitiser', nodes: ['lgR', 'inS', 'fileSan'], links: [{ id: 'u', from: 'inS', to: 'lgR', purpose: 'updates', via: ['fileSan'] }], expect: ['u'] },
  { name: 'violating: LGWAN terminal from a cloud service', nodes: ['lgT'], links: [{ id: 'u', from: 'lgT', to: 'saas', purpose: 'updates' }], expect: ['u'] },
  { name: 'not this rule: the internet segment itself', nodes: ['inS'], links: [{ from: 'inS', to: 'sc', purpose: 'updates' }], expect: [] },
]);

const apLg = (w: NodeDef['wireless']): NodeDef => ({ id: 'ap', kind: 'accessPoint', zone: 'lg', wireless: w });
const apMn = (w: NodeDef['wireless']): NodeDef => ({ id: 'ap', kind: 'accessPoint', zone: 'mn', wireless: w });
const full = { security: 'wpa3Enterprise', ieee8021x: true, clientCertificates: true, accessLogReview: true, firmwareCurrent: true } as const;
table('NW-WL-01', [
  { name: 'compliant: Enterprise, 802.1X and certificates', nodes: [apLg({ security: 'wpa2Enterprise', ieee8021x: true, clientCertificates: true })], expect: [] },
  { name: 'compliant before R7.3 without certificates', edition: 'R6.10', nodes: [apLg({ security: 'wpa3Enterprise', ieee8021x: true })], expect: [] },
  { name: 'violating from R7.3 without certificates', edition: 'R7.3', nodes: [apLg({ security: 'wpa3Enterprise', ieee8021x: true })], expect: ['ap'] },
  { name: 'violating: personal mode', nodes: [apLg({ security: 'wpa2Personal', ieee8021x: true, clientCertificates: true })], expect: ['ap'] },
  { name: 'violating: no wireless settings recorded', nodes: [{ id: 'ap', kind: 'accessPoint', zone: 'lg' }], expect: ['ap'] },
]);

table('NW-WL-02', [
  { name: 'compliant from R7.3 with every condition', nodes: [apMn(full)], expect: [] },
  { name: 'violating: any My Number wireless before R7.3', edition: 'R6.10', nodes: [apMn(full)], expect: ['ap'] },
  { name: 'violating: no access-log review', nodes: [apMn({ ...full, accessLogReview: false })], expect: ['ap'] },
]);

const ra: LinkDef = { id: 'r', from: 'net', to: 'inT', purpose: 'remoteAccess', via: ['raGw'], encrypted: true };
table('NW-RA-01', [
  { name: 'compliant: approved gateway with MFA, encrypted', nodes: ['inT', 'raGw'], links: [ra], expect: [] },
  { name: 'compliant: MFA on the link', nodes: ['inT', { ...N.raGw, auth: ['password'] }], links: [{ ...ra, auth: ['password', 'otpToken'] }], expect: [] },
  { name: 'violating: gateway not approved', nodes: ['inT', { ...N.raGw, approved: false }], links: [ra], expect: ['r'] },
  { name: 'violating: not encrypted', nodes: ['inT', 'raGw'], links: [{ ...ra, encrypted: false }], expect: ['r'] },
  { name: 'violating: no gateway at all', nodes: ['inT'], links: [{ ...ra, via: undefined }], expect: ['r'] },
  // The approvals register decides (issue 14): an approval that is in force keeps the link compliant;
  // one that expired, was withdrawn or is unknown makes the link unapproved and an open route.
  { name: 'compliant: the remote-access approval is in force', nodes: ['inT', 'raGw'], links: [{ ...ra, approvalId: 'ap-1' }], approvals: { 'ap-1': { state: 'approved_with_conditions', validUntil: '2027-03-31' } }, expect: [] },
  { name: 'violating: the remote-access approval expired', nodes: ['inT', 'raGw'], links: [{ ...ra, approvalId: 'ap-1' }], approvals: { 'ap-1': { state: 'expired', validUntil: '2026-11-30' } }, expect: ['r'] },
  { name: 'violating: the remote-access approval was withdrawn', nodes: ['inT', 'raGw'], links: [{ ...ra, approvalId: 'ap-1' }], approvals: { 'ap-1': { state: 'withdrawn', validUntil: null } }, expect: ['r'] },
  { name: 'violating: the approval is not in the register', nodes: ['inT', 'raGw'], links: [{ ...ra, approvalId: 'ap-9' }], approvals: {}, expect: ['r'] },
]);

describe('NW-RA-01 with an expired approval', () => {
  it('names the expiry and treats the link as an open route', () => {
    const base = { nodes: ['inT', 'raGw'] as Array<keyof typeof N>, links: [{ ...ra, approvalId: 'ap-1' }], expect: [] };
    const expired = run({ ...base, name: 'expired', approvals: { 'ap-1': { state: 'expired', validUntil: '2026-11-30' } } });
    const f = expired.findings.find((x) => x.ruleId === 'NW-RA-01');
    expect(f?.message.ja).toContain('有効期限切れ、2026-11-30まで');
    expect(f?.message.en).toContain('expired, valid until 2026-11-30');
    const inForce = run({ ...base, name: 'in force', approvals: { 'ap-1': { state: 'approved', validUntil: '2027-03-31' } } });
    // The expired tunnel is an unsanitised route again, so the separation rules see it too.
    expect(expired.findings.length).toBeGreaterThan(inForce.findings.length);
  });
});

table('NW-CL-01', [
  { name: 'compliant: cloud service and area with MFA', nodes: ['gcA'], expect: [] },
  { name: 'violating: cloud service without admin MFA', zones: [{ id: 'saas', kind: 'cloudService', ismap: 'ismap', adminAuth: ['password'] }], expect: ['saas'] },
  { name: 'violating: Government Cloud area without admin MFA', nodes: [{ ...N.gcA, adminAuth: undefined }], expect: ['gcA'] },
  { name: 'compliant: area inherits the Government Cloud zone setting', zones: [{ id: 'gc', kind: 'govCloud', adminAuth: [...MFA] }], nodes: [{ ...N.gcA, adminAuth: undefined }], expect: [] },
  { name: 'compliant: area in a cloud service is judged on the service', nodes: ['saasA'], expect: [] },
]);

const mnAsset = { name: '個人番号を含むデータ', confidentiality: '3B', myNumber: true, residentData: true };
table('NW-AS-01', [
  { name: 'compliant: in the My Number segment', nodes: [{ ...N.mnS, assets: [mnAsset] }], expect: [] },
  { name: 'compliant: on an inferred cloud area', nodes: ['mnT', { ...N.gcA, assets: [mnAsset] }], links: [{ from: 'mnT', to: 'gcA', purpose: 'business' }], expect: [] },
  { name: 'violating: on an LGWAN server', nodes: [{ ...N.lgS, assets: [mnAsset] }], expect: ['lgS'] },
  { name: 'violating: on a cloud area not linked to My Number', nodes: [{ ...N.gcA, assets: [mnAsset] }], expect: ['gcA'] },
]);

const a3A = [{ name: '秘文書', confidentiality: '3A' }];
table('NW-AS-02', [
  { name: 'compliant: on an LGWAN server', nodes: [{ ...N.lgS, assets: a3A }], expect: [] },
  { name: 'violating: on a Government Cloud area', nodes: [{ ...N.gcA, assets: a3A }], expect: ['gcA'] },
  { name: 'violating: in the internet segment', nodes: [{ ...N.inS, assets: a3A }], expect: ['inS'] },
]);

const a3B = [{ name: '住民情報', confidentiality: '3B', residentData: true }];
table('NW-AS-03', [
  { name: 'compliant: LGWAN segment', nodes: [{ ...N.lgS, assets: a3B }], expect: [] },
  { name: 'compliant: Government Cloud area', nodes: [{ ...N.gcA, assets: a3B }], expect: [] },
  { name: 'compliant: ISMAP cloud service', nodes: [{ ...N.saasA, assets: a3B }], expect: [] },
  { name: 'violating: ISMAP-LIU cloud service', zones: [{ id: 'saas', kind: 'cloudService', ismap: 'ismapLiu', adminAuth: [...MFA] }], nodes: [{ ...N.saasA, assets: a3B }], expect: ['saasA'] },
  { name: 'violating: internet segment', nodes: [{ ...N.inS, assets: a3B }], expect: ['inS'] },
  { name: 'violating: the older scheme’s 3 in the internet segment', nodes: [{ ...N.inS, assets: [{ name: '旧分類', confidentiality: '3' }] }], edition: 'R5.3', expect: ['inS'] },
]);

table('NW-AS-04', [
  { name: 'violating: confidentiality 2 on a uniform-terms service', zones: [{ id: 'saas', kind: 'cloudService', uniformTerms: true, adminAuth: [...MFA] }], nodes: [{ ...N.saasA, assets: docAsset }], expect: ['saasA'] },
  { name: 'compliant: confidentiality 1 there', zones: [{ id: 'saas', kind: 'cloudService', uniformTerms: true, adminAuth: [...MFA] }], nodes: [{ ...N.saasA, assets: [{ name: '公開資料', confidentiality: '1' }] }], expect: [] },
  { name: 'compliant: a contracted service', nodes: [{ ...N.saasA, assets: docAsset }], expect: [] },
]);

// Remote access into LGWAN (seed 002 II-2(2)): approved, encrypted, MFA is not an unsanitised route.
const raLg: LinkDef = { id: 'r', from: 'net', to: 'lgT', purpose: 'remoteAccess', via: ['raGw'], encrypted: true, remoteAccessNetwork: 'closedNetwork' };
table('NW-LG-01', [
  { name: 'compliant: approved encrypted MFA remote access into LGWAN', nodes: ['lgT', 'raGw'], links: [raLg], expect: [] },
  { name: 'violating: the same without encryption is an open route', nodes: ['lgT', 'raGw'], links: [{ ...raLg, encrypted: false }], expect: ['lgT'] },
]);
table('NW-RA-02', [
  { name: 'compliant: closed network', nodes: ['lgT', 'raGw'], links: [raLg], expect: [] },
  { name: 'warning: network not recorded', nodes: ['lgT', 'raGw'], links: [{ ...raLg, remoteAccessNetwork: undefined }], expect: ['r'], severity: 'warning' },
  { name: 'warning: internet without a recorded basis', nodes: ['lgT', 'raGw'], links: [{ ...raLg, remoteAccessNetwork: 'internet' }], expect: ['r'], severity: 'warning' },
  { name: 'compliant: internet with a recorded basis', nodes: ['lgT', 'raGw'], links: [{ ...raLg, remoteAccessNetwork: 'internet', notes: '情報セキュリティ委員会で個別に判断（令和8年5月）' }], expect: [] },
]);

// Seed 004 論点②: a managed-service link from the internet into the My Number segment.
const approval = { kind: 'managedService' as const, approvedBy: 'CISO', approvedOn: '2026-06-01', reference: '情政第12号', conditions: ['運用時間帯のみ接続', '操作ログを月次で確認'] };
const managed: LinkDef = { id: 'm', from: 'net', to: 'mnS', purpose: 'administration', encrypted: true, restriction: { addresses: true, ports: true }, auth: [...MFA], exception: approval };
const managedWithRequest: LinkDef = { ...managed, exception: { ...approval, approvalId: 'ex-1' } };
table('NW-MN-08', [
  { name: 'info: a complete, approved exception is shown', nodes: ['mnS'], links: [managed], expect: ['m'], severity: 'info' },
  { name: 'violating: no approval reference', nodes: ['mnS'], links: [{ ...managed, exception: { ...approval, reference: undefined } }], expect: ['m'] },
  { name: 'violating: not restricted', nodes: ['mnS'], links: [{ ...managed, restriction: { addresses: true } }], expect: ['m'] },
  { name: 'violating: an exception that does not cross the boundary', nodes: ['lgS'], links: [{ ...managed, to: 'lgS' }], expect: ['m'] },
]);
table('NW-MN-01', [
  { name: 'compliant: the approved exception is not a separation breach', nodes: ['mnS'], links: [managed], expect: [] },
  { name: 'violating: an incomplete exception still breaks the separation', nodes: ['mnS'], links: [{ ...managed, exception: { kind: 'managedService' } }], expect: ['mnS'] },
  { name: 'violating: the same link without an exception', nodes: ['mnS'], links: [{ ...managed, exception: undefined }], expect: ['mnS'] },
  { name: 'compliant: the exception names an approval in force', nodes: ['mnS'], links: [managedWithRequest], approvals: { 'ex-1': { state: 'approved', validUntil: '2027-03-31' } }, expect: [] },
  { name: 'violating: the exception\'s approval expired', nodes: ['mnS'], links: [managedWithRequest], approvals: { 'ex-1': { state: 'expired', validUntil: '2026-11-30' } }, expect: ['mnS'] },
]);
it('the approved exception names who approved it, when, the reference and conditions', () => {
  const f = run({ name: 'x', nodes: ['mnS'], links: [managed], expect: [] }).findings.find((x) => x.ruleId === 'NW-MN-08');
  expect(f?.message.ja).toContain('CISO');
  expect(f?.message.ja).toContain('2026-06-01');
  expect(f?.message.ja).toContain('情政第12号');
  expect(f?.message.ja).toContain('操作ログを月次で確認');
  expect(f?.provisional).toBe(true);
});

const REG = '0190f2a8-7d4c-7000-8000-000000000001';
table('NW-AS-05', [
  { name: 'compliant: register and model agree', nodes: [{ ...N.lgS, assets: [REG] }], register: [{ id: REG, name: '人事データ', confidentiality: '3C', segment: 'lgwan', flags: { residentData: false, myNumber: false } }], expect: [] },
  { name: 'warning: the register says internet', nodes: [{ ...N.lgS, assets: [REG] }], register: [{ id: REG, name: '人事データ', confidentiality: '3C', segment: 'internet', flags: { residentData: false, myNumber: false } }], expect: ['lgS'], severity: 'warning' },
  { name: 'not judged for assets declared in the model', nodes: [{ ...N.lgS, assets: [{ name: 'x', confidentiality: '2' }] }], expect: [] },
]);

describe('register assets feed the class rules', () => {
  it('a register asset with My Number data on an LGWAN server is reported; unresolved ones are counted', () => {
    const c: Case = {
      name: 'register',
      nodes: [{ ...N.lgS, assets: [REG, '0190f2a8-7d4c-7000-8000-000000000002'] }],
      register: [{ id: REG, name: '番号付きデータ', confidentiality: '3B', segment: 'lgwan', flags: { residentData: true, myNumber: true } }],
      expect: [],
    };
    const r = run(c);
    expect(r.findings.filter((f) => f.ruleId === 'NW-AS-01').map((f) => f.element.id)).toEqual(['lgS']);
    expect(r.unresolvedAssets).toBe(1);
  });
});

describe('findings and summary', () => {
  it('every rule has bilingual texts, and provisional rules say why', async () => {
    const { RULES } = await import('./index');
    for (const r of RULES) {
      for (const t of [r.title, r.explanation, r.remedy]) {
        expect(t.ja, r.id).toMatch(/[ぁ-んァ-ン一-龥]/);
        expect(t.en, r.id).toMatch(/[a-z]/);
      }
      if (r.provisional) expect(r.provisionalNote, r.id).toBeDefined();
    }
  });

  it('the summary counts by severity and findings come errors first', () => {
    const r = run({
      name: 'mixed',
      nodes: [{ ...N.mnT, auth: ['password'] }, 'gcA', 'inS'],
      links: [{ from: 'mnT', to: 'gcA', purpose: 'business' }, { from: 'inS', to: 'net', purpose: 'web' }],
      expect: [],
    });
    expect(r.summary).toEqual({ error: 1, warning: 1, info: 1, total: 3 });
    expect(r.findings.map((f) => f.severity)).toEqual(['error', 'warning', 'info']);
    expect(r.findings[2].inferred).toBe(true);
  });

  it('a limit keeps the worst findings and says how many were left out', () => {
    const graph = validateModel(
      sourceFromData(doc({ name: 'many', nodes: [{ ...N.mnT, auth: ['password'] }, 'gcA'], links: [{ from: 'mnT', to: 'gcA', purpose: 'business' }], expect: [] })),
    );
    const r = checkGraph(graph, { edition: 'R8.3', limit: 1 });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].severity).toBe('error');
    expect(r.truncated).toBe(1);
    expect(r.summary.total).toBe(2);
  });
});
