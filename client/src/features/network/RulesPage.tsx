import { useQuery } from '@tanstack/react-query';
import type { EditionMeta } from '@shared/catalog';
import { formatEditionLabel } from '@shared/era';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import { Badge, Card, ErrorAlert, Loading, PageHeader, SelectField } from '../../components/ui';
import { get } from '../../lib/api';
import { SEVERITY_TONE, tr, useRules } from './api';
import { CatalogLinks } from './parts';

/** Every rule of the checker: explanation, remedy, catalog items, provisional marks. */
export function RulesPage() {
  const { t } = useTranslation('network');
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const editions = useQuery({ queryKey: ['catalog', 'editions'], queryFn: () => get<{ editions: EditionMeta[]; current: string }>('/api/catalog/editions'), staleTime: 600_000 });
  const rules = useRules(params.get('edition') ?? undefined);

  // Arriving from a finding (#NW-MN-02): bring that rule into view once the list is there.
  useEffect(() => {
    if (!rules.data || !location.hash) return;
    const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (el) {
      el.scrollIntoView();
      el.focus();
    }
  }, [rules.data, location.hash]);

  return (
    <div>
      <PageHeader title={t('rules.title')} description={t('rules.description')} />
      <p className="mb-4">
        <Link to="/network">{t('rules.back')}</Link>
      </p>
      <div className="mb-6 w-72">
        <SelectField
          label={t('rules.edition')}
          value={rules.data?.edition ?? ''}
          onChange={(e) => setParams(new URLSearchParams({ edition: e.target.value }), { replace: true })}
          options={(editions.data?.editions ?? []).map((e) => ({ value: e.id, label: `${formatEditionLabel(e.id)}（${e.id}）` }))}
        />
      </div>
      {rules.isLoading && <Loading />}
      <ErrorAlert error={rules.error} />
      {rules.data && (
        <ol className="flex flex-col gap-4">
          {rules.data.rules.map((r) => (
            <li key={r.id}>
              <article id={r.id} tabIndex={-1} aria-labelledby={`${r.id}-title`} className="rounded-12 border border-solid-gray-420 bg-white p-5 focus:outline-4 focus:outline-key-900">
                <h2 id={`${r.id}-title`} className="flex flex-wrap items-center gap-2 text-std-20B-150">
                  <span>{r.id}</span>
                  <span>{tr(r.title)}</span>
                  <Badge tone={SEVERITY_TONE[r.severity]}>{t(`severity.${r.severity}`)}</Badge>
                  {r.provisional && <Badge tone="gray">{t('rules.provisional')}</Badge>}
                </h2>
                <dl className="mt-2 grid gap-2 text-std-16N-170">
                  <dt className="font-bold">{t('rules.explanation')}</dt>
                  <dd>{tr(r.explanation)}</dd>
                  <dt className="font-bold">{t('rules.remedy')}</dt>
                  <dd>{tr(r.remedy)}</dd>
                  <dt className="font-bold">{t('rules.catalog')}</dt>
                  <dd>
                    <CatalogLinks ids={r.catalog} edition={rules.data.edition} />
                  </dd>
                  {r.provisional && r.provisionalNote && (
                    <>
                      <dt className="font-bold">{t('rules.provisional')}</dt>
                      <dd>{tr(r.provisionalNote)}</dd>
                    </>
                  )}
                </dl>
              </article>
            </li>
          ))}
        </ol>
      )}
      <Card title={t('rules.format')} className="mt-8">
        <p className="text-std-16N-170">{t('rules.formatBody')}</p>
        <p className="mt-2">
          <a href="/api/network/schema" target="_blank" rel="noreferrer">
            {t('rules.schema')}
          </a>
        </p>
      </Card>
    </div>
  );
}
