import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Card, ErrorAlert } from '../../components/ui';
import { get } from '../../lib/api';
import type { Summary } from './api';

function Figure({ label, value, to, alert }: { label: string; value: number; to: string; alert?: boolean }) {
  return (
    <div className="flex flex-col">
      <dt className="text-dns-14N-130 text-solid-gray-700">{label}</dt>
      <dd className={`text-std-32B-150 ${alert && value > 0 ? 'text-error-2' : 'text-solid-gray-900'}`}>
        <Link to={to}>{value.toLocaleString()}</Link>
      </dd>
    </div>
  );
}

/** Real figures from /api/disposals/summary, within the user's scope. */
export function DisposalDashboardCard() {
  const { t } = useTranslation('disposal');
  const s = useQuery({ queryKey: ['disposals', 'summary'], queryFn: () => get<Summary>('/api/disposals/summary') });
  return (
    <Card title={t('dashboard.title')}>
      {s.error && <ErrorAlert error={s.error} />}
      {s.data && (
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
          <Figure label={t('dashboard.overdue')} value={s.data.overdueCertificates} to="/disposals?overdue=true" alert />
          <Figure label={t('dashboard.open')} value={s.data.open} to="/disposals?open=true" />
          <Figure label={t('dashboard.awaiting')} value={s.data.awaitingApproval} to="/disposals?state=requested" />
          <Figure label={t('dashboard.withContractor')} value={s.data.withContractor} to="/disposals?state=handedOver" />
          <Figure label={t('dashboard.lease', { days: s.data.leaseWarningDays })} value={s.data.leaseEndingSoon} to="/disposals?toPlan=true" />
        </dl>
      )}
    </Card>
  );
}
