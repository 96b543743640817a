import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { japanDate } from '@shared/era';
import type { CompareResult, CoverageResult, EditionProposal, PolicySummary, VersionDetail } from '@shared/documents';
import { as, createOrg, createTestApp, createUser, type Session, sessionFor, type TestApp } from './helpers/app';
import { testDbKind } from './helpers/db';
import { systemCtx } from '../server/platform/context';
import { compareVersions } from '../server/modules/documents/documents.compare';
import { seedDemoPolicy } from '../server/modules/documents/documents.demo';
import { listPolicies } from '../server/modules/documents/documents.service';

let t: TestApp;
let orgId: string;
let otherOrgId: string;
let writer: Session;
let writer2: Session;
let approver: Session;
let both: Session;
let staff: Session;
let outsider: Session;

beforeAll(async () => {
  t = await createTestApp();
  const org = await createOrg(t.app, { name: 'しるべ試験市', lgCode: '139998' });
  orgId = org.id;
  otherOrgId = (await createOrg(t.app, { name: '別の町' })).id;
  writer = await sessionFor(t.app, await createUser(t.app, orgId, { roles: ['chiefSecurityManager'], mfa: true }));
  writer2 = await sessionFor(t.app, await createUser(t.app, orgId, { roles: ['chiefSecurityManager'], mfa: true }));
  approver = await sessionFor(t.app, await createUser(t.app, orgId, { roles: ['ciso'], mfa: true }));
  both = await sessionFor(t.app, await createUser(t.app, orgId, { roles: ['ciso', 'chiefSecurityManager'], mfa: true }));
  staff = await sessionFor(t.app, await createUser(t.app, orgId, { roles: [['staff', 'x']] }));
  outsider = await sessionFor(t.app, await createUser(t.app, otherOrgId, { roles: ['chiefSecurityManager', 'ciso'], mfa: true }));
});
afterAll(() => t?.close());

