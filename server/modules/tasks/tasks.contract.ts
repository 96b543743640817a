import type { Bilingual } from '@shared/catalog';
import type { Role } from '@shared/permissions';
import type { Db } from '../../db/database';
import type { Ctx } from '../../platform/context';

/**
 * Everyone's to-do list (やること), shared by every module.
 *
 * Open work lives in one table, so the list, the dashboard, the notification page and the daily
 * digest read the same rows and never disagree. A module feeds it in one of two ways:
 *  - event-driven: `put()` / `complete()` inside the transaction that creates or ends the work
 *    (an approval request waiting for a decision, an improvement action assigned to a section);
 *  - state-driven: a TaskProvider whose `collect()` says what is open for one organisation today
 *    (expiring registrations, overdue certificates); `reconcile()` adds what is new and closes
 *    what is no longer returned. The scheduler reconciles every provider once a day.
 * The provider id is the first segment of every key it owns (`approvals:<id>:decide`).
 */
export interface TaskAssignees {
  userIds?: string[];
  /** Every active holder of one of these roles (narrowed to the section/department when given). */
  roles?: Role[];
  sectionId?: string | null;
  departmentId?: string | null;
}

export interface TaskDraft {
  /** Stable key, unique per organisation; the provider id is its first segment. */
  key: string;
  /** Kind within the provider, e.g. 'approval.decide', 'improvement.due'. Used for per-kind mail choice. */
  kind: string;
  title: Bilingual;
  /** Path in the web UI, e.g. `/approvals/<id>`. */
  link: string;
  /** 'YYYY-MM-DD' (Japan time) or null when the work has no deadline. */
  dueDate: string | null;
  assignees: TaskAssignees;
  /** The person who waits for it (shown to them under "waiting on others"). */
  requestedBy?: string | null;
  /** The record it concerns, for links and counts. */
  subject: { type: string; id: string };
}

export interface TaskProvider {
  /** Unique id, e.g. 'disposal'; first segment of every key it owns. */
  id: string;
  label: Bilingual;
  /** Read-only: every open task of this provider for one organisation on `today` ('YYYY-MM-DD'). */
  collect(db: Db, tenantId: string, today: string): Promise<TaskDraft[]>;
  /** The kinds it produces, named for the mail settings page (optional; see registerKinds). */
  kinds?: TaskKind[];
}

/** A kind of task, as the mail settings page names it. */
export interface TaskKind {
  kind: string;
  label: Bilingual;
}

export interface TasksService {
  registerProvider(provider: TaskProvider): void;
  /** Create or update an open task (inside the caller's transaction). */
  put(trx: Db, ctx: Ctx, draft: TaskDraft): Promise<void>;
  /** Close an open task by key; no-op when it is not open. */
  complete(trx: Db, ctx: Ctx, key: string): Promise<void>;
  /** Run every provider for one organisation (or all when tenantId is omitted). */
  reconcile(today?: string, tenantId?: string): Promise<{ added: number; closed: number }>;
  /** Name the kinds an event-driven module puts (for the per-kind mail choice). */
  registerKinds(kinds: TaskKind[]): void;
}

declare module '../../platform/deps' {
  interface Services {
    tasks: TasksService;
  }
}
