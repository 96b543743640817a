import type { Bilingual } from '@shared/vendors';

/** Shapes of the vendors API used by the pages. */

export interface Finding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  effect: 'no' | 'conditions' | 'note';
  subject: { type: string; id: string; name: string };
  title: Bilingual;
  message: Bilingual;
  refs: string[];
  provisional: boolean;
  details?: Record<string, unknown>;
}

export interface Reason {
  ruleId: string;
  effect: 'no' | 'conditions' | 'note';
  title: Bilingual;
  message: Bilingual;
  refs: string[];
  provisional: boolean;
}

export interface Suitability {
  classes: { c: string | null; i: string | null; a: string | null };
  verdict: 'yes' | 'no' | 'conditions';
  reasons: Reason[];
}

export interface Evidence {
  id: string;
  title: string;
  filename: string;
  size: number;
  contentType: string;
  sha256: string;
  validUntil: string | null;
  itemId: string | null;
  uploadedAt: string;
  uploadedByLabel: string;
}

export interface Summary {
  scope: 'staff' | 'contractor';
  fiscalYear?: number;
  services?: number;
  contractors?: number;
  expiringSoon?: number;
  expired?: number;
  pendingApprovals?: number;
  unansweredSheets: number;
  sheetsAwaitingReview?: number;
  openRequests?: number;
  findings?: { error: number; warning: number; info: number };
  expiries?: Array<{ type: string; id: string; label: string; validUntil: string; expired: boolean; link: string }>;
}

export interface ContractorListItem {
  id: string;
  name: string;
  nameKana: string | null;
  corporateNumber: string | null;
  ownerSectionId: string | null;
  status: string;
  activeContracts: number;
  expiredCertifications: number;
}

export interface ContractorDetail {
  id: string;
  name: string;
  nameKana: string | null;
  corporateNumber: string | null;
  address: string | null;
  ownerSectionId: string | null;
  foreignControlDeclaredOn: string | null;
  status: string;
  note: string | null;
  contacts: Array<{ id: string; name: string; title: string | null; email: string | null; phone: string | null; isPrimary: boolean }>;
  certifications: Array<{ id: string; kind: string; label: string; number: string | null; issuer: string | null; validFrom: string | null; validUntil: string | null; expired: boolean; evidence: Evidence[] }>;
  contracts: Array<{ id: string; title: string; subject: string; startsOn: string; endsOn: string | null; status: string; maxConfidentiality: string | null; clausesConfirmed: number; clausesTotal: number; subcontracts: number }>;
  checkSheets: Array<{ id: string; fiscalYear: number; status: string; dueOn: string | null; submittedAt: string | null; reviewedAt: string | null }>;
  evidenceRequests: Array<{ id: string; title: string; status: string; dueOn: string | null; createdAt: string }>;
  reports: Array<{ id: string; kind: string; title: string; submittedAt: string; submittedByLabel: string }>;
  users: Array<{ id: string; email: string; displayName: string; status: string; lastLoginAt: string | null }>;
  findings: Finding[];
}

export interface ContractDetail {
  id: string;
  contractorId: string;
  title: string;
  contractNumber: string | null;
  subject: string;
  startsOn: string;
  endsOn: string | null;
  maxConfidentiality: string | null;
  status: string;
  contractor: { id: string; name: string; corporateNumber: string | null };
  service: { id: string; name: string } | null;
  clauses: Array<{ id: string; status: string | null; value: string | null; note: string | null; updatedAt: string | null }>;
  subcontracts: Array<{ id: string; parentContractorId: string; contractorId: string; work: string; status: string; contractorName: string; parentName: string; depth: number; decisionNote: string | null }>;
  evidence: Evidence[];
}

export interface ServiceListItem {
  id: string;
  name: string;
  providerName: string;
  model: string;
  kind: string;
  status: string;
  classes: { c: string | null; i: string | null; a: string | null };
  verdict: 'yes' | 'no' | 'conditions';
  errors: number;
  warnings: number;
  approval: string;
}

