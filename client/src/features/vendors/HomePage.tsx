import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../app/session';
import { Alert, Card, ErrorAlert, Loading, PageHeader, SelectField, Table, td } from '../../components/ui';
import { get, qs } from '../../lib/api';
import type { Finding } from './api';
import { FindingsTable, Figure, useSummary } from './parts';

/** Overview of outsourcing and external services: figures, what expires, what the checks found. */
export function HomePage() {
  const { t } = useTranslation('vendors');
  const can = useCan();
  const s = useSummary();
  const checks = useQuery({ queryKey: ['vendors', 'checks', 'top'], queryFn: () => get<{ findings: Finding[]; total: number }>('/api/vendors/checks?severity=error&limit=20'), enabled: s.data?.scope === 'staff' });
  if (s.isLoading) return <Loading />;
  if (s.error) return <ErrorAlert error={s.error} />;
  if (s.data?.scope === 'contractor') {
    return (
      <div>
        <PageHeader title={t('home.title')} />
        <Alert tone="info" title={t('home.contractorNote')}>
          <Link to="/contractor/vendors">{t('nav.portal')}</Link>
        </Alert>
      </div>
    );
  }
  const d = s.data;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={t('home.title')}
        description={t('home.description')}
        actions={
          <>
            <Link className="underline" to="/vendors/contractors">
              {t('nav.contractors')}
            </Link>
            <Link className="underline" to="/vendors/services">
              {t('nav.services')}
            </Link>
            <Link className="underline" to="/vendors/approvals">
              {t('nav.approvals')}
            </Link>
            <Link className="underline" to="/vendors/checks">
              {t('nav.checks')}
            </Link>
          </>
        }
      />
      {d && (
        <Card title={t('home.figures')}>
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
            <Figure label={t('home.services')} value={d.services ?? 0} to="/vendors/services" />
            <Figure label={t('home.contractors')} value={d.contractors ?? 0} to="/vendors/contractors" />
            <Figure label={t('dashboard.expiringSoon')} value={d.expiringSoon ?? 0} />
            <Figure label={t('dashboard.expired')} value={d.expired ?? 0} alert />
            <Figure label={t('dashboard.pendingApprovals')} value={d.pendingApprovals ?? 0} to="/vendors/approvals" />
            <Figure label={t('dashboard.unansweredSheets')} value={d.unansweredSheets} />
            <Figure label={t('home.awaitingReview')} value={d.sheetsAwaitingReview ?? 0} />
            <Figure label={t('dashboard.errors')} value={d.findings?.error ?? 0} to="/vendors/checks" alert />
          </dl>
        </Card>
      )}
      {d?.expiries && (
        <Card title={t('home.expiries')}>
          {d.expiries.length === 0 ? (
            <p className="text-std-16N-170">{t('home.noExpiries')}</p>
          ) : (
            <Table caption={t('home.expiries')} head={[t('home.validUntil'), t('home.type'), t('home.item')]}>
              {d.expiries.map((x) => (
                <tr key={`${x.type}-${x.id}`}>
                  <td className={`${td} ${x.expired ? 'font-bold text-error-2' : ''}`}>
                    {x.validUntil}
                    {x.expired ? `（${t('home.expiredMark')}）` : ''}
                  </td>
                  <td className={td}>{t(`expiryType.${x.type}`)}</td>
                  <td className={td}>
                    <Link to={x.link}>{x.label}</Link>
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
      )}
      {can('vendor.read') && (
        <Card title={t('home.topFindings')}>
          {checks.error && <ErrorAlert error={checks.error} />}
          {checks.data && <FindingsTable findings={checks.data.findings} caption={t('home.topFindings')} showSubject />}
          {checks.data && checks.data.total > checks.data.findings.length && (
            <p className="mt-2">
              <Link to="/vendors/checks">{t('home.allFindings', { n: checks.data.total })}</Link>
            </p>
          )}
        </Card>
      )}
    </div>
  );
}

export function ChecksPage() {
  const { t } = useTranslation('vendors');
  const [severity, setSeverity] = useState('');
  const q = useQuery({
    queryKey: ['vendors', 'checks', severity],
    queryFn: () => get<{ findings: Finding[]; total: number; services: number; contractors: number; counts: { error: number; warning: number; info: number } }>(`/api/vendors/checks${qs({ severity, limit: 2000 })}`),
  });
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('checks.title')} description={t('checks.description')} actions={<Link to="/vendors">{t('back')}</Link>} />
      <Card>
        <SelectField
          label={t('findings.severity')}
          value={severity}
          onChange={(e) => setSeverity(e.target.value)}
          options={[
            { value: '', label: t('all') },
            { value: 'error', label: t('severity.error') },
            { value: 'warning', label: t('severity.warning') },
            { value: 'info', label: t('severity.info') },
          ]}
        />
      </Card>
      {q.error && <ErrorAlert error={q.error} />}
      {q.isLoading && <Loading />}
      {q.data && (
        <>
          <p className="text-std-16N-170">{t('checks.counts', { services: q.data.services, contractors: q.data.contractors, error: q.data.counts.error, warning: q.data.counts.warning, info: q.data.counts.info })}</p>
          <FindingsTable findings={q.data.findings} caption={t('checks.title')} showSubject />
        </>
      )}
    </div>
  );
}
