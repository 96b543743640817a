import { useQuery } from '@tanstack/react-query';
import { STATES } from '@shared/disposal';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { Badge, Button, Checkbox, ErrorAlert, Loading, PageHeader, Pagination, SelectField, Table, TextField, td } from '../../components/ui';
import { get, qs } from '../../lib/api';
import { type DisposalItem, type Page, dateText, mediaText, stateText, stateTone } from './api';

export function DisposalTable({ items, caption }: { items: DisposalItem[]; caption: string }) {
  const { t, i18n } = useTranslation('disposal');
  return (
    <Table caption={caption} head={[t('col.code'), t('col.kind'), t('col.serial'), t('col.section'), t('col.class'), t('col.method'), t('col.state'), t('col.due'), t('col.lease')]}>
      {items.map((d) => (
        <tr key={d.id}>
          <td className={`${td} whitespace-nowrap`}>
            <Link to={`/disposals/${d.id}`}>{d.code}</Link>
            {d.project && <div className="text-dns-14N-130 text-solid-gray-700">{d.project.code}</div>}
          </td>
          <td className={td}>{mediaText(d)}</td>
          <td className={td}>{d.serialNumber ?? d.service?.name ?? '—'}</td>
          <td className={td}>{d.section?.name ?? '—'}</td>
          <td className={td}>
            {d.confidentiality}
            {d.myNumberResident && (
              <span className="ml-1">
                <Badge tone="red">{i18n.language === 'en' ? 'My Number' : 'マイナンバー'}</Badge>
              </span>
            )}
          </td>
          <td className={td}>{d.methodLabel ? (i18n.language === 'en' ? d.methodLabel.en : d.methodLabel.ja) : '—'}</td>
          <td className={`${td} whitespace-nowrap`}>
            <Badge tone={stateTone(d.state)}>{stateText(d.state, d.target)}</Badge>
          </td>
          <td className={`${td} whitespace-nowrap`}>
            {d.certificateOverdue ? <Badge tone="red">{dateText(d.certificateDueOn, i18n.language)}</Badge> : dateText(d.certificateDueOn, i18n.language)}
          </td>
          <td className={`${td} whitespace-nowrap`}>{d.leaseEndingSoon ? <Badge tone="yellow">{dateText(d.leaseEnd, i18n.language)}</Badge> : dateText(d.leaseEnd, i18n.language)}</td>
        </tr>
      ))}
    </Table>
  );
}

export function RegisterPage() {
  const { t } = useTranslation('disposal');
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const filters = {
    q: params.get('q') ?? '',
    state: params.get('state') ?? '',
    open: params.get('open') ?? '',
    overdue: params.get('overdue') ?? '',
    toPlan: params.get('toPlan') ?? '',
  };
  const page = Number(params.get('page') ?? '1');
  const list = useQuery({
    queryKey: ['disposals', filters, page],
    queryFn: () => get<Page<DisposalItem>>(`/api/disposals${qs({ ...filters, page })}`),
  });
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
  const exportUrl = `/api/disposals/export.xlsx${qs(filters)}`;
  return (
    <div>
      <PageHeader
        title={t('register.title')}
        description={t('register.description')}
        actions={
          <>
            {can('disposal.write') && (
              <Link to="/disposals/new" className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 bg-key-900 px-4 py-2 text-oln-16B-100 text-white no-underline">
                {t('register.new')}
              </Link>
            )}
            <Link to="/disposal-projects" className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 bg-white px-4 py-2 text-oln-16B-100 text-key-900 no-underline">
              {t('register.projects')}
            </Link>
            <a href={exportUrl} className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 bg-white px-4 py-2 text-oln-16B-100 text-key-900 no-underline" download>
              {t('register.export')}
            </a>
          </>
        }
      />
      <form onSubmit={submit} className="mb-4 flex flex-wrap items-end gap-4" aria-label={t('register.filter')}>
        <div className="min-w-72 flex-1">
          <TextField label={t('register.q')} value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <SelectField
          label={t('register.state')}
          value={filters.state}
          onChange={(e) => set('state', e.target.value)}
          options={[{ value: '', label: t('register.allStates') }, ...STATES.map((s) => ({ value: s, label: stateText(s, 'device') }))]}
        />
        <Button type="submit" variant="secondary">
          {t('register.filter')}
        </Button>
      </form>
      <div className="mb-4 flex flex-wrap gap-6">
        <Checkbox label={t('register.openOnly')} checked={filters.open === 'true'} onChange={(e) => set('open', e.target.checked ? 'true' : '')} />
        <Checkbox label={t('register.overdue')} checked={filters.overdue === 'true'} onChange={(e) => set('overdue', e.target.checked ? 'true' : '')} />
        <Checkbox label={t('register.toPlan')} checked={filters.toPlan === 'true'} onChange={(e) => set('toPlan', e.target.checked ? 'true' : '')} />
      </div>
      {list.error && <ErrorAlert error={list.error} />}
      {list.isLoading && <Loading />}
      {list.data && list.data.items.length === 0 && <p className="text-std-16N-170">{t('register.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <>
          <DisposalTable items={list.data.items} caption={t('register.caption')} />
          <Pagination page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(p) => set('page', String(p))} />
        </>
      )}
    </div>
  );
}
