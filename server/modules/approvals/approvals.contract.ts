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
  /** The approvals with these ids in one organisation, as they stand on `day` (unknown ids are left out). */
  byIds(db: Db, tenantId: string, ids: string[], day: string): Promise<ApprovalSummary[]>;
  /** True when the record has an approval that is approved (with or without conditions) and valid on `day`. */
  isEffective(db: Db, tenantId: string, recordType: string, recordId: string, day: string): Promise<boolean>;
  /** Open a request for another module's subject type (e.g. 'risk_acceptance'); audited with ctx. */
  request(
    trx: Db,
    ctx: Ctx,
    input: {
      subjectType: string;
      recordType: string;
      recordId: string;
      title: string;
      details: unknown;
      validUntil?: string | null;
      /** Reuse the module's own request id (vendors' cloud-use approvals keep one id in both tables). */
      id?: string;
      /** The section the request belongs to (default: the requester's section). */
      sectionId?: string | null;
      /** Information classes involved, when the module derived them itself. */
      classes?: { c: string | null; i: string | null; a: string | null };
    },
  ): Promise<ApprovalSummary>;
  /**
   * Record a decision that the owning module took after its own checks (cloud use: vendors runs the
   * 8.3 checks and the approver's decision); closes the approver's task. Audited with ctx.
   */
  recordDecision(trx: Db, ctx: Ctx, id: string, input: { decision: ApprovalDecision; conditions?: string[]; note?: string | null }): Promise<void>;
  /** End an approval's validity on `day` (a newer approval replaced it). */
  endValidity(trx: Db, ctx: Ctx, id: string, day: string): Promise<void>;
}

declare module '../../platform/deps' {
  interface Services {
    approvals: ApprovalsService;
  }
}
