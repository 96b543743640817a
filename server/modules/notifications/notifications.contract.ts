import type { Bilingual } from '@shared/catalog';
import type { Role } from '@shared/permissions';
import type { Db } from '../../db/database';
import type { Ctx } from '../../platform/context';

/**
 * Reminders and notifications, shared by every module.
 *
 * A module registers a ReminderSource; the scheduler inside the server runs every source once a
 * day at SHIRUBE_REMINDER_TIME (Japan time). For each due item it records (tenant, source,
 * itemKey, day) — so there is one reminder per item and day, even across restarts — then creates
 * in-app notifications and queues e-mail (SMTP, when configured) for the recipients.
 */
export interface Recipients {
  userIds?: string[];
  /** Every active user holding one of these roles in the tenant (optionally only for a section). */
  roles?: Role[];
  sectionId?: string | null;
}

export interface DueItem {
  tenantId: string;
  /** Stable key of the thing being reminded about, e.g. `disposal:<id>:certificate`. */
  itemKey: string;
  recipients: Recipients;
  title: Bilingual;
  body: Bilingual;
  /** Path in the web UI, e.g. `/disposals/<id>`. */
  link: string;
  severity: 'info' | 'warning' | 'overdue';
  /** The deadline ('YYYY-MM-DD'), when there is one; the to-do list sorts and buckets by it. */
  dueDate?: string | null;
}

export interface ReminderSource {
  /** Unique id, e.g. 'disposal.certificate'. */
  id: string;
  label: Bilingual;
  /** Return what is due on `today` ('YYYY-MM-DD', Japan time). Must be read-only. */
  scan(db: Db, today: string): Promise<DueItem[]>;
}

export interface ReminderRunResult {
  day: string;
  scanned: number;
  due: number;
  /** Items reminded for the first time today (the rest were already reminded). */
  sent: number;
  notifications: number;
  mails: number;
  /** What each daily job reported (e.g. the to-do list's reconcile and digest). */
  jobs?: Record<string, unknown>;
}

/** One message for one person: in the app, by mail, or both (used by the to-do list). */
export interface NoteDraft {
  userId: string;
  email: string;
  source: string;
  itemKey: string | null;
  severity: 'info' | 'warning' | 'overdue';
  title: Bilingual;
  body: Bilingual;
  link: string;
  inApp: boolean;
  mail: boolean;
}

export interface NotificationsService {
  registerSource(source: ReminderSource): void;
  /** Run every source now for `today` (default: today in Japan). Used by the scheduler, the CLI and tests. */
  runReminders(today?: string): Promise<ReminderRunResult>;
  /** Notify now (inside the caller's transaction), e.g. "a certificate was uploaded". */
  notify(trx: Db, ctx: Ctx, item: Omit<DueItem, 'tenantId' | 'itemKey'> & { itemKey?: string }): Promise<number>;
  /** Record in-app notifications and queue mail for already-resolved people (inside the caller's transaction). */
  enqueue(trx: Db, tenantId: string, notes: NoteDraft[]): Promise<{ notifications: number; mails: number }>;
  /** Send queued mail now (no-op without SMTP). */
  flushOutbox(limit?: number): Promise<{ sent: number; failed: number }>;
  /** A job the daily run performs before the reminder sources (the to-do list registers its reconcile and digest). */
  onDaily(id: string, job: (today: string) => Promise<unknown>): void;
  /** Whether mail can be sent at all (SMTP configured). */
  readonly mailEnabled: boolean;
}

declare module '../../platform/deps' {
  interface Services {
    notifications: NotificationsService;
  }
}
