import { useQuery } from '@tanstack/react-query';
import type { Bilingual } from '@shared/catalog';
import type { CompareResult, CoverageResult, EditionProposal, PolicyChoices, PolicySummary, PublicPolicy, VersionDetail } from '@shared/documents';
import { get, qs } from '../../lib/api';

export interface PolicyOptions {
  edition: string;
  current: string;
  editions: Array<{ id: string; label: string; labelEn: string; current: boolean }>;
  defaults: PolicyChoices;
  optionalItems: Array<{ id: string; number: string; title: string; summary: Bilingual; confidence: 'verified' | 'provisional'; defaultOn: boolean }>;
}

export const usePolicies = () => useQuery({ queryKey: ['policies'], queryFn: () => get<{ items: PolicySummary[] }>('/api/policies') });
export const usePolicy = (id: string | undefined) => useQuery({ queryKey: ['policy', id], queryFn: () => get<PolicySummary>(`/api/policies/${id}`), enabled: Boolean(id) });
export const useOptions = (edition: string | undefined) =>
  useQuery({ queryKey: ['policy-options', edition ?? ''], queryFn: () => get<PolicyOptions>(`/api/policy/options${qs({ edition })}`) });
export const useVersion = (id: string | undefined) => useQuery({ queryKey: ['policy-version', id], queryFn: () => get<VersionDetail>(`/api/policy/versions/${id}`), enabled: Boolean(id) });
export const useCompare = (from: string | undefined, to: string | undefined) =>
  useQuery({ queryKey: ['policy-compare', from, to], queryFn: () => get<CompareResult>(`/api/policy/compare${qs({ from, to })}`), enabled: Boolean(from && to) });
export const useProposal = (versionId: string | undefined, edition: string | undefined) =>
  useQuery({
    queryKey: ['policy-proposal', versionId, edition],
    queryFn: () => get<EditionProposal>(`/api/policy/versions/${versionId}/edition-changes${qs({ edition })}`),
    enabled: Boolean(versionId && edition),
  });
export const useCoverage = (versionId: string | undefined) =>
  useQuery({ queryKey: ['policy-coverage', versionId], queryFn: () => get<CoverageResult>(`/api/policy/versions/${versionId}/coverage`), enabled: Boolean(versionId) });
export const usePublicPolicy = (orgRef: string | undefined) =>
  useQuery({ queryKey: ['public-policy', orgRef], queryFn: () => get<PublicPolicy>(`/api/public/policies/${orgRef}`), enabled: Boolean(orgRef), retry: false });

export const exportUrl = (versionId: string, format: 'docx' | 'pdf' | 'html', scope = 'all') => `/api/policy/versions/${versionId}/export${qs({ format, scope })}`;
export const versionPath = (id: string) => `/policy/versions/${id}`;
