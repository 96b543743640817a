import type { ImprovementSource, ImprovementStatus } from './improvements.contract';

export interface ImprovementActionsTable {
  tenantId: string;
  id: string;
  /** IA2026-0001: fiscal year and sequence. */
  code: string;
  source: ImprovementSource;
  sourceType: string;
  sourceId: string;
  title: string;
  description: string;
  ownerSectionId: string | null;
  ownerUserId: string | null;
  dueDate: string;
  status: ImprovementStatus;
  evidenceRequired: number;
  completedAt: string | null;
  completedBy: string | null;
  completionNote: string | null;
  checkedBy: string | null;
  checkedAt: string | null;
  checkResult: 'effective' | 'not_effective' | null;
  checkNote: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ImprovementEvidenceTable {
  tenantId: string;
  id: string;
  actionId: string;
  fileId: string;
  filename: string;
  sha256: string;
  size: number;
  uploadedBy: string | null;
  uploadedByLabel: string;
  uploadedAt: string;
}

export interface ImprovementCountersTable {
  tenantId: string;
  year: number;
  last: number;
}

declare module '../../db/schema' {
  interface Database {
    improvementActions: ImprovementActionsTable;
    improvementEvidence: ImprovementEvidenceTable;
    improvementCounters: ImprovementCountersTable;
  }
}
