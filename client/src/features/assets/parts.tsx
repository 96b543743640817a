import { ASSET_SEGMENTS, named } from '@shared/assets';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Card, ErrorAlert, Loading, Table, td } from '../../components/ui';
import type { Severity, Summary } from './api';
import { useSummary } from './api';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/** Colours per confidentiality level, strict to loose (Digital Agency palette, readable on white). */
const LEVEL_COLOURS: Record<string, string> = {
  '3A': '#7f0019',
  '3B': '#c8000b',
  '3C': '#e25100',
  '3': '#a32300',
  '2': '#0031d8',
  '1': '#00804f',
  none: '#999999',
};

export function levelTone(level: string | null): 'red' | 'yellow' | 'blue' | 'green' | 'gray' {
  if (!level) return 'gray';
  if (level.startsWith('3')) return level === '3C' ? 'yellow' : 'red';
  return level === '2' ? 'blue' : 'green';
}

export function LevelBadge({ level }: { level: string | null }) {
  const { t } = useTranslation('assets');
  return <Badge tone={levelTone(level)}>{level ?? t('filters.unclassified')}</Badge>;
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation('assets');
  return <Badge tone={severity === 'high' ? 'red' : severity === 'medium' ? 'yellow' : 'gray'}>{t(`severity.${severity}`)}</Badge>;
}

const LEVEL_ORDER = ['3A', '3B', '3C', '3', '2', '1', 'none'];

/**
 * Counts by segment, stacked by confidentiality level: an ECharts bar chart (tree-shaken core,
 * canvas, no animation) with the same figures as a table for screen readers and print.
 */
export function AssetsChart({ summary, height = 280 }: { summary: Summary; height?: number }) {
  const { t, i18n } = useTranslation('assets');
  const ref = useRef<HTMLDivElement>(null);
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const model = useMemo(() => {
    const segments = summary.bySegment.filter((s) => s.count > 0 || s.segment !== 'none').map((s) => s.segment);
    const levels = LEVEL_ORDER.filter((l) => summary.byConfidentiality.some((c) => c.level === l && (c.count > 0 || l !== '3')));
    const count = (segment: string, level: string) => summary.matrix.find((m) => m.segment === segment && m.level === level)?.count ?? 0;
    const segLabel = (s: string) => (s === 'none' ? t('chart.none') : named(ASSET_SEGMENTS, s, lang));
    const levelLabel = (l: string) => (l === 'none' ? t('filters.unclassified') : l);
    return { segments, levels, count, segLabel, levelLabel };
  }, [summary, t, lang]);
  const { segments, levels, count, segLabel, levelLabel } = model;

  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: model.segments.map(model.segLabel), inverse: true, axisLabel: { fontSize: 13 } },
      series: model.levels.map((l) => ({
        name: model.levelLabel(l),
        type: 'bar',
        stack: 'total',
        itemStyle: { color: LEVEL_COLOURS[l] },
        data: model.segments.map((s) => model.count(s, l)),
      })),
    });
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      chart.dispose();
    };
  }, [model]);

  const parts = levels.map((l) => `${levelLabel(l)}: ${summary.byConfidentiality.find((c) => c.level === l)?.count ?? 0}`).join(', ');
  return (
    <div className="flex flex-col gap-3">
      <div ref={ref} role="img" aria-label={`${t('chart.matrix')}. ${t('chart.summary', { total: summary.total, parts })}`} style={{ width: '100%', height }} />
      <details>
        <summary className="cursor-pointer text-dns-14N-130 text-key-900">{t('chart.tableCaption')}</summary>
        <Table caption={t('chart.tableCaption')} head={[t('col.segment'), ...levels.map(levelLabel)]}>
          {segments.map((s) => (
            <tr key={s}>
              <th scope="row" className={`${td} text-left font-normal`}>
                {segLabel(s)}
              </th>
              {levels.map((l) => (
                <td key={l} className={`${td} text-right`}>
                  {count(s, l).toLocaleString()}
                </td>
              ))}
            </tr>
          ))}
        </Table>
      </details>
    </div>
  );
}

function Figure({ label, value, to }: { label: string; value: number; to?: string }) {
  return (
    <div className="flex flex-col">
      <dt className="text-dns-14N-130 text-solid-gray-700">{label}</dt>
      <dd className="text-std-28B-150 text-solid-gray-900">{to ? <Link to={to}>{value.toLocaleString()}</Link> : value.toLocaleString()}</dd>
    </div>
  );
}

export function SummaryFigures({ summary }: { summary: Summary }) {
  const { t } = useTranslation('assets');
  return (
    <dl className="grid grid-cols-3 gap-4">
      <Figure label={t('chart.total')} value={summary.total} to="/assets" />
      <Figure label={t('chart.unclassified')} value={summary.unclassified} to="/assets?confidentiality=none" />
      <Figure label={t('chart.olderScheme')} value={summary.olderScheme} to="/assets/reclassify" />
    </dl>
  );
}

/** Dashboard card: real counts of the register, by class and segment. */
export function AssetsDashboardCard() {
  const { t } = useTranslation('assets');
  const summary = useSummary();
  return (
    <Card title={t('dashboard.title')}>
      {summary.error && <ErrorAlert error={summary.error} />}
      {summary.isLoading && <Loading />}
      {summary.data && (
        <div className="flex flex-col gap-4">
          <SummaryFigures summary={summary.data} />
          {summary.data.total > 0 && <AssetsChart summary={summary.data} height={220} />}
          <Link to="/assets">{t('dashboard.open')}</Link>
        </div>
      )}
    </Card>
  );
}
