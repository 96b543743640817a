import type { ApprovalState, ApprovalSummary } from './approvals.contract';
import type { Role } from '@shared/permissions';
import type { Db } from '../../db/database';
import { fromJson, nowIso, toJson } from '../../db/sql';
import { type Ctx, grantFor } from '../../platform/context';
import { type Bilingual, err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { sectionsOfDepartments } from '../tenancy/tenancy.service';
import type { ApprovalsTable } from './approvals.tables';
import { subjectLabel } from './subjects';

/** Shared pieces of the approval engine: visibility, the state as of a day, presentation, history. */

export const KIND: Bilingual = { ja: '承認申請', en: 'Approval request' };
export const NONE = '00000000-0000-0000-0000-000000000000';

export interface Visibility {
  all: boolean;
  sections: string[];
  userId: string | null;
}

/** Who sees which requests: the organisation, some sections, or (staff) their own requests. */
export async function visibility(db: Db, ctx: Ctx): Promise<Visibility> {
  const g = grantFor(ctx.actor, 'approval.read');
  const d = grantFor(ctx.actor, 'approval.decide');
  if (!g && !d) throw err.forbidden();
  if (g?.all || d?.all) return { all: true, sections: [], userId: null };
  const sectionIds = [...(g?.sectionIds ?? []), ...(d?.sectionIds ?? [])];
  const deptIds = [...(g?.departmentIds ?? []), ...(d?.departmentIds ?? [])];
  return { all: false, sections: [...sectionIds, ...(await sectionsOfDepartments(db, ctx.tenantId, deptIds))], userId: ctx.actor?.userId ?? null };
}

export function canSee(v: Visibility, row: Pick<ApprovalsTable, 'sectionId' | 'requestedBy'>): boolean {
  return v.all || (row.sectionId !== null && v.sections.includes(row.sectionId)) || (v.userId !== null && row.requestedBy === v.userId);
}

export async function visibleRow(db: Db, ctx: Ctx, id: string): Promise<ApprovalsTable> {
  const row = await db.selectFrom('approvals').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  if (!row || !canSee(await visibility(db, ctx), row)) throw err.notFound(KIND, id);
  return row;
}

/** The state shown everywhere: an approval past its validity is 'expired'. */
export function stateOn(row: Pick<ApprovalsTable, 'state' | 'validUntil'>, day: string): ApprovalState {
  if ((row.state === 'approved' || row.state === 'approved_with_conditions') && row.validUntil !== null && row.validUntil < day) return 'expired';
  return row.state;
}

export function isEffectiveOn(row: Pick<ApprovalsTable, 'state' | 'validUntil' | 'validFrom'>, day: string): boolean {
  return (row.state === 'approved' || row.state === 'approved_with_conditions') && (row.validFrom === null || row.validFrom <= day) && (row.validUntil === null || row.validUntil >= day);
}

export function conditionsOf(row: Pick<ApprovalsTable, 'conditions'>): string[] {
  return fromJson<Array<string | Bilingual>>(row.conditions, []).map((c) => (typeof c === 'string' ? c : c.ja));
}

export function summaryOf(row: ApprovalsTable, day: string): ApprovalSummary {
  return {
    id: row.id,
    subjectType: row.subjectType,
    recordType: row.recordType,
    recordId: row.recordId,
    state: stateOn(row, day),
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    decidedAt: row.decidedAt,
    decidedBy: row.decidedByLabel,
    conditions: conditionsOf(row),
  };
}

/** The full record for the API and the pages. */
export function present(row: ApprovalsTable, day: string) {
  const emergency = row.emergency === 1;
  const reportLate = emergency && row.reportDue !== null && (row.reportedAt ? row.reportedAt.slice(0, 10) > row.reportDue : day > row.reportDue);
  const overdue = row.subjectType === 'take_out' && row.dueBack !== null && row.returnedOn === null && (row.state === 'approved' || row.state === 'approved_with_conditions') && day > row.dueBack;
  return {
    ...summaryOf(row, day),
    subjectLabel: subjectLabel(row.subjectType),
    title: row.title,
    details: fromJson<Record<string, unknown>>(row.details, {}),
    assetIds: fromJson<string[]>(row.assetIds, []),
    classes: fromJson<{ c: string | null; i: string | null; a: string | null }>(row.classes, { c: null, i: null, a: null }),
    checks: fromJson<unknown>(row.checks, []),
    conditionTexts: fromJson<Array<string | Bilingual>>(row.conditions, []).map((c) => (typeof c === 'string' ? { ja: c, en: c } : c)),
    approverRoles: fromJson<Role[]>(row.approverRoles, []),
    sectionId: row.sectionId,
    storedState: row.state,
    requestedBy: row.requestedBy,
    requestedByLabel: row.requestedByLabel,
    requestedAt: row.requestedAt,
    decidedById: row.decidedBy,
    decisionNote: row.decisionNote,
    emergency,
    actedOn: row.actedOn,
    reportDue: row.reportDue,
    reportedAt: row.reportedAt,
    report: row.report,
    reportLate,
    dueBack: row.dueBack,
    returnedOn: row.returnedOn,
    overdue,
    reviewedAt: row.reviewedAt,
    reviewedByLabel: row.reviewedByLabel,
    updatedAt: row.updatedAt,
  };
}

export const actorLabel = (ctx: Ctx) => ctx.actor?.displayName ?? ctx.audit.actorLabel;

export async function addEvent(trx: Db, ctx: Ctx, approvalId: string, event: string, note: string | null, data: unknown = {}): Promise<void> {
  await trx
    .insertInto('approvalEvents')
    .values({ tenantId: ctx.tenantId, id: newId(), approvalId, at: nowIso(), actorId: ctx.audit.actorId, actorLabel: actorLabel(ctx), event, note, data: toJson(data) })
    .execute();
}
