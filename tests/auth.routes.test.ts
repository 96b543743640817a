import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetSessions } from '../server/modules/identity/sessions';
import { sha256 } from '../server/platform/ids';
import { ORIGIN, TEST_PASSWORD, as, createOrg, createTestApp, createUser, sessionCookieFrom, sessionFor, totpNow, type TestApp } from './helpers/app';
import { testDbKind } from './helpers/db';

let t: TestApp;
let org: string;

beforeAll(async () => {
  t = await createTestApp({ SHIRUBE_LOCKOUT_THRESHOLD: '3', SHIRUBE_SESSION_IDLE_MINUTES: '30', SHIRUBE_SESSION_ABSOLUTE_HOURS: '12' });
  org = (await createOrg(t.app)).id;
});
afterAll(() => t.close());

const H = { host: '127.0.0.1:3000', origin: ORIGIN };

async function login(email: string, password = TEST_PASSWORD, ip = '10.0.0.1') {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', headers: H, payload: { email, password }, remoteAddress: ip });
}

function authed(res: LightMyRequestResponse) {
  const cookie = sessionCookieFrom(res);
  if (!cookie) throw new Error('no session cookie');
  const csrf = res.json().csrfToken as string;
  return { cookie, csrf, headers: { ...H, cookie, 'x-csrf-token': csrf } };
}

describe(`sign-in on ${testDbKind()}`, () => {
  it('gives the same generic error for an unknown user and a wrong password, and records both', async () => {
    const u = await createUser(t.app, org, { roles: ['staff'] });
    const unknown = await login('nobody@example.jp', 'whatever-password-123', '10.1.0.1');
    const wrong = await login(u.email, 'wrong-password-123456', '10.1.0.2');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().code).toBe('invalid_credentials');
    expect(unknown.json().messages).toEqual(wrong.json().messages);
    const trail = await t.app.deps.db.selectFrom('auditEvents').select(['tenantId', 'action']).where('action', '=', 'auth.sign_in_failed').execute();
    expect(trail.some((e) => e.tenantId === 'platform')).toBe(true);
    expect(trail.some((e) => e.tenantId === org)).toBe(true);
  });

  it('sets an HttpOnly, SameSite=Strict session cookie and records the sign-in', async () => {
    const u = await createUser(t.app, org, { roles: ['staff'] });
    const res = await login(u.email);
    expect(res.statusCode).toBe(200);
    expect(res.json().stage).toBe('full');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/shirube_sid=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toMatch(/Secure/i); // plain HTTP here
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: authed(res).headers });
    expect(me.json().user.email).toBe(u.email);
    // Only the hash of the cookie is stored.
    const token = authed(res).cookie.split('=')[1];
    const row = await t.app.deps.db.selectFrom('sessions').select('id').where('id', '=', sha256(token)).executeTakeFirst();
    expect(row).toBeDefined();
    expect(await t.app.deps.db.selectFrom('sessions').select('id').where('id', '=', token).executeTakeFirst()).toBeUndefined();
  });

  it('locks an account after repeated failures with a clear message, for known and unknown accounts alike', async () => {
    const u = await createUser(t.app, org, { roles: ['staff'] });
    for (let i = 0; i < 2; i++) expect((await login(u.email, 'bad-password-000000', '10.2.0.1')).statusCode).toBe(401);
    const third = await login(u.email, 'bad-password-000000', '10.2.0.1');
    expect(third.statusCode).toBe(429);
    expect(third.json().code).toBe('account_locked');
    expect(third.json().messages.ja).toMatch(/ロック/);
    // Even the right password is refused while locked.
    expect((await login(u.email, TEST_PASSWORD, '10.2.0.9')).json().code).toBe('account_locked');
    // Unknown accounts lock the same way.
    for (let i = 0; i < 2; i++) await login('ghost@example.jp', 'bad-password-000000', '10.2.0.2');
    expect((await login('ghost@example.jp', 'bad-password-000000', '10.2.0.2')).json().code).toBe('account_locked');
  });

  it('throttles an address that tries many accounts', async () => {
    const ip = '10.3.0.1';
    let last: LightMyRequestResponse | null = null;
    for (let i = 0; i < 12; i++) last = await login(`spray${i}@example.jp`, 'bad-password-000000', ip);
    expect(last?.json().code).toBe('account_locked');
    const u = await createUser(t.app, org, { roles: ['staff'] });
    expect((await login(u.email, TEST_PASSWORD, ip)).statusCode).toBe(429);
    expect((await login(u.email, TEST_PASSWORD, '10.3.0.2')).statusCode).toBe(200);
  });
});

