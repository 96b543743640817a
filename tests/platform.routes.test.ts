import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROLES } from '@shared/permissions';
import { as, createOrg, createTestApp, createUser, sessionFor, type TestApp } from './helpers/app';
import { testDbKind } from './helpers/db';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SHIRUBE_BODY_LIMIT_KB: '16' });
});
afterAll(() => t.close());

describe(`platform on ${testDbKind()}`, () => {
  it('answers health with the database kind and version', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: testDbKind(), version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('answers an unknown API route with 404 problem+json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.code).toBe('route_not_found');
    expect(body.type).toBe('urn:shirube:problem:route_not_found');
    expect(body.messages.ja).toContain('/api/no-such-thing');
    expect(body.messages.en).toContain('/api/no-such-thing');
    expect(body.status).toBe(404);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('malformed_json');
  });

  it('answers a body over the limit with 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.jp', password: 'x'.repeat(20_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });

  it('names the fields of a validation failure in both languages', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: '', extra: 1 } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('email');
    expect(fields).toContain('password');
    for (const e of body.errors) {
      expect(e.message.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(e.message.en).toMatch(/[a-z]/i);
    }
  });

  it('sends security headers (CSP without inline scripts, frame-ancestors none, nosniff, referrer policy)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    // Plain HTTP: no HSTS.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends HSTS when served over HTTPS (behind a trusted proxy)', async () => {
    const https = await createTestApp({ SHIRUBE_TRUST_PROXY: 'true' });
    try {
      const res = await https.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await https.close();
    }
  });

  it('publishes an OpenAPI document listing every registered route with its access policy', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const r of t.app.deps.routes) {
      const p = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(doc.paths[p]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
      expect(doc.paths[p][r.method.toLowerCase()]['x-access']).toBeTruthy();
    }
  });

  it('loads the 47 prefectures and the national body as reference data', async () => {
    const org = await createOrg(t.app);
    const u = await createUser(t.app, org.id, { roles: ['staff'] });
    const s = await sessionFor(t.app, u);
    const res = await as(t.app, s, { method: 'GET', url: '/api/organizations?kind=prefecture&pageSize=100' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(47);
    expect(body.items.find((o: { name: string }) => o.name === '東京都').lgCode).toBe('130001');
    const nat = await as(t.app, s, { method: 'GET', url: '/api/organizations?kind=national' });
    expect(nat.json().items[0].name).toBe('総務省');
  });

  it('rejects invalid query parameters with 400', async () => {
    const org = await createOrg(t.app);
    const s = await sessionFor(t.app, await createUser(t.app, org.id, { roles: ['staff'] }));
    const res = await as(t.app, s, { method: 'GET', url: '/api/organizations?pageSize=0&kind=planet' });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['query.pageSize', 'query.kind']));
  });

  it('has administrative roles as the issue lists them', () => {
    expect([...ADMIN_ROLES].sort()).toEqual(['chiefSecurityManager', 'ciso', 'deputyCiso', 'orgAdmin', 'systemManager']);
  });
});
