/** Approval tables (migration 0011_approvals). Dates are 'YYYY-MM-DD'; instants ISO-8601 UTC; JSON as text. */

export type StoredState = 'pending' | 'approved' | 'approved_with_conditions' | 'rejected' | 'withdrawn';

export interface ApprovalsTable {
  tenantId: string;
  id: string;
  subjectType: string;
  recordType: string | null;
  recordId: string | null;
  title: string;
  /** JSON: the subject type's form. */
  details: string;
  /** JSON array of asset ids the request concerns. */
  assetIds: string;
  /** JSON {c, i, a}: highest classes of those assets at request time. */
  classes: string;
  /** JSON: results of the subject type's checks at request (and decision) time. */
  checks: string;
  /** JSON array of condition texts. */
  conditions: string;
  /** JSON array of roles that may decide (from the organisation's settings at request time). */
  approverRoles: string;
  sectionId: string | null;
  state: StoredState;
  requestedBy: string | null;
  requestedByLabel: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedByLabel: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  validFrom: string | null;
  validUntil: string | null;
  /** 1 for an emergency exception: acted first, reported afterwards. */
  emergency: number;
  actedOn: string | null;
  reportDue: string | null;
  reportedAt: string | null;
  report: string | null;
  /** Take-out: expected return date and the recorded return. */
  dueBack: string | null;
  returnedOn: string | null;
  reviewedAt: string | null;
  reviewedByLabel: string | null;
  updatedAt: string;
}

export interface ApprovalEventsTable {
  tenantId: string;
  id: string;
  approvalId: string;
  at: string;
  actorId: string | null;
  actorLabel: string;
  event: string;
  note: string | null;
  data: string;
}

export interface ApprovalSettingsTable {
  tenantId: string;
  settings: string;
  closedDays: string;
  updatedAt: string;
  updatedByLabel: string;
}

declare module '../../db/schema' {
  interface Database {
    approvals: ApprovalsTable;
    approvalEvents: ApprovalEventsTable;
    approvalSettings: ApprovalSettingsTable;
  }
}
