import type { CrosswalkLink, MappingFramework } from '@shared/catalog';
import { ROLES } from '@shared/permissions';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Badge, Card, ErrorAlert, Loading, PageHeader, Table, td } from '../../components/ui';
import { pick } from '../../lib/i18n';
import { nodePath, useNode } from './api';
import { ConfidenceBadge, ObligationBadge } from './parts';

/** One catalog entry: summary, tags, roles, crosswalks both ways, audit items, history and provenance. */
export function NodePage() {
  const { t, i18n } = useTranslation('catalog');
  const { editionId = '', nodeId = '' } = useParams();
  const q = useNode(editionId, nodeId);
  const en = i18n.language === 'en';
  if (q.isLoading) return <Loading />;
  if (q.error || !q.data)
    return (
      <div className="flex flex-col gap-4">
        <ErrorAlert error={q.error} />
        <Link to="/catalog">{t('node.back')}</Link>
      </div>
    );
  const { node, ancestors, children, crosswalks, auditItems, history, extendedBy, extendsNodes, edition } = q.data;
  const roleLabel = (id: string) => {
    const r = ROLES.find((x) => x.id === id);
    return r ? (en ? r.en : r.ja) : id;
  };
  const byFramework = (fw: MappingFramework) => crosswalks.filter((c) => c.framework === fw);
  const list = (values: string[], key: string, empty: string) => (values.length ? values.map((v) => t(`${key}.${v}`)).join('、') : empty);

  return (
    <div className="flex flex-col gap-6">
      <nav aria-label={t('title')}>
        <ol className="flex flex-wrap gap-2 text-dns-16N-130">
          <li>
            <Link to={`/catalog?edition=${encodeURIComponent(edition.id)}`}>{t('title')}</Link>
          </li>
          {ancestors.map((a) => (
            <li key={a.id}>
              <span aria-hidden="true" className="mr-2">
                ›
              </span>
              <Link to={nodePath(edition.id, a.id)}>
                {a.number} {a.title}
              </Link>
            </li>
          ))}
        </ol>
      </nav>
      <PageHeader
        title={
          <span>
            <span className="mr-3">{node.number}</span>
            <span lang="ja">{node.title}</span>
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span lang="en">{node.titleEn}</span>
            <Badge tone="gray">{t(`kind.${node.kind}`)}</Badge>
            <Badge tone="gray">
              {t('edition')}: {en ? edition.labelEn : edition.label}（{edition.id}）
            </Badge>
            <ObligationBadge obligation={node.obligation} />
            <ConfidenceBadge confidence={node.provenance.confidence} showVerified />
          </span>
        }
      />

      <Card title={t('node.summary')}>
        <p lang={en ? 'en' : 'ja'} className="text-std-16N-170">
          {en ? node.summary.en : node.summary.ja}
        </p>
        <p lang={en ? 'ja' : 'en'} className="mt-3 border-t border-solid-gray-200 pt-3 text-dns-16N-130 text-solid-gray-800">
          <span className="sr-only">{en ? 'Japanese: ' : '英語: '}</span>
          {en ? node.summary.ja : node.summary.en}
        </p>
        {node.annexANone && (
          <p className="mt-3 text-std-16N-170">
            <span className="font-bold">{t('node.annexANone')}: </span>
            {pick(node.annexANone)}
          </p>
        )}
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('node.tags')}>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-std-16N-170">
            <dt className="font-bold">{t('node.segments')}</dt>
            <dd>{list(node.tags.segments, 'segment', t('node.allSegments'))}</dd>
            <dt className="font-bold">{t('node.networkModels')}</dt>
            <dd>{list(node.tags.networkModels, 'networkModel', t('node.noneSpecific'))}</dd>
            <dt className="font-bold">{t('node.cloud')}</dt>
            <dd>{node.tags.cloud ? t('node.yes') : t('node.no')}</dd>
            <dt className="font-bold">{t('node.infoClasses')}</dt>
            <dd>{node.tags.infoClasses.length ? node.tags.infoClasses.join('、') : t('node.noneSpecific')}</dd>
            <dt className="font-bold">{t('node.orgSize')}</dt>
            <dd>{t(`orgSize.${node.tags.orgSize}`)}</dd>
            <dt className="font-bold">{t('node.obligation')}</dt>
            <dd>{node.obligation === 'recommended' ? t('recommended') : t('mandatory')}</dd>
          </dl>
        </Card>
        <Card title={t('node.roles')}>
          {node.roles.length ? (
            <ul className="list-disc pl-6 text-std-16N-170">
              {node.roles.map((r) => (
                <li key={r}>{roleLabel(r)}</li>
              ))}
            </ul>
          ) : (
            <p>{t('node.noRoles')}</p>
          )}
        </Card>
      </div>

      <Card title={t('node.crosswalks')}>
        {crosswalks.length === 0 ? (
          <p>{t('node.noCrosswalks')}</p>
        ) : (
          <Table caption={t('node.crosswalkCaption')} head={[t('node.framework'), t('node.control'), t('node.relation'), t('node.basis'), t('node.alsoMappedBy')]}>
            {(['annexA', 'cld', 'ordinance'] as MappingFramework[]).flatMap((fw) => byFramework(fw).map((c) => <CrosswalkRow key={`${fw}-${c.target}`} c={c} edition={edition.id} />))}
          </Table>
        )}
      </Card>

      <Card title={t('node.auditItems')}>
        {auditItems.length === 0 ? (
          <p>{t('node.noAuditItems')}</p>
        ) : (
          <ul className="flex flex-col gap-4">
            {auditItems.map((a) => (
              <li key={a.id} className="rounded-8 border border-solid-gray-420 p-4">
                <h3 className="flex flex-wrap items-center gap-2 text-std-18B-160">
                  <span>{a.id}</span>
                  <span>{a.title}</span>
                  {a.mandatory === true && <Badge tone="red">{t('mandatory')}</Badge>}
                  {a.mandatory === null && <Badge tone="gray">{t('node.auditMandatoryUnknown')}</Badge>}
                  {a.numbering === 'shirube' && <Badge tone="gray">{t('node.numberingShirube')}</Badge>}
                  <ConfidenceBadge confidence={a.provenance.confidence} />
                </h3>
                <p className="text-dns-14N-130 text-solid-gray-700">{a.heading}</p>
                <dl className="mt-2 grid gap-x-4 gap-y-1 text-std-16N-170 md:grid-cols-[auto_1fr]">
                  <dt className="font-bold">{t('node.expectation')}</dt>
                  <dd>{pick(a.expectation)}</dd>
                  <dt className="font-bold">{t('node.evidence')}</dt>
                  <dd>{a.evidenceExamples.map((e) => pick(e)).join('、')}</dd>
                  <dt className="font-bold">{t('node.howToAudit')}</dt>
                  <dd>{pick(a.howToAudit)}</dd>
                  <dt className="font-bold">{t('node.exampleRefs')}</dt>
                  <dd>{a.exampleRefs}</dd>
                  <dt className="font-bold">{t('node.jis')}</dt>
                  <dd>{a.jisQ27002.join('、') || '—'}</dd>
                  {a.provenance.note && (
                    <>
                      <dt className="font-bold">{t('node.note')}</dt>
                      <dd>{a.provenance.note}</dd>
                    </>
                  )}
                </dl>
              </li>
            ))}
          </ul>
        )}
      </Card>

      {(extendsNodes.length > 0 || extendedBy.length > 0 || children.length > 0) && (
        <div className="grid gap-6 lg:grid-cols-3">
          {extendsNodes.length > 0 && <LinkList title={t('node.extends')} edition={edition.id} items={extendsNodes} />}
          {extendedBy.length > 0 && <LinkList title={t('node.extendedBy')} edition={edition.id} items={extendedBy} />}
          {children.length > 0 && <LinkList title={t('node.children')} edition={edition.id} items={children} />}
        </div>
      )}

      <Card title={t('node.history')}>
        <Table caption={t('node.historyCaption')} head={[t('edition'), t('node.status'), t('node.changedFields'), '']}>
          {history.map((h) => (
            <tr key={h.edition}>
              <th scope="row" className={`${td} text-left font-bold`}>
                {h.label}（{h.edition}）
              </th>
              <td className={td}>
                {t(`historyStatus.${h.status}`)}
                {h.number && h.number !== node.number && <span className="ml-2 text-solid-gray-700">{h.number}</span>}
              </td>
              <td className={`${td} font-mono text-dns-14N-130`}>{h.changedFields.join(', ')}</td>
              <td className={td}>
                {h.present ? (
                  h.edition === edition.id ? (
                    <span aria-current="page">{h.edition}</span>
                  ) : (
                    <Link to={nodePath(h.edition, node.id)}>{t('node.openInEdition', { edition: h.edition })}</Link>
                  )
                ) : (
                  <span className="text-solid-gray-700">{t('node.notInEdition', { edition: h.edition })}</span>
                )}
              </td>
            </tr>
          ))}
        </Table>
      </Card>

      <Card title={t('node.provenance')}>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-std-16N-170">
          <dt className="font-bold">{t('node.confidence')}</dt>
          <dd>
            <ConfidenceBadge confidence={node.provenance.confidence} showVerified />
          </dd>
          {node.provenance.source && (
            <>
              <dt className="font-bold">{t('node.source')}</dt>
              <dd>{node.provenance.source}</dd>
            </>
          )}
          {node.provenance.note && (
            <>
              <dt className="font-bold">{t('node.note')}</dt>
              <dd>{node.provenance.note}</dd>
            </>
          )}
          {node.provenance.since && (
            <>
              <dt className="font-bold">{t('node.since')}</dt>
              <dd>{node.provenance.since}</dd>
            </>
          )}
        </dl>
      </Card>
    </div>
  );
}

