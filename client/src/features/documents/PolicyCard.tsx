import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Card, ErrorAlert } from '../../components/ui';
import { usePolicies, versionPath } from './api';
import { eraDate } from './PoliciesPage';

/** Dashboard card: the version in force and the open draft of each policy (real records only). */
export function PolicyCard() {
  const { t, i18n } = useTranslation('documents');
  const list = usePolicies();
  if (list.error) return <ErrorAlert error={list.error} />;
  const items = list.data?.items ?? [];
  return (
    <Card title={t('card.title')}>
      {items.length === 0 ? (
        <p>
          {t('list.none')} <Link to="/policy">{t('card.open')}</Link>
        </p>
      ) : (
        <dl className="grid gap-3 sm:grid-cols-2">
          {items.map((p) => {
            const inForce = p.versions.find((v) => v.id === p.inForceId);
            const draft = p.versions.find((v) => v.id === p.draftId);
            return (
              <Fragment key={p.id}>
                <div>
                  <dt className="text-dns-14N-130 text-solid-gray-700">{t('card.inForce')}</dt>
                  <dd className="text-std-20B-150">
                    {inForce ? (
                      <Link to={versionPath(inForce.id)}>
                        {t('editor.versionLabel', { n: inForce.versionNo })}（{eraDate(inForce.effectiveFrom, i18n.language)}）
                      </Link>
                    ) : (
                      t('card.none')
                    )}
                  </dd>
                </div>
                <div>
                  <dt className="text-dns-14N-130 text-solid-gray-700">{t('card.draft')}</dt>
                  <dd className="text-std-20B-150">{draft ? <Link to={versionPath(draft.id)}>{t('editor.versionLabel', { n: draft.versionNo })}</Link> : t('card.none')}</dd>
                </div>
              </Fragment>
            );
          })}
        </dl>
      )}
    </Card>
  );
}
