import type { Category, Cause, ContactBody, CsirtRole, Detection, EntryKind, IncidentStatus, ObligationStatus, Publication, ReportKind, Severity } from '@shared/incidents';

/** Incident and CSIRT tables (migration 0013_incidents). Instants ISO-8601 UTC; dates 'YYYY-MM-DD'. */

export interface CsirtMembersTable {
  tenantId: string;
  id: string;
  role: CsirtRole;
  holderName: string;
  holderUserId: string | null;
  holderTitle: string | null;
  deputyName: string | null;
  deputyUserId: string | null;
  /** 24-hour contact (phone) of the holder and of the deputy. */
  phone24h: string | null;
  deputyPhone24h: string | null;
  email: string | null;
  validFrom: string;
  validUntil: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentContactsTable {
  tenantId: string;
  id: string;
  body: ContactBody;
  name: string;
  /** For body 'vendor': the contractor in the vendors register. */
  contractorId: string | null;
  division: string | null;
  phone: string | null;
  email: string | null;
  /** How the body is told (phone then mail, web form …). */
  channel: string | null;
  /** When the body is told (e.g. "personal data leaks, by noon next business day"). */
  whenToTell: string | null;
  confirmedOn: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentSettingsTable {
  tenantId: string;
  /** JSON: IncidentSettings (prefecture deadline, 速報 target days). */
  settings: string;
  updatedAt: string;
}

export interface IncidentsTable {
  tenantId: string;
  id: string;
  code: string;
  title: string;
  description: string;
  occurredAt: string;
  discoveredAt: string;
  knewAt: string;
  detection: Detection;
  category: Category;
  cause: Cause;
  severity: Severity;
  status: IncidentStatus;
  /** JSON arrays of asset ids and external-service ids; segments and classes derived from them. */
  assetIds: string;
  serviceIds: string;
  segments: string;
  maxConfidentiality: string | null;
  affectedServices: string | null;
  contractorId: string | null;
  contractId: string | null;
  personalData: number;
  personsCount: number | null;
  specialCare: number;
  myNumber: number;
  ordinanceSpecial: number;
  stronglyEncrypted: number;
  propertyDamage: number;
  improperPurpose: number;
  unspecifiedExposure: number;
  myNumberSystem: number;
  lgwan: number;
  crime: number;
  dataItems: string | null;
  publication: Publication;
  publicationNote: string | null;
  publishedOn: string | null;
  reportedBy: string | null;
  reportedVia: 'staff' | 'contractor';
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentTimelineTable {
  tenantId: string;
  id: string;
  incidentId: string;
  at: string;
  kind: EntryKind;
  text: string;
  authorId: string | null;
  authorLabel: string;
  /** JSON array of stored file ids (evidence). */
  fileIds: string;
  auto: number;
  createdAt: string;
}

export interface IncidentObligationsTable {
  tenantId: string;
  id: string;
  incidentId: string;
  ruleId: string;
  dueAt: string;
  status: ObligationStatus;
  sentAt: string | null;
  reference: string | null;
  reason: string | null;
  /** JSON array of the trigger ids that made the rule apply. */
  triggers: string;
  updatedBy: string | null;
  updatedAt: string;
}

export interface IncidentReportsTable {
  tenantId: string;
  id: string;
  incidentId: string;
  kind: ReportKind;
  format: 'docx' | 'pdf';
  fileId: string;
  obligationId: string | null;
  sentAt: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** Recurrence-prevention measures kept here when the improvements service is absent (and as links when present). */
export interface IncidentMeasuresTable {
  tenantId: string;
  id: string;
  incidentId: string;
  title: string;
  ownerSectionId: string | null;
  ownerName: string | null;
  dueDate: string;
  status: 'planned' | 'done';
  improvementId: string | null;
  createdAt: string;
}

export interface IncidentCountersTable {
  tenantId: string;
  fiscalYear: number;
  last: number;
}

declare module '../../db/schema' {
  interface Database {
    csirtMembers: CsirtMembersTable;
    incidentContacts: IncidentContactsTable;
    incidentSettings: IncidentSettingsTable;
    incidents: IncidentsTable;
    incidentTimeline: IncidentTimelineTable;
    incidentObligations: IncidentObligationsTable;
    incidentReports: IncidentReportsTable;
    incidentMeasures: IncidentMeasuresTable;
    incidentCounters: IncidentCountersTable;
  }
}
