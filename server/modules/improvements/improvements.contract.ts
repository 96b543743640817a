import type { Db } from '../../db/database';
import type { Ctx } from '../../platform/context';

/**
 * Improvement actions (改善計画・是正処置): one register that every module raises actions in.
 * Other modules create and read actions only through this service, inside their own transaction.
 */
export const IMPROVEMENT_SOURCES = [
  'audit_finding',
  'self_inspection',
  'incident',
  'risk_treatment',
  'committee_decision',
  'exception_measure',
  'drill_lesson',
  'other',
] as const;
export type ImprovementSource = (typeof IMPROVEMENT_SOURCES)[number];

export const IMPROVEMENT_STATUSES = ['open', 'in_progress', 'done', 'verified', 'cancelled'] as const;
export type ImprovementStatus = (typeof IMPROVEMENT_STATUSES)[number];

export interface ImprovementDraft {
  source: ImprovementSource;
  /** The record that raised it, e.g. { type: 'incident', id }. */
  sourceRef: { type: string; id: string };
  title: string;
  description?: string;
  ownerSectionId: string | null;
  ownerUserId?: string | null;
  /** 'YYYY-MM-DD' */
  dueDate: string;
}

export interface ImprovementAction {
  id: string;
  tenantId: string;
  source: ImprovementSource;
  sourceType: string;
  sourceId: string;
  title: string;
  description: string;
  ownerSectionId: string | null;
  ownerUserId: string | null;
  dueDate: string;
  status: ImprovementStatus;
  completedAt: string | null;
  /** Effectiveness check (有効性の確認): null until checked. */
  effectiveness: { checkedBy: string; checkedAt: string; result: 'effective' | 'not_effective'; note: string } | null;
}

export interface ImprovementsService {
  /** Raise an action (inside the caller's transaction); audited with the caller's actor. */
  raise(trx: Db, ctx: Ctx, draft: ImprovementDraft): Promise<ImprovementAction>;
  /** Actions raised by one record, oldest first. */
  listBySource(db: Db, tenantId: string, sourceRef: { type: string; id: string }): Promise<ImprovementAction[]>;
  /** Counts by status for a set of records (e.g. every finding of an audit). */
  countsBySources(db: Db, tenantId: string, sourceType: string, sourceIds: string[]): Promise<Record<string, Partial<Record<ImprovementStatus, number>>>>;
}

declare module '../../platform/deps' {
  interface Services {
    improvements: ImprovementsService;
  }
}