export interface ServiceDetail {
  id: string;
  name: string;
  providerName: string;
  providerContractorId: string | null;
  provider: { id: string; name: string } | null;
  model: string;
  kind: string;
  connection: string;
  status: string;
  ownerSectionId: string | null;
  purpose: string | null;
  ismapRegistrationNumber: string | null;
  registeredFrom: string | null;
  registeredUntil: string | null;
  ismapScope: string[];
  reliedAreas: string[];
  dataCountry: string | null;
  dataRegion: string | null;
  foreignDecision: string | null;
  governingLaw: string | null;
  jurisdiction: string | null;
  declared: { c: string | null; i: string | null; a: string | null };
  sla: { availability: number | null; rtoMinutes: number | null; rpoMinutes: number | null; supportHours: string | null; firstReportMinutes: number | null; backupFrequency: string | null; exitTerms: string | null };
  classes: { c: string | null; i: string | null; a: string | null };
  assets: Array<{ id: string; relation: string; found: boolean; code: string | null; name: string | null; kind: string | null; c: string | null; i: string | null; a: string | null }>;
  findings: Finding[];
  current: Suitability;
  byClass: Suitability[];
  approval: string;
  approvals: Approval[];
  matrices: Array<{ id: string; name: string; updatedAt: string }>;
  actuals: Array<{ month: string; availability: number | null; longestOutageMinutes: number | null; dataLossMinutes: number | null; firstReportMinutes: number | null; backupsMissed: number | null; note: string | null }>;
  breaches: Array<{ id: string; month: string; metric: string; metricName: Bilingual; target: number; actual: number; detectedAt: string; supersededAt: string | null }>;
  evidence: Evidence[];
}

export interface Approval {
  id: string;
  serviceId: string;
  serviceName?: string;
  purpose: string;
  classes: { c: string; i: string | null; a: string | null };
  check: { verdict: 'yes' | 'no' | 'conditions'; reasons: Reason[] } | null;
  status: string;
  requestedByLabel: string;
  requestedAt: string;
  decidedByLabel: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  conditions: string | null;
}

export interface Matrix {
  id: string;
  name: string;
  serviceId: string | null;
  service: { id: string; name: string; kind: string; model: string } | null;
  system: { id: string; code: string; name: string } | null;
  parties: Array<{ id: string; ja: string; en: string; contractorId: string | null; contractorName: string | null; coordinator: boolean }>;
  areas: Array<{ id: string; ja: string; en: string; refs: string[] }>;
  rows: Array<{ areaId: string; responsible: string[]; consulted: string[]; flag: 'none' | 'multiple' | null }>;
  cells: Array<{ areaId: string; party: string; role: 'R' | 'C' }>;
  gaps: number;
  overlaps: number;
}

export interface Sheet {
  id: string;
  contractor: { id: string; name: string };
  fiscalYear: number;
  edition: string;
  status: 'draft' | 'sent' | 'answered' | 'returned' | 'accepted';
  dueOn: string | null;
  reviewNote: string | null;
  viewer: 'staff' | 'contractor';
  items: Array<{ itemId: string; seq: number; nodeId: string; node: { number: string; title: string; titleEn: string; provisional: boolean } | null; question: Bilingual; answer: string | null; comment: string | null; reviewNote: string | null; evidence: Evidence[] }>;
  evidence: Evidence[];
  answered: number;
  total: number;
}

export interface EvidenceRequest {
  id: string;
  contractorId: string;
  contractor?: { id: string; name: string };
  contractorName?: string;
  title: string;
  detail: string | null;
  dueOn: string | null;
  status: string;
  responseNote: string | null;
  reviewNote: string | null;
  viewer?: 'staff' | 'contractor';
  evidence?: Evidence[];
}

export interface Report {
  id: string;
  contractorId: string;
  contractor?: { id: string; name: string };
  contractorName?: string;
  kind: string;
  title: string;
  body: string | null;
  submittedAt: string;
  submittedByLabel: string;
  evidence?: Evidence[];
}

export const fileUrl = (evidenceId: string) => `/api/vendors/evidence/${evidenceId}/file`;
