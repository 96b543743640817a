import { type CheckResult, catalogItemPath, type Finding, type FindingSummary, NODE_KIND_LABELS, SEGMENT_LABELS, SEVERITIES, ZONE_KIND_LABELS } from '@shared/network';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Button, Table, td } from '../../components/ui';
import { findingsByElement, SEVERITY_TONE, tr, worstOf } from './api';

/** Pieces shared by the network pages: summary badges, the findings table, the node list. */

export function SummaryBadges({ summary }: { summary: FindingSummary }) {
  const { t } = useTranslation('network');
  if (summary.total === 0) return <span>{t('summary.none')}</span>;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {SEVERITIES.filter((s) => summary[s] > 0).map((s) => (
        <Badge key={s} tone={SEVERITY_TONE[s]}>
          {t(`severity.${s}`)} {summary[s]}
        </Badge>
      ))}
    </span>
  );
}

export function CatalogLinks({ ids, edition }: { ids: string[]; edition: string }) {
  return (
    <span className="inline-flex flex-wrap gap-x-2">
      {ids.map((id) => (
        <Link key={id} to={catalogItemPath(edition, id)}>
          {id}
        </Link>
      ))}
    </span>
  );
}

export function RuleLink({ id }: { id: string }) {
  return <Link to={`/network/rules#${id}`}>{id}</Link>;
}

/** One finding in full: message, remedy, rule, catalog items, provisional note, path. */
export function FindingCard({ f, edition }: { f: Finding; edition: string }) {
  const { t } = useTranslation('network');
  return (
    <li className="rounded-8 border border-solid-gray-420 p-3">
      <p className="flex flex-wrap items-center gap-2">
        <Badge tone={SEVERITY_TONE[f.severity]}>{t(`severity.${f.severity}`)}</Badge>
        <RuleLink id={f.ruleId} />
        {f.provisional && <Badge tone="gray">{t('findings.provisional')}</Badge>}
        {f.inferred && <Badge tone="blue">{t('findings.inferred')}</Badge>}
      </p>
      <p className="mt-1 text-std-16N-170">{tr(f.message)}</p>
      <p className="mt-1 text-dns-14N-130">
        <span className="font-bold">{t('findings.remedy')}: </span>
        {tr(f.remedy)}
      </p>
      {f.catalog.length > 0 && (
        <p className="mt-1 text-dns-14N-130">
          {t('findings.colCatalog')}: <CatalogLinks ids={f.catalog} edition={edition} />
        </p>
      )}
      {f.provisional && <p className="mt-1 text-dns-14N-130 text-solid-gray-700">{t('findings.provisionalNote')}</p>}
    </li>
  );
}

export function FindingsTable({ result, onSelect }: { result: CheckResult; onSelect?: (key: string) => void }) {
  const { t } = useTranslation('network');
  return (
    <Table caption={t('findings.caption')} head={[t('findings.colSeverity'), t('findings.colRule'), t('findings.colElement'), t('findings.colMessage'), t('findings.colCatalog'), t('findings.colWhere')]}>
      {result.findings.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: findings have no id; order is stable per result
        <tr key={i}>
          <td className={td}>
            <Badge tone={SEVERITY_TONE[f.severity]}>{t(`severity.${f.severity}`)}</Badge>
            {f.provisional && (
              <span className="ml-1">
                <Badge tone="gray">{t('findings.provisional')}</Badge>
              </span>
            )}
          </td>
          <td className={td}>
            <RuleLink id={f.ruleId} />
          </td>
          <td className={td}>
            {onSelect && f.element.type !== 'model' ? (
              <Button variant="ghost" className="!min-h-0 !px-0 !py-0" onClick={() => onSelect(`${f.element.type}:${f.element.id}`)} aria-label={`${t('findings.select')}: ${f.element.id}`}>
                {f.element.id}
              </Button>
            ) : (
              f.element.id
            )}
            {f.inferred && (
              <div>
                <Badge tone="blue">{t('findings.inferred')}</Badge>
              </div>
            )}
          </td>
          <td className={td}>
            {tr(f.message)}
            <div className="mt-1 text-dns-14N-130 text-solid-gray-700">
              {t('findings.remedy')}: {tr(f.remedy)}
            </div>
          </td>
          <td className={td}>
            <CatalogLinks ids={f.catalog} edition={result.edition} />
          </td>
          <td className={td}>{f.element.line !== undefined ? t('findings.line', { line: f.element.line, col: f.element.col ?? 1 }) : '—'}</td>
        </tr>
      ))}
    </Table>
  );
}

export function NodeList({ result }: { result: CheckResult }) {
  const { t } = useTranslation('network');
  const graph = result.graph;
  if (!graph) return null;
  const byEl = findingsByElement(result.findings);
  const zoneName = new Map(graph.zones.map((z) => [z.id, z.name]));
  const rows = [
    ...graph.zones.map((z) => ({ key: `zone:${z.id}`, id: z.id, name: z.name, kind: tr(ZONE_KIND_LABELS[z.kind]), zone: '—', segment: z.segment ? tr(SEGMENT_LABELS[z.segment]) : '—', inferred: false })),
    ...graph.nodes.map((n) => ({
      key: `node:${n.id}`,
      id: n.id,
      name: n.name,
      kind: tr(NODE_KIND_LABELS[n.kind]),
      zone: zoneName.get(n.zone) ?? n.zone,
      segment: n.segment ? tr(SEGMENT_LABELS[n.segment]) : '—',
      inferred: n.inferred,
    })),
  ];
  return (
    <Table caption={t('nodes.caption')} head={[t('nodes.colId'), t('nodes.colName'), t('nodes.colKind'), t('nodes.colZone'), t('nodes.colSegment'), t('nodes.colFindings')]}>
      {rows.map((r) => {
        const list = byEl.get(r.key);
        const worst = worstOf(list);
        return (
          <tr key={r.key}>
            <td className={td}>{r.id}</td>
            <td className={td}>{r.name}</td>
            <td className={td}>{r.kind}</td>
            <td className={td}>{r.zone}</td>
            <td className={td}>
              {r.segment}
              {r.inferred && (
                <span className="ml-1">
                  <Badge tone="blue">{t('diagram.inferred')}</Badge>
                </span>
              )}
            </td>
            <td className={td}>{worst ? <Badge tone={SEVERITY_TONE[worst]}>{`${t(`severity.${worst}`)} ${list?.length ?? 0}`}</Badge> : '—'}</td>
          </tr>
        );
      })}
    </Table>
  );
}
