import type { Db } from '../../db/database';
import type { Ctx } from '../../platform/context';

/**
 * One approval engine (例外措置・持ち出し・私物端末・リモートアクセス・庁外での機器の使用・クラウドサービスの利用承認,
 * and later risk acceptance, training plans, survey answers). Modules ask it whether a record is
 * covered by an effective approval, and open requests for their own subjects.
 */
export const APPROVAL_DECISIONS = ['approved', 'approved_with_conditions', 'rejected', 'withdrawn'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

export type ApprovalState = 'pending' | 'approved' | 'approved_with_conditions' | 'rejected' | 'withdrawn' | 'expired';

export interface ApprovalSummary {
  id: string;
  subjectType: string;
  /** The record the approval concerns in its own module (e.g. a network link id), when any. */
  recordType: string | null;
  recordId: string | null;
  state: ApprovalState;
  validFrom: string | null;
  validUntil: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  conditions: string[];
}

export interface ApprovalsService {
  /** The approvals that concern one record, newest first. */
  forRecord(db: Db, tenantId: string, recordType: string, recordId: string): Promise<ApprovalSummary[]>;
  /** True when the record has an approval that is approved (with or without conditions) and valid on `day`. */
  isEffective(db: Db, tenantId: string, recordType: string, recordId: string, day: string): Promise<boolean>;
  /** Open a request for another module's subject type (e.g. 'risk_acceptance'); audited with ctx. */
  request(trx: Db, ctx: Ctx, input: { subjectType: string; recordType: string; recordId: string; title: string; details: unknown; validUntil?: string | null }): Promise<ApprovalSummary>;
}

declare module '../../platform/deps' {
  interface Services {
    approvals: ApprovalsService;
  }
}
