import { ASSET_FLAGS, ASSET_HOSTINGS, ASSET_KINDS, ASSET_SEGMENTS, named } from '@shared/assets';
import type { Axis } from '@shared/catalog';
import { formatJapanDateTime } from '@shared/era';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../app/session';
import { Alert, Badge, Button, Card, ErrorAlert, Loading, PageHeader, SelectField, Table, TextArea, td } from '../../components/ui';
import { ApiError, get, patch, post, put } from '../../lib/api';
import { pick } from '../../lib/i18n';
import { type Asset, type Finding, type Handling, type HistoryEntry, useAllSections, useScheme } from './api';
import { AssetForm, bodyOf, valuesOf } from './AssetForm';
import { LevelBadge, SeverityBadge } from './parts';

const AXES: Axis[] = ['c', 'i', 'a'];
const FIELD: Record<Axis, 'confidentiality' | 'integrity' | 'availability'> = { c: 'confidentiality', i: 'integrity', a: 'availability' };

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2 border-b border-solid-gray-200 py-2">
      <dt className="text-dns-16B-130 text-solid-gray-800">{label}</dt>
      <dd className="text-dns-16N-130">{children}</dd>
    </div>
  );
}

/** The classification panel: levels of the chosen edition explained with examples, and a reason. */
function ClassificationPanel({ asset, onSaved }: { asset: Asset; onSaved(): void }) {
  const { t, i18n } = useTranslation('assets');
  const [edition, setEdition] = useState<string | undefined>(asset.classification.schemeEdition ?? undefined);
  const scheme = useScheme(edition);
  const [levels, setLevels] = useState<Record<Axis, string>>({ c: asset.classification.confidentiality ?? '', i: asset.classification.integrity ?? '', a: asset.classification.availability ?? '' });
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () => put<Asset>(`/api/assets/${asset.id}/classification`, { schemeEdition: scheme.data?.edition.id, confidentiality: levels.c, integrity: levels.i, availability: levels.a, reason }),
    onSuccess: () => {
      setReason('');
      onSaved();
    },
  });
  // Levels that the newly chosen edition does not have are cleared.
  useEffect(() => {
    if (!scheme.data) return;
    setLevels((l) => {
      const next = { ...l };
      for (const axis of AXES) if (!scheme.data.scheme.levels[axis].some((x) => x.id === next[axis])) next[axis] = '';
      return next;
    });
  }, [scheme.data]);
  const err = save.error instanceof ApiError ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  if (scheme.isLoading) return <Loading />;
  if (!scheme.data) return <ErrorAlert error={scheme.error} />;
  const s = scheme.data;
  return (
    <form onSubmit={submit} className="flex flex-col gap-5" aria-labelledby="classify-title">
      <h3 id="classify-title" className="text-std-18B-160">
        {t('classify.title')}
      </h3>
      <SelectField
        label={t('classify.edition')}
        hint={t('classify.editionHint')}
        value={s.edition.id}
        onChange={(e) => setEdition(e.target.value)}
        options={s.editions.map((e) => ({ value: e.id, label: `${i18n.language === 'en' ? e.labelEn : e.label}（${e.id}）${e.current ? ` — ${t('classify.current')}` : ''}` }))}
      />
      <p className="text-dns-14N-130 text-solid-gray-700">{pick(s.scheme.label)}</p>
      {AXES.map((axis) => (
        <fieldset key={axis} className="rounded-8 border border-solid-gray-420 p-4">
          <legend className="px-2 text-std-16B-170">{i18n.language === 'en' ? { c: 'Confidentiality', i: 'Integrity', a: 'Availability' }[axis] : { c: '機密性', i: '完全性', a: '可用性' }[axis]}</legend>
          <div className="flex flex-col gap-3">
            {s.scheme.levels[axis].map((lv) => {
              const id = `lv-${axis}-${lv.id}`;
              return (
                <div key={lv.id} className="flex items-start gap-3">
                  <input id={id} type="radio" name={`level-${axis}`} value={lv.id} checked={levels[axis] === lv.id} onChange={() => setLevels((l) => ({ ...l, [axis]: lv.id }))} className="mt-1 size-5 accent-key-900" aria-describedby={`${id}-desc`} />
                  <div>
                    <label htmlFor={id} className="text-std-16B-170">
                      {i18n.language === 'en' ? lv.labelEn : lv.label}
                    </label>
                    {lv.provenance.confidence === 'provisional' && (
                      <span className="ml-2">
                        <Badge tone="yellow">{t('detail.provisional')}</Badge>
                      </span>
                    )}
                    <div id={`${id}-desc`} className="text-dns-14N-130 text-solid-gray-800">
                      <p>{pick(lv.meaning)}</p>
                      {lv.examples.length > 0 && (
                        <p>
                          {t('classify.examples')}: {lv.examples.map((x) => pick(x)).join('、')}
                        </p>
                      )}
                    </div>
                  </div>
                </div>
              );
            })}
          </div>
          {err?.fieldText(FIELD[axis]) && (
            <p className="mt-2 text-dns-14N-130 text-error-2" role="alert">
              {err.fieldText(FIELD[axis])}
            </p>
          )}
        </fieldset>
      ))}
      <TextArea label={t('classify.reason')} hint={t('classify.reasonHint')} required rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={err?.fieldText('reason')} />
      {save.error && !err?.errors.length ? <ErrorAlert error={save.error} /> : null}
      {save.isSuccess && <Alert tone="success" title={t('classify.saved')} />}
      <div>
        <Button type="submit" disabled={save.isPending || !levels.c || !levels.i || !levels.a}>
          {t('classify.submit')}
        </Button>
      </div>
    </form>
  );
}

