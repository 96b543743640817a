import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, as, createOrg, createTestApp, createUnit, createUser, sessionFor, type Session, type TestApp } from './helpers/app';
import { testDbKind } from './helpers/db';

let t: TestApp;
let org: string;
let dept: string;
let section: string;
let otherSection: string;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp();
  org = (await createOrg(t.app)).id;
  dept = await createUnit(t.app, org, 'department', null, 'D-1');
  section = await createUnit(t.app, org, 'section', dept, 'S-101');
  otherSection = await createUnit(t.app, org, 'section', dept, 'S-102');
  admin = await sessionFor(t.app, await createUser(t.app, org, { roles: ['orgAdmin'], mfa: true }));
});
afterAll(() => t.close());

function multipart(filename: string, content: Buffer, contentType: string) {
  const boundary = '----shirube-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function userCount() {
  const r = await t.app.deps.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', org).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe(`user administration on ${testDbKind()}`, () => {
  it('invites a user who then sets a password and signs in', async () => {
    const res = await as(t.app, admin, {
      method: 'POST',
      url: '/api/users',
      payload: { email: 'Invitee@City.example.jp', displayName: '招待 花子', sectionId: section, roles: [{ role: 'securityManager', scopeId: section }], method: 'invite' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.email).toBe('invitee@city.example.jp');
    expect(body.user.status).toBe('invited');
    expect(body.temporaryPassword).toBeNull();
    const token = new URL(body.inviteUrl).hash.replace('#token=', '');
    const weak = await t.app.inject({ method: 'POST', url: '/api/invite/accept', headers: { origin: ORIGIN }, payload: { token, password: 'qwertyuiop123' } });
    expect(weak.statusCode).toBe(400);
    const ok = await t.app.inject({ method: 'POST', url: '/api/invite/accept', headers: { origin: ORIGIN }, payload: { token, password: 'morning tea by the harbour' } });
    expect(ok.statusCode).toBe(200);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'invitee@city.example.jp', password: 'morning tea by the harbour' } });
    expect(login.statusCode).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: '/api/invite/accept', headers: { origin: ORIGIN }, payload: { token, password: 'another long pass phrase' } });
    expect(again.statusCode).toBe(403);
  });

  it('issues a temporary password that must be changed', async () => {
    const res = await as(t.app, admin, { method: 'POST', url: '/api/users', payload: { email: 'temp@city.example.jp', displayName: '仮 太郎', method: 'password' } });
    expect(res.json().temporaryPassword).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'temp@city.example.jp', password: res.json().temporaryPassword } });
    expect(login.json().stage).toBe('password');
  });

  it('refuses bad input with field-level errors and writes nothing', async () => {
    const before = await userCount();
    const cases: Array<[unknown, string]> = [
      [{ email: 'not-an-email', displayName: 'x' }, 'email'],
      [{ email: 'a@b.jp', displayName: '' }, 'displayName'],
      [{ email: 'a@b.jp', displayName: 'x', roles: [{ role: 'securityManager' }] }, 'roles.0.scopeId'],
      [{ email: 'a@b.jp', displayName: 'x', roles: [{ role: 'ciso', scopeId: section }] }, 'roles.0.scopeId'],
      [{ email: 'a@b.jp', displayName: 'x', roles: [{ role: 'prefectureLiaison' }] }, 'roles.0.role'],
      [{ email: 'a@b.jp', displayName: 'x', roles: [{ role: 'securityManager', scopeId: dept }] }, 'roles.0.scopeId'],
      [{ email: 'a@b.jp', displayName: 'x', sectionId: dept }, 'sectionId'],
    ];
    for (const [payload, field] of cases) {
      const res = await as(t.app, admin, { method: 'POST', url: '/api/users', payload: payload as object });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field), JSON.stringify(payload)).toContain(field);
    }
    const dup = await as(t.app, admin, { method: 'POST', url: '/api/users', payload: { email: 'invitee@city.example.jp', displayName: 'x' } });
    expect(dup.statusCode).toBe(409);
    expect(await userCount()).toBe(before);
  });

  it('disables a user (ending their sessions) and keeps the history', async () => {
    const u = await createUser(t.app, org, { roles: ['staff'] });
    const s = await sessionFor(t.app, u);
    const res = await as(t.app, admin, { method: 'PATCH', url: `/api/users/${u.id}`, payload: { status: 'disabled' } });
    expect(res.json().status).toBe('disabled');
    expect((await as(t.app, s, { method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    const trail = await t.app.deps.db.selectFrom('auditEvents').select(['action', 'changes']).where('tenantId', '=', org).where('targetId', '=', u.id).execute();
    expect(trail.map((e) => e.action)).toContain('user.disable');
  });

  it('keeps the last organisation administrator', async () => {
    const o = await createOrg(t.app);
    const only = await createUser(t.app, o.id, { roles: ['orgAdmin'], mfa: true });
    const s = await sessionFor(t.app, only);
    const u = await as(t.app, s, { method: 'GET', url: `/api/users/${only.id}` });
    const assignment = u.json().roles[0].id;
    const res = await as(t.app, s, { method: 'DELETE', url: `/api/users/${only.id}/roles/${assignment}` });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('last_admin');
  });

  it('shows section security managers only the users of their section', async () => {
    const mgr = await sessionFor(t.app, await createUser(t.app, org, { roles: [['securityManager', section]], sectionId: section }));
    const mine = await createUser(t.app, org, { roles: ['staff'], sectionId: section });
    const theirs = await createUser(t.app, org, { roles: ['staff'], sectionId: otherSection });
    const list = await as(t.app, mgr, { method: 'GET', url: '/api/users?pageSize=200' });
    const ids = (list.json().items as Array<{ id: string; sectionId: string }>).map((u) => u.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect((list.json().items as Array<{ sectionId: string }>).every((u) => u.sectionId === section)).toBe(true);
    expect((await as(t.app, mgr, { method: 'GET', url: `/api/users/${theirs.id}` })).statusCode).toBe(404);
  });
});

describe(`user import on ${testDbKind()}`, () => {
  async function xlsx(rows: string[][]) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('利用者');
    ws.addRow(['メールアドレス', '氏名', '所属課室コード', '任用形態', '役割']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('previews, then imports every row from .xlsx, or nothing', async () => {
    const file = await xlsx([
      ['kakari1@city.example.jp', '係員 一郎', 'S-101', '職員', 'staff'],
      ['kanri@city.example.jp', '管理 二郎', 'S-102', '会計年度任用職員', 'securityManager@S-102; staff'],
    ]);
    const before = await userCount();
    const preview = await as(t.app, admin, { method: 'POST', url: '/api/users/import?dryRun=true', ...multipart('users.xlsx', file, 'application/octet-stream') });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ rows: 2, dryRun: true });
    expect(await userCount()).toBe(before);
    const commit = await as(t.app, admin, { method: 'POST', url: '/api/users/import', ...multipart('users.xlsx', file, 'application/octet-stream') });
    expect(commit.json().rows).toBe(2);
    expect(commit.json().invites).toHaveLength(2);
    expect(await userCount()).toBe(before + 2);
    const kanri = await t.app.deps.db.selectFrom('users').select(['id', 'employment']).where('email', '=', 'kanri@city.example.jp').executeTakeFirstOrThrow();
    expect(kanri.employment).toBe('fixedTerm');
  });

  it('names every bad row and column in Japanese and English, and writes nothing', async () => {
    const before = await userCount();
    const csv = [
      'メールアドレス,氏名,所属課室コード,任用形態,役割',
      'good@city.example.jp,良い 行,S-101,,staff',
      'bad-email,氏名あり,S-101,,staff',
      'dup@city.example.jp,重複,S-999,,',
      'dup@city.example.jp,重複,S-101,アルバイト,wizard',
      'kakari1@city.example.jp,既存,S-101,,',
      'sec@city.example.jp,範囲なし,,,securityManager',
    ].join('\r\n');
    const res = await as(t.app, admin, { method: 'POST', url: '/api/users/import', ...multipart('users.csv', iconv.encode(csv, 'cp932'), 'text/csv') });
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as Array<{ row: number; column: string; code: string; message: { ja: string; en: string } }>;
    const at = (row: number) => errors.filter((e) => e.row === row).map((e) => e.code);
    expect(at(3)).toEqual(['invalid_email']);
    expect(at(4)).toEqual(['section_unknown']);
    expect(at(5)).toEqual(expect.arrayContaining(['duplicate', 'unknown_employment', 'unknown_role']));
    expect(at(6)).toEqual(['email_taken']);
    expect(at(7)).toEqual(['scope_required']);
    expect(at(2)).toEqual([]);
    expect(errors.find((e) => e.row === 3)?.column).toMatch(/^A/);
    expect(errors[0].message.ja).toMatch(/[ぁ-ん]/);
    expect(await userCount()).toBe(before);
  });

  it('refuses a file over the size limit and a file in an unreadable encoding', async () => {
    const small = await createTestApp({ SHIRUBE_IMPORT_LIMIT_MB: '1' });
    try {
      const o = (await createOrg(small.app)).id;
      const s = await sessionFor(small.app, await createUser(small.app, o, { roles: ['orgAdmin'], mfa: true }));
      const big = Buffer.alloc(1024 * 1024 + 10, 0x41);
      const tooBig = await as(small.app, s, { method: 'POST', url: '/api/users/import', ...multipart('big.csv', big, 'text/csv') });
      expect(tooBig.statusCode).toBe(413);
      const binary = Buffer.from([0x81, 0x00, 0xff, 0xfe, 0x00, 0x81]);
      const enc = await as(small.app, s, { method: 'POST', url: '/api/users/import', ...multipart('x.csv', binary, 'text/csv') });
      expect(enc.statusCode).toBe(400);
      expect(enc.json().code).toBe('wrong_encoding');
    } finally {
      await small.close();
    }
  });
});
