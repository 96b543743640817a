import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app';
import { systemCtx } from '../server/platform/context';
import type { DueItem } from '../server/modules/notifications/notifications.contract';
import { as, createOrg, createTestApp, createUnit, createUser, sessionFor, type TestApp } from './helpers/app';
import { testDbKind } from './helpers/db';

interface Received {
  to: string[];
  raw: string;
}

let smtp: SMTPServer;
let port = 0;
const received: Received[] = [];
let t: TestApp;
let org: string;
let section: string;
let manager: Awaited<ReturnType<typeof createUser>>;
let staff: Awaited<ReturnType<typeof createUser>>;
let due: DueItem[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  port = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_FROM: 'shirube@city.example.jp' });
  org = (await createOrg(t.app)).id;
  const dept = await createUnit(t.app, org, 'department');
  section = await createUnit(t.app, org, 'section', dept);
  manager = await createUser(t.app, org, { roles: [['securityManager', section]], sectionId: section, email: 'manager@city.example.jp' });
  staff = await createUser(t.app, org, { roles: [['staff', section]], sectionId: section, email: 'staff@city.example.jp' });
  t.app.deps.services.notifications.registerSource({
    id: 'test.certificate',
    label: { ja: '試験用', en: 'test' },
    scan: async () => due,
  });
});

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

function item(key: string): DueItem {
  return {
    tenantId: org,
    itemKey: key,
    recipients: { roles: ['securityManager'], sectionId: section },
    title: { ja: '完了証明書の提出期限を過ぎています', en: 'A completion certificate is overdue' },
    body: { ja: `廃棄 ${key} の証明書が未提出です。`, en: `Disposal ${key} has no certificate.` },
    link: `/disposals/${key}`,
    severity: 'overdue',
  };
}

describe(`reminders and notifications on ${testDbKind()}`, () => {
  it('sends one reminder per item and day, in the app and by e-mail through a real SMTP server', async () => {
    due = [item('A-1'), item('A-2')];
    const first = await t.app.deps.services.notifications.runReminders('2026-11-22');
    expect(first).toMatchObject({ day: '2026-11-22', due: 2, sent: 2, notifications: 2, mails: 2 });
    expect(received).toHaveLength(2);
    expect(received.every((r) => r.to[0] === 'manager@city.example.jp')).toBe(true);
    expect(received[0].raw).toContain('=?UTF-8?');
    expect(received[0].raw).toMatch(/\/disposals\/A-[12]/);

    const again = await t.app.deps.services.notifications.runReminders('2026-11-22');
    expect(again).toMatchObject({ due: 2, sent: 0, notifications: 0 });
    expect(received).toHaveLength(2);
  });

  it('does not repeat after a restart, and reminds again the next day', async () => {
    const restarted = await buildApp(t.config, { handle: t.handle, logger: false, prepare: false });
    try {
      restarted.deps.services.notifications.registerSource({ id: 'test.certificate', label: { ja: '試験用', en: 'test' }, scan: async () => due });
      const sameDay = await restarted.deps.services.notifications.runReminders('2026-11-22');
      expect(sameDay.sent).toBe(0);
      const nextDay = await restarted.deps.services.notifications.runReminders('2026-11-23');
      expect(nextDay.sent).toBe(2);
      expect(received).toHaveLength(4);
    } finally {
      await restarted.close();
    }
  });

  it('lets users read and mark only their own notifications', async () => {
    const s = await sessionFor(t.app, manager);
    const list = await as(t.app, s, { method: 'GET', url: '/api/notifications' });
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.total).toBe(4);
    expect(body.unread).toBe(4);
    expect(body.items[0].title.ja).toBe('完了証明書の提出期限を過ぎています');

    const staffSession = await sessionFor(t.app, staff);
    expect((await as(t.app, staffSession, { method: 'GET', url: '/api/notifications' })).json().total).toBe(0);
    const foreign = await as(t.app, staffSession, { method: 'POST', url: `/api/notifications/${body.items[0].id}/read`, payload: {} });
    expect(foreign.statusCode).toBe(404);

    const read = await as(t.app, s, { method: 'POST', url: `/api/notifications/${body.items[0].id}/read`, payload: {} });
    expect(read.statusCode).toBe(200);
    const all = await as(t.app, s, { method: 'POST', url: '/api/notifications/read-all', payload: {} });
    expect(all.json().updated).toBe(3);
    expect((await as(t.app, s, { method: 'GET', url: '/api/notifications?unread=true' })).json().total).toBe(0);
  });

  it('notify() delivers at once inside the caller transaction', async () => {
    const n = await t.app.deps.db.transaction().execute((trx) =>
      t.app.deps.services.notifications.notify(trx, systemCtx(org), {
        recipients: { userIds: [staff.id] },
        title: { ja: '証明書が提出されました', en: 'A certificate was submitted' },
        body: { ja: '確認してください。', en: 'Please review it.' },
        link: '/disposals/A-1',
        severity: 'info',
      }),
    );
    expect(n).toBe(1);
    await t.app.deps.services.notifications.runReminders('2026-11-24');
    await (t.app.deps.services.notifications as unknown as { flushOutbox(): Promise<unknown> }).flushOutbox();
    expect(received.some((r) => r.to[0] === 'staff@city.example.jp')).toBe(true);
  });
});

