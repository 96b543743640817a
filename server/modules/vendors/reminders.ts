import type { Db } from '../../db/database';
import type { DueItem, ReminderSource } from '../notifications/notifications.contract';
import { scanExpiries } from './checks.service';
import { addDays } from './rules';

/**
 * Daily reminders of the vendors module: certificates, ISMAP registrations and evidence that end
 * within 60 days or have ended, check sheets not answered by their due date (or within a week
 * of it), and evidence requests past due.
 */

const TYPE_NAMES = {
  certification: { ja: '認証', en: 'certification' },
  registration: { ja: 'ISMAP登録', en: 'ISMAP registration' },
  evidence: { ja: '証跡', en: 'evidence' },
} as const;

export const expirySource: ReminderSource = {
  id: 'vendors.expiry',
  label: { ja: '認証・ISMAP登録・証跡の有効期限', en: 'Expiry of certifications, ISMAP registrations and evidence' },
  async scan(db: Db, today: string): Promise<DueItem[]> {
    const items = await scanExpiries(db, today);
    return items.map((x) => {
      const name = TYPE_NAMES[x.type];
      return {
        tenantId: x.tenantId,
        itemKey: `${x.type}:${x.id}:${x.validUntil}`,
        recipients: { roles: ['chiefSecurityManager', ...(x.ownerSectionId ? (['systemManager'] as const) : [])], sectionId: x.ownerSectionId },
        title: x.expired
          ? { ja: `${name.ja}の有効期限が切れています: ${x.label}`, en: `Expired ${name.en}: ${x.label}` }
          : { ja: `${name.ja}の有効期限が近づいています: ${x.label}`, en: `${name.en} expiring: ${x.label}` },
        body: x.expired
          ? { ja: `有効期限（${x.validUntil}）を過ぎています。更新の証明を求めてください。`, en: `It ended on ${x.validUntil}. Ask for proof of renewal.` }
          : { ja: `有効期限は${x.validUntil}です。更新の予定を確かめてください。`, en: `It ends on ${x.validUntil}. Check the renewal plan.` },
        link: x.link,
        severity: x.expired ? 'overdue' : 'warning',
        dueDate: x.validUntil,
      } satisfies DueItem;
    });
  },
};

async function contractorUsers(db: Db, pairs: Array<{ tenantId: string; contractorId: string }>): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (pairs.length === 0) return map;
  const rows = await db
    .selectFrom('roleAssignments')
    .select(['tenantId', 'userId', 'scopeId'])
    .where('role', '=', 'contractor')
    .where('revokedAt', 'is', null)
    .where('scopeId', 'in', [...new Set(pairs.map((p) => p.contractorId))])
    .execute();
  for (const r of rows) {
    const key = `${r.tenantId}/${r.scopeId}`;
    map.set(key, [...(map.get(key) ?? []), r.userId]);
  }
  return map;
}

export const sheetSource: ReminderSource = {
  id: 'vendors.checkSheets',
  label: { ja: '未回答のチェックシートと提出依頼', en: 'Unanswered check sheets and evidence requests' },
  async scan(db: Db, today: string): Promise<DueItem[]> {
    const soon = addDays(today, 7);
    const [sheets, requests] = await Promise.all([
      db
        .selectFrom('vendorCheckSheets as s')
        .innerJoin('vendorContractors as c', (j) => j.onRef('c.tenantId', '=', 's.tenantId').onRef('c.id', '=', 's.contractorId'))
        .select(['s.tenantId', 's.id', 's.contractorId', 's.fiscalYear', 's.dueOn', 'c.name', 'c.ownerSectionId'])
        .where('s.status', 'in', ['sent', 'returned'])
        .where('s.dueOn', '<=', soon)
        .execute(),
      db
        .selectFrom('vendorEvidenceRequests as r')
        .innerJoin('vendorContractors as c', (j) => j.onRef('c.tenantId', '=', 'r.tenantId').onRef('c.id', '=', 'r.contractorId'))
        .select(['r.tenantId', 'r.id', 'r.contractorId', 'r.title', 'r.dueOn', 'c.name', 'c.ownerSectionId'])
        .where('r.status', 'in', ['open', 'returned'])
        .where('r.dueOn', '<=', soon)
        .execute(),
    ]);
    const users = await contractorUsers(db, [...sheets, ...requests]);
    const out: DueItem[] = [];
    for (const s of sheets) {
      const overdue = (s.dueOn as string) < today;
      out.push({
        tenantId: s.tenantId,
        itemKey: `sheet:${s.id}`,
        recipients: { userIds: users.get(`${s.tenantId}/${s.contractorId}`) ?? [], roles: ['chiefSecurityManager'] },
        title: overdue ? { ja: `チェックシートが未回答です: ${s.name}（${s.fiscalYear}年度）`, en: `Check sheet overdue: ${s.name} (FY${s.fiscalYear})` } : { ja: `チェックシートの回答期限が近づいています: ${s.name}`, en: `Check sheet due soon: ${s.name}` },
        body: { ja: `回答期限は${s.dueOn}です。`, en: `Due on ${s.dueOn}.` },
        link: `/vendors/check-sheets/${s.id}`,
        severity: overdue ? 'overdue' : 'warning',
        dueDate: s.dueOn as string,
      });
    }
    for (const r of requests) {
      const overdue = (r.dueOn as string) < today;
      out.push({
        tenantId: r.tenantId,
        itemKey: `request:${r.id}`,
        recipients: { userIds: users.get(`${r.tenantId}/${r.contractorId}`) ?? [], roles: ['chiefSecurityManager'] },
        title: overdue ? { ja: `証跡の提出が遅れています: ${r.title}（${r.name}）`, en: `Evidence overdue: ${r.title} (${r.name})` } : { ja: `証跡の提出期限が近づいています: ${r.title}`, en: `Evidence due soon: ${r.title}` },
        body: { ja: `提出期限は${r.dueOn}です。`, en: `Due on ${r.dueOn}.` },
        link: `/vendors/evidence-requests/${r.id}`,
        severity: overdue ? 'overdue' : 'warning',
        dueDate: r.dueOn as string,
      });
    }
    return out;
  },
};
