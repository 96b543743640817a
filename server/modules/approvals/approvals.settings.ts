import { z } from 'zod';
import { SUBJECT_TYPES, SUBJECTS, type SubjectType } from '@shared/approvals';
import { C_LEVELS } from '@shared/vendors';
import { ROLE_IDS, type Role } from '@shared/permissions';
import type { Db } from '../../db/database';
import { fromJson, nowIso, toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import { BusinessCalendar, type CalendarService, type ClosedDays, DEFAULT_CLOSED_DAYS } from '../../platform/calendar';
import type { Ctx } from '../../platform/context';
import { bilingual } from '../../platform/errors';

/**
 * Each organisation's approval settings and closed days (開庁日の設定). Until an organisation saves its
 * own, the defaults apply: the guideline's approver per subject type, no prohibited take-out class,
 * the emergency report within 3 business days (provisional: 7.4 says "promptly"), reminders 30 days
 * before expiry, and 年末年始 (29 Dec – 3 Jan) closed.
 */
export interface ApprovalSettings {
  approvers: Record<SubjectType, Role[]>;
  /** Confidentiality levels that may not be taken out at all. */
  prohibitedTakeOut: string[];
  /** Business days after the emergency action within which the report is due. */
  emergencyReportDays: number;
  /** Days before expiry when the reminder appears. */
  reminderDays: number;
}

export function defaultSettings(): ApprovalSettings {
  return {
    approvers: Object.fromEntries(SUBJECT_TYPES.map((t) => [t, [...SUBJECTS[t].defaultApprovers]])) as Record<SubjectType, Role[]>,
    prohibitedTakeOut: [],
    emergencyReportDays: 3,
    reminderDays: 30,
  };
}

const roleList = z.array(z.enum(ROLE_IDS)).min(1).max(10);

export const SettingsInput = z
  .object({
    approvers: z.object(Object.fromEntries(SUBJECT_TYPES.map((t) => [t, roleList.optional()])) as Record<SubjectType, z.ZodOptional<typeof roleList>>).strict().optional(),
    prohibitedTakeOut: z.array(z.enum([...C_LEVELS, '3'])).max(6).optional(),
    emergencyReportDays: z.number().int().min(1).max(30).optional(),
    reminderDays: z.number().int().min(1).max(180).optional(),
  })
  .strict();

const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: bilingual('MM-DD の形式で指定してください。', 'Use the MM-DD format.').message });

export const ClosedDaysInput = z
  .object({
    yearly: z.array(z.object({ from: monthDay, to: monthDay }).strict()).max(20),
    dates: z.array(z.iso.date()).max(366),
  })
  .strict();

async function row(db: Db, tenantId: string) {
  return db.selectFrom('approvalSettings').selectAll().where('tenantId', '=', tenantId).executeTakeFirst();
}

export async function loadSettings(db: Db, tenantId: string): Promise<ApprovalSettings> {
  const r = await row(db, tenantId);
  const base = defaultSettings();
  if (!r) return base;
  const saved = fromJson<Partial<ApprovalSettings>>(r.settings, {});
  return { ...base, ...saved, approvers: { ...base.approvers, ...(saved.approvers ?? {}) } };
}

export async function loadClosedDays(db: Db, tenantId: string): Promise<ClosedDays> {
  const r = await row(db, tenantId);
  return r ? fromJson<ClosedDays>(r.closedDays, DEFAULT_CLOSED_DAYS) : DEFAULT_CLOSED_DAYS;
}

async function save(trx: Db, ctx: Ctx, settings: ApprovalSettings, closed: ClosedDays) {
  const values = { settings: toJson(settings), closedDays: toJson(closed), updatedAt: nowIso(), updatedByLabel: ctx.actor?.displayName ?? ctx.audit.actorLabel };
  await trx
    .insertInto('approvalSettings')
    .values({ tenantId: ctx.tenantId, ...values })
    .onConflict((oc) => oc.column('tenantId').doUpdateSet(values))
    .execute();
}

export async function updateSettings(db: Db, ctx: Ctx, input: z.infer<typeof SettingsInput>): Promise<ApprovalSettings> {
  return db.transaction().execute(async (trx) => {
    const current = await loadSettings(trx, ctx.tenantId);
    const next: ApprovalSettings = {
      approvers: { ...current.approvers, ...(input.approvers ?? {}) } as Record<SubjectType, Role[]>,
      prohibitedTakeOut: input.prohibitedTakeOut ?? current.prohibitedTakeOut,
      emergencyReportDays: input.emergencyReportDays ?? current.emergencyReportDays,
      reminderDays: input.reminderDays ?? current.reminderDays,
    };
    await save(trx, ctx, next, await loadClosedDays(trx, ctx.tenantId));
    await appendAudit(trx, ctx.audit, { action: 'approval.settings.update', targetType: 'organization', targetId: ctx.tenantId, changes: { before: current, after: next } });
    return next;
  });
}

export async function updateClosedDays(db: Db, ctx: Ctx, input: ClosedDays): Promise<ClosedDays> {
  // The calendar validates the shapes it needs; a range that does not parse never reaches the table.
  new BusinessCalendar(input);
  return db.transaction().execute(async (trx) => {
    const before = await loadClosedDays(trx, ctx.tenantId);
    const closed: ClosedDays = { yearly: input.yearly, dates: [...new Set(input.dates)].sort() };
    await save(trx, ctx, await loadSettings(trx, ctx.tenantId), closed);
    await appendAudit(trx, ctx.audit, { action: 'calendar.closedDays.update', targetType: 'organization', targetId: ctx.tenantId, changes: { before, after: closed } });
    return closed;
  });
}

/** deps.services.calendar: the organisation's business calendar. */
export const calendarService: CalendarService = {
  async forTenant(db, tenantId) {
    return new BusinessCalendar(await loadClosedDays(db, tenantId));
  },
};
