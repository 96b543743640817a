import type { DisposalCategory, DisposalState, DisposalTarget, EventKind, EvidenceKind, MediaKind, MethodId, StorageKind } from '@shared/disposal';

/** Disposal tables (migration 0008_disposal). Dates are 'YYYY-MM-DD'; instants ISO-8601 UTC. */

export interface DisposalProjectsTable {
  tenantId: string;
  id: string;
  code: string;
  name: string;
  description: string | null;
  sectionId: string;
  edition: string;
  contractorId: string | null;
  contractorName: string | null;
  /** Days after handover by which each certificate is due. */
  certificateDays: number;
  scheduledOn: string | null;
  status: 'open' | 'closed';
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DisposalsTable {
  tenantId: string;
  id: string;
  code: string;
  projectId: string | null;
  target: DisposalTarget;
  mediaKind: MediaKind | null;
  storageKind: StorageKind | null;
  serialNumber: string | null;
  /** Upper-case serial without spaces or hyphens, for the "already in an open disposal" check. */
  serialKey: string | null;
  model: string | null;
  description: string | null;
  ownership: 'owned' | 'leased' | null;
  leaseEnd: string | null;
  lessor: string | null;
  sectionId: string;
  /** Cloud data: the external service (vendors module) and what is held there. */
  serviceId: string | null;
  serviceName: string | null;
  cloudTenant: string | null;
  dataDescription: string | null;
  keyDescription: string | null;
  edition: string;
  /** Effective highest confidentiality (declared or from the linked assets). */
  confidentiality: string;
  declaredConfidentiality: string | null;
  myNumberResident: number;
  declaredMyNumberResident: number;
  segment: string | null;
  category: DisposalCategory;
  method: MethodId | null;
  methodFamily: string | null;
  /** JSON: the evaluation (allowed, refused, proof) the method was checked against. */
  evaluation: string;
  /** JSON array of the proof kinds required. */
  requiredProof: string;
  state: DisposalState;
  contractorId: string | null;
  contractorName: string | null;
  certificateDays: number;
  certificateDueOn: string | null;
  scheduledOn: string | null;
  requestedBy: string | null;
  requestedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  erasedInBuildingAt: string | null;
  erasedInBuildingBy: string | null;
  handedOverAt: string | null;
  handedOverBy: string | null;
  handedTo: string | null;
  destroyedAt: string | null;
  destroyedPlace: string | null;
  certificateReceivedAt: string | null;
  certificateCheckedAt: string | null;
  certificateCheckedBy: string | null;
  staffCheckedAt: string | null;
  staffCheckedBy: string | null;
  keyDestroyedAt: string | null;
  keyReference: string | null;
  closedAt: string | null;
  closedBy: string | null;
  cancelledAt: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DisposalAssetsTable {
  tenantId: string;
  disposalId: string;
  assetId: string;
  code: string;
  name: string;
  confidentiality: string | null;
  segment: string | null;
  residentData: number;
  myNumber: number;
}

export interface DisposalEventsTable {
  tenantId: string;
  id: string;
  disposalId: string;
  kind: EventKind;
  /** When the step happened (as recorded by the person). */
  occurredAt: string;
  recordedAt: string;
  actorId: string | null;
  actorLabel: string;
  /** Chain of custody: who gave and who received the medium. */
  fromParty: string | null;
  toParty: string | null;
  place: string | null;
  note: string | null;
  fileId: string | null;
}

export interface DisposalWitnessesTable {
  tenantId: string;
  id: string;
  disposalId: string;
  userId: string | null;
  name: string;
  fromAt: string;
  untilAt: string;
  note: string | null;
  recordedBy: string | null;
  recordedAt: string;
}

export interface DisposalEvidenceTable {
  tenantId: string;
  id: string;
  disposalId: string;
  kind: EvidenceKind;
  fileId: string;
  filename: string;
  sha256: string;
  size: number;
  contentType: string;
  uploadedBy: string | null;
  uploadedByLabel: string;
  contractorId: string | null;
  uploadedAt: string;
}

export interface DisposalCountersTable {
  tenantId: string;
  kind: 'disposal' | 'project';
  fiscalYear: number;
  last: number;
}

declare module '../../db/schema' {
  interface Database {
    disposalProjects: DisposalProjectsTable;
    disposals: DisposalsTable;
    disposalAssets: DisposalAssetsTable;
    disposalEvents: DisposalEventsTable;
    disposalWitnesses: DisposalWitnessesTable;
    disposalEvidence: DisposalEvidenceTable;
    disposalCounters: DisposalCountersTable;
  }
}
