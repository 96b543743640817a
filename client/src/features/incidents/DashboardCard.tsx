import { useTranslation } from 'react-i18next';
import { Card } from '../../components/ui';
import { ReadinessList } from './CsirtPage';
import { TodoTable } from './IncidentsPage';

/** The CSIRT's readiness and the reports due, from the server (no figure is invented here). */
export function IncidentsDashboardCard() {
  const { t } = useTranslation('incidents');
  return (
    <Card title={t('dashboard.title')}>
      <ReadinessList />
      <div className="mt-4">
        <TodoTable />
      </div>
    </Card>
  );
}
