import { ASSET_KINDS, ASSET_SEGMENTS, ASSET_STATUSES, named } from '@shared/assets';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { Card, ErrorAlert, Loading, PageHeader, Pagination, SelectField, Table, TextField, td } from '../../components/ui';
import { get, qs } from '../../lib/api';
import { type AssetList, useAllSections, useSummary } from './api';
import { AssetsChart, LevelBadge, SeverityBadge, SummaryFigures } from './parts';

const SORTS = ['code', '-code', 'name', '-name', 'confidentiality', '-confidentiality'] as const;
const SORT_KEYS: Record<(typeof SORTS)[number], string> = {
  code: 'sort.code',
  '-code': 'sort.codeDesc',
  name: 'sort.name',
  '-name': 'sort.nameDesc',
  confidentiality: 'sort.conf',
  '-confidentiality': 'sort.confDesc',
};
const FILTER_KEYS = ['q', 'kind', 'segment', 'confidentiality', 'ownerSectionId', 'status', 'flag', 'sort', 'page'] as const;

/** The register: filtered, sorted and paged on the server; the class chart on top. */
export function AssetsPage() {
  const { t, i18n } = useTranslation('assets');
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const query = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as Record<(typeof FILTER_KEYS)[number], string>;
  const list = useQuery({
    queryKey: ['assets', 'list', query],
    queryFn: () => get<AssetList>(`/api/assets${qs({ ...query, pageSize: 50 })}`),
    placeholderData: (prev) => prev,
  });
  const summary = useSummary();
  const sections = useAllSections();
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    set('q', q);
  };
  const exportUrl = (format: 'xlsx' | 'csv') => {
    const { sort: _s, page: _p, status, ...filters } = query;
    return `/api/assets/export${qs({ ...filters, status: status || 'all', format })}`;
  };
  const all = { value: '', label: t('filters.all') };
  const sort = (query.sort || 'code') as (typeof SORTS)[number];
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <>
            {can('asset.write') && (
              <Link className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 bg-key-900 px-4 py-2 text-oln-16B-100 text-white no-underline hover:bg-key-1000 hover:text-white" to="/assets/new">
                {t('newAsset')}
              </Link>
            )}
            {can('asset.import') && (
              <Link className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 bg-white px-4 py-2 text-oln-16B-100 text-key-900 no-underline hover:bg-key-50" to="/assets/import">
                {t('importWizard')}
              </Link>
            )}
            {can('asset.classify') && (
              <Link className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 bg-white px-4 py-2 text-oln-16B-100 text-key-900 no-underline hover:bg-key-50" to="/assets/reclassify">
                {t('reclassify')}
              </Link>
            )}
          </>
        }
      />
      {summary.data && summary.data.total > 0 && (
        <Card title={t('chart.title')}>
          <div className="grid gap-6 lg:grid-cols-[1fr_2fr]">
            <SummaryFigures summary={summary.data} />
            <AssetsChart summary={summary.data} />
          </div>
        </Card>
      )}
      <Card title={t('filters.title')}>
        <form className="grid gap-4 md:grid-cols-4" onSubmit={submit}>
          <div className="flex items-end gap-2 md:col-span-2">
            <div className="flex-1">
              <TextField label={t('filters.q')} value={q} onChange={(e) => setQ(e.target.value)} name="q" />
            </div>
            <button type="submit" className="min-h-12 rounded-8 border-2 border-key-900 bg-key-900 px-4 text-oln-16B-100 text-white">
              {t('filters.apply')}
            </button>
          </div>
          <SelectField label={t('filters.kind')} value={query.kind} onChange={(e) => set('kind', e.target.value)} options={[all, ...ASSET_KINDS.map((k) => ({ value: k.id, label: k[lang] }))]} />
          <SelectField
            label={t('filters.segment')}
            value={query.segment}
            onChange={(e) => set('segment', e.target.value)}
            options={[all, ...ASSET_SEGMENTS.map((k) => ({ value: k.id, label: k[lang] })), { value: 'none', label: t('filters.none') }]}
          />
          <SelectField
            label={t('filters.confidentiality')}
            value={query.confidentiality}
            onChange={(e) => set('confidentiality', e.target.value)}
            options={[all, ...['3A', '3B', '3C', '3', '2', '1'].map((l) => ({ value: l, label: l })), { value: 'none', label: t('filters.unclassified') }]}
          />
          <SelectField
            label={t('filters.section')}
            value={query.ownerSectionId}
            onChange={(e) => set('ownerSectionId', e.target.value)}
            options={[all, ...(sections.data ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.code}）${s.status === 'archived' ? ` ${t('common:org.archived')}` : ''}` }))]}
          />
          <SelectField
            label={t('filters.flag')}
            value={query.flag}
            onChange={(e) => set('flag', e.target.value)}
            options={[all, { value: 'residentData', label: lang === 'en' ? 'Resident information' : '住民情報' }, { value: 'myNumber', label: lang === 'en' ? 'My Number data' : 'マイナンバー' }, { value: 'specialCare', label: lang === 'en' ? 'Special care-required' : '要配慮個人情報' }]}
          />
          <SelectField
            label={t('filters.status')}
            value={query.status || 'active'}
            onChange={(e) => set('status', e.target.value === 'active' ? '' : e.target.value)}
            options={[...ASSET_STATUSES.map((s) => ({ value: s.id, label: s[lang] })), { value: 'all', label: t('filters.all') }]}
          />
          <SelectField label={t('sort.label')} value={sort} onChange={(e) => set('sort', e.target.value === 'code' ? '' : e.target.value)} options={SORTS.map((s) => ({ value: s, label: t(SORT_KEYS[s]) }))} />
          <div className="flex items-end">
            <button type="button" className="min-h-12 rounded-8 px-3 text-oln-16N-100 text-key-900 underline underline-offset-4 hover:bg-key-50" onClick={() => { setQ(''); setParams(new URLSearchParams()); }}>
              {t('filters.reset')}
            </button>
          </div>
        </form>
      </Card>
      <div className="flex flex-wrap items-center gap-3">
        <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 bg-white px-4 py-2 text-oln-16B-100 text-key-900 no-underline hover:bg-key-50" href={exportUrl('xlsx')} download>
          {t('export.xlsx')}
        </a>
        <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 bg-white px-4 py-2 text-oln-16B-100 text-key-900 no-underline hover:bg-key-50" href={exportUrl('csv')} download>
          {t('export.csv')}
        </a>
        <span className="text-dns-14N-130 text-solid-gray-700">{t('export.hint')}</span>
      </div>
      {list.error && <ErrorAlert error={list.error} />}
      {list.isLoading && <Loading />}
      {list.data && (
        <section aria-labelledby="asset-list-title" className="flex flex-col gap-2">
          <h2 id="asset-list-title" className="text-std-20B-150">
            {t('count', { total: list.data.total.toLocaleString() })}
          </h2>
          {list.data.items.length === 0 ? (
            <p className="text-std-16N-170">{t('empty')}</p>
          ) : (
            <Table caption={t('title')} head={[t('col.code'), t('col.name'), t('col.kind'), t('col.section'), t('col.segment'), t('col.c'), t('col.i'), t('col.a'), t('col.issues'), t('col.status')]}>
              {list.data.items.map((a) => (
                <tr key={a.id}>
                  <td className={`${td} whitespace-nowrap`}>
                    <Link to={`/assets/${a.id}`}>{a.code}</Link>
                  </td>
                  <td className={td}>{a.name}</td>
                  <td className={`${td} whitespace-nowrap`}>{named(ASSET_KINDS, a.kind, lang)}</td>
                  <td className={td}>{a.ownerSection.name}</td>
                  <td className={td}>{a.segment ? named(ASSET_SEGMENTS, a.segment, lang) : '—'}</td>
                  <td className={td}>
                    <LevelBadge level={a.confidentiality} />
                  </td>
                  <td className={td}>{a.integrity ?? '—'}</td>
                  <td className={td}>{a.availability ?? '—'}</td>
                  <td className={`${td} whitespace-nowrap`}>
                    {a.issues && a.issues.count > 0 && a.issues.worst ? (
                      <span className="inline-flex items-center gap-1" title={a.issues.ruleIds.join(', ')}>
                        <SeverityBadge severity={a.issues.worst} /> {t('issues.count', { n: a.issues.count })}
                      </span>
                    ) : (
                      t('issues.none')
                    )}
                  </td>
                  <td className={td}>{t(`status.${a.status}`)}</td>
                </tr>
              ))}
            </Table>
          )}
          <Pagination page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(p) => set('page', String(p))} />
        </section>
      )}
    </div>
  );
}
