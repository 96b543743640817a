import type { CoverageStatus } from '@shared/documents';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Badge, Card, ErrorAlert, Loading, PageHeader, SelectField, Table, td } from '../../components/ui';
import { useCoverage, versionPath } from './api';

export function CoveragePage() {
  const { versionId } = useParams();
  const { t } = useTranslation('documents');
  const cov = useCoverage(versionId);
  const [filter, setFilter] = useState<CoverageStatus | ''>('');
  const tone = (s: CoverageStatus) => (s === 'covered' ? 'green' : s === 'omitted' ? 'yellow' : 'red');
  const articleLink = (key: string) => `${versionPath(versionId ?? '')}?doc=${key.startsWith('BP-') ? 'basicPolicy' : 'standards'}&a=${key}`;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('coverage.title')} description={t('coverage.description')} actions={versionId ? <Link to={versionPath(versionId)}>{t('compare.back')}</Link> : undefined} />
      {cov.error && <ErrorAlert error={cov.error} />}
      {cov.isLoading && <Loading />}
      {cov.data && (
        <>
          <Card>
            <dl className="grid grid-cols-2 gap-4 md:grid-cols-4">
              {(['covered', 'omitted', 'missing', 'beyond'] as const).map((k) => (
                <div key={k}>
                  <dt className="text-dns-14N-130 text-solid-gray-700">{k === 'beyond' ? t('coverage.custom') : t(`coverage.${k}`)}</dt>
                  <dd className="text-std-32B-150">{cov.data.counts[k]}</dd>
                </div>
              ))}
            </dl>
          </Card>
          <div className="max-w-xs">
            <SelectField
              label={t('coverage.filter')}
              value={filter}
              onChange={(e) => setFilter(e.target.value as CoverageStatus | '')}
              options={[{ value: '', label: t('coverage.all') }, ...(['covered', 'omitted', 'missing'] as const).map((s) => ({ value: s, label: t(`coverage.${s}`) }))]}
            />
          </div>
          <Table caption={t('coverage.title')} head={[t('coverage.item'), t('coverage.status'), t('coverage.reason'), t('coverage.procedures')]}>
            {cov.data.rows
              .filter((r) => !filter || r.status === filter)
              .map((r) => (
                <tr key={r.id}>
                  <th scope="row" className={`${td} text-left font-normal`}>
                    <Link to={articleLink(r.id)}>
                      {r.number} {r.title}
                    </Link>
                    {r.confidence === 'provisional' && (
                      <span className="ml-2">
                        <Badge tone="yellow">{t('editor.provisional')}</Badge>
                      </span>
                    )}
                  </th>
                  <td className={td}>
                    <Badge tone={tone(r.status)}>{t(`coverage.${r.status}`)}</Badge>
                  </td>
                  <td className={td}>{r.omitReason ?? ''}</td>
                  <td className={td}>{r.procedures.map((p) => `${p.documentTitle} ${p.label} ${p.heading}`).join('、')}</td>
                </tr>
              ))}
          </Table>
          <Card title={t('coverage.beyond')}>
            {cov.data.beyond.length === 0 ? (
              <p>—</p>
            ) : (
              <ul className="list-disc pl-6">
                {cov.data.beyond.map((b) => (
                  <li key={b.articleId}>
                    {b.documentTitle} {b.label} {b.heading}（{b.reason === 'custom' ? t('coverage.custom') : t('coverage.notInEdition')}）
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </>
      )}
    </div>
  );
}