describe(`evidence files on ${testDbKind()}`, () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f4e9d80000000049454e44ae426082', 'hex');

  it('stores by content type with a SHA-256 and serves as a sandboxed attachment', async () => {
    const files = t.app.deps.services.files;
    const ctx = systemCtx(org);
    const meta = await t.app.deps.db.transaction().execute((trx) => files.store(trx, ctx, { buffer: pdf, filename: '完了証明書.pdf', accept: ['pdf', 'image'] }));
    expect(meta).toMatchObject({ kind: 'pdf', contentType: 'application/pdf', size: pdf.length, filename: '完了証明書.pdf' });
    expect(meta.sha256).toMatch(/^[0-9a-f]{64}$/);
    const photo = await t.app.deps.db.transaction().execute((trx) => files.store(trx, ctx, { buffer: png, filename: 'photo.txt', accept: ['image'] }));
    expect(photo.contentType).toBe('image/png');

    // The owning module checks access, then calls send(); a bare server stands in for its route here.
    const bare = Fastify();
    bare.get('/files/:id', async (req, reply) => files.send(reply, t.app.deps.db, org, (req.params as { id: string }).id));
    const res = await bare.inject({ method: 'GET', url: `/files/${meta.id}` });
    await bare.close();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('完了証明書.pdf'));
    expect(res.headers['content-security-policy']).toContain('sandbox');
    expect(res.headers['x-file-sha256']).toBe(meta.sha256);
    expect(res.rawPayload.equals(pdf)).toBe(true);
    const other = await createOrg(t.app);
    await expect(files.send({} as never, t.app.deps.db, other.id, meta.id)).rejects.toMatchObject({ status: 404 });
  });

  it('refuses the wrong type by content, HTML disguised as text, empty files and files over the limit', async () => {
    const files = t.app.deps.services.files;
    const ctx = systemCtx(org);
    const store = (buffer: Buffer, accept: Array<'pdf' | 'image' | 'text' | 'office'>, limitBytes?: number) =>
      t.app.deps.db.transaction().execute((trx) => files.store(trx, ctx, { buffer, filename: 'x.pdf', accept, limitBytes }));
    await expect(store(Buffer.from('not really a pdf'), ['pdf'])).rejects.toMatchObject({ status: 415, code: 'file_type_not_allowed' });
    await expect(store(pdf, ['image'])).rejects.toMatchObject({ status: 415 });
    await expect(store(Buffer.from('<html><script>alert(1)</script></html>'), ['text'])).rejects.toMatchObject({ status: 415 });
    await expect(store(Buffer.alloc(0), ['pdf'])).rejects.toMatchObject({ status: 400, code: 'validation_failed' });
    await expect(store(pdf, ['pdf'], 10)).rejects.toMatchObject({ status: 413 });
    const count = await t.app.deps.db.selectFrom('storedFiles').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', org).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });
});