describe(`multi-factor authentication on ${testDbKind()}`, () => {
  it('lets an administrator without MFA do nothing but enrol', async () => {
    const admin = await createUser(t.app, org, { roles: ['orgAdmin'] });
    const res = await login(admin.email);
    expect(res.json().stage).toBe('enroll');
    const s = authed(res);
    const users = await t.app.inject({ method: 'GET', url: '/api/users', headers: s.headers });
    expect(users.statusCode).toBe(403);
    expect(users.json().code).toBe('mfa_required');
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: s.headers });
    expect(me.json().stage).toBe('enroll');

    const start = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/enrolment', headers: s.headers, payload: {} });
    expect(start.statusCode).toBe(200);
    const { secret, uri, qrSvg } = start.json();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(qrSvg).toMatch(/^<svg/);
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/enrolment/confirm', headers: s.headers, payload: { code: '000000' } });
    expect(bad.statusCode).toBe(400);
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/enrolment/confirm', headers: s.headers, payload: { code: await totpNow(secret) } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().recoveryCodes).toHaveLength(10);
    expect(ok.json().stage).toBe('full');
    // The session was renewed at the privilege change: the old cookie no longer works.
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: s.headers })).statusCode).toBe(401);
    const fresh = { ...H, cookie: sessionCookieFrom(ok) as string, 'x-csrf-token': ok.json().csrfToken };
    expect((await t.app.inject({ method: 'GET', url: '/api/users', headers: fresh })).statusCode).toBe(200);
    const trail = await t.app.deps.db.selectFrom('auditEvents').select('action').where('tenantId', '=', org).where('action', '=', 'mfa.enrol').execute();
    expect(trail.length).toBeGreaterThan(0);
  });

  it('asks enrolled users for a code, refuses a replayed code, and accepts each recovery code once', async () => {
    const admin = await createUser(t.app, org, { roles: ['ciso'], mfa: true });
    const first = await login(admin.email);
    expect(first.json().stage).toBe('mfa');
    const s1 = authed(first);
    expect((await t.app.inject({ method: 'GET', url: '/api/users', headers: s1.headers })).json().code).toBe('mfa_required');
    const code = await totpNow(admin.mfaSecret as string);
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/verify', headers: s1.headers, payload: { code } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().stage).toBe('full');

    // The same code cannot be used again.
    const s2 = authed(await login(admin.email));
    const replay = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/verify', headers: s2.headers, payload: { code } });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('mfa_invalid');

    // Recovery codes: issue a set through regeneration from the full session, then use one twice.
    const full = { ...H, cookie: sessionCookieFrom(ok) as string, 'x-csrf-token': ok.json().csrfToken };
    const next = await totpNow(admin.mfaSecret as string, 1);
    const regen = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/recovery-codes', headers: full, payload: { code: next } });
    expect(regen.statusCode).toBe(200);
    const [rc] = regen.json().recoveryCodes as string[];
    const s3 = authed(await login(admin.email));
    const used = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/recover', headers: s3.headers, payload: { code: rc.toUpperCase() } });
    expect(used.statusCode).toBe(200);
    const s4 = authed(await login(admin.email));
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/mfa/recover', headers: s4.headers, payload: { code: rc } });
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('recovery_invalid');
  });

  it('requires MFA of everyone when the organisation says so', async () => {
    const o = await createOrg(t.app, { settings: JSON.stringify({ mfaRequiredForAll: true }) });
    const staff = await createUser(t.app, o.id, { roles: ['staff'] });
    expect((await login(staff.email)).json().stage).toBe('enroll');
  });

  it('sends users with a temporary password to change it first', async () => {
    const u = await createUser(t.app, org, { roles: ['staff'], mustChangePassword: true });
    const s = authed(await login(u.email));
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: s.headers })).json().stage).toBe('password');
    expect((await t.app.inject({ method: 'GET', url: '/api/organization', headers: s.headers })).json().code).toBe('password_change_required');
    const weak = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: s.headers, payload: { currentPassword: TEST_PASSWORD, newPassword: 'password1234' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0]).toMatchObject({ field: 'newPassword', code: 'weak_password' });
    const short = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: s.headers, payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' } });
    expect(short.json().errors[0].message.ja).toMatch(/12文字以上/);
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: s.headers, payload: { currentPassword: TEST_PASSWORD, newPassword: 'a quiet lantern over the river' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().stage).toBe('full');
  });
});

