import { fiscalYearOf, fiscalYearRange, japanDate } from '@shared/era';
import { LEASE_WARNING_DAYS, OPEN_STATES } from '@shared/disposal';
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/schema';
import type { Ctx } from '../../platform/context';
import { err } from '../../platform/errors';
import type { DueItem, ReminderSource } from '../notifications/notifications.contract';
import { addDays, scopeFor, whereScope } from './disposal.common';
import { leaseHorizon, overdueFilter, toPlanFilter } from './disposal.service';

/**
 * Daily reminders (run by the notifications scheduler) and the dashboard figures.
 *
 * Items of one project are reminded together (one reminder per project and day), standalone
 * disposals one by one; contractors get one reminder per company listing what they owe.
 */

/** Certificates due within this many days get a heads-up before they become overdue. */
export const CERTIFICATE_SOON_DAYS = 3;
/** Lease ends are reminded at these distances, then daily in the last week and after. */
export const LEASE_MILESTONES = [LEASE_WARNING_DAYS, 60, 30, 14];

/** One reminder's worth of disposals: a whole project, or one standalone disposal. */
interface Group {
  tenantId: string;
  /** The project, or null for a standalone disposal. */
  projectId: string | null;
  projectCode: string | null;
  projectName: string | null;
  disposalId: string | null;
  code: string | null;
  label: string | null;
  sectionId: string;
  requestedBy: string | null;
  contractorName: string | null;
  count: number;
  /** Earliest due date or lease end in the group. */
  earliest: string;
  /** Items already past the date. */
  past: number;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

type DateColumn = 'certificateDueOn' | 'leaseEnd';

/**
 * The due disposals, aggregated in the database: one row per project (count, earliest date, how
 * many are past it) and one row per standalone disposal. `filter` narrows the disposals table.
 */
async function dueGroups(
  db: Db,
  col: DateColumn,
  today: string,
  // biome-ignore lint/suspicious/noExplicitAny: the same filter applies to two query shapes
  filter: (q: any) => any,
): Promise<Group[]> {
  const ref = col === 'certificateDueOn' ? 'd.certificateDueOn' : 'd.leaseEnd';
  const projects = await filter(
    db
      .selectFrom('disposals as d')
      .innerJoin('disposalProjects as p', (j) => j.onRef('p.tenantId', '=', 'd.tenantId').onRef('p.id', '=', 'd.projectId')),
  )
    .select((eb: ExpressionBuilder<Database & { d: Database['disposals']; p: Database['disposalProjects'] }, 'd' | 'p'>) => [
      'd.tenantId',
      'd.projectId',
      'p.code as projectCode',
      'p.name as projectName',
      'p.sectionId',
      'p.createdBy as requestedBy',
      eb.fn.max('d.contractorName').as('contractorName'),
      eb.fn.countAll<number>().as('count'),
      eb.fn.min(ref as 'd.leaseEnd').as('earliest'),
      eb.fn.sum<number>(eb.case().when(ref as 'd.leaseEnd', '<', today).then(1).else(0).end()).as('past'),
    ])
    .groupBy(['d.tenantId', 'd.projectId', 'p.code', 'p.name', 'p.sectionId', 'p.createdBy'])
    .execute();
  const singles = await filter(db.selectFrom('disposals as d'))
    .where('d.projectId', 'is', null)
    .select(['d.tenantId', 'd.id', 'd.code', 'd.serialNumber', 'd.serviceName', 'd.sectionId', 'd.requestedBy', 'd.contractorName', `${ref} as earliest`])
    .execute();
  return [
    ...projects.map((r: Record<string, unknown>) => ({
      tenantId: r.tenantId as string,
      projectId: r.projectId as string,
      projectCode: r.projectCode as string,
      projectName: r.projectName as string,
      disposalId: null,
      code: null,
      label: null,
      sectionId: r.sectionId as string,
      requestedBy: (r.requestedBy as string | null) ?? null,
      contractorName: (r.contractorName as string | null) ?? null,
      count: Number(r.count),
      earliest: r.earliest as string,
      past: Number(r.past ?? 0),
    })),
    ...singles.map((r: Record<string, unknown>) => ({
      tenantId: r.tenantId as string,
      projectId: null,
      projectCode: null,
      projectName: null,
      disposalId: r.id as string,
      code: r.code as string,
      label: ((r.serialNumber ?? r.serviceName) as string | null) ?? '',
      sectionId: r.sectionId as string,
      requestedBy: (r.requestedBy as string | null) ?? null,
      contractorName: (r.contractorName as string | null) ?? null,
      count: 1,
      earliest: r.earliest as string,
      past: (r.earliest as string) < today ? 1 : 0,
    })),
  ];
}

function what(g: Group, unit: { ja: string; en: string }) {
  return g.projectId
    ? { ja: `${g.projectCode}「${g.projectName}」の${g.count}${unit.ja}`, en: `${g.count} ${unit.en} of ${g.projectCode} "${g.projectName}"` }
    : { ja: `${g.code}（${g.label}）`, en: `${g.code} (${g.label})` };
}

const staff = (g: Group) => ({ userIds: g.requestedBy ? [g.requestedBy] : [], roles: ['chiefSecurityManager' as const, 'securityManager' as const], sectionId: g.sectionId });
const link = (g: Group) => (g.projectId ? `/disposal-projects/${g.projectId}` : `/disposals/${g.disposalId}`);
const key = (g: Group, kind: string) => (g.projectId ? `disposal-project:${g.projectId}:${kind}` : `disposal:${g.disposalId}:${kind}`);

export function certificateSource(): ReminderSource {
  return {
    id: 'disposal.certificate',
    label: { ja: '廃棄の完了証明書の提出期限', en: 'Disposal certificates due' },
    async scan(db, today) {
      const soon = addDays(today, CERTIFICATE_SOON_DAYS);
      // biome-ignore lint/suspicious/noExplicitAny: shared filter
      const due = (q: any) => q.where('d.state', 'in', ['handedOver', 'destroyed']).where('d.certificateDueOn', '<=', soon).where('d.certificateReceivedAt', 'is', null);
      const groups = await dueGroups(db, 'certificateDueOn', today, due);
      const items: DueItem[] = groups.map((g) => {
        const w = what(g, { ja: '件', en: 'item(s)' });
        const overdue = g.past > 0;
        return {
          tenantId: g.tenantId,
          itemKey: key(g, 'certificate'),
          recipients: staff(g),
          title: overdue ? { ja: `完了証明書の提出期限を過ぎています: ${w.ja}`, en: `Certificate overdue: ${w.en}` } : { ja: `完了証明書の提出期限が近づいています: ${w.ja}`, en: `Certificate due soon: ${w.en}` },
          body: {
            ja: `委託事業者（${g.contractorName ?? '未設定'}）からの完了証明書がまだ届いていません。期限は${g.earliest}${overdue ? `で、${g.past}件が期限を過ぎています` : 'です'}。事業者に提出を求めてください。`,
            en: `No completion certificate has arrived from the contractor (${g.contractorName ?? 'not set'}). Due ${g.earliest}${overdue ? `; ${g.past} overdue` : ''}. Ask the contractor to submit it.`,
          },
          link: link(g),
          severity: overdue ? 'overdue' : 'warning',
          dueDate: g.earliest,
        };
      });
      // One reminder per contractor company and day, to its own accounts.
      const byContractor = await due(db.selectFrom('disposals as d'))
        .where('d.contractorId', 'is not', null)
        .select((eb: ExpressionBuilder<Database & { d: Database['disposals'] }, 'd'>) => [
          'd.tenantId',
          'd.contractorId',
          eb.fn.countAll<number>().as('count'),
          eb.fn.sum<number>(eb.case().when('d.certificateDueOn', '<', today).then(1).else(0).end()).as('past'),
        ])
        .groupBy(['d.tenantId', 'd.contractorId'])
        .execute();
      if (byContractor.length) {
        const accounts = await db
          .selectFrom('roleAssignments')
          .select(['tenantId', 'scopeId', 'userId'])
          .where('role', '=', 'contractor')
          .where('revokedAt', 'is', null)
          .where('scopeId', 'in', [...new Set((byContractor as Array<{ contractorId: string }>).map((r) => r.contractorId))])
          .execute();
        for (const c of byContractor as Array<{ tenantId: string; contractorId: string; count: number; past: number }>) {
          const userIds = accounts.filter((a) => a.tenantId === c.tenantId && a.scopeId === c.contractorId).map((a) => a.userId);
          if (userIds.length === 0) continue;
          const count = Number(c.count);
          const past = Number(c.past ?? 0);
          items.push({
            tenantId: c.tenantId,
            itemKey: `disposal-contractor:${c.contractorId}:certificate`,
            recipients: { userIds },
            title: { ja: `完了証明書の提出をお願いします（${count}件）`, en: `Certificates to submit (${count})` },
            body: {
              ja: `お預かりいただいた機器・媒体のうち${count}件の完了証明書がまだ提出されていません${past ? `（うち${past}件は期限切れ）` : ''}。証明書と写真を提出してください。`,
              en: `${count} item(s) you received still need a completion certificate${past ? ` (${past} overdue)` : ''}. Please submit the certificate and photos.`,
            },
            link: '/contractor/disposals',
            severity: past ? 'overdue' : 'warning',
            dueDate: null,
          });
        }
      }
      return items;
    },
  };
}

/** `continuous`: every day within the horizon (the to-do list), not only on the reminder milestones. */
export function leaseSource(opts: { continuous?: boolean } = {}): ReminderSource {
  return {
    id: 'disposal.lease',
    label: { ja: 'リース終了が近い機器の廃棄計画', en: 'Leases ending soon' },
    async scan(db, today) {
      // biome-ignore lint/suspicious/noExplicitAny: shared filter
      const due = (q: any) => q.where('d.state', 'in', ['requested', 'approved', 'erasedInBuilding']).where('d.leaseEnd', 'is not', null).where('d.leaseEnd', '<=', leaseHorizon(today));
      const groups = await dueGroups(db, 'leaseEnd', today, due);
      const items: DueItem[] = [];
      for (const g of groups) {
        const left = daysBetween(today, g.earliest);
        if (!opts.continuous && !(left <= 7 || LEASE_MILESTONES.includes(left))) continue;
        const w = what(g, { ja: '台', en: 'device(s)' });
        items.push({
          tenantId: g.tenantId,
          itemKey: key(g, 'lease'),
          recipients: staff(g),
          title: left < 0 ? { ja: `リース期間が終了しています: ${w.ja}`, en: `Lease ended: ${w.en}` } : { ja: `リース終了まであと${left}日: ${w.ja}`, en: `Lease ends in ${left} day(s): ${w.en}` },
          body: {
            ja: `リース終了日（${g.earliest}）までに、承認・庁舎内での消去・事業者への引渡しを済ませてください。返却前の消去と証明の段取りが必要です。`,
            en: `Approve, erase in the building and hand over before the lease ends (${g.earliest}); the erasure and its proof must be arranged before return.`,
          },
          link: link(g),
          severity: left < 0 ? 'overdue' : left <= 14 ? 'warning' : 'info',
          dueDate: g.earliest,
        });
      }
      return items;
    },
  };
}

// ---- dashboard ----------------------------------------------------------------------------

export async function summary(db: Db, ctx: Ctx) {
  const scope = await scopeFor(db, ctx, 'disposal.read');
  if (!scope) throw err.forbidden();
  const today = japanDate();
  const { start } = fiscalYearRange(fiscalYearOf());
  const fyStart = new Date(`${start}T00:00:00+09:00`).toISOString();
  const base = () => whereScope(db.selectFrom('disposals').where('tenantId', '=', ctx.tenantId), scope);
  const count = async (q: ReturnType<typeof base>) => Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const [open, awaitingApproval, withContractor, overdue, toPlan, closedThisYear] = await Promise.all([
    count(base().where('state', 'in', OPEN_STATES)),
    count(base().where('state', '=', 'requested')),
    count(base().where('state', 'in', ['handedOver', 'destroyed'])),
    count(overdueFilter(base(), today)),
    count(toPlanFilter(base(), today)),
    count(base().where('state', '=', 'closed').where('closedAt', '>=', fyStart)),
  ]);
  return { today, open, awaitingApproval, withContractor, overdueCertificates: overdue, leaseEndingSoon: toPlan, closedThisFiscalYear: closedThisYear, leaseWarningDays: LEASE_WARNING_DAYS };
}
