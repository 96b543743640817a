import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formatJapanDateTime, japanDate } from '@shared/era';
import type { ArticleView, CatalogRefView, DocumentView, VersionDetail } from '@shared/documents';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useCan, useMe } from '../../app/session';
import { Alert, Badge, Button, Card, Checkbox, ErrorAlert, Loading, PageHeader, TextArea, TextField } from '../../components/ui';
import { ApiError, del, patch, post } from '../../lib/api';
import { exportUrl, useOptions, useVersion, versionPath } from './api';
import { StateBadge, eraDate } from './PoliciesPage';

interface Conflict {
  current: { revision: number; heading: string; body: string; included: boolean; omitReason: string | null; updatedAt: string; updatedByLabel: string };
  refused: { heading: string; body: string; included: boolean; omitReason: string | null };
}

export function EditorPage() {
  const { versionId } = useParams();
  const { t, i18n } = useTranslation('documents');
  const version = useVersion(versionId);
  const [params, setParams] = useSearchParams();
  const d = version.data;
  if (version.error) return <ErrorAlert error={version.error} />;
  if (!d) return <Loading />;
  const docTemplate = params.get('doc') ?? 'standards';
  const doc = d.documents.find((x) => x.template === docTemplate) ?? d.documents[0];
  const key = params.get('a');
  const selected = doc?.articles.find((a) => a.key === key) ?? null;
  const select = (template: string, k?: string) => {
    const next = new URLSearchParams(params);
    next.set('doc', template);
    if (k) next.set('a', k);
    else next.delete('a');
    setParams(next, { replace: true });
  };
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`${d.policy.title}　${t('editor.versionLabel', { n: d.version.versionNo })}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StateBadge state={d.version.state} />
            <span>{t('editor.edition', { edition: i18n.language === 'en' ? d.version.edition : d.version.editionLabel })}</span>
          </span>
        }
        actions={<VersionActions d={d} />}
      />
      <VersionInfo d={d} />
      {!d.editable && <Alert tone="info">{t('editor.readOnly')}</Alert>}
      <nav aria-label={t('editor.documents')}>
        <ul className="flex flex-wrap gap-2">
          {d.documents.map((x) => (
            <li key={x.id}>
              <Button variant={x.id === doc?.id ? 'primary' : 'secondary'} aria-current={x.id === doc?.id ? 'page' : undefined} onClick={() => select(x.template)}>
                {x.title}
                {x.isPublic && <Badge tone="blue">{t('editor.public')}</Badge>}
              </Button>
            </li>
          ))}
        </ul>
      </nav>
      {doc && (
        <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_18rem] 2xl:grid-cols-[16rem_minmax(0,1fr)_20rem]">
          <div className="xl:col-span-2 2xl:col-span-1">
            <Outline doc={doc} selectedKey={selected?.key ?? null} onSelect={(k) => select(doc.template, k)} />
          </div>
          <div className="flex min-w-0 flex-col gap-6">
            {selected ? <ArticleEditor key={selected.id} d={d} article={selected} /> : <p className="text-std-16N-170">{t('editor.selectArticle')}</p>}
            {selected && d.editable && <AddArticle d={d} doc={doc} after={selected} onAdded={(k) => select(doc.template, k)} />}
            <DocumentSettings d={d} doc={doc} />
          </div>
          <div className="flex flex-col gap-6">{selected && <CatalogPanel d={d} ids={selected.catalogIds} doc={doc} />}</div>
        </div>
      )}
    </div>
  );
}

function VersionInfo({ d }: { d: VersionDetail }) {
  const { t, i18n } = useTranslation('documents');
  const v = d.version;
  return (
    <Card>
      <ul className="flex flex-col gap-1 text-std-16N-170">
        <li>{t('editor.createdBy', { who: v.createdByLabel, at: formatJapanDateTime(v.createdAt) })}</li>
        {v.approvedAt && <li>{t('editor.approved', { who: v.approvedByLabel, at: formatJapanDateTime(v.approvedAt) })}</li>}
        {v.decisionRef && <li>{t('editor.decided', { ref: v.decisionRef })}</li>}
        {v.effectiveFrom && <li>{t('editor.inForceFrom', { date: eraDate(v.effectiveFrom, i18n.language) })}</li>}
      </ul>
      <NoteEditor d={d} />
    </Card>
  );
}

function NoteEditor({ d }: { d: VersionDetail }) {
  const { t } = useTranslation('documents');
  const can = useCan();
  const qc = useQueryClient();
  const [note, setNote] = useState(d.version.note);
  const save = useMutation({ mutationFn: () => patch(`/api/policy/versions/${d.version.id}`, { note }), onSuccess: () => qc.invalidateQueries({ queryKey: ['policy-version', d.version.id] }) });
  if (!d.editable || !can('policy.write')) return d.version.note ? <p className="mt-2 whitespace-pre-wrap text-std-16N-170">{d.version.note}</p> : null;
  return (
    <form
      className="mt-3 flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <TextArea label={t('editor.note')} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      {save.error && <ErrorAlert error={save.error} />}
      <div>
        <Button type="submit" variant="secondary" disabled={save.isPending}>
          {t('editor.noteSave')}
        </Button>
      </div>
    </form>
  );
}

function VersionActions({ d }: { d: VersionDetail }) {
  const { t } = useTranslation('documents');
  const can = useCan();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const options = useOptions(undefined);
  const current = options.data?.current;
  const newDraft = useMutation({
    mutationFn: () => post<{ versionId: string }>(`/api/policies/${d.policy.id}/drafts`, { fromVersionId: d.version.id }),
    onSuccess: (r) => {
      qc.invalidateQueries({ queryKey: ['policies'] });
      navigate(versionPath(r.versionId));
    },
  });
  const discard = useMutation({
    mutationFn: () => del(`/api/policy/versions/${d.version.id}`),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['policies'] });
      navigate('/policy');
    },
  });
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-dns-14B-130">{t('editor.export')}</span>
        <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 px-3 text-key-900" href={exportUrl(d.version.id, 'docx')}>
          {t('editor.exportDocx')}
        </a>
        <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 px-3 text-key-900" href={exportUrl(d.version.id, 'pdf')}>
          {t('editor.exportPdf')}
        </a>
        <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 px-3 text-key-900" href={exportUrl(d.version.id, 'html')}>
          {t('editor.exportHtml')}
        </a>
      </div>
      <div className="flex flex-wrap justify-end gap-3">
        {d.version.basedOnId && <Link to={`/policy/compare?from=${d.version.basedOnId}&to=${d.version.id}`}>{t('editor.compare')}</Link>}
        {current && current !== d.version.edition && <Link to={`${versionPath(d.version.id)}/edition-changes?edition=${current}`}>{t('editor.editionChanges', { edition: current })}</Link>}
        <Link to={`${versionPath(d.version.id)}/coverage`}>{t('editor.coverage')}</Link>
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        {!d.editable && can('policy.write') && (
          <Button variant="secondary" onClick={() => newDraft.mutate()} disabled={newDraft.isPending}>
            {t('editor.newDraft')}
          </Button>
        )}
        {d.editable && can('policy.write') && (
          <Button
            variant="danger"
            onClick={() => {
              if (window.confirm(t('editor.discardConfirm'))) discard.mutate();
            }}
          >
            {t('editor.discard')}
          </Button>
        )}
      </div>
      {newDraft.error && <ErrorAlert error={newDraft.error} />}
      {discard.error && <ErrorAlert error={discard.error} />}
      {d.editable && can('policy.approve') && <ApproveForm d={d} />}
    </div>
  );
}

function ApproveForm({ d }: { d: VersionDetail }) {
  const { t } = useTranslation('documents');
  const qc = useQueryClient();
  const [decisionRef, setDecisionRef] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState(japanDate());
  const approve = useMutation({
    mutationFn: () => post(`/api/policy/versions/${d.version.id}/approve`, { decisionRef, effectiveFrom }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['policy-version', d.version.id] });
      qc.invalidateQueries({ queryKey: ['policies'] });
    },
  });
  const err = approve.error instanceof ApiError ? approve.error : null;
  return (
    <form
      className="mt-2 flex w-full max-w-md flex-col gap-3 rounded-8 border border-solid-gray-420 bg-white p-4"
      aria-label={t('editor.approveTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        approve.mutate();
      }}
    >
      <TextField label={t('editor.decisionRef')} value={decisionRef} required onChange={(e) => setDecisionRef(e.target.value)} error={err?.fieldText('decisionRef')} />
      <TextField label={t('editor.effectiveFrom')} type="date" value={effectiveFrom} required onChange={(e) => setEffectiveFrom(e.target.value)} error={err?.fieldText('effectiveFrom')} />
      {approve.error && !err?.errors.length && <ErrorAlert error={approve.error} />}
      <div>
        <Button type="submit" disabled={approve.isPending}>
          {t('editor.approve')}
        </Button>
      </div>
    </form>
  );
}

function DocumentSettings({ d, doc }: { d: VersionDetail; doc: DocumentView }) {
  const { t } = useTranslation('documents');
  const can = useCan();
  const qc = useQueryClient();
  const me = useMe();
  const toggle = useMutation({
    mutationFn: (isPublic: boolean) => patch(`/api/policy/documents/${doc.id}`, { isPublic }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['policy-version', d.version.id] }),
  });
  const orgRef = me.data?.organization.lgCode ?? me.data?.organization.id;
  return (
    <Card title={doc.title}>
      {d.editable && can('policy.write') ? (
        <Checkbox label={t('editor.makePublic')} checked={doc.isPublic} disabled={toggle.isPending} onChange={(e) => toggle.mutate(e.target.checked)} />
      ) : (
        <p>
          {t('editor.public')}: {doc.isPublic ? t('yes') : t('no')}
        </p>
      )}
      <p className="mt-1 text-dns-14N-130 text-solid-gray-700">{t('editor.publicHint')}</p>
      {doc.isPublic && d.version.state === 'inForce' && orgRef && (
        <p className="mt-1">
          <Link to={`/public/policy/${orgRef}`}>{t('editor.publicUrl')}</Link>
        </p>
      )}
      {toggle.error && <ErrorAlert error={toggle.error} />}
      {doc.implements.length > 0 && (
        <div className="mt-3">
          <h3 className="text-std-16B-170">{t('editor.implements')}</h3>
          <ul className="flex flex-wrap gap-2">
            {doc.implements.map((id) => (
              <li key={id}>
                <Link to={`?doc=standards&a=${id}`}>
                  {d.catalog[id]?.number} {d.catalog[id]?.title}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

function Outline({ doc, selectedKey, onSelect }: { doc: DocumentView; selectedKey: string | null; onSelect(k: string): void }) {
  const { t } = useTranslation('documents');
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!selectedKey) return;
    const el = ref.current?.querySelector(`[data-key="${CSS.escape(selectedKey)}"]`);
    if (el && 'scrollIntoView' in el) (el as HTMLElement).scrollIntoView({ block: 'nearest' });
  }, [selectedKey]);
  return (
    <nav ref={ref} aria-label={t('editor.outline')} className="max-h-72 overflow-y-auto rounded-8 border border-solid-gray-420 bg-white p-2 2xl:sticky 2xl:top-4 2xl:max-h-[80vh]">
      <ul className="flex flex-col">
        {doc.articles.map((a) => (
          <li key={a.id}>
            <button
              type="button"
              data-key={a.key}
              onClick={() => onSelect(a.key)}
              aria-current={a.key === selectedKey ? 'true' : undefined}
              className={`w-full rounded-4 px-2 py-1 text-left text-dns-14N-130 hover:bg-key-50 ${a.key === selectedKey ? 'bg-key-100 font-bold' : ''} ${a.included ? 'text-solid-gray-900' : 'text-solid-gray-700 line-through'}`}
              style={{ paddingLeft: `${0.5 + a.depth * 0.9}rem` }}
            >
              {a.label}　{a.heading}
              {!a.included && <span className="sr-only">（{t('editor.omitted')}）</span>}
              {a.origin === 'custom' && <span className="ml-1 text-key-900">［{t('editor.own')}］</span>}
              {a.editedFromModel && <span className="ml-1 text-solid-gray-700">＊</span>}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function ArticleEditor({ d, article }: { d: VersionDetail; article: ArticleView }) {
  const { t } = useTranslation('documents');
  const can = useCan();
  const qc = useQueryClient();
  const editable = d.editable && can('policy.write');
  const [heading, setHeading] = useState(article.heading);
  const [body, setBody] = useState(article.body);
  const [included, setIncluded] = useState(article.included);
  const [omitReason, setOmitReason] = useState(article.omitReason ?? '');
  const [revision, setRevision] = useState(article.revision);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [savedRevision, setSavedRevision] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: (rev: number) => patch<{ revision: number }>(`/api/policy/articles/${article.id}`, { revision: rev, heading, body, included, omitReason: included ? null : omitReason }),
    onSuccess: (r) => {
      setConflict(null);
      setRevision(r.revision);
      setSavedRevision(r.revision);
      qc.invalidateQueries({ queryKey: ['policy-version', d.version.id] });
    },
    onError: (e) => {
      setSavedRevision(null);
      if (e instanceof ApiError && e.code === 'edit_conflict') setConflict({ current: e.body.current as Conflict['current'], refused: e.body.refused as Conflict['refused'] });
    },
  });
  const remove = useMutation({
    mutationFn: () => del(`/api/policy/articles/${article.id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['policy-version', d.version.id] }),
  });
  const err = save.error instanceof ApiError && save.error.code !== 'edit_conflict' ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(revision);
  };
  return (
    <section aria-labelledby="article-title" className="rounded-12 border border-solid-gray-420 bg-white p-5">
      <h2 id="article-title" className="mb-3 flex flex-wrap items-center gap-2 text-std-20B-150">
        {article.label}　{article.heading}
        {!article.included && <Badge tone="gray">{t('editor.omitted')}</Badge>}
        {article.origin === 'custom' && <Badge tone="blue">{t('editor.own')}</Badge>}
        {article.editedFromModel && <Badge tone="yellow">{t('editor.edited')}</Badge>}
      </h2>
      {conflict && (
        <div className="mb-4 flex flex-col gap-3">
          <Alert tone="error" title={t('editor.conflictTitle')}>
            {save.error instanceof ApiError && save.error.text()}
          </Alert>
          <div className="grid gap-3 md:grid-cols-2">
            <div className="rounded-8 border border-solid-gray-420 p-3">
              <h3 className="text-std-16B-170">{t('editor.conflictCurrent', { who: conflict.current.updatedByLabel, at: formatJapanDateTime(conflict.current.updatedAt) })}</h3>
              <p className="whitespace-pre-wrap text-dns-16N-130">{conflict.current.body}</p>
            </div>
            <div className="rounded-8 border border-solid-gray-420 p-3">
              <h3 className="text-std-16B-170">{t('editor.conflictMine')}</h3>
              <p className="whitespace-pre-wrap text-dns-16N-130">{conflict.refused.body}</p>
            </div>
          </div>
          <div className="flex flex-wrap gap-2">
            <Button
              variant="secondary"
              onClick={() => {
                setHeading(conflict.current.heading);
                setBody(conflict.current.body);
                setIncluded(conflict.current.included);
                setOmitReason(conflict.current.omitReason ?? '');
                setRevision(conflict.current.revision);
                setConflict(null);
                qc.invalidateQueries({ queryKey: ['policy-version', d.version.id] });
              }}
            >
              {t('editor.takeTheirs')}
            </Button>
            <Button onClick={() => save.mutate(conflict.current.revision)}>{t('editor.keepMine')}</Button>
          </div>
        </div>
      )}
      <form className="flex flex-col gap-4" onSubmit={submit}>
        <TextField label={t('editor.heading')} value={heading} readOnly={!editable} required onChange={(e) => setHeading(e.target.value)} error={err?.fieldText('heading')} />
        <TextArea label={t('editor.body')} value={body} readOnly={!editable} rows={Math.min(20, Math.max(5, body.split('\n').length + 2))} onChange={(e) => setBody(e.target.value)} error={err?.fieldText('body')} />
        <Checkbox label={t('editor.included')} checked={included} disabled={!editable} onChange={(e) => setIncluded(e.target.checked)} />
        {!included && <TextField label={t('editor.omitReason')} value={omitReason} readOnly={!editable} required onChange={(e) => setOmitReason(e.target.value)} error={err?.fieldText('omitReason')} />}
        {err && !err.errors.length && <ErrorAlert error={err} />}
        {savedRevision !== null && <Alert tone="success">{t('editor.saved', { n: savedRevision })}</Alert>}
        {editable && (
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={save.isPending}>
              {t('editor.save')}
            </Button>
            {article.origin === 'custom' && (
              <Button variant="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
                {t('editor.remove')}
              </Button>
            )}
          </div>
        )}
        {remove.error && <ErrorAlert error={remove.error} />}
      </form>
    </section>
  );
}

