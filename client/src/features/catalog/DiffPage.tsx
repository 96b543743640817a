import type { EditionDiffEntry } from '@shared/catalog';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Alert, Badge, Button, Card, ErrorAlert, Loading, PageHeader, Table, td } from '../../components/ui';
import { nodePath, useDiff, useEditions } from './api';
import { EditionSelect, showValue } from './parts';

/** Two editions side by side: what was added, removed and changed, field by field. */
export function DiffPage() {
  const { t } = useTranslation('catalog');
  const editions = useEditions();
  const [params, setParams] = useSearchParams();
  const list = editions.data?.editions ?? [];
  const defaultTo = editions.data?.current;
  const defaultFrom = list.length > 1 ? list[Math.max(0, list.findIndex((e) => e.id === defaultTo) - 1)]?.id : undefined;
  const from = params.get('from') ?? defaultFrom;
  const to = params.get('to') ?? defaultTo;
  const [draft, setDraft] = useState<{ from?: string; to?: string }>({});
  const diff = useDiff(from, to);

  const section = (change: EditionDiffEntry['change'], title: string) => {
    const entries = diff.data?.entries.filter((e) => e.change === change) ?? [];
    return (
      <Card title={`${title}（${entries.length}）`}>
        {entries.length === 0 ? (
          <p>{t('diff.none')}</p>
        ) : (
          <ul className="flex flex-col gap-4">
            {entries.map((e) => (
              <li key={e.id} className="rounded-8 border border-solid-gray-420 p-3">
                <h3 className="flex flex-wrap items-center gap-2 text-std-18B-160">
                  {e.kind !== 'node' && <Badge tone="gray">{e.kind === 'auditItem' ? t('kind.auditItem') : t('node.infoClasses')}</Badge>}
                  {e.kind === 'node' && change !== 'removed' && to ? (
                    <Link to={nodePath(to, e.id)}>
                      {e.number} {e.title}
                    </Link>
                  ) : e.kind === 'node' && from ? (
                    <Link to={nodePath(from, e.id)}>
                      {e.number} {e.title}
                    </Link>
                  ) : (
                    <span>
                      {e.number} {e.title}
                    </span>
                  )}
                  <span className="font-mono text-dns-14N-130 text-solid-gray-700">{e.id}</span>
                </h3>
                {change === 'changed' && (
                  <div className="mt-2">
                    <Table caption={`${e.id} ${e.title ?? ''}`} head={[t('diff.field'), t('diff.before'), t('diff.after')]}>
                      {e.fields.map((f) => (
                        <tr key={f.field}>
                          <th scope="row" className={`${td} text-left font-mono text-dns-14N-130`}>
                            {f.field}
                          </th>
                          <td className={`${td} bg-red-50`}>{showValue(f.before, t('diff.empty'))}</td>
                          <td className={`${td} bg-green-50`}>{showValue(f.after, t('diff.empty'))}</td>
                        </tr>
                      ))}
                    </Table>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    );
  };

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('diff.title')} description={t('diff.description')} />
      <Card>
        <form
          className="grid items-end gap-4 md:grid-cols-[1fr_1fr_auto]"
          onSubmit={(e) => {
            e.preventDefault();
            setParams({ from: draft.from ?? from ?? '', to: draft.to ?? to ?? '' });
          }}
        >
          <EditionSelect label={t('diff.from')} value={draft.from ?? from} editions={list} onChange={(id) => setDraft({ ...draft, from: id })} />
          <EditionSelect label={t('diff.to')} value={draft.to ?? to} editions={list} onChange={(id) => setDraft({ ...draft, to: id })} />
          <Button type="submit">{t('diff.submit')}</Button>
        </form>
      </Card>
      {diff.error && <ErrorAlert error={diff.error} />}
      {diff.isLoading && <Loading />}
      {diff.data && (
        <>
          <p role="status" className="text-std-18B-160">
            {diff.data.from.label}（{diff.data.from.id}）→ {diff.data.to.label}（{diff.data.to.id}）: {t('diff.counts', diff.data.counts)}
          </p>
          {diff.data.from.id === diff.data.to.id && <Alert tone="info">{t('diff.same')}</Alert>}
          {section('added', t('diff.added'))}
          {section('removed', t('diff.removed'))}
          {section('changed', t('diff.changed'))}
        </>
      )}
    </div>
  );
}