function Findings({ findings }: { findings: Finding[] }) {
  const { t } = useTranslation('assets');
  if (findings.length === 0) return <p className="text-std-16N-170">{t('detail.noChecks')}</p>;
  return (
    <ul className="flex flex-col gap-4">
      {findings.map((f) => (
        <li key={f.ruleId} className={`rounded-8 border-l-8 p-4 ${f.severity === 'high' ? 'border-error-1 bg-red-50' : f.severity === 'medium' ? 'border-yellow-900 bg-yellow-50' : 'border-solid-gray-420 bg-solid-gray-50'}`}>
          <p className="flex flex-wrap items-center gap-2 text-std-16B-170">
            <SeverityBadge severity={f.severity} /> <span>{pick(f.title)}</span> <span className="text-dns-14N-130 text-solid-gray-700">{f.ruleId}</span>
            {f.provisional && <Badge tone="yellow">{t('detail.provisional')}</Badge>}
          </p>
          <p className="mt-1 text-std-16N-170">{pick(f.explanation)}</p>
          <p className="mt-1 text-std-16N-170">
            <strong>{t('detail.remedy')}:</strong> {pick(f.remedy)}
          </p>
          {f.provisional && f.provisionalNote && <p className="mt-1 text-dns-14N-130 text-solid-gray-800">{t('detail.provisionalRule')} {pick(f.provisionalNote)}</p>}
          <p className="mt-1 text-dns-14N-130">
            {t('detail.refs')}:{' '}
            {f.refs.map((r, i) => (
              <span key={r.id}>
                {i > 0 && '、'}
                <Link to={`/catalog/${r.edition}/${r.id}`}>
                  {r.number ?? r.id} {r.title ?? ''}
                </Link>
              </span>
            ))}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function HandlingView({ handling }: { handling: Handling | null }) {
  const { t } = useTranslation('assets');
  if (!handling) return <p className="text-std-16N-170">{t('handlingView.none')}</p>;
  return (
    <div className="flex flex-col gap-3">
      {handling.provisional && <p className="text-dns-14N-130 text-solid-gray-700">{t('handlingView.provisional')}</p>}
      <dl className="flex flex-col">
        {handling.topics.map((topic) => (
          <div key={topic.topic} className="grid gap-2 border-b border-solid-gray-200 py-2 md:grid-cols-[12rem_1fr]">
            <dt className="text-dns-16B-130">{pick(topic.label)}</dt>
            <dd className="text-dns-16N-130">
              {topic.items.length === 0 ? (
                <span className="text-solid-gray-700">{pick(topic.none)}</span>
              ) : (
                <ul className="flex flex-col gap-1">
                  {topic.items.map((it) => (
                    <li key={it.text.ja}>
                      {pick(it.text)}{' '}
                      <span className="text-dns-14N-130 text-solid-gray-700">
                        （{t('handlingView.from', { label: it.from.label })}
                        {it.refs.length > 0 && (
                          <>
                            {' '}
                            {it.refs.map((r) => (
                              <Link key={r} to={`/catalog/${handling.edition}/${r}`} className="ml-1">
                                {r}
                              </Link>
                            ))}
                          </>
                        )}
                        ）
                      </span>
                      {it.provisional && (
                        <span className="ml-1">
                          <Badge tone="yellow">{t('detail.provisional')}</Badge>
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        ))}
        <div className="grid gap-2 py-2 md:grid-cols-[12rem_1fr]">
          <dt className="text-dns-16B-130">{t('handlingView.disposal')}</dt>
          <dd className="text-dns-16N-130">
            <strong>{pick(handling.disposal.label)}</strong> — {pick(handling.disposal.explanation)}
            {handling.disposal.myNumberSegmentMedia && <p className="mt-1">{t('handlingView.myNumberMedia')}</p>}
          </dd>
        </div>
      </dl>
    </div>
  );
}

function History({ items }: { items: HistoryEntry[] }) {
  const { t } = useTranslation('assets');
  if (items.length === 0) return <p className="text-std-16N-170">{t('historyTable.empty')}</p>;
  return (
    <Table caption={t('detail.history')} head={[t('historyTable.when'), t('historyTable.who'), t('historyTable.levels'), t('historyTable.edition'), t('historyTable.reason'), t('historyTable.state')]}>
      {items.map((h) => (
        <tr key={`${h.classifiedAt}-${h.supersededAt}`}>
          <td className={`${td} whitespace-nowrap`}>{h.classifiedAt ? formatJapanDateTime(h.classifiedAt) : '—'}</td>
          <td className={td}>{h.classifiedByLabel ?? '—'}</td>
          <td className={`${td} whitespace-nowrap`}>
            <LevelBadge level={h.confidentiality} /> {h.integrity ?? '—'} / {h.availability ?? '—'}
          </td>
          <td className={td}>{h.schemeEdition ?? '—'}</td>
          <td className={td}>{h.reason ?? '—'}</td>
          <td className={`${td} whitespace-nowrap`}>{h.current ? t('historyTable.current') : t('historyTable.past', { when: h.supersededAt ? formatJapanDateTime(h.supersededAt) : '' })}</td>
        </tr>
      ))}
    </Table>
  );
}

export function AssetDetailPage() {
  const { assetId = '' } = useParams();
  const { t, i18n } = useTranslation('assets');
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const can = useCan();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const asset = useQuery({ queryKey: ['assets', 'one', assetId], queryFn: () => get<Asset>(`/api/assets/${assetId}`) });
  const checks = useQuery({ queryKey: ['assets', 'checks', assetId], queryFn: () => get<{ edition: string; findings: Finding[] }>(`/api/assets/${assetId}/checks`) });
  const handling = useQuery({ queryKey: ['assets', 'handling', assetId], queryFn: () => get<{ handling: Handling | null }>(`/api/assets/${assetId}/handling`) });
  const allSections = useAllSections();
  const history = useQuery({ queryKey: ['assets', 'history', assetId], queryFn: () => get<{ items: HistoryEntry[] }>(`/api/assets/${assetId}/history`) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['assets'] });
  const update = useMutation({
    mutationFn: (body: Record<string, unknown>) => patch<Asset>(`/api/assets/${assetId}`, body),
    onSuccess: () => {
      setEditing(false);
      refresh();
    },
  });
  if (asset.isLoading) return <Loading />;
  if (!asset.data) return <ErrorAlert error={asset.error} />;
  const a = asset.data;
  const c = a.classification;
  return (
    <div className="flex flex-col gap-6">
      <p>
        <Link to="/assets">{t('detail.back')}</Link>
      </p>
      <PageHeader
        title={`${a.code} ${a.name}`}
        description={`${named(ASSET_KINDS, a.kind, lang)} — ${a.ownerSection.name}`}
        actions={
          <Link className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 bg-white px-4 py-2 text-oln-16B-100 text-key-900 no-underline hover:bg-key-50" to={`/assets/${a.id}/label`}>
            {t('detail.label')}
          </Link>
        }
      />
      <div className="grid gap-6 xl:grid-cols-2">
        <Card title={t('form.register')}>
          {editing ? (
            <AssetForm initial={valuesOf(a)} submitLabel={t('form.save')} busy={update.isPending} error={update.error} onSubmit={(v) => update.mutate(bodyOf(v))} onCancel={() => setEditing(false)} />
          ) : (
            <>
              <dl>
                <Row label={t('form.code')}>{a.code}</Row>
                <Row label={t('form.name')}>{a.name}</Row>
                <Row label={t('form.kind')}>{named(ASSET_KINDS, a.kind, lang)}</Row>
                <Row label={t('form.section')}>
                  {a.ownerSection.name}（{a.ownerSection.code}）
                  {allSections.data?.find((x) => x.id === a.ownerSection.id)?.status === 'archived' && (
                    <span className="ml-2">
                      <Badge tone="gray">{t('common:org.archived')}</Badge>
                    </span>
                  )}
                </Row>
                <Row label={t('form.custodian')}>{a.custodian ?? '—'}</Row>
                <Row label={t('form.segment')}>{a.segment ? named(ASSET_SEGMENTS, a.segment, lang) : '—'}</Row>
                <Row label={t('form.hosting')}>{a.hosting ? named(ASSET_HOSTINGS, a.hosting, lang) : '—'}</Row>
                <Row label={t('form.location')}>{a.location ?? '—'}</Row>
                <Row label={t('form.cloudServiceId')}>{a.cloudService ? `${a.cloudService.name}（${a.cloudService.providerName}）` : a.cloudServiceId ? t('form.cloudServiceUnknown', { id: a.cloudServiceId }) : '—'}</Row>
                <Row label={t('form.related')}>
                  {a.related.length
                    ? a.related.map((r, i) => (
                        <span key={r.id}>
                          {i > 0 && '、'}
                          <Link to={`/assets/${r.id}`}>
                            {r.code} {r.name}
                          </Link>
                        </span>
                      ))
                    : '—'}
                </Row>
                <Row label={t('form.flags')}>{ASSET_FLAGS.filter((f) => a.flags[f.id]).map((f) => f[lang]).join('、') || '—'}</Row>
                <Row label={t('form.recordCount')}>{a.recordCount?.toLocaleString() ?? '—'}</Row>
                <Row label={t('form.retention')}>{a.retention ?? '—'}</Row>
                <Row label={t('form.backupNote')}>{a.backupNote ?? '—'}</Row>
                <Row label={t('form.description')}>{a.description ?? '—'}</Row>
                <Row label={t('form.status')}>{t(`status.${a.status}`)}</Row>
              </dl>
              {can('asset.write') && (
                <div className="mt-4">
                  <Button variant="secondary" onClick={() => setEditing(true)}>
                    {t('detail.edit')}
                  </Button>
                </div>
              )}
            </>
          )}
        </Card>
        <Card title={t('detail.classification')}>
          <div className="flex flex-col gap-4">
            {c.confidentiality ? (
              <div>
                <p className="flex flex-wrap items-center gap-3 text-std-20B-150">
                  <span>
                    {lang === 'en' ? 'C' : '機密性'} <LevelBadge level={c.confidentiality} />
                  </span>
                  <span>
                    {lang === 'en' ? 'I' : '完全性'} {c.integrity}
                  </span>
                  <span>
                    {lang === 'en' ? 'A' : '可用性'} {c.availability}
                  </span>
                  <span className="text-dns-14N-130 text-solid-gray-700">({c.schemeEdition})</span>
                </p>
                <p className="mt-1 text-dns-14N-130 text-solid-gray-800">{t('detail.classifiedBy', { who: c.classifiedByLabel ?? '—', when: c.classifiedAt ? formatJapanDateTime(c.classifiedAt) : '—' })}</p>
                {c.reason && (
                  <p className="text-dns-14N-130">
                    {t('detail.reason')}: {c.reason}
                  </p>
                )}
              </div>
            ) : (
              <p className="text-std-16N-170">{t('detail.notClassified')}</p>
            )}
            {can('asset.classify') && <ClassificationPanel key={`${c.classifiedAt}`} asset={a} onSaved={refresh} />}
          </div>
        </Card>
      </div>
      <Card title={t('detail.checks')}>{checks.data ? <Findings findings={checks.data.findings} /> : checks.error ? <ErrorAlert error={checks.error} /> : <Loading />}</Card>
      <Card title={t('detail.handling')}>{handling.data ? <HandlingView handling={handling.data.handling} /> : handling.error ? <ErrorAlert error={handling.error} /> : <Loading />}</Card>
      <Card title={t('detail.history')}>{history.data ? <History items={history.data.items} /> : <Loading />}</Card>
    </div>
  );
}

export function AssetNewPage() {
  const { t } = useTranslation('assets');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => post<Asset>('/api/assets', body),
    onSuccess: (a) => {
      qc.invalidateQueries({ queryKey: ['assets'] });
      navigate(`/assets/${a.id}`);
    },
  });
  return (
    <div className="flex flex-col gap-6">
      <p>
        <Link to="/assets">{t('detail.back')}</Link>
      </p>
      <PageHeader title={t('newAsset')} />
      <Card>
        <AssetForm initial={valuesOf()} submitLabel={t('form.create')} busy={create.isPending} error={create.error} onSubmit={(v) => create.mutate(bodyOf(v))} />
      </Card>
    </div>
  );
}
