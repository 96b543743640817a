import type { Transporter } from 'nodemailer';
import { japanDate } from '@shared/era';
import type { Config } from '../../config';
import type { Db } from '../../db/database';
import { chunkRows, nowIso } from '../../db/sql';
import type { Ctx } from '../../platform/context';
import type { FastifyBaseLogger } from 'fastify';
import { newId } from '../../platform/ids';
import type { DueItem, NoteDraft, NotificationsService, Recipients, ReminderRunResult, ReminderSource } from './notifications.contract';
import './notifications.tables';

interface Recipient {
  userId: string;
  email: string;
}

/** Active users who should hear about an item, resolved once per (tenant, recipients) in a run. */
async function resolveRecipients(db: Db, tenantId: string, r: Recipients): Promise<Recipient[]> {
  const out = new Map<string, Recipient>();
  if (r.userIds?.length) {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('tenantId', '=', tenantId)
      .where('id', 'in', r.userIds)
      .where('status', '=', 'active')
      .execute();
    for (const u of rows) out.set(u.id, { userId: u.id, email: u.email });
  }
  if (r.roles?.length) {
    let scopes: string[] | null = null;
    if (r.sectionId) {
      const section = await db.selectFrom('orgUnits').select(['id', 'parentId']).where('tenantId', '=', tenantId).where('id', '=', r.sectionId).executeTakeFirst();
      scopes = [r.sectionId, ...(section?.parentId ? [section.parentId] : [])];
    }
    let q = db
      .selectFrom('roleAssignments as a')
      .innerJoin('users as u', (j) => j.onRef('u.tenantId', '=', 'a.tenantId').onRef('u.id', '=', 'a.userId'))
      .select(['u.id', 'u.email'])
      .where('a.tenantId', '=', tenantId)
      .where('a.role', 'in', r.roles)
      .where('a.revokedAt', 'is', null)
      .where('u.status', '=', 'active');
    if (scopes) {
      const s = scopes;
      q = q.where((eb) => eb.or([eb('a.scopeId', 'is', null), eb('a.scopeId', 'in', s)]));
    }
    for (const u of await q.execute()) out.set(u.id, { userId: u.id, email: u.email });
  }
  return [...out.values()];
}

function mailBody(item: Pick<DueItem, 'title' | 'body' | 'link'>, base: string | undefined): { subject: string; body: string } {
  const url = base ? `${base.replace(/\/$/, '')}${item.link}` : item.link;
  return {
    subject: `[しるべ] ${item.title.ja}`,
    body: [item.title.ja, '', item.body.ja, '', `確認する: ${url}`, '', '----', item.title.en, '', item.body.en, '', `Open: ${url}`, '', 'このメールは しるべ から自動で送信しています。 / Sent automatically by Shirube.'].join('\n'),
  };
}

export interface NotificationsRuntime extends NotificationsService {
  start(): void;
  stop(): void;
}