describe(`sessions on ${testDbKind()}`, () => {
  it('expires after the idle timeout and after the absolute timeout', async () => {
    const u = await createUser(t.app, org, { roles: ['staff'] });
    const s = await sessionFor(t.app, u);
    const id = sha256(s.cookie.split('=')[1]);
    expect((await as(t.app, s, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
    // Simulate 31 minutes of inactivity: in the database, and in the few-second session cache.
    await t.app.deps.db.updateTable('sessions').set({ lastSeenAt: new Date(Date.now() - 31 * 60_000).toISOString() }).where('id', '=', id).execute();
    forgetSessions({ tenantId: org, sessionId: id });
    expect((await as(t.app, s, { method: 'GET', url: '/api/me' })).statusCode).toBe(401);

    const s2 = await sessionFor(t.app, u);
    const id2 = sha256(s2.cookie.split('=')[1]);
    await t.app.deps.db.updateTable('sessions').set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id2).execute();
    expect((await as(t.app, s2, { method: 'GET', url: '/api/me' })).statusCode).toBe(401);
  });

  it('drops cached sessions at once when they are revoked (sign-out, disable, role change)', async () => {
    const u = await createUser(t.app, org, { roles: ['staff'] });
    const a = authed(await login(u.email, TEST_PASSWORD, '10.7.0.1'));
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: a.headers })).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: a.headers, payload: {} });
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: a.headers })).statusCode).toBe(401);

    const b = authed(await login(u.email, TEST_PASSWORD, '10.7.0.2'));
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: b.headers })).statusCode).toBe(200);
    const admin = await sessionFor(t.app, await createUser(t.app, org, { roles: ['orgAdmin'], mfa: true }));
    await as(t.app, admin, { method: 'PATCH', url: `/api/users/${u.id}`, payload: { status: 'disabled' } });
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: b.headers })).statusCode).toBe(401);
  });

  it('lists own sessions, revokes one, and signs out everywhere', async () => {
    const u = await createUser(t.app, org, { roles: ['staff'] });
    const a = authed(await login(u.email, TEST_PASSWORD, '10.9.0.1'));
    const b = authed(await login(u.email, TEST_PASSWORD, '10.9.0.2'));
    const list = await t.app.inject({ method: 'GET', url: '/api/me/sessions', headers: a.headers });
    expect(list.json()).toHaveLength(2);
    const other = (list.json() as Array<{ id: string; current: boolean }>).find((x) => !x.current);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/me/sessions/${other?.id}`, headers: a.headers });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: b.headers })).statusCode).toBe(401);
    const c = authed(await login(u.email, TEST_PASSWORD, '10.9.0.3'));
    await t.app.inject({ method: 'POST', url: '/api/auth/logout-all', headers: a.headers, payload: {} });
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: a.headers })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: c.headers })).statusCode).toBe(401);
  });

  it('ends the sessions of a user whose roles change', async () => {
    const admin = await createUser(t.app, org, { roles: ['orgAdmin'], mfa: true });
    const target = await createUser(t.app, org, { roles: ['staff'] });
    const ts = authed(await login(target.email, TEST_PASSWORD, '10.8.0.1'));
    const as1 = await sessionFor(t.app, admin);
    const grant = await as(t.app, as1, { method: 'POST', url: `/api/users/${target.id}/roles`, payload: { role: 'cio' } });
    expect(grant.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: ts.headers })).statusCode).toBe(401);
  });
});

describe(`CSRF on ${testDbKind()}`, () => {
  it('rejects state-changing requests without the token or from another origin', async () => {
    const admin = await createUser(t.app, org, { roles: ['orgAdmin'], mfa: true });
    const s = await sessionFor(t.app, admin);
    const body = { kind: 'department', code: 'CSRF-1', name: '試験部' };
    const noToken = await t.app.inject({ method: 'POST', url: '/api/units', headers: { host: H.host, origin: ORIGIN, cookie: s.cookie }, payload: body });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('csrf_token');
    const wrongToken = await t.app.inject({ method: 'POST', url: '/api/units', headers: { ...s.headers, 'x-csrf-token': 'nope' }, payload: body });
    expect(wrongToken.json().code).toBe('csrf_token');
    const evil = await t.app.inject({ method: 'POST', url: '/api/units', headers: { ...s.headers, origin: 'https://evil.example' }, payload: body });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().code).toBe('csrf_origin');
    const crossSite = await t.app.inject({ method: 'POST', url: '/api/units', headers: { host: H.host, cookie: s.cookie, 'x-csrf-token': s.csrf, 'sec-fetch-site': 'cross-site' }, payload: body });
    expect(crossSite.json().code).toBe('csrf_origin');
    const ok = await as(t.app, s, { method: 'POST', url: '/api/units', payload: body });
    expect(ok.statusCode).toBe(200);
    // Nothing was written by the refused attempts.
    const n = await t.app.deps.db.selectFrom('orgUnits').select('id').where('tenantId', '=', org).where('code', '=', 'CSRF-1').execute();
    expect(n).toHaveLength(1);
  });
});

describe(`API tokens on ${testDbKind()}`, () => {
  it('are shown once, stored hashed, limited to their actions, expire and can be revoked', async () => {
    const admin = await createUser(t.app, org, { roles: ['chiefSecurityManager'], mfa: true });
    const s = await sessionFor(t.app, admin);
    const refused = await as(t.app, s, { method: 'POST', url: '/api/me/tokens', payload: { name: 'x', actions: ['user.manage'] } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].code).toBe('action_not_held');
    const created = await as(t.app, s, { method: 'POST', url: '/api/me/tokens', payload: { name: '資産連携', actions: ['org.read'], expiresInDays: 30 } });
    expect(created.statusCode).toBe(200);
    const { token, id } = created.json();
    expect(token).toMatch(/^shr_/);
    const stored = await t.app.deps.db.selectFrom('apiTokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await as(t.app, s, { method: 'GET', url: '/api/me/tokens' })).json()[0]).not.toHaveProperty('token');

    const bearer = { authorization: `Bearer ${token}`, host: H.host };
    expect((await t.app.inject({ method: 'GET', url: '/api/organization', headers: bearer })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/users', headers: bearer })).statusCode).toBe(403);
    const used = await t.app.deps.db.selectFrom('auditEvents').select('action').where('tenantId', '=', org).where('action', '=', 'token.use').execute();
    expect(used.length).toBe(1);

    await t.app.deps.db.updateTable('apiTokens').set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute();
    forgetSessions({ tenantId: org, tokenId: id }); // the few-second cache would otherwise still hold it
    expect((await t.app.inject({ method: 'GET', url: '/api/organization', headers: bearer })).statusCode).toBe(401);
    await t.app.deps.db.updateTable('apiTokens').set({ expiresAt: new Date(Date.now() + 86_400_000).toISOString() }).where('id', '=', id).execute();
    expect((await as(t.app, s, { method: 'DELETE', url: `/api/me/tokens/${id}` })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/organization', headers: bearer })).statusCode).toBe(401);
  });
});

describe(`first-time setup on ${testDbKind()}`, () => {
  it('creates the first administrator with a one-time link only while nobody exists', async () => {
    const fresh = await createTestApp();
    try {
      const { issueSetupToken } = await import('../server/modules/identity/auth.service');
      expect((await fresh.app.inject({ method: 'GET', url: '/api/setup' })).json().needed).toBe(true);
      const token = await issueSetupToken(fresh.app.deps.db);
      const payload = {
        token,
        organization: { mode: 'new', kind: 'municipality', name: '試験町', lgCode: '131017', prefectureCode: '13' },
        admin: { email: 'first@town.example.jp', displayName: '最初の管理者', password: 'a long and quiet winter path' },
      };
      const badCode = await fresh.app.inject({ method: 'POST', url: '/api/setup', headers: H, payload });
      expect(badCode.statusCode).toBe(400);
      expect(badCode.json().errors[0]).toMatchObject({ field: 'organization.lgCode', code: 'lg_code_checkDigit' });
      const ok = await fresh.app.inject({ method: 'POST', url: '/api/setup', headers: H, payload: { ...payload, organization: { ...payload.organization, lgCode: '131016' } } });
      expect(ok.statusCode).toBe(200);
      const s = authed(ok);
      expect((await fresh.app.inject({ method: 'GET', url: '/api/me', headers: s.headers })).json().stage).toBe('enroll');
      const reuse = await fresh.app.inject({ method: 'POST', url: '/api/setup', headers: H, payload: { ...payload, organization: { ...payload.organization, lgCode: '131016' } } });
      expect(reuse.statusCode).toBe(403);
      expect(reuse.json().code).toBe('setup_token_invalid');
      expect((await fresh.app.inject({ method: 'GET', url: '/api/setup' })).json().needed).toBe(false);
    } finally {
      await fresh.close();
    }
  });
});