function CatalogPanel({ d, ids, doc }: { d: VersionDetail; ids: string[]; doc: DocumentView }) {
  const { t, i18n } = useTranslation('documents');
  const refs = ids.map((id) => d.catalog[id]).filter(Boolean) as CatalogRefView[];
  return (
    <aside aria-label={t('editor.catalogItem')} className="flex flex-col gap-3 xl:sticky xl:top-4 rounded-12 border border-solid-gray-420 bg-solid-gray-50 p-4">
      <h2 className="text-std-18B-160">{t('editor.catalogItem')}</h2>
      {refs.length === 0 && <p className="text-dns-16N-130">{t('editor.catalogNone')}</p>}
      {refs.map((r) => (
        <div key={r.id} className="flex flex-col gap-1">
          <h3 className="text-std-16B-170">
            {r.exists ? `${r.number} ${r.title}` : r.id}
            <span className="ml-2 font-mono text-dns-14N-130 text-solid-gray-700">{r.id}</span>
          </h3>
          {!r.exists && <Badge tone="red">{t('editor.notInEdition')}</Badge>}
          {r.exists && (
            <>
              <div className="flex flex-wrap gap-1">
                <Badge tone={r.obligation === 'mandatory' ? 'gray' : 'blue'}>{r.obligation === 'mandatory' ? t('editor.mandatory') : t('editor.recommended')}</Badge>
                {r.confidence === 'provisional' && (
                  <span title={t('editor.provisionalHint')}>
                    <Badge tone="yellow">{t('editor.provisional')}</Badge>
                  </span>
                )}
              </div>
              <p className="text-dns-16N-130">{i18n.language === 'en' ? r.summary.en : r.summary.ja}</p>
              {r.confidence === 'provisional' && <p className="text-dns-14N-130 text-solid-gray-700">{t('editor.provisionalHint')}</p>}
              <Link to={`/catalog/${d.version.edition}/${r.id}`}>{t('editor.openInCatalog')}</Link>
            </>
          )}
        </div>
      ))}
      {doc.kind === 'procedure' && <p className="text-dns-14N-130 text-solid-gray-700">{doc.title}</p>}
    </aside>
  );
}

