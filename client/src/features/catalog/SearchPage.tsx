import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Alert, Badge, Card, ErrorAlert, Loading, PageHeader } from '../../components/ui';
import { nodePath, useEditionParam, useSearch } from './api';
import { EditionSelect, SearchForm } from './parts';

/** Japanese full-text search over one edition (nodes and audit items). */
export function SearchPage() {
  const { t } = useTranslation('catalog');
  const [params] = useSearchParams();
  const q = params.get('q') ?? '';
  const { edition, editions, setEdition } = useEditionParam();
  const result = useSearch(q, edition);
  const meta = editions.find((e) => e.id === edition);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('search.title')} description={t('description')} />
      <Card>
        <div className="grid gap-4 md:grid-cols-[minmax(0,20rem)_1fr]">
          <EditionSelect label={t('edition')} value={edition} editions={editions} onChange={setEdition} />
          {/* key: a new query from the URL resets the box */}
          <SearchForm key={q} edition={edition} initial={q} />
        </div>
      </Card>
      {result.error && <ErrorAlert error={result.error} />}
      {result.isLoading && <Loading />}
      {result.data && (
        <section aria-labelledby="search-results" className="flex flex-col gap-3">
          <h2 id="search-results" className="text-std-20B-150" aria-live="polite">
            {t('search.results', { q: result.data.q, total: result.data.total, edition: meta?.label ?? result.data.edition })}
          </h2>
          {result.data.total > result.data.hits.length && <p className="text-dns-14N-130 text-solid-gray-700">{t('search.shown', { n: result.data.hits.length })}</p>}
          {result.data.total === 0 ? (
            <Alert tone="info">{t('search.none')}</Alert>
          ) : (
            <ol className="flex flex-col gap-3">
              {result.data.hits.map((h) => {
                const to = h.kind === 'auditItem' ? null : nodePath(result.data.edition, h.id);
                return (
                  <li key={h.id} className="rounded-8 border border-solid-gray-420 bg-white p-4">
                    <p className="flex flex-wrap items-center gap-2 text-std-16B-170">
                      <Badge tone="gray">{t(`kind.${h.kind}`)}</Badge>
                      {to ? (
                        <Link to={to}>
                          <span className="mr-2">{h.number}</span>
                          {h.title}
                        </Link>
                      ) : (
                        <span>
                          {h.id} {h.title}（{h.number}）
                        </span>
                      )}
                    </p>
                    <p className="mt-1 text-dns-16N-130 text-solid-gray-800">{h.snippet}</p>
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      )}
    </div>
  );
}
