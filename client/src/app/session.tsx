import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Action } from '@shared/permissions';
import { type ReactNode, createContext, useContext, useState } from 'react';
import { ApiError, get, setCsrfToken } from '../lib/api';
import { fiscalYearOf } from '@shared/era';

export interface Me {
  user: { id: string; email: string; displayName: string; sectionId: string | null; mfaEnabled: boolean; mustChangePassword: boolean };
  organization: { id: string; kind: string; name: string; nameEn: string | null; lgCode: string | null; isDemo: boolean };
  roles: Array<{ id: string; role: string; scopeKind: string; scopeId: string | null; label: string }>;
  stage: 'full' | 'mfa' | 'enroll' | 'password';
  csrfToken: string | null;
  permissions: Partial<Record<Action, true>>;
  scopes: Partial<Record<Action, 'organization' | 'limited'>>;
}

/** The signed-in user; null when nobody is signed in. */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const me = await get<Me>('/api/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 30_000,
    retry: false,
  });
}

/**
 * Re-read /api/me and wait for it. The sign-in pages do not observe the query, so an ordinary
 * invalidation would leave the old stage (e.g. "mfa") cached and the shell would send the user back.
 */
export function useRefreshMe() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['me'], refetchType: 'all' });
}

export function useCan(): (action: Action) => boolean {
  const { data } = useMe();
  return (action) => Boolean(data?.permissions[action]);
}

const FiscalYearContext = createContext<{ fiscalYear: number; setFiscalYear(fy: number): void }>({ fiscalYear: fiscalYearOf(), setFiscalYear: () => {} });

export function FiscalYearProvider({ children }: { children: ReactNode }) {
  const [fiscalYear, set] = useState<number>(() => {
    const saved = Number(sessionStorage.getItem('shirube.fy'));
    return Number.isInteger(saved) && saved > 2000 ? saved : fiscalYearOf();
  });
  const setFiscalYear = (fy: number) => {
    sessionStorage.setItem('shirube.fy', String(fy));
    set(fy);
  };
  return <FiscalYearContext.Provider value={{ fiscalYear, setFiscalYear }}>{children}</FiscalYearContext.Provider>;
}

export const useFiscalYear = () => useContext(FiscalYearContext);
