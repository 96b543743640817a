import type { CompareRow, DiffSegment } from '@shared/documents';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Button, Card, ErrorAlert, Loading, PageHeader, ScrollArea, SelectField } from '../../components/ui';
import { qs } from '../../lib/api';
import { useCompare, usePolicy, useVersion, versionPath } from './api';

/** Changed words underlined, as the 新旧対照表 marks them (傍線). */
export function Segments({ segments, empty }: { segments: DiffSegment[]; empty: string }) {
  if (segments.length === 0) return <span>{empty}</span>;
  return (
    <>
      {segments.map((s, i) =>
        s.changed ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments have no identity of their own
          <u key={i} className="decoration-2 underline-offset-4">
            {s.text}
          </u>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments have no identity of their own
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

/** The standard two-column layout: 改正後 on the left, 改正前 on the right. */
export function CompareTable({ rows, caption }: { rows: CompareRow[]; caption: string }) {
  const { t } = useTranslation('documents');
  let lastDoc = '';
  return (
    <ScrollArea label={caption} className="rounded-8 border border-solid-gray-420 bg-white">
      <table className="w-full table-fixed border-collapse text-dns-16N-130">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-solid-gray-100">
          <tr>
            <th scope="col" className="w-1/2 border border-solid-gray-600 px-3 py-2">
              {t('compare.after')}
            </th>
            <th scope="col" className="w-1/2 border border-solid-gray-600 px-3 py-2">
              {t('compare.before')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.flatMap((r) => {
            const out = [];
            if (r.documentTitle !== lastDoc) {
              lastDoc = r.documentTitle;
              out.push(
                <tr key={`doc-${r.documentTemplate}-${r.key}`}>
                  <th scope="colgroup" colSpan={2} className="border border-solid-gray-600 bg-solid-gray-50 px-3 py-2 text-left">
                    {r.documentTitle}
                  </th>
                </tr>,
              );
            }
            out.push(
              <tr key={`${r.documentTemplate}-${r.key}`}>
                <td className="whitespace-pre-wrap border border-solid-gray-600 px-3 py-2 align-top">
                  <Segments segments={r.afterSegments} empty={t('compare.removed')} />
                </td>
                <td className="whitespace-pre-wrap border border-solid-gray-600 px-3 py-2 align-top">
                  <Segments segments={r.beforeSegments} empty={t('compare.added')} />
                </td>
              </tr>,
            );
            return out;
          })}
        </tbody>
      </table>
    </ScrollArea>
  );
}

export function ComparePage() {
  const { t } = useTranslation('documents');
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const toVersion = useVersion(to);
  const policy = usePolicy(toVersion.data?.policy.id);
  const cmp = useCompare(from, to);
  const [draft, setDraft] = useState<{ from?: string; to?: string }>({});
  const versions = policy.data?.versions ?? [];
  const options = versions.map((v) => ({ value: v.id, label: `第${v.versionNo}版（${t(`state.${v.state}`)}）` }));
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={cmp.data ? `${cmp.data.policyTitle} ${t('compare.title')}` : t('compare.title')}
        description={t('compare.description')}
        actions={
          from && to ? (
            <div className="flex flex-wrap gap-2">
              <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 px-3 text-key-900" href={`/api/policy/compare${qs({ from, to, format: 'docx' })}`}>
                {t('compare.download')}
              </a>
              <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 px-3 text-key-900" href={`/api/policy/compare${qs({ from, to, format: 'html' })}`}>
                {t('compare.downloadHtml')}
              </a>
            </div>
          ) : undefined
        }
      />
      {options.length > 0 && (
        <Card>
          <form
            className="grid items-end gap-4 md:grid-cols-[1fr_1fr_auto]"
            onSubmit={(e) => {
              e.preventDefault();
              setParams({ from: draft.from ?? from ?? '', to: draft.to ?? to ?? '' });
            }}
          >
            <SelectField label={t('compare.from')} value={draft.from ?? from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value })} options={options} />
            <SelectField label={t('compare.to')} value={draft.to ?? to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value })} options={options} />
            <Button type="submit">{t('compare.show')}</Button>
          </form>
        </Card>
      )}
      {cmp.error && <ErrorAlert error={cmp.error} />}
      {cmp.isLoading && <Loading />}
      {cmp.data && (
        <>
          <p className="text-std-16N-170" role="status">
            {t('compare.counts', cmp.data.counts)}
          </p>
          {cmp.data.rows.length === 0 ? <p>{t('compare.none')}</p> : <CompareTable rows={cmp.data.rows} caption={`${cmp.data.policyTitle} ${t('compare.title')}`} />}
          <p>
            <Link to={versionPath(cmp.data.to.id)}>{t('compare.back')}</Link>
          </p>
        </>
      )}
    </div>
  );
}
