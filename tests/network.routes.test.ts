import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createOrg, createTestApp, createUser, type Session, sessionFor, type TestApp } from './helpers/app';
import { insertAsset } from './helpers/assets';
import { testDbKind } from './helpers/db';
import { makeNetworkModel, SMALL_MODEL } from './helpers/network';
import { systemCtx } from '../server/platform/context';
import { seedDemoNetwork } from '../server/modules/network/network.demo';

/** Network models: access, validation with file positions, versions, audit, export, checks. */

let t: TestApp;
let org: string;
let chief: Session;
let operator: Session;
let staff: Session;
let outsider: Session;
let otherModel: { modelId: string; versionId: string };

beforeAll(async () => {
  t = await createTestApp({ SHIRUBE_IMPORT_LIMIT_MB: '1' });
  org = (await createOrg(t.app)).id;
  chief = await sessionFor(t.app, await createUser(t.app, org, { roles: ['chiefSecurityManager'], mfa: true }));
  operator = await sessionFor(t.app, await createUser(t.app, org, { roles: [['systemOperator', 'none']] }));
  staff = await sessionFor(t.app, await createUser(t.app, org, { roles: [['staff', 'none']] }));
  const other = (await createOrg(t.app)).id;
  outsider = await sessionFor(t.app, await createUser(t.app, other, { roles: ['chiefSecurityManager'], mfa: true }));
  otherModel = await makeNetworkModel(t.app, other, '他団体の構成');
});
afterAll(() => t?.close());

