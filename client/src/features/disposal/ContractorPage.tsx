import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, Loading, PageHeader } from '../../components/ui';
import { get } from '../../lib/api';
import type { DisposalItem, Page } from './api';
import { DisposalTable } from './RegisterPage';

/** The contractor's portal: what was handed to its company, to report completion and submit proof. */
export function ContractorPage() {
  const { t } = useTranslation('disposal');
  const list = useQuery({ queryKey: ['disposals', 'contractor'], queryFn: () => get<Page<DisposalItem>>('/api/disposals?pageSize=500&sort=certificateDueOn') });
  return (
    <div>
      <PageHeader title={t('contractor.title')} description={t('contractor.description')} />
      {list.error && <ErrorAlert error={list.error} />}
      {list.isLoading && <Loading />}
      {list.data && list.data.items.length === 0 && <p className="text-std-16N-170">{t('contractor.none')}</p>}
      {list.data && list.data.items.length > 0 && <DisposalTable items={list.data.items} caption={t('contractor.title')} />}
    </div>
  );
}