function CrosswalkRow({ c, edition }: { c: CrosswalkLink; edition: string }) {
  const { t, i18n } = useTranslation('catalog');
  return (
    <tr>
      <td className={td}>{t(`framework.${c.framework}`)}</td>
      <td className={td}>
        <span className="font-bold">{c.target}</span> {i18n.language === 'en' ? c.control.title : (c.control.titleJa ?? c.control.title)}
      </td>
      <td className={`${td} whitespace-nowrap`}>{t(`relation.${c.relation}`)}</td>
      <td className={`${td} whitespace-nowrap`}>{t(`basis.${c.basis ?? 'shirube'}`)}</td>
      <td className={td}>
        {c.alsoMappedBy.length === 0
          ? '—'
          : c.alsoMappedBy.slice(0, 12).map((n, i) => (
              <span key={n.id}>
                {i > 0 && '、'}
                <Link to={nodePath(edition, n.id)} title={n.title}>
                  {n.number}
                </Link>
              </span>
            ))}
        {c.alsoMappedBy.length > 12 && ` …(+${c.alsoMappedBy.length - 12})`}
      </td>
    </tr>
  );
}

function LinkList({ title, edition, items }: { title: string; edition: string; items: Array<{ id: string; number: string; title: string }> }) {
  return (
    <Card title={title}>
      <ul className="flex flex-col gap-1">
        {items.map((n) => (
          <li key={n.id}>
            <Link to={nodePath(edition, n.id)}>
              {n.number} {n.title}
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}