export function createNotificationsService(db: Db, config: Config, log: FastifyBaseLogger): NotificationsRuntime {
  const sources: ReminderSource[] = [];
  const dailyJobs: Array<{ id: string; job: (today: string) => Promise<unknown> }> = [];
  const mailEnabled = Boolean(config.SMTP_HOST);
  let transportPromise: Promise<Transporter> | null = null;
  /** The SMTP client, created on the first mail (nodemailer is not loaded at start). */
  function transport(): Promise<Transporter> {
    transportPromise ??= import('nodemailer').then((m) =>
      m.default.createTransport({
        host: config.SMTP_HOST,
        port: config.SMTP_PORT,
        secure: config.SMTP_SECURE,
        // A few connections kept open: the daily digest sends thousands of mails in one go.
        pool: true,
        maxConnections: 4,
        maxMessages: Number.POSITIVE_INFINITY,
        auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined,
        // Closed networks often run a relay without a certificate the machine trusts; STARTTLS is still used when offered.
        tls: { rejectUnauthorized: false },
      }),
    );
    return transportPromise;
  }
  let timer: NodeJS.Timeout | null = null;
  let outboxTimer: NodeJS.Timeout | null = null;

  async function deliver(trx: Db, tenantId: string, source: string, items: Array<Omit<DueItem, 'tenantId' | 'itemKey'> & { itemKey?: string }>) {
    const now = nowIso();
    const cache = new Map<string, Recipient[]>();
    const notes: Array<Record<string, unknown>> = [];
    const mails: Array<Record<string, unknown>> = [];
    for (const item of items) {
      const key = JSON.stringify(item.recipients);
      let recipients = cache.get(key);
      if (!recipients) {
        recipients = await resolveRecipients(trx, tenantId, item.recipients);
        cache.set(key, recipients);
      }
      const mail = mailBody(item, config.SHIRUBE_PUBLIC_URL);
      for (const r of recipients) {
        notes.push({
          tenantId,
          id: newId(),
          userId: r.userId,
          source,
          itemKey: item.itemKey ?? null,
          severity: item.severity,
          titleJa: item.title.ja,
          titleEn: item.title.en,
          bodyJa: item.body.ja,
          bodyEn: item.body.en,
          link: item.link,
          createdAt: now,
          readAt: null,
        });
        if (mailEnabled) mails.push({ tenantId, id: newId(), toAddress: r.email, subject: mail.subject, body: mail.body, createdAt: now, sentAt: null, attempts: 0, lastError: null });
      }
    }
    for (const chunk of chunkRows(notes, 13)) await trx.insertInto('notifications').values(chunk as never).execute();
    for (const chunk of chunkRows(mails, 9)) await trx.insertInto('mailOutbox').values(chunk as never).execute();
    return { notifications: notes.length, mails: mails.length };
  }

  async function flushOutbox(limit = 200) {
    if (!mailEnabled) return { sent: 0, failed: 0 };
    const pending = await db.selectFrom('mailOutbox').selectAll().where('sentAt', 'is', null).where('attempts', '<', 5).orderBy('createdAt').limit(limit).execute();
    let sent = 0;
    let failed = 0;
    const t = pending.length ? await transport() : null;
    const done: Array<{ tenantId: string; id: string; attempts: number }> = [];
    // As many mails in flight as the pool has connections; sentAt is written in batches.
    let next = 0;
    async function worker() {
      while (next < pending.length) {
        const m = pending[next++];
        try {
          await t!.sendMail({ from: config.SMTP_FROM, to: m.toAddress, subject: m.subject, text: m.body });
          done.push({ tenantId: m.tenantId, id: m.id, attempts: m.attempts + 1 });
          sent++;
        } catch (e) {
          failed++;
          await db
            .updateTable('mailOutbox')
            .set({ attempts: m.attempts + 1, lastError: String((e as Error).message).slice(0, 500) })
            .where('tenantId', '=', m.tenantId)
            .where('id', '=', m.id)
            .execute();
          log.warn({ err: e, to: m.toAddress }, 'mail delivery failed; will retry');
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(4, pending.length) }, () => worker()));
    const at = nowIso();
    const byTenant = new Map<string, string[]>();
    for (const d of done) byTenant.set(d.tenantId, [...(byTenant.get(d.tenantId) ?? []), d.id]);
    for (const [tenantId, ids] of byTenant) {
      for (let i = 0; i < ids.length; i += 500) {
        await db
          .updateTable('mailOutbox')
          .set((eb) => ({ sentAt: at, attempts: eb('attempts', '+', 1), lastError: null }))
          .where('tenantId', '=', tenantId)
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
      }
    }
    return { sent, failed };
  }

  async function enqueue(trx: Db, tenantId: string, notes: NoteDraft[]) {
    const now = nowIso();
    const rows: Array<Record<string, unknown>> = [];
    const mails: Array<Record<string, unknown>> = [];
    for (const n of notes) {
      if (n.inApp)
        rows.push({ tenantId, id: newId(), userId: n.userId, source: n.source, itemKey: n.itemKey, severity: n.severity, titleJa: n.title.ja, titleEn: n.title.en, bodyJa: n.body.ja, bodyEn: n.body.en, link: n.link, createdAt: now, readAt: null });
      if (n.mail && mailEnabled) {
        const m = mailBody(n, config.SHIRUBE_PUBLIC_URL);
        mails.push({ tenantId, id: newId(), toAddress: n.email, subject: m.subject, body: m.body, createdAt: now, sentAt: null, attempts: 0, lastError: null });
      }
    }
    for (const chunk of chunkRows(rows, 13)) await trx.insertInto('notifications').values(chunk as never).execute();
    for (const chunk of chunkRows(mails, 9)) await trx.insertInto('mailOutbox').values(chunk as never).execute();
    return { notifications: rows.length, mails: mails.length };
  }

  async function runReminders(today = japanDate()): Promise<ReminderRunResult> {
    const result: ReminderRunResult = { day: today, scanned: 0, due: 0, sent: 0, notifications: 0, mails: 0 };
    if (dailyJobs.length) {
      result.jobs = {};
      for (const j of dailyJobs) result.jobs[j.id] = await j.job(today);
    }
    for (const source of sources) {
      const items = await source.scan(db, today);
      result.scanned += items.length;
      result.due += items.length;
      if (items.length === 0) continue;
      await db.transaction().execute(async (trx) => {
        const now = nowIso();
        const fresh: DueItem[] = [];
        const byKey = new Map(items.map((i) => [`${i.tenantId}\u0000${i.itemKey}`, i]));
        for (const chunk of chunkRows(items, 5)) {
          const inserted = await trx
            .insertInto('reminderLog')
            .values(chunk.map((i) => ({ tenantId: i.tenantId, source: source.id, itemKey: i.itemKey, day: today, createdAt: now })))
            .onConflict((oc) => oc.columns(['tenantId', 'source', 'itemKey', 'day']).doNothing())
            .returning(['tenantId', 'itemKey'])
            .execute();
          for (const r of inserted) {
            const item = byKey.get(`${r.tenantId}\u0000${r.itemKey}`);
            if (item) fresh.push(item);
          }
        }
        result.sent += fresh.length;
        const byTenant = new Map<string, DueItem[]>();
        for (const i of fresh) byTenant.set(i.tenantId, [...(byTenant.get(i.tenantId) ?? []), i]);
        for (const [tenantId, list] of byTenant) {
          const d = await deliver(trx, tenantId, source.id, list);
          result.notifications += d.notifications;
          result.mails += d.mails;
        }
      });
    }
    if (result.mails) await flushOutbox(1000);
    return result;
  }

  /** Milliseconds until the next SHIRUBE_REMINDER_TIME in Japan time. */
  function msUntilNextRun(): number {
    const [h, m] = config.SHIRUBE_REMINDER_TIME.split(':').map(Number);
    const now = new Date();
    const today = japanDate(now);
    let next = new Date(`${today}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+09:00`);
    if (next.getTime() <= now.getTime()) next = new Date(next.getTime() + 86_400_000);
    return next.getTime() - now.getTime();
  }

  function schedule() {
    timer = setTimeout(async () => {
      try {
        const r = await runReminders();
        log.info(r, 'daily reminders sent');
      } catch (e) {
        log.error({ err: e }, 'daily reminders failed');
      }
      schedule();
    }, msUntilNextRun());
    timer.unref();
  }

  return {
    registerSource(source) {
      if (sources.some((s) => s.id === source.id)) throw new Error(`reminder source ${source.id} registered twice`);
      sources.push(source);
    },
    runReminders,
    async notify(trx: Db, ctx: Ctx, item) {
      const d = await deliver(trx, ctx.tenantId, 'notify', [item]);
      return d.notifications;
    },
    flushOutbox,
    enqueue,
    mailEnabled,
    onDaily(id, job) {
      if (dailyJobs.some((j) => j.id === id)) throw new Error(`daily job ${id} registered twice`);
      dailyJobs.push({ id, job });
    },
    start() {
      schedule();
      // After a restart past today's time, catch up; the reminder log keeps it to one per item and day.
      const [h, m] = config.SHIRUBE_REMINDER_TIME.split(':').map(Number);
      const jstNow = new Date(Date.now() + 9 * 3_600_000);
      if (jstNow.getUTCHours() * 60 + jstNow.getUTCMinutes() >= h * 60 + m) {
        setTimeout(() => {
          runReminders().catch((e) => log.error({ err: e }, 'catch-up reminders failed'));
        }, 5_000).unref();
      }
      outboxTimer = setInterval(() => {
        flushOutbox().catch((e) => log.error({ err: e }, 'outbox flush failed'));
      }, 60_000);
      outboxTimer.unref();
    },
    stop() {
      if (timer) clearTimeout(timer);
      if (outboxTimer) clearInterval(outboxTimer);
      if (transportPromise) void transportPromise.then((t) => t.close());
    },
  };
}