function AddArticle({ d, doc, after, onAdded }: { d: VersionDetail; doc: DocumentView; after: ArticleView; onAdded(k: string): void }) {
  const { t } = useTranslation('documents');
  const can = useCan();
  const qc = useQueryClient();
  const [heading, setHeading] = useState('');
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: () => post<{ id: string; key: string }>(`/api/policy/versions/${d.version.id}/articles`, { documentId: doc.id, afterKey: after.key, heading, body }),
    onSuccess: async (r) => {
      setHeading('');
      setBody('');
      await qc.invalidateQueries({ queryKey: ['policy-version', d.version.id] });
      onAdded(r.key);
    },
  });
  const err = add.error instanceof ApiError ? add.error : null;
  if (!can('policy.write')) return null;
  return (
    <Card title={t('editor.addTitle')}>
      <p className="mb-3 text-dns-14N-130 text-solid-gray-700">{t('editor.addHint')}</p>
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <TextField label={t('editor.heading')} value={heading} required onChange={(e) => setHeading(e.target.value)} error={err?.fieldText('heading')} />
        <TextArea label={t('editor.body')} value={body} rows={4} onChange={(e) => setBody(e.target.value)} />
        {add.error && !err?.errors.length && <ErrorAlert error={add.error} />}
        <div>
          <Button type="submit" variant="secondary" disabled={add.isPending}>
            {t('editor.add')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
