import { useQuery } from '@tanstack/react-query';
import type { CatalogTree, EditionDiff, EditionMeta, NodeDetail, SearchResult } from '@shared/catalog';
import { useSearchParams } from 'react-router';
import { get, qs } from '../../lib/api';

/** Catalog data through TanStack Query. The catalog only changes with a deployment, so it stays fresh for long. */

const STALE = 10 * 60_000;
const enc = encodeURIComponent;

export function useEditions() {
  return useQuery({
    queryKey: ['catalog', 'editions'],
    queryFn: () => get<{ editions: EditionMeta[]; current: string; contentHash: string }>('/api/catalog/editions'),
    staleTime: STALE,
  });
}

/** The edition named in ?edition=, or the current one. */
export function useEditionParam(name = 'edition'): { edition: string | undefined; editions: EditionMeta[]; setEdition(id: string): void } {
  const editions = useEditions();
  const [params, setParams] = useSearchParams();
  const edition = params.get(name) ?? editions.data?.current;
  return {
    edition,
    editions: editions.data?.editions ?? [],
    setEdition(id: string) {
      const next = new URLSearchParams(params);
      next.set(name, id);
      setParams(next, { replace: true });
    },
  };
}

export function useTree(edition: string | undefined) {
  return useQuery({
    queryKey: ['catalog', 'tree', edition],
    queryFn: () => get<CatalogTree>(`/api/catalog/editions/${enc(edition as string)}/tree`),
    enabled: !!edition,
    staleTime: STALE,
  });
}

export function useNode(edition: string, nodeId: string) {
  return useQuery({
    queryKey: ['catalog', 'node', edition, nodeId],
    queryFn: () => get<NodeDetail>(`/api/catalog/editions/${enc(edition)}/nodes/${enc(nodeId)}`),
    staleTime: STALE,
    retry: false,
  });
}

export function useSearch(q: string, edition: string | undefined) {
  return useQuery({
    queryKey: ['catalog', 'search', edition, q],
    queryFn: () => get<SearchResult>(`/api/catalog/search${qs({ q, edition, limit: 50 })}`),
    enabled: q.trim().length > 0 && !!edition,
    staleTime: STALE,
    retry: false,
  });
}

export function useDiff(from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: ['catalog', 'diff', from, to],
    queryFn: () => get<EditionDiff>(`/api/catalog/diff${qs({ from, to })}`),
    enabled: !!from && !!to,
    staleTime: STALE,
    retry: false,
  });
}

export function nodePath(edition: string, id: string): string {
  return `/catalog/${enc(edition)}/${enc(id)}`;
}
