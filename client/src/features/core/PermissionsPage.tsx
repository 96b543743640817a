import { useQuery } from '@tanstack/react-query';
import { ACTIONS, PERMISSIONS, ROLES } from '@shared/permissions';
import { useTranslation } from 'react-i18next';
import { Card, ErrorAlert, Loading, PageHeader, ScrollArea } from '../../components/ui';
import { get } from '../../lib/api';
import { useUnits } from './OrganizationPage';

interface Holder {
  role: string;
  scopeKind: string;
  scopeId: string | null;
  userId: string;
  displayName: string;
  status: string;
}

const SCOPE_MARK: Record<string, string> = { organization: '◎', department: '○', section: '△', contractor: '□', self: '・' };

/** The guideline's table of roles and authorities, as the system actually enforces it. */
export function PermissionsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const data = useQuery({ queryKey: ['permissions'], queryFn: () => get<{ holders: Holder[] }>('/api/permissions') });
  const units = useUnits();
  if (data.isLoading) return <Loading />;
  if (data.error) return <ErrorAlert error={data.error} />;
  const holders = data.data?.holders ?? [];
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('perm.title')} description={t('perm.description')} />
      <Card title={t('perm.legendTitle')}>
        <ul className="flex flex-wrap gap-4 text-dns-16N-130">
          {Object.entries(SCOPE_MARK).map(([scope, mark]) => (
            <li key={scope}>
              <span aria-hidden="true">{mark}</span> {t(`perm.scope.${scope}`)}
            </li>
          ))}
        </ul>
      </Card>
      <ScrollArea label={t('perm.title')} className="rounded-8 border border-solid-gray-420 bg-white">
        <table className="border-collapse text-dns-14N-130">
          <caption className="sr-only">{t('perm.title')}</caption>
          <thead>
            <tr>
              <th scope="col" className="sticky left-0 bg-solid-gray-50 px-2 py-2 text-left">
                {t('perm.action')}
              </th>
              {ROLES.map((r) => (
                <th key={r.id} scope="col" className="min-w-20 bg-solid-gray-50 px-2 py-2 text-left align-bottom">
                  {en ? r.en : r.ja}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ACTIONS.map((a) => (
              <tr key={a.id} className="border-t border-solid-gray-200">
                <th scope="row" className="sticky left-0 bg-white px-2 py-1 text-left font-normal">
                  {en ? a.en : a.ja}
                  <span className="ml-1 font-mono text-solid-gray-700">({a.id})</span>
                </th>
                {ROLES.map((r) => {
                  const scope = PERMISSIONS[r.id][a.id];
                  return (
                    <td key={r.id} className="px-2 py-1 text-center">
                      {scope ? (
                        <>
                          <span aria-hidden="true">{SCOPE_MARK[scope]}</span>
                          <span className="sr-only">{t(`perm.scope.${scope}`)}</span>
                        </>
                      ) : (
                        <span className="sr-only">{t('perm.none')}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea>
      <Card title={t('perm.holders')}>
        <dl className="grid gap-4 md:grid-cols-2">
          {ROLES.map((r) => {
            const list = holders.filter((h) => h.role === r.id);
            return (
              <div key={r.id}>
                <dt className="text-std-16B-170">{en ? r.en : r.ja}</dt>
                <dd className="text-dns-16N-130">
                  {list.length === 0
                    ? t('perm.nobody')
                    : list.map((h) => `${h.displayName}${h.scopeId ? `（${units.data?.find((u) => u.id === h.scopeId)?.name ?? ''}）` : ''}${h.status !== 'active' ? ` [${t(`users.status.${h.status}`)}]` : ''}`).join('、')}
                </dd>
                <dd className="text-dns-14N-130 text-solid-gray-700">{en ? r.description.en : r.description.ja}</dd>
              </div>
            );
          })}
        </dl>
      </Card>
    </div>
  );
}
