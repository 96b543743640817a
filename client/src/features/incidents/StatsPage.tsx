import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card, ErrorAlert, Loading, PageHeader, Table, TextField, td } from '../../components/ui';
import { get } from '../../lib/api';

interface Stats { fiscalYear: number; total: number; byCategory: Row[]; byCause: Row[]; bySegment: Row[] }
interface Row { id: string; label: string; count: number }

function Chart({ rows, label }: { rows: Row[]; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void } | null = null;
    // echarts is loaded only when a chart is shown.
    import('echarts').then((echarts) => {
      if (disposed || !el.current) return;
      const c = echarts.init(el.current, undefined, { renderer: 'svg' });
      c.setOption({ aria: { enabled: true }, xAxis: { type: 'category', data: rows.map((r) => r.label) }, yAxis: { type: 'value', minInterval: 1 }, series: [{ type: 'bar', data: rows.map((r) => r.count) }] });
      chart = c;
    });
    return () => {
      disposed = true;
      chart?.dispose();
    };
  }, [rows]);
  return <div ref={el} role="img" aria-label={label} style={{ width: '100%', height: 280 }} />;
}

export function StatsPage() {
  const { t } = useTranslation('incidents');
  const [fy, setFy] = useState('');
  const s = useQuery({ queryKey: ['incidents', 'stats', fy], queryFn: () => get<Stats>(`/api/incidents/statistics${fy ? `?fiscalYear=${fy}` : ''}`) });
  const tables: Array<[string, keyof Stats]> = [
    [t('stats.byCategory'), 'byCategory'],
    [t('stats.byCause'), 'byCause'],
    [t('stats.bySegment'), 'bySegment'],
  ];
  return (
    <div>
      <PageHeader title={t('stats.title')} description={t('stats.description')} actions={<a href="/api/incidents/export">{t('stats.export')}</a>} />
      <TextField label={t('stats.fiscalYear')} type="number" value={fy || String(s.data?.fiscalYear ?? '')} onChange={(e) => setFy(e.target.value)} />
      {s.error && <ErrorAlert error={s.error} />}
      {!s.data ? (
        <Loading />
      ) : (
        <>
          <p className="my-4">
            {t('stats.total')}：{s.data.total}
          </p>
          <Card title={t('stats.chart')} className="mb-6">
            <Chart rows={s.data.byCategory} label={t('stats.chart')} />
          </Card>
          {tables.map(([title, key]) => (
            <Table key={key} caption={title} head={[title, t('stats.total')]}>
              {(s.data[key] as Row[]).map((r) => (
                <tr key={r.id}>
                  <td className={td}>{r.label}</td>
                  <td className={td}>{r.count}</td>
                </tr>
              ))}
            </Table>
          ))}
        </>
      )}
    </div>
  );
}
