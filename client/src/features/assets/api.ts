import type { AssetHostingId, AssetKindId, AssetSegmentId, AssetStatusId } from '@shared/assets';
import type { Bilingual, ClassificationScheme, EditionMeta } from '@shared/catalog';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api';

/** Shapes of the asset API (server/modules/assets) as the pages use them. */

export type Severity = 'high' | 'medium' | 'low';
export interface Flags {
  residentData: boolean;
  myNumber: boolean;
  specialCare: boolean;
}

export interface AssetListItem {
  id: string;
  code: string;
  name: string;
  kind: AssetKindId;
  ownerSection: { id: string; code: string; name: string };
  segment: AssetSegmentId | null;
  hosting: AssetHostingId | null;
  location: string | null;
  confidentiality: string | null;
  integrity: string | null;
  availability: string | null;
  schemeEdition: string | null;
  flags: Flags;
  status: AssetStatusId;
  updatedAt: string;
  issues: { count: number; worst: Severity | null; ruleIds: string[] } | null;
}

export interface AssetList {
  items: AssetListItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Asset {
  id: string;
  code: string;
  name: string;
  description: string | null;
  kind: AssetKindId;
  ownerSection: { id: string; code: string; name: string };
  custodian: string | null;
  segment: AssetSegmentId | null;
  hosting: AssetHostingId | null;
  location: string | null;
  cloudServiceId: string | null;
  cloudService: { id: string; name: string; providerName: string; approved: boolean } | null;
  flags: Flags;
  recordCount: number | null;
  retention: string | null;
  backupNote: string | null;
  related: Array<{ id: string; code: string; name: string }>;
  classification: {
    schemeEdition: string | null;
    confidentiality: string | null;
    integrity: string | null;
    availability: string | null;
    classifiedAt: string | null;
    classifiedBy: string | null;
    classifiedByLabel: string | null;
    reason: string | null;
  };
  status: AssetStatusId;
  createdAt: string;
  updatedAt: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  title: Bilingual;
  refs: Array<{ id: string; edition: string; number: string | null; title: string | null }>;
  explanation: Bilingual;
  remedy: Bilingual;
  provisional: boolean;
  provisionalNote?: Bilingual;
}

export interface HandlingTopic {
  topic: string;
  label: Bilingual;
  items: Array<{ text: Bilingual; refs: string[]; provisional: boolean; from: { axis: 'c' | 'i' | 'a'; level: string; label: string } }>;
  none?: Bilingual;
}

export interface Handling {
  edition: string;
  schemeId: string;
  levels: Record<'c' | 'i' | 'a', { id: string; label: string; labelEn: string } | null>;
  topics: HandlingTopic[];
  disposal: { family: string; label: Bilingual; explanation: Bilingual; myNumberSegmentMedia: boolean };
  provisional: boolean;
}

export interface HistoryEntry {
  current: boolean;
  schemeEdition: string | null;
  confidentiality: string | null;
  integrity: string | null;
  availability: string | null;
  classifiedAt: string | null;
  classifiedByLabel: string | null;
  reason: string | null;
  supersededAt: string | null;
}

export interface SchemePanel {
  edition: EditionMeta;
  current: string;
  editions: Array<{ id: string; label: string; labelEn: string; scheme: string; current: boolean }>;
  scheme: ClassificationScheme;
  rules: Array<{ id: string; severity: Severity; title: Bilingual; refs: string[]; provisional: boolean }>;
}

export interface Summary {
  total: number;
  unclassified: number;
  olderScheme: number;
  byConfidentiality: Array<{ level: string; count: number }>;
  bySegment: Array<{ segment: string; count: number }>;
  matrix: Array<{ segment: string; level: string; count: number }>;
}

export interface ImportResult {
  dryRun: boolean;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  reclassified: number;
  preview: Array<{ row: number; code: string; name: string; action: 'create' | 'update' | 'unchanged'; changes: string[] }>;
}

export interface Unit {
  id: string;
  kind: 'department' | 'section';
  parentId: string | null;
  code: string;
  name: string;
  status?: string;
}

export const useScheme = (edition?: string) =>
  useQuery({ queryKey: ['assets', 'scheme', edition ?? 'current'], queryFn: () => get<SchemePanel>(`/api/assets/scheme${edition ? `?edition=${encodeURIComponent(edition)}` : ''}`), staleTime: 600_000 });

export const useSummary = () => useQuery({ queryKey: ['assets', 'summary'], queryFn: () => get<Summary>('/api/assets/summary') });

export interface CloudServiceChoice {
  id: string;
  name: string;
  providerName: string;
  approved: boolean;
}

/** External services from the vendors register, for the "lives on" choice. */
export const useCloudServices = () =>
  useQuery({ queryKey: ['assets', 'cloud-services'], queryFn: () => get<{ available: boolean; items: CloudServiceChoice[] }>('/api/assets/cloud-services') });

export const useSections = () =>
  useQuery({
    queryKey: ['units'],
    queryFn: () => get<Unit[]>('/api/units'),
    select: (d) => d.filter((u) => u.kind === 'section'),
  });

/** Sections including abolished ones (status 'archived'): filters and records still name them. */
export const useAllSections = () =>
  useQuery({
    queryKey: ['units', 'all'],
    queryFn: () => get<Unit[]>('/api/units?includeArchived=true'),
    select: (d) => d.filter((u) => u.kind === 'section'),
  });
