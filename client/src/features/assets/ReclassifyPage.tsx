import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Button, Card, ErrorAlert, Loading, PageHeader, Pagination, Table, TextArea, td } from '../../components/ui';
import { ApiError, get, post, qs } from '../../lib/api';
import { pick } from '../../lib/i18n';
import type { Flags } from './api';
import { LevelBadge } from './parts';

interface Item {
  id: string;
  code: string;
  name: string;
  schemeEdition: string;
  flags: Flags;
  from: { confidentiality: string | null; integrity: string | null; availability: string | null };
  candidates: string[];
  proposed: { confidentiality: string | null; integrity: string | null; availability: string | null };
  basis: { ja: string; en: string };
}

interface List {
  targetEdition: string;
  total: number;
  page: number;
  pageSize: number;
  items: Item[];
}

/** Assets still in the older scheme: proposals, a choice per asset, one reason, applied all at once. */
export function ReclassifyPage() {
  const { t } = useTranslation('assets');
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const list = useQuery({ queryKey: ['assets', 'reclassification', page], queryFn: () => get<List>(`/api/assets/reclassification${qs({ page })}`) });
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const chosen = (it: Item) => choice[it.id] ?? it.proposed.confidentiality ?? '';
  const apply = useMutation({
    mutationFn: () => {
      const items = (list.data?.items ?? []).filter((it) => chosen(it)).map((it) => ({ assetId: it.id, confidentiality: chosen(it) }));
      return post<{ reclassified: number }>('/api/assets/reclassification', { reason, items });
    },
    onSuccess: () => {
      setChoice({});
      setReason('');
      qc.invalidateQueries({ queryKey: ['assets'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply.mutate();
  };
  const err = apply.error instanceof ApiError ? apply.error : null;
  return (
    <div className="flex flex-col gap-6">
      <p>
        <Link to="/assets">{t('detail.back')}</Link>
      </p>
      <PageHeader title={t('reclassifyPage.title')} description={t('reclassifyPage.description')} />
      {list.error && <ErrorAlert error={list.error} />}
      {list.isLoading && <Loading />}
      {apply.isSuccess && <Alert tone="success" title={t('reclassifyPage.applied', { n: apply.data.reclassified })} />}
      {list.data &&
        (list.data.total === 0 ? (
          <p className="text-std-16N-170">{t('reclassifyPage.none')}</p>
        ) : (
          <Card title={t('reclassifyPage.target', { edition: list.data.targetEdition })}>
            <form className="flex flex-col gap-4" onSubmit={submit}>
              <Table caption={t('reclassifyPage.title')} head={[t('col.code'), t('col.name'), t('reclassifyPage.from'), t('reclassifyPage.candidates'), t('reclassifyPage.basis'), t('reclassifyPage.choose')]}>
                {list.data.items.map((it) => (
                  <tr key={it.id}>
                    <td className={td}>
                      <Link to={`/assets/${it.id}`}>{it.code}</Link>
                    </td>
                    <td className={td}>{it.name}</td>
                    <td className={`${td} whitespace-nowrap`}>
                      <LevelBadge level={it.from.confidentiality} /> ({it.schemeEdition})
                    </td>
                    <td className={td}>{it.candidates.join('・')}</td>
                    <td className={td}>{pick(it.basis)}</td>
                    <td className={td}>
                      <label className="sr-only" htmlFor={`re-${it.id}`}>
                        {t('reclassifyPage.choose')} {it.code}
                      </label>
                      <select id={`re-${it.id}`} value={chosen(it)} onChange={(e) => setChoice((c) => ({ ...c, [it.id]: e.target.value }))} className="min-h-11 rounded-8 border border-solid-gray-600 bg-white px-2">
                        <option value="">{t('reclassifyPage.skip')}</option>
                        {['3A', '3B', '3C', '2', '1'].map((l) => (
                          <option key={l} value={l}>
                            {l}
                            {l === it.proposed.confidentiality ? ` — ${t('reclassifyPage.proposal')}` : ''}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </Table>
              <Pagination page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} />
              <TextArea label={t('reclassifyPage.reason')} required rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={err?.fieldText('reason')} />
              {apply.error && <ErrorAlert error={apply.error} />}
              <div>
                <Button type="submit" disabled={apply.isPending || !reason.trim() || !list.data.items.some((it) => chosen(it))}>
                  {t('reclassifyPage.apply')}
                </Button>
              </div>
            </form>
          </Card>
        ))}
    </div>
  );
}
