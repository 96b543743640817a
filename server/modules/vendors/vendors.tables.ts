import type {
  AnswerId,
  ApprovalStatus,
  CertKind,
  ClauseStatus,
  ContractSubject,
  PartyId,
  ReportKind,
  RequestStatus,
  RespRole,
  ServiceConnection,
  ServiceKind,
  ServiceModel,
  ServiceStatus,
  SheetStatus,
  SubcontractStatus,
} from '@shared/vendors';

/** 委託事業者 (contractors). */
export interface VendorContractorsTable {
  tenantId: string;
  id: string;
  name: string;
  nameKana: string | null;
  /** 法人番号 (13 digits, check digit verified); null for bodies without one. */
  corporateNumber: string | null;
  address: string | null;
  /** The section that manages the relationship (所管課). */
  ownerSectionId: string | null;
  /** Date the contractor declared it is not a foreign-controlled entity of concern (R8 supply-chain notice). */
  foreignControlDeclaredOn: string | null;
  status: 'active' | 'archived';
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface VendorContactsTable {
  tenantId: string;
  id: string;
  contractorId: string;
  name: string;
  title: string | null;
  email: string | null;
  phone: string | null;
  isPrimary: number;
  createdAt: string;
}

export interface VendorCertificationsTable {
  tenantId: string;
  id: string;
  contractorId: string;
  kind: CertKind;
  /** Free name for kind 'other'. */
  name: string | null;
  number: string | null;
  issuer: string | null;
  scope: string | null;
  validFrom: string | null;
  validUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface VendorContractsTable {
  tenantId: string;
  id: string;
  contractorId: string;
  title: string;
  contractNumber: string | null;
  subject: ContractSubject;
  ownerSectionId: string | null;
  /** External service the contract is for, when it is one. */
  serviceId: string | null;
  startsOn: string;
  endsOn: string | null;
  /** Highest confidentiality level handed to the contractor. */
  maxConfidentiality: string | null;
  /**
   * JSON array of the clause ids confirmed (included or not applicable), kept by the transaction
   * that saves the checklist, so organisation-wide checks need not read every clause row.
   */
  confirmedClauses: string;
  status: 'active' | 'ended';
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface VendorContractClausesTable {
  tenantId: string;
  contractId: string;
  clauseId: string;
  status: ClauseStatus;
  value: string | null;
  note: string | null;
  updatedBy: string | null;
  updatedAt: string;
}

/** 再委託: one edge of a chain (parent contractor → subcontractor) under one contract. */
export interface VendorSubcontractsTable {
  tenantId: string;
  id: string;
  contractId: string;
  parentContractorId: string;
  contractorId: string;
  work: string;
  status: SubcontractStatus;
  requestedAt: string;
  requestedBy: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

/** 外部サービス (external/cloud services). */
export interface VendorServicesTable {
  tenantId: string;
  id: string;
  name: string;
  providerName: string;
  providerContractorId: string | null;
  model: ServiceModel;
  kind: ServiceKind;
  connection: ServiceConnection;
  status: ServiceStatus;
  ownerSectionId: string | null;
  purpose: string | null;
  ismapRegistrationNumber: string | null;
  registeredFrom: string | null;
  registeredUntil: string | null;
  /** JSON array of control-area ids the audited statement (言明) covers. */
  ismapScope: string;
  /** JSON array of control-area ids the organisation relies on the provider for. */
  reliedAreas: string;
  dataCountry: string | null;
  dataRegion: string | null;
  /** Recorded decision allowing data outside Japan (or foreign law / jurisdiction). */
  foreignDecision: string | null;
  foreignDecidedBy: string | null;
  foreignDecidedAt: string | null;
  governingLaw: string | null;
  jurisdiction: string | null;
  /** Classes planned for the service when no asset says otherwise. */
  declaredC: string | null;
  declaredI: string | null;
  declaredA: string | null;
  slaAvailability: number | null;
  slaRtoMinutes: number | null;
  slaRpoMinutes: number | null;
  slaSupportHours: string | null;
  slaFirstReportMinutes: number | null;
  slaBackupFrequency: string | null;
  slaExitTerms: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface VendorServiceAssetsTable {
  tenantId: string;
  serviceId: string;
  assetId: string;
  /** handles: information the service holds; usedBy: a system that uses the service. */
  relation: 'handles' | 'usedBy';
}

export interface VendorSlaActualsTable {
  tenantId: string;
  serviceId: string;
  /** YYYY-MM */
  month: string;
  availability: number | null;
  longestOutageMinutes: number | null;
  dataLossMinutes: number | null;
  firstReportMinutes: number | null;
  backupsMissed: number | null;
  note: string | null;
  recordedBy: string | null;
  recordedAt: string;
}

/** SLA breaches: appended when an actual misses its target, never deleted. */
export interface VendorSlaBreachesTable {
  tenantId: string;
  id: string;
  serviceId: string;
  month: string;
  metric: string;
  target: number;
  actual: number;
  detectedAt: string;
  /** Set when a corrected actual no longer misses the target; the row is kept. */
  supersededAt: string | null;
}

/** 責任分界表. */
export interface VendorMatricesTable {
  tenantId: string;
  id: string;
  name: string;
  serviceId: string | null;
  /** A system (asset of kind 'system') when the matrix is for a system rather than a service. */
  systemAssetId: string | null;
  ownerSectionId: string | null;
  /** JSON array of the parties shown. */
  parties: string;
  /** JSON object party → contractor id (who plays the party). */
  partyContractors: string;
  /**
   * Control areas with nobody responsible / with several responsible. Recomputed from the cells in
   * the transaction that saves them, so organisation-wide checks need not aggregate every cell.
   */
  gapCount: number;
  overlapCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface VendorMatrixCellsTable {
  tenantId: string;
  matrixId: string;
  areaId: string;
  party: PartyId;
  role: RespRole;
}

/** 利用承認 (guideline 8.3). */
export interface VendorApprovalsTable {
  tenantId: string;
  id: string;
  serviceId: string;
  purpose: string;
  cLevel: string;
  iLevel: string | null;
  aLevel: string | null;
  /** JSON array of asset ids handled at the time of the request. */
  assetIds: string;
  /** JSON: the automatic check at request time (verdict, reasons). */
  checkSnapshot: string;
  status: ApprovalStatus;
  requestedBy: string | null;
  requestedByLabel: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedByLabel: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  conditions: string | null;
}

/** 外部委託先に関するセキュリティ要件のチェックシート (one per contractor and fiscal year). */
export interface VendorCheckSheetsTable {
  tenantId: string;
  id: string;
  contractorId: string;
  fiscalYear: number;
  edition: string;
  status: SheetStatus;
  dueOn: string | null;
  sentAt: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface VendorCheckAnswersTable {
  tenantId: string;
  sheetId: string;
  itemId: string;
  seq: number;
  nodeId: string;
  questionJa: string;
  questionEn: string;
  answer: AnswerId | null;
  comment: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  reviewNote: string | null;
}

export interface VendorEvidenceRequestsTable {
  tenantId: string;
  id: string;
  contractorId: string;
  title: string;
  detail: string | null;
  dueOn: string | null;
  status: RequestStatus;
  responseNote: string | null;
  createdBy: string | null;
  createdAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}

export interface VendorReportsTable {
  tenantId: string;
  id: string;
  contractorId: string;
  kind: ReportKind;
  title: string;
  body: string | null;
  serviceId: string | null;
  submittedBy: string | null;
  submittedByLabel: string;
  submittedAt: string;
}

export type EvidenceSubject = 'certification' | 'service' | 'contract' | 'checkSheet' | 'evidenceRequest' | 'report';

/** Evidence files attached to records; the bytes live in stored_files (files module). */
export interface VendorEvidenceTable {
  tenantId: string;
  id: string;
  /** The contractor the record belongs to, when there is one (contractor accounts see only theirs). */
  contractorId: string | null;
  subjectType: EvidenceSubject;
  subjectId: string;
  /** Check-sheet item the file supports, when it is an answer's evidence. */
  itemId: string | null;
  fileId: string;
  title: string;
  /** Date after which the evidence no longer counts (certificates, audit reports). */
  validUntil: string | null;
  sha256: string;
  size: number;
  contentType: string;
  filename: string;
  uploadedBy: string | null;
  uploadedByLabel: string;
  uploadedAt: string;
}

declare module '../../db/schema' {
  interface Database {
    vendorContractors: VendorContractorsTable;
    vendorContacts: VendorContactsTable;
    vendorCertifications: VendorCertificationsTable;
    vendorContracts: VendorContractsTable;
    vendorContractClauses: VendorContractClausesTable;
    vendorSubcontracts: VendorSubcontractsTable;
    vendorServices: VendorServicesTable;
    vendorServiceAssets: VendorServiceAssetsTable;
    vendorSlaActuals: VendorSlaActualsTable;
    vendorSlaBreaches: VendorSlaBreachesTable;
    vendorMatrices: VendorMatricesTable;
    vendorMatrixCells: VendorMatrixCellsTable;
    vendorApprovals: VendorApprovalsTable;
    vendorCheckSheets: VendorCheckSheetsTable;
    vendorCheckAnswers: VendorCheckAnswersTable;
    vendorEvidenceRequests: VendorEvidenceRequestsTable;
    vendorReports: VendorReportsTable;
    vendorEvidence: VendorEvidenceTable;
  }
}