async function create(s: Session, body: Record<string, unknown> = {}) {
  const res = await as(t.app, s, { method: 'POST', url: '/api/policies', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { policyId: string; versionId: string };
}

async function detail(s: Session, versionId: string): Promise<VersionDetail> {
  const res = await as(t.app, s, { method: 'GET', url: `/api/policy/versions/${versionId}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

function article(d: VersionDetail, template: string, key: string) {
  const a = d.documents.find((x) => x.template === template)?.articles.find((x) => x.key === key);
  if (!a) throw new Error(`no ${template} ${key}`);
  return a;
}

async function docxXml(buf: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  const file = zip.file('word/document.xml');
  if (!file) throw new Error('word/document.xml missing');
  return file.async('string');
}

describe(`policy documents on ${testDbKind()}`, () => {
  let policyId: string;
  let v1: string;

  beforeAll(async () => {
    ({ policyId, versionId: v1 } = await create(writer, { edition: 'R7.3', choices: { networkModel: 'alpha', wirelessLan: false, roleHolders: { ciso: '副市長' } } }));
  });

  // ---- refusals first ---------------------------------------------------------------------------

  it('answers 401 to anonymous requests', async () => {
    expect((await as(t.app, null, { method: 'GET', url: '/api/policies' })).statusCode).toBe(401);
    expect((await as(t.app, null, { method: 'GET', url: `/api/policy/versions/${v1}` })).statusCode).toBe(401);
  });

  it('answers 403 when the role lacks the action', async () => {
    const res = await as(t.app, staff, { method: 'POST', url: '/api/policies', payload: {} });
    expect(res.statusCode).toBe(403);
    const approve = await as(t.app, writer2, { method: 'POST', url: `/api/policy/versions/${v1}/approve`, payload: { decisionRef: '決定', effectiveFrom: '2026-04-01' } });
    expect(approve.statusCode).toBe(403);
    // Every member may read the policy.
    expect((await as(t.app, staff, { method: 'GET', url: `/api/policy/versions/${v1}` })).statusCode).toBe(200);
  });

  it("answers 404 for another organisation's versions, articles and documents", async () => {
    const d = await detail(writer, v1);
    const a = article(d, 'standards', 'KB-1.1');
    expect((await as(t.app, outsider, { method: 'GET', url: `/api/policy/versions/${v1}` })).statusCode).toBe(404);
    expect((await as(t.app, outsider, { method: 'GET', url: `/api/policies/${policyId}` })).statusCode).toBe(404);
    const patch = await as(t.app, outsider, { method: 'PATCH', url: `/api/policy/articles/${a.id}`, payload: { revision: a.revision, body: '乗っ取り' } });
    expect(patch.statusCode).toBe(404);
    const doc = await as(t.app, outsider, { method: 'PATCH', url: `/api/policy/documents/${d.documents[1].id}`, payload: { isPublic: true } });
    expect(doc.statusCode).toBe(404);
    const cmp = await as(t.app, outsider, { method: 'GET', url: `/api/policy/compare?from=${v1}&to=${v1}` });
    expect(cmp.statusCode).toBe(404);
    expect((await detail(writer, v1)).documents[1].isPublic).toBe(false);
    expect(article(await detail(writer, v1), 'standards', 'KB-1.1').body).not.toContain('乗っ取り');
  });

  it('answers 400 naming the field for bad choices', async () => {
    const res = await as(t.app, writer, { method: 'POST', url: '/api/policies', payload: { choices: { networkModel: 'gamma', orgSize: 'huge' } } });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('choices.networkModel');
    expect(fields).toContain('choices.orgSize');
    const opt = await as(t.app, writer, { method: 'POST', url: '/api/policies', payload: { choices: { optional: { 'KB-6.1.13': false } } } });
    expect(opt.statusCode).toBe(400);
    expect(opt.json().errors[0].field).toBe('choices.optional.KB-6.1.13');
    expect(opt.json().errors[0].message.ja).toContain('推奨事項');
  });

  it('answers 404 naming an unknown edition', async () => {
    const res = await as(t.app, writer, { method: 'POST', url: '/api/policies', payload: { edition: 'R99.9' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().messages.ja).toContain('R99.9');
    const changes = await as(t.app, writer, { method: 'GET', url: `/api/policy/versions/${v1}/edition-changes?edition=R99.9` });
    expect(changes.statusCode).toBe(404);
    const opts = await as(t.app, writer, { method: 'GET', url: '/api/policy/options?edition=R99.9' });
    expect(opts.statusCode).toBe(404);
  });

  // ---- generation and editing ---------------------------------------------------------------------

  it('generates the basic policy, the standards and the four procedures with the catalog items beside them', async () => {
    const d = await detail(staff, v1);
    expect(d.version.status).toBe('draft');
    expect(d.version.edition).toBe('R7.3');
    expect(d.documents.map((x) => x.template)).toEqual(['basicPolicy', 'standards', 'cloud', 'classification', 'incident', 'disposal']);
    expect(d.documents[0].isPublic).toBe(true);
    expect(d.documents.slice(1).every((x) => !x.isPublic)).toBe(true);
    expect(d.documents[0].title).toBe('しるべ試験市情報セキュリティ基本方針');
    const bp = d.documents[0].articles;
    expect(bp.map((a) => a.key)).toEqual(Array.from({ length: 10 }, (_, i) => `BP-${i + 1}`));
    const wifi = article(d, 'standards', 'KB-6.1.13');
    expect(wifi.label).toBe('(13)');
    expect(wifi.body).toContain('無線LANを使わない');
    expect(d.catalog['KB-6.1.13'].title).toBe('無線LAN及びネットワークの盗聴対策');
    expect(d.catalog['KB-6.1.13'].summary.ja.length).toBeGreaterThan(10);
    const betaOnly = article(d, 'standards', 'KB-3.3.3');
    expect(betaOnly.included).toBe(false);
    expect(betaOnly.omitReason).toContain('αモデル');
    const select = article(d, 'cloud', 'cloud:selection');
    expect(select.catalogIds).toContain('KB-8.3.2');
    expect(d.documents.find((x) => x.template === 'cloud')?.implements).toContain('KB-8.3');
    expect(article(d, 'standards', 'KB-1.1').body).toContain('副市長をもって充てる');
  });

  it('saves an edit with the revision and refuses a stale save as a conflict, keeping both texts', async () => {
    const d = await detail(writer, v1);
    const a = article(d, 'standards', 'KB-5.4.3');
    const first = await as(t.app, writer, { method: 'PATCH', url: `/api/policy/articles/${a.id}`, payload: { revision: a.revision, body: `${a.body}\n2　パスワードは12文字以上とする。` } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().revision).toBe(a.revision + 1);
    const second = await as(t.app, writer2, { method: 'PATCH', url: `/api/policy/articles/${a.id}`, payload: { revision: a.revision, body: '別の職員の文面' } });
    expect(second.statusCode).toBe(409);
    const body = second.json();
    expect(body.code).toBe('edit_conflict');
    expect(body.messages.ja).toContain('保存されていません');
    expect(body.current.body).toContain('12文字以上');
    expect(body.current.revision).toBe(a.revision + 1);
    expect(body.refused.body).toBe('別の職員の文面');
    const after = article(await detail(writer, v1), 'standards', 'KB-5.4.3');
    expect(after.body).toContain('12文字以上');
    expect(after.editedFromModel).toBe(true);
    // Saving again on top of the current revision works.
    const retry = await as(t.app, writer2, { method: 'PATCH', url: `/api/policy/articles/${a.id}`, payload: { revision: body.current.revision, body: `${body.current.body}\n3　別の職員の追記。` } });
    expect(retry.statusCode).toBe(200);
  });

  it('requires a reason to omit an article', async () => {
    const a = article(await detail(writer, v1), 'standards', 'KB-6.1.11');
    const res = await as(t.app, writer, { method: 'PATCH', url: `/api/policy/articles/${a.id}`, payload: { revision: a.revision, included: false } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('omitReason');
    const ok = await as(t.app, writer, { method: 'PATCH', url: `/api/policy/articles/${a.id}`, payload: { revision: a.revision, included: false, omitReason: '複合機を保有していないため' } });
    expect(ok.statusCode).toBe(200);
  });

  it('adds an own article after a model article with a branch number, and lists it as going beyond the catalog', async () => {
    const d = await detail(writer, v1);
    const standards = d.documents.find((x) => x.template === 'standards');
    const res = await as(t.app, writer, { method: 'POST', url: `/api/policy/versions/${v1}/articles`, payload: { documentId: standards?.id, afterKey: 'KB-6.2.2', heading: 'テレワークの実施', body: 'テレワークは許可を得て行う。' } });
    expect(res.statusCode, res.body).toBe(201);
    const after = await detail(writer, v1);
    const keys = after.documents[1].articles.map((a) => a.key);
    const own = after.documents[1].articles.find((a) => a.heading === 'テレワークの実施');
    expect(own?.label).toBe('(2の2)');
    expect(own?.origin).toBe('custom');
    expect(keys.indexOf(own?.key ?? '')).toBe(keys.indexOf('KB-6.2.2') + 1);
    const cov = (await as(t.app, writer, { method: 'GET', url: `/api/policy/versions/${v1}/coverage` })).json() as CoverageResult;
    expect(cov.beyond.map((b) => b.heading)).toContain('テレワークの実施');
    const omitted = cov.rows.find((r) => r.id === 'KB-6.1.11');
    expect(omitted?.status).toBe('omitted');
    expect(omitted?.omitReason).toBe('複合機を保有していないため');
    expect(cov.rows.find((r) => r.id === 'KB-8.3.2')?.procedures.map((p) => p.heading)).toContain('選定');
    expect(cov.counts.covered).toBeGreaterThan(150);
    const model = after.documents[1].articles.find((a) => a.key === 'KB-1.1');
    const del = await as(t.app, writer, { method: 'DELETE', url: `/api/policy/articles/${model?.id}` });
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe('model_article');
  });

  // ---- approval, versions, publication --------------------------------------------------------------

  it('refuses approval by the drafter, then approves with the committee decision and the effective date', async () => {
    const mine = await create(both, { edition: 'R8.3' });
    const self = await as(t.app, both, { method: 'POST', url: `/api/policy/versions/${mine.versionId}/approve`, payload: { decisionRef: '委員会決定', effectiveFrom: '2026-04-01' } });
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('self_approval');
    const bad = await as(t.app, approver, { method: 'POST', url: `/api/policy/versions/${v1}/approve`, payload: { decisionRef: '', effectiveFrom: '2026-02-30' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['decisionRef', 'effectiveFrom']);
    const ok = await as(t.app, approver, { method: 'POST', url: `/api/policy/versions/${v1}/approve`, payload: { decisionRef: '令和7年6月20日 情報セキュリティ委員会決定', effectiveFrom: '2025-07-01' } });
    expect(ok.statusCode, ok.body).toBe(204);
    const d = await detail(writer, v1);
    expect(d.version.status).toBe('approved');
    expect(d.version.state).toBe('inForce');
    expect(d.version.approvedByLabel).toContain('@');
    expect(d.version.decisionRef).toBe('令和7年6月20日 情報セキュリティ委員会決定');
    expect(d.editable).toBe(false);
    const again = await as(t.app, approver, { method: 'POST', url: `/api/policy/versions/${v1}/approve`, payload: { decisionRef: 'x', effectiveFrom: '2026-01-01' } });
    expect(again.statusCode).toBe(409);
  });

  it('refuses to edit an approved version and tells the user to start a new draft', async () => {
    const a = article(await detail(writer, v1), 'standards', 'KB-1.2');
    const res = await as(t.app, writer, { method: 'PATCH', url: `/api/policy/articles/${a.id}`, payload: { revision: a.revision, body: '変更' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('version_not_editable');
    expect(res.json().messages.ja).toContain('新しい版を起案');
    const doc = await as(t.app, writer, { method: 'PATCH', url: `/api/policy/documents/${(await detail(writer, v1)).documents[1].id}`, payload: { isPublic: true } });
    expect(doc.statusCode).toBe(409);
    expect(article(await detail(writer, v1), 'standards', 'KB-1.2').body).not.toBe('変更');
  });

  it('shows only the basic policy in force on the public page', async () => {
    const res = await as(t.app, null, { method: 'GET', url: '/api/public/policies/139998' });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.organization.name).toBe('しるべ試験市');
    expect(p.documents.map((d: { template: string }) => d.template)).toEqual(['basicPolicy']);
    expect(p.documents[0].articles).toHaveLength(10);
    expect(JSON.stringify(p)).not.toContain('をもって充てる');
    expect((await as(t.app, null, { method: 'GET', url: `/api/public/policies/${otherOrgId}` })).statusCode).toBe(404);
    expect((await as(t.app, null, { method: 'GET', url: '/api/public/policies/not-an-org' })).statusCode).toBe(404);
  });

  let v2: string;
  it('starts the next draft from the approved version, and only one draft at a time', async () => {
    const res = await as(t.app, writer, { method: 'POST', url: `/api/policies/${policyId}/drafts`, payload: { note: '改正案' } });
    expect(res.statusCode, res.body).toBe(201);
    v2 = res.json().versionId;
    const twice = await as(t.app, writer, { method: 'POST', url: `/api/policies/${policyId}/drafts`, payload: {} });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('draft_exists');
    expect(twice.json().draftId).toBe(v2);
    const d = await detail(writer, v2);
    expect(d.version.versionNo).toBe(2);
    expect(d.version.basedOnId).toBe(v1);
    expect(article(d, 'standards', 'KB-5.4.3').body).toContain('12文字以上');
    const list = (await as(t.app, writer, { method: 'GET', url: '/api/policies' })).json().items as PolicySummary[];
    const mine = list.find((p) => p.id === policyId);
    expect(mine?.inForceId).toBe(v1);
    expect(mine?.draftId).toBe(v2);
  });

  it('produces the 新旧対照表 of two versions with the changed words marked', async () => {
    const d = await detail(writer, v2);
    const a = article(d, 'standards', 'KB-5.2.4');
    await as(t.app, writer, { method: 'PATCH', url: `/api/policy/articles/${a.id}`, payload: { revision: a.revision, body: a.body.replace('研修と訓練', '研修、訓練及び演習') } });
    const res = await as(t.app, writer, { method: 'GET', url: `/api/policy/compare?from=${v1}&to=${v2}` });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json() as CompareResult;
    expect(c.counts).toEqual({ added: 0, removed: 0, changed: 1 });
    const row = c.rows[0];
    expect(row.key).toBe('KB-5.2.4');
    expect(row.afterSegments.filter((s) => s.changed).map((s) => s.text).join('')).toContain('演習');
    expect(row.beforeSegments.filter((s) => s.changed).map((s) => s.text).join('')).not.toContain('研修');
    const docx = await as(t.app, writer, { method: 'GET', url: `/api/policy/compare?from=${v1}&to=${v2}&format=docx` });
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const xml = await docxXml(docx.rawPayload);
    expect(xml).toContain('<w:tbl>');
    expect(xml.indexOf('改正後')).toBeLessThan(xml.indexOf('改正前'));
    expect(xml).toMatch(/<w:u w:val="single"\/>[\s\S]*?演習/);
  });

  it('shows what the R8.3 edition changes for a policy on R7.3, and applies the decisions into the draft', async () => {
    const older = await as(t.app, writer, { method: 'GET', url: `/api/policy/versions/${v2}/edition-changes?edition=R6.10` });
    expect(older.statusCode).toBe(400);
    expect(older.json().errors[0].code).toBe('edition_not_newer');
    const res = await as(t.app, writer, { method: 'GET', url: `/api/policy/versions/${v2}/edition-changes?edition=R8.3` });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as EditionProposal;
    const byKey = new Map(p.entries.map((e) => [e.key, e]));
    // R8.3's USB measures change an existing item's text (no invented KB-4.4.6 / KB-6.5.8).
    expect(byKey.has('KB-4.4.6')).toBe(false);
    expect(byKey.has('KB-6.5.8')).toBe(false);
    expect(byKey.get('KB-4.4.5')?.change).toBe('change');
    expect(byKey.get('KB-4.1.7')?.change).toBe('change');
    expect(byKey.get('KB-4.1.7')?.proposed?.body).toContain('「破壊」又は「除去」');
    expect(byKey.get('KB-4.1.7')?.current?.body).not.toContain('「破壊」又は「除去」');
    expect(byKey.get('disposal:method')?.change).toBe('change');
    // Edits the organisation made stay out of the proposal.
    expect(byKey.has('KB-5.4.3')).toBe(false);

    const missing = await as(t.app, writer, { method: 'POST', url: `/api/policy/versions/${v2}/edition-changes`, payload: { edition: 'R8.3', decisions: [] } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.length).toBe(p.entries.length);

    const decisions = p.entries.map((e) => ({ template: e.documentTemplate, key: e.key, accept: e.key !== 'KB-4.4.5', reason: e.key === 'KB-4.4.5' ? 'USBメモリを使わないため' : undefined }));
    const apply = await as(t.app, writer, { method: 'POST', url: `/api/policy/versions/${v2}/edition-changes`, payload: { edition: 'R8.3', decisions } });
    expect(apply.statusCode, apply.body).toBe(200);
    expect(apply.json().versionId).toBe(v2);
    const d = await detail(writer, v2);
    expect(d.version.edition).toBe('R8.3');
    expect(article(d, 'standards', 'KB-4.4.5').body).not.toContain('USBメモリ等の貸出し');
    expect(article(d, 'standards', 'KB-4.1.7').body).toContain('「破壊」又は「除去」');
    expect(article(d, 'standards', 'KB-5.4.3').body).toContain('12文字以上');
    const keys = d.documents[1].articles.map((a) => a.key);
    const own = d.documents[1].articles.find((a) => a.heading === 'テレワークの実施');
    expect(keys.indexOf(own?.key ?? '')).toBe(keys.indexOf('KB-6.2.2') + 1);
    const nothing = (await as(t.app, writer, { method: 'GET', url: `/api/policy/versions/${v2}/edition-changes?edition=R8.3` })).json() as EditionProposal;
    expect(nothing.entries).toEqual([]);
  });

  it('exports the standards as .docx with guideline numbering, headings and page numbers', async () => {
    const res = await as(t.app, writer, { method: 'GET', url: `/api/policy/versions/${v1}/export?format=docx&scope=standards` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const xml = await docxXml(res.rawPayload);
    expect(xml).toContain('w:val="Heading1"');
    expect(xml).toContain('w:val="Heading2"');
    expect(xml).toContain('w:val="Heading3"');
    expect(xml).toContain('1.　組織体制');
    expect(xml).toContain('6.1　コンピュータ及びネットワークの管理');
    expect(xml).toContain('(13)　無線LAN及びネットワークの盗聴対策');
    expect(xml).toContain('令和7年7月1日施行');
    expect(xml).not.toContain('βモデル）を採るに当たっては');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const footers = Object.keys(zip.files).filter((f) => /word\/footer\d*\.xml/.test(f));
    expect(footers.length).toBeGreaterThan(0);
    const footer = await zip.file(footers[0])?.async('string');
    expect(footer).toMatch(/PAGE/);
    const html = await as(t.app, writer, { method: 'GET', url: `/api/policy/versions/${v1}/export?format=html&scope=basicPolicy` });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('<h2>1　目的</h2>');
    expect(html.body).not.toContain('対策基準</h1>');
  });

  it('keeps standards off the public page until a version marks them public', async () => {
    const d = await detail(writer, v2);
    const res = await as(t.app, writer, { method: 'PATCH', url: `/api/policy/documents/${d.documents[1].id}`, payload: { isPublic: true } });
    expect(res.statusCode).toBe(204);
    const ok = await as(t.app, approver, { method: 'POST', url: `/api/policy/versions/${v2}/approve`, payload: { decisionRef: '委員会決定', effectiveFrom: japanDate() } });
    expect(ok.statusCode, ok.body).toBe(204);
    const pub = (await as(t.app, null, { method: 'GET', url: '/api/public/policies/139998' })).json();
    expect(pub.version.versionNo).toBe(2);
    expect(pub.documents.map((x: { template: string }) => x.template)).toEqual(['basicPolicy', 'standards']);
    const v1d = await detail(writer, v1);
    expect(v1d.version.state).toBe('superseded');
  });

  it('records every write in the audit trail', async () => {
    const rows = await t.app.deps.db.selectFrom('auditEvents').select(['action']).where('tenantId', '=', orgId).execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['policy.create', 'policy.article.update', 'policy.article.create', 'policy.version.approve', 'policy.draft.create', 'policy.edition.apply', 'policy.document.update']) expect(actions, a).toContain(a);
  });

  it('previews and applies a change of network model on the same edition', async () => {
    const x = await create(writer, { edition: 'R8.3', choices: { networkModel: 'alpha' } });
    const res = await as(t.app, staff, { method: 'POST', url: `/api/policy/versions/${x.versionId}/edition-changes/preview`, payload: { choices: { networkModel: 'alphaPrime' } } });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as EditionProposal;
    const byKey = new Map(p.entries.map((e) => [e.key, e]));
    expect(byKey.get('KB-3.2.3')?.change).toBe('add');
    expect(byKey.get('KB-9.1.1')?.change).toBe('change');
    expect(byKey.get('KB-9.1.1')?.proposed?.body).toContain('J-LIS');
    expect(byKey.has('KB-3.3.3')).toBe(false);
    const decisions = p.entries.map((e) => ({ template: e.documentTemplate, key: e.key, accept: true }));
    const apply = await as(t.app, writer, { method: 'POST', url: `/api/policy/versions/${x.versionId}/edition-changes`, payload: { edition: 'R8.3', choices: { networkModel: 'alphaPrime' }, decisions } });
    expect(apply.statusCode, apply.body).toBe(200);
    const d = await detail(writer, x.versionId);
    expect(d.version.choices.networkModel).toBe('alphaPrime');
    expect(article(d, 'standards', 'KB-3.2.3').included).toBe(true);
    expect(article(d, 'standards', 'KB-3.3.3').included).toBe(false);
    await as(t.app, writer, { method: 'DELETE', url: `/api/policy/versions/${x.versionId}` });
  });

  it('seeds the demo city with version 1 in force and version 2 drafted', async () => {
    const demo = await createOrg(t.app, { name: '【デモ】しるべ市', isDemo: 1 });
    await createUser(t.app, demo.id, { roles: ['ciso'], email: 'ciso@demo.shirube.invalid' });
    await seedDemoPolicy(t.app.deps, systemCtx(demo.id, 'system:demo'));
    const [p] = (await listPolicies(t.app.deps, systemCtx(demo.id))).items;
    expect(p.versions.map((v) => [v.versionNo, v.state, v.edition])).toEqual([
      [1, 'inForce', 'R7.3'],
      [2, 'draft', 'R7.3'],
    ]);
    expect(p.versions[0].approvedByLabel).toContain('ciso@demo.shirube.invalid');
    const c = await compareVersions(t.app.deps, systemCtx(demo.id), p.versions[0].id, p.versions[1].id);
    expect(c.counts).toEqual({ added: 1, removed: 0, changed: 1 });
  });

  it('discards a draft, and the policy with it when it was the only version', async () => {
    const x = await create(writer, {});
    const res = await as(t.app, writer, { method: 'DELETE', url: `/api/policy/versions/${x.versionId}` });
    expect(res.statusCode).toBe(204);
    expect((await as(t.app, writer, { method: 'GET', url: `/api/policies/${x.policyId}` })).statusCode).toBe(404);
    const approved = await as(t.app, writer, { method: 'DELETE', url: `/api/policy/versions/${v1}` });
    expect(approved.statusCode).toBe(409);
  });
});
