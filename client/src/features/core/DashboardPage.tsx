import { useQuery } from '@tanstack/react-query';
import { fiscalYearOf, formatEraDate, formatFiscalYear } from '@shared/era';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { landingPath } from '../../app/nav';
import { useCan, useFiscalYear, useMe } from '../../app/session';
import { Card, ErrorAlert, Loading, PageHeader } from '../../components/ui';
import { get, qs } from '../../lib/api';
import { features } from '../registry';

interface Summary {
  fiscalYear: number;
  users?: { active: number; invited: number; disabled: number; adminsWithoutMfa: number };
  units?: { departments: number; sections: number };
  security?: { auditEvents: number; failedSignIns7d: number; lockouts7d: number };
}

function Figure({ label, value, to }: { label: string; value: number; to?: string }) {
  return (
    <div className="flex flex-col">
      <dt className="text-dns-14N-130 text-solid-gray-700">{label}</dt>
      <dd className="text-std-32B-150 text-solid-gray-900">{to ? <Link to={to}>{value.toLocaleString()}</Link> : value.toLocaleString()}</dd>
    </div>
  );
}

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const can = useCan();
  const { fiscalYear } = useFiscalYear();
  const allowed = can('dashboard.read');
  const summary = useQuery({ queryKey: ['dashboard', fiscalYear], queryFn: () => get<Summary>(`/api/dashboard${qs({ fiscalYear })}`), enabled: allowed });
  const cards = features
    .flatMap((f) => f.dashboard ?? [])
    .filter((c) => can(c.action))
    .sort((a, b) => a.order - b.order);
  if (me && !allowed) return <Navigate to={landingPath(me, can)} replace />;
  return (
    <div>
      <PageHeader
        title={t('dashboard.title')}
        description={
          // 本日 always states today's own 年度; the selector's year is said apart (issue 21).
          <>
            <span>{t('dashboard.today', { date: i18n.language === 'en' ? new Date().toLocaleDateString('en-GB', { timeZone: 'Asia/Tokyo' }) : formatEraDate(new Date()), fy: formatFiscalYear(fiscalYearOf(), i18n.language === 'en' ? 'en' : 'ja') })}</span>
            {fiscalYear !== fiscalYearOf() && <span className="ml-3 font-bold">{t('dashboard.showing', { fy: formatFiscalYear(fiscalYear, i18n.language === 'en' ? 'en' : 'ja') })}</span>}
          </>
        }
      />
      {summary.error && <ErrorAlert error={summary.error} />}
      {summary.isLoading && <Loading />}
      <div className="grid gap-4 lg:grid-cols-2">
        {summary.data?.users && (
          <Card title={t('dashboard.users')}>
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
              <Figure label={t('dashboard.active')} value={summary.data.users.active} to="/users?status=active" />
              <Figure label={t('dashboard.invited')} value={summary.data.users.invited} to="/users?status=invited" />
              <Figure label={t('dashboard.disabled')} value={summary.data.users.disabled} to="/users?status=disabled" />
              <Figure label={t('dashboard.adminsWithoutMfa')} value={summary.data.users.adminsWithoutMfa} />
            </dl>
          </Card>
        )}
        {summary.data?.units && (
          <Card title={t('dashboard.units')}>
            <dl className="grid grid-cols-2 gap-4">
              <Figure label={t('org.departments')} value={summary.data.units.departments} to="/organization" />
              <Figure label={t('org.sections')} value={summary.data.units.sections} to="/organization" />
            </dl>
          </Card>
        )}
        {summary.data?.security && (
          <Card title={t('dashboard.security')}>
            <dl className="grid grid-cols-3 gap-4">
              <Figure label={t('dashboard.auditEvents', { fy: formatFiscalYear(fiscalYear, i18n.language === 'en' ? 'en' : 'ja') })} value={summary.data.security.auditEvents} to="/audit-trail" />
              <Figure label={t('dashboard.failedSignIns')} value={summary.data.security.failedSignIns7d} />
              <Figure label={t('dashboard.lockouts')} value={summary.data.security.lockouts7d} />
            </dl>
          </Card>
        )}
        {cards.map((c) => (
          <c.component key={c.id} />
        ))}
      </div>
      {me && me.roles.length === 0 && <p className="mt-6 text-std-16N-170">{t('dashboard.noRoles')}</p>}
    </div>
  );
}
