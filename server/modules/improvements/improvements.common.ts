import { sql } from 'kysely';
import { fiscalYearOf } from '@shared/era';
import { z } from 'zod';
import type { Db } from '../../db/database';
import { type Ctx, grantFor } from '../../platform/context';
import { AppError, type Bilingual, bilingual, err } from '../../platform/errors';
import { sectionsOfDepartments } from '../tenancy/tenancy.service';
import { IMPROVEMENT_SOURCES, type IMPROVEMENT_STATUSES, type ImprovementAction } from './improvements.contract';
import type { ImprovementActionsTable } from './improvements.tables';
import './improvements.tables';

export const ACTION: Bilingual = { ja: '改善措置', en: 'Improvement action' };

export const SOURCE_LABELS: Record<(typeof IMPROVEMENT_SOURCES)[number], Bilingual> = {
  audit_finding: { ja: '監査の指摘事項', en: 'Audit finding' },
  self_inspection: { ja: '自己点検の結果', en: 'Self-inspection answer' },
  incident: { ja: 'インシデントの再発防止', en: 'Incident recurrence prevention' },
  risk_treatment: { ja: 'リスク対応', en: 'Risk treatment' },
  committee_decision: { ja: '情報セキュリティ委員会の決定', en: 'Committee decision' },
  exception_measure: { ja: '例外措置の代替措置', en: "Exception's compensating measure" },
  drill_lesson: { ja: '訓練で得た教訓', en: 'Lesson from a drill' },
  other: { ja: 'その他', en: 'Other' },
};

export const STATUS_LABELS: Record<(typeof IMPROVEMENT_STATUSES)[number], Bilingual> = {
  open: { ja: '未着手', en: 'Open' },
  in_progress: { ja: '対応中', en: 'In progress' },
  done: { ja: '完了（有効性確認待ち）', en: 'Done (awaiting effectiveness check)' },
  verified: { ja: '有効性確認済み', en: 'Verified effective' },
  cancelled: { ja: '取消し', en: 'Cancelled' },
};

export const DateOnly = z
  .string({ error: () => bilingual('日付（YYYY-MM-DD）で指定してください。', 'Give a date (YYYY-MM-DD).') })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, bilingual('日付は YYYY-MM-DD で入力してください。', 'Use the date format YYYY-MM-DD.'))
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, bilingual('存在しない日付です。', 'This date does not exist.'));

export const Source = z.enum(IMPROVEMENT_SOURCES, {
  error: () => bilingual(`起票元の種類は ${IMPROVEMENT_SOURCES.join(' / ')} のいずれかです。`, `The source must be one of ${IMPROVEMENT_SOURCES.join(', ')}.`),
});

/** What an actor reaches for one action: everything, or these sections. */
export interface Reach {
  all: boolean;
  sections: string[];
}

export async function reachFor(db: Db, ctx: Ctx, action: 'improvement.read' | 'improvement.write' | 'improvement.verify'): Promise<Reach | null> {
  const g = grantFor(ctx.actor, action);
  if (!g) return null;
  if (g.all) return { all: true, sections: [] };
  return { all: false, sections: [...g.sectionIds, ...(await sectionsOfDepartments(db, ctx.tenantId, g.departmentIds))] };
}

export function reaches(r: Reach | null, sectionId: string | null): boolean {
  if (!r) return false;
  return r.all || (sectionId !== null && r.sections.includes(sectionId));
}

// biome-ignore lint/suspicious/noExplicitAny: the query builder type differs per query shape
export function whereReach<Q extends { where: (...args: any[]) => Q }>(q: Q, r: Reach): Q {
  if (r.all) return q;
  // biome-ignore lint/suspicious/noExplicitAny: expression builder of a generic query
  return r.sections.length ? q.where('ownerSectionId' as any, 'in', r.sections) : q.where(sql<boolean>`1 = 0` as any);
}

export function toAction(r: ImprovementActionsTable): ImprovementAction & { code: string; evidenceRequired: boolean; completedBy: string | null; completionNote: string | null; createdBy: string | null; createdAt: string; updatedAt: string } {
  return {
    id: r.id,
    tenantId: r.tenantId,
    code: r.code,
    source: r.source,
    sourceType: r.sourceType,
    sourceId: r.sourceId,
    title: r.title,
    description: r.description,
    ownerSectionId: r.ownerSectionId,
    ownerUserId: r.ownerUserId,
    dueDate: r.dueDate,
    status: r.status,
    evidenceRequired: r.evidenceRequired === 1,
    completedAt: r.completedAt,
    completedBy: r.completedBy,
    completionNote: r.completionNote,
    effectiveness: r.checkedAt && r.checkedBy && r.checkResult ? { checkedBy: r.checkedBy, checkedAt: r.checkedAt, result: r.checkResult, note: r.checkNote ?? '' } : null,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function stateError(status: string, wanted: Bilingual, field = 'status'): AppError {
  return new AppError(
    409,
    'invalid_state',
    { ja: `この改善措置は現在の状態（${STATUS_LABELS[status as keyof typeof STATUS_LABELS]?.ja ?? status}）では「${wanted.ja}」を行えません。`, en: `This action cannot be "${wanted.en}" in its current state (${status}).` },
    [{ field, code: 'invalid_state', message: { ja: `現在の状態: ${STATUS_LABELS[status as keyof typeof STATUS_LABELS]?.ja ?? status}`, en: `Current state: ${status}` } }],
  );
}

export async function allocateCode(trx: Db, tenantId: string): Promise<string> {
  const fy = fiscalYearOf();
  let last: number | undefined;
  for (let attempt = 0; attempt < 3 && last === undefined; attempt++) {
    const bumped = await trx.updateTable('improvementCounters').set({ last: sql`last + 1` }).where('tenantId', '=', tenantId).where('year', '=', fy).returning('last').executeTakeFirst();
    if (bumped) last = Number(bumped.last);
    else {
      const ins = await trx.insertInto('improvementCounters').values({ tenantId, year: fy, last: 1 }).onConflict((oc) => oc.columns(['tenantId', 'year']).doNothing()).returning('last').executeTakeFirst();
      if (ins) last = 1;
    }
  }
  if (last === undefined) throw new Error('could not allocate an improvement action code');
  return `IA${fy}-${String(last).padStart(4, '0')}`;
}

export const notFound = (id: string) => err.notFound(ACTION, id);