function multipart(fields: Record<string, string>, filename: string, content: Buffer | string) {
  const boundary = '----shirube-network-test';
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([...parts, head, Buffer.from(content), tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function counts() {
  const models = await t.app.deps.db.selectFrom('networkModels').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', org).executeTakeFirstOrThrow();
  const versions = await t.app.deps.db.selectFrom('networkModelVersions').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', org).executeTakeFirstOrThrow();
  const audit = await t.app.deps.db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', org).where('action', 'like', 'network.%').executeTakeFirstOrThrow();
  return { models: Number(models.n), versions: Number(versions.n), audit: Number(audit.n) };
}

const BAD_PURPOSE = SMALL_MODEL.replace('purpose: business', 'purpose: chat');

describe(`network models on ${testDbKind()}`, () => {
  it('answers 401 without a session', async () => {
    const res = await as(t.app, null, { method: 'GET', url: '/api/network/models' });
    expect(res.statusCode).toBe(401);
  });

  it('answers 403 to roles without the action', async () => {
    expect((await as(t.app, staff, { method: 'GET', url: '/api/network/models' })).statusCode).toBe(403);
    const write = await as(t.app, operator, { method: 'POST', url: '/api/network/models', payload: { name: 'x', source: SMALL_MODEL } });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('forbidden');
    // Reading is allowed to the system operator.
    expect((await as(t.app, operator, { method: 'GET', url: '/api/network/models' })).statusCode).toBe(200);
  });

  it("answers 404 for another organisation's model and versions, for reads and writes", async () => {
    const { modelId, versionId } = otherModel;
    for (const [method, url, payload] of [
      ['GET', `/api/network/models/${modelId}`, undefined],
      ['PATCH', `/api/network/models/${modelId}`, { name: '乗っ取り' }],
      ['POST', `/api/network/models/${modelId}/versions`, { source: SMALL_MODEL }],
      ['GET', `/api/network/versions/${versionId}`, undefined],
      ['GET', `/api/network/versions/${versionId}/check`, undefined],
      ['GET', `/api/network/versions/${versionId}/export`, undefined],
    ] as const) {
      const res = await as(t.app, chief, { method, url, payload });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const imp = await as(t.app, chief, { method: 'POST', url: `/api/network/models/${modelId}/versions/import`, ...multipart({}, 'm.yaml', SMALL_MODEL) });
    expect(imp.statusCode).toBe(404);
    // The other organisation's model stays as it was, and does not show in our list.
    const list = await as(t.app, chief, { method: 'GET', url: '/api/network/models' });
    expect(list.json().items.map((m: { id: string }) => m.id)).not.toContain(modelId);
  });

  it('answers 400 naming the field for a bad request body', async () => {
    const res = await as(t.app, chief, { method: 'POST', url: '/api/network/models', payload: { source: SMALL_MODEL } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('name');
  });

  it('an invalid model is refused with file, line and column, and nothing is saved', async () => {
    const before = await counts();
    const res = await as(t.app, chief, { method: 'POST', url: '/api/network/models', payload: { name: '誤りのある構成', source: BAD_PURPOSE } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('network_model_invalid');
    expect(body.messages.ja).toContain('何も保存していません');
    expect(body.errors).toEqual([expect.objectContaining({ code: 'unknown_purpose', file: 'model.yaml', line: 12, col: 47 })]);

    const dup = SMALL_MODEL.replace('{ id: lg-t,', '{ id: mn-s,');
    const res2 = await as(t.app, chief, { method: 'POST', url: '/api/network/models/import', ...multipart({ name: '重複' }, 'dup.yaml', dup) });
    expect(res2.statusCode).toBe(400);
    expect(res2.json().errors).toEqual([expect.objectContaining({ code: 'duplicate_id', file: 'dup.yaml', line: 10 })]);

    const json = await as(t.app, chief, { method: 'POST', url: '/api/network/models/import', ...multipart({ name: 'JSON' }, 'bad.json', '{\n  "format": "shirube-network/1",\n  "model": alpha\n}') });
    expect(json.statusCode).toBe(400);
    expect(json.json().errors).toEqual([expect.objectContaining({ code: 'json_syntax', file: 'bad.json', line: 3, col: 12 })]);

    const notUtf8 = await as(t.app, chief, { method: 'POST', url: '/api/network/models/import', ...multipart({ name: 'SJIS' }, 'sjis.yaml', Buffer.from([0x82, 0xa0, 0x0a])) });
    expect(notUtf8.statusCode).toBe(400);
    expect(notUtf8.json().errors[0].code).toBe('not_utf8');

    const big = await as(t.app, chief, { method: 'POST', url: '/api/network/models/import', ...multipart({ name: '大きすぎる' }, 'big.yaml', `# ${'x'.repeat(1_200_000)}\n`) });
    expect(big.statusCode).toBe(413);
    expect(await counts()).toEqual(before);
  });

  it('unknown asset references are refused at their place; register assets feed the checks', async () => {
    const missing = '0190f2a8-7d4c-7000-8000-00000000abcd';
    const withRef = (id: string) => SMALL_MODEL.replace('{ id: lg-t, kind: terminal, zone: lg }', `{ id: lg-t, kind: terminal, zone: lg, assets: ['${id}'] }`);
    const before = await counts();
    const bad = await as(t.app, chief, { method: 'POST', url: '/api/network/check', payload: { source: withRef(missing) } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ code: 'unknown_asset', line: 10, col: 52, field: 'nodes.2.assets.0' })]);
    // Another organisation's asset is just as unknown.
    const foreign = await insertAsset(t.app, (await createOrg(t.app)).id);
    expect((await as(t.app, chief, { method: 'POST', url: '/api/network/check', payload: { source: withRef(foreign.id) } })).statusCode).toBe(400);

    const asset = await insertAsset(t.app, org, { name: '番号付きの一覧', segment: 'lgwan', myNumber: 1, residentData: 1, confidentiality: '3B', cRank: 4 });
    const ok = await as(t.app, chief, { method: 'POST', url: '/api/network/check', payload: { source: withRef(asset.id) } });
    expect(ok.statusCode).toBe(200);
    const f = ok.json().findings.find((x: { ruleId: string }) => x.ruleId === 'NW-AS-01');
    expect(f.element).toMatchObject({ type: 'node', id: 'lg-t', line: 10 });
    expect(f.message.ja).toContain('番号付きの一覧');
    expect(ok.json().unresolvedAssets).toBe(0);
    // A draft check saves nothing.
    expect(await counts()).toEqual(before);
  });

  let modelId: string;
  let v1: string;

  it('creates a model with its first version, audited with the actor', async () => {
    const res = await as(t.app, chief, { method: 'POST', url: '/api/network/models', payload: { name: '本庁舎ネットワーク', source: SMALL_MODEL, comment: '初版' } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    modelId = body.id;
    v1 = body.current.id;
    expect(body).toMatchObject({ name: '本庁舎ネットワーク', versionCount: 1, current: { versionNo: 1, comment: '初版', format: 'yaml', networkModel: 'alpha', edition: 'R8.3' } });
    // The small model's My Number terminal uses a password only.
    expect(body.current.summary).toEqual({ error: 1, warning: 0, info: 0, total: 1 });
    expect(body.check.findings[0]).toMatchObject({ ruleId: 'NW-MN-05', element: { id: 'mn-t', line: 8 } });
    const audit = await t.app.deps.db.selectFrom('auditEvents').selectAll().where('tenantId', '=', org).where('action', '=', 'network.model.create').where('targetId', '=', modelId).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actorLabel).toContain('@');
    expect(JSON.parse(audit[0].changes)).toMatchObject({ name: '本庁舎ネットワーク', versionNo: 1, comment: '初版' });
  });

  it('saves new versions (by body and by file), keeps who/when/comment, and refuses a stale base', async () => {
    const fixed = SMALL_MODEL.replace('auth: [password]', 'auth: [password, icCard]');
    const r2 = await as(t.app, chief, { method: 'POST', url: `/api/network/models/${modelId}/versions`, payload: { source: fixed, comment: 'MFAを導入', baseVersionId: v1 } });
    expect(r2.statusCode).toBe(201);
    expect(r2.json().version).toMatchObject({ versionNo: 2, comment: 'MFAを導入' });
    expect(r2.json().check.summary.total).toBe(0);

    const stale = await as(t.app, chief, { method: 'POST', url: `/api/network/models/${modelId}/versions`, payload: { source: fixed, baseVersionId: v1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('network_version_conflict');

    const json = JSON.stringify({ format: 'shirube-network/1', model: 'alpha', zones: [{ id: 's', kind: 'segment', segment: 'lgwan' }], nodes: [{ id: 'a', kind: 'terminal', zone: 's' }] });
    const r3 = await as(t.app, chief, { method: 'POST', url: `/api/network/models/${modelId}/versions/import`, ...multipart({ comment: 'JSONから' }, '構成.json', json) });
    expect(r3.statusCode).toBe(201);
    expect(r3.json().version).toMatchObject({ versionNo: 3, format: 'json', filename: '構成.json', comment: 'JSONから' });

    const m = await as(t.app, operator, { method: 'GET', url: `/api/network/models/${modelId}` });
    expect(m.statusCode).toBe(200);
    expect(m.json().versions.map((v: { versionNo: number }) => v.versionNo)).toEqual([3, 2, 1]);
    expect(m.json().current.versionNo).toBe(3);
    expect(m.json().versions[2].createdByLabel).toContain('@');
    const audit = await t.app.deps.db.selectFrom('auditEvents').select('action').where('tenantId', '=', org).where('targetId', '=', modelId).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['network.model.create', 'network.version.create', 'network.version.create']);
  });

  it('renames a model, audited', async () => {
    const res = await as(t.app, chief, { method: 'PATCH', url: `/api/network/models/${modelId}`, payload: { name: '本庁舎と支所のネットワーク' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('本庁舎と支所のネットワーク');
    const audit = await t.app.deps.db.selectFrom('auditEvents').select('changes').where('tenantId', '=', org).where('action', '=', 'network.model.update').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.changes)).toEqual({ name: ['本庁舎ネットワーク', '本庁舎と支所のネットワーク'] });
  });

  it('returns a version with its file, and exports it as saved or converted', async () => {
    const v = await as(t.app, operator, { method: 'GET', url: `/api/network/versions/${v1}` });
    expect(v.json()).toMatchObject({ versionNo: 1, source: SMALL_MODEL });
    const yaml = await as(t.app, operator, { method: 'GET', url: `/api/network/versions/${v1}/export` });
    expect(yaml.statusCode).toBe(200);
    expect(yaml.headers['content-type']).toContain('application/yaml');
    expect(yaml.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(yaml.body).toBe(SMALL_MODEL);
    const json = await as(t.app, operator, { method: 'GET', url: `/api/network/versions/${v1}/export?format=json` });
    expect(json.headers['content-type']).toContain('application/json');
    expect(JSON.parse(json.body)).toMatchObject({ format: 'shirube-network/1', model: 'alpha', nodes: [{ id: 'mn-t' }, { id: 'mn-s' }, { id: 'lg-t' }] });
    // The converted file is itself a valid model that checks the same way.
    const again = await as(t.app, chief, { method: 'POST', url: '/api/network/check', payload: { source: json.body, format: 'json' } });
    expect(again.json().summary).toEqual({ error: 1, warning: 0, info: 0, total: 1 });
  });

  it('checks a saved version against another edition, with diagram data', async () => {
    const res = await as(t.app, operator, { method: 'GET', url: `/api/network/versions/${v1}/check?edition=R6.10` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.edition).toBe('R6.10');
    expect(body.graph.nodes).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'mn-t', segment: 'mynumber', inferred: false })]));
    expect(body.graph.links).toHaveLength(2);
    expect(body.rules.find((r: { id: string }) => r.id === 'NW-WL-02').catalog).toEqual(['KB-6.1.13']);
    const unknown = await as(t.app, operator, { method: 'GET', url: `/api/network/versions/${v1}/check?edition=R9.9` });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].code).toBe('unknown_edition');
  });

  it('lists the rules and serves the JSON Schema', async () => {
    const rules = await as(t.app, operator, { method: 'GET', url: '/api/network/rules?edition=R7.3' });
    expect(rules.statusCode).toBe(200);
    expect(rules.json().rules.find((r: { id: string }) => r.id === 'NW-WL-02').catalog).toEqual(['KB-6.1.13', 'KB-3.1.4']);
    const schema = await as(t.app, operator, { method: 'GET', url: '/api/network/schema' });
    expect(schema.json().$defs.link.properties.purpose.enum).toContain('designated');
  });

  it('lists the organisation’s models with their current version', async () => {
    await makeNetworkModel(t.app, org, '支所ネットワーク');
    const res = await as(t.app, operator, { method: 'GET', url: '/api/network/models' });
    const items = res.json().items as Array<{ name: string; current: { versionNo: number } }>;
    expect(items.map((m) => m.name)).toEqual(['支所ネットワーク', '本庁舎と支所のネットワーク']);
    expect(items[1].current.versionNo).toBe(3);
    // And another organisation sees none of them.
    const theirs = await as(t.app, outsider, { method: 'GET', url: '/api/network/models' });
    expect(theirs.json().items.map((m: { name: string }) => m.name)).toEqual(['他団体の構成']);
    expect((await as(t.app, outsider, { method: 'GET', url: `/api/network/models/${modelId}` })).statusCode).toBe(404);
  });

  it('the demo seeder adds a clearly fictional model in two versions, the second with two findings left', async () => {
    const demoOrg = (await createOrg(t.app, { isDemo: 1, name: '【デモ】テスト市' })).id;
    await seedDemoNetwork(t.app.deps, systemCtx(demoOrg, 'system:demo'), new Map());
    const viewer = await sessionFor(t.app, await createUser(t.app, demoOrg, { roles: ['chiefSecurityManager'], mfa: true }));
    const list = await as(t.app, viewer, { method: 'GET', url: '/api/network/models' });
    const [m] = list.json().items;
    expect(m.name).toContain('【デモ】');
    expect(m.current.versionNo).toBe(2);
    const check = await as(t.app, viewer, { method: 'GET', url: `/api/network/versions/${m.current.id}/check` });
    const pairs = check.json().findings.map((f: { ruleId: string; element: { id: string } }) => `${f.ruleId} ${f.element.id}`).sort();
    expect(pairs).toEqual(['NW-MN-04 gc-kikan', 'NW-SC-01 out-site', 'NW-WL-01 lg-ap']);
    const audit = await t.app.deps.db.selectFrom('auditEvents').select(['action', 'actorLabel']).where('tenantId', '=', demoOrg).orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'network.model.create', actorLabel: 'system:demo' },
      { action: 'network.version.create', actorLabel: 'system:demo' },
    ]);
  });
  it('a remote-access link is approved only while its approval in the approvals register is in force', async () => {
    const ciso = await sessionFor(t.app, await createUser(t.app, org, { roles: ['ciso'], mfa: true }));
    const req = await as(t.app, ciso, {
      method: 'POST',
      url: '/api/approvals',
      payload: { subjectType: 'remote_access', title: '保守業者の接続', recordType: 'networkLink', recordId: 'ra-link', validUntil: '2099-03-31', details: { user: '保守担当', method: 'internet_vpn', mfa: true, terminal: '保守端末1' } },
    });
    expect(req.statusCode, req.body).toBe(201);
    const approvalId = req.json().id as string;
    expect((await as(t.app, chief, { method: 'POST', url: `/api/approvals/${approvalId}/decision`, payload: { decision: 'approved' } })).statusCode).toBe(200);
    const doc = {
      format: 'shirube-network/1',
      model: 'alpha',
      zones: [
        { id: 'net', kind: 'internet' },
        { id: 'in', kind: 'segment', segment: 'internet' },
      ],
      nodes: [
        { id: 'in-t', kind: 'terminal', zone: 'in', auth: ['password', 'icCard'], edr: true, logCollection: true },
        { id: 'ra-gw', kind: 'remoteAccessGateway', zone: 'in', approved: true, auth: ['password', 'icCard'] },
      ],
      links: [{ id: 'ra-link', from: 'net', to: 'in-t', purpose: 'remoteAccess', via: ['ra-gw'], encrypted: true, approvalId }],
    };
    const check = async () => {
      const res = await as(t.app, chief, { method: 'POST', url: '/api/network/check', payload: { source: JSON.stringify(doc), format: 'json' } });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().findings as Array<{ ruleId: string; element: { id: string }; message: { ja: string } }>).filter((f) => f.ruleId === 'NW-RA-01');
    };
    expect(await check()).toEqual([]);
    // The approval runs out (its validity ended yesterday): the same link is now unapproved.
    await t.app.deps.db.updateTable('approvals').set({ validFrom: '2025-01-01', validUntil: '2025-12-31' }).where('tenantId', '=', org).where('id', '=', approvalId).execute();
    const expired = await check();
    expect(expired.map((f) => f.element.id)).toEqual(['ra-link']);
    expect(expired[0].message.ja).toContain('有効期限切れ');
  });
});
