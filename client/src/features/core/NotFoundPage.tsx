import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/ui';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div>
      <PageHeader title={t('notFound.title')} description={t('notFound.body')} />
      <Link to="/">{t('notFound.back')}</Link>
    </div>
  );
}
