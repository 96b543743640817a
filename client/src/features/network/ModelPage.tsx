import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EditionMeta } from '@shared/catalog';
import { formatEditionLabel, formatJapanDateTime } from '@shared/era';
import { type CheckResult, MODEL_LABELS, type NetworkModelId } from '@shared/network';
import { type FormEvent, lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { Alert, Badge, Button, Card, ErrorAlert, Loading, PageHeader, SelectField, Table, TextArea, TextField, td } from '../../components/ui';
import { ApiError, get, patch, post, upload } from '../../lib/api';
import { findingsByElement, type ModelDetail, tr, useModel, useVersion, useVersionCheck, type VersionSummary } from './api';
import { FindingCard, FindingsTable, NodeList, SummaryBadges } from './parts';

const NetworkDiagram = lazy(() => import('./NetworkDiagram'));

export function ModelPage() {
  const { modelId = '' } = useParams();
  const { t } = useTranslation('network');
  const model = useModel(modelId);
  const [params, setParams] = useSearchParams();
  const versionId = params.get('version') ?? model.data?.current?.id;
  const editions = useQuery({ queryKey: ['catalog', 'editions'], queryFn: () => get<{ editions: EditionMeta[]; current: string }>('/api/catalog/editions'), staleTime: 600_000 });
  const edition = params.get('edition') ?? undefined;
  const check = useVersionCheck(versionId, edition);
  const can = useCan();
  const [selected, setSelected] = useState<string | null>(null);

  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  if (model.isLoading) return <Loading />;
  if (model.error || !model.data) return <ErrorAlert error={model.error} />;
  const m = model.data;
  const shownVersion = m.versions.find((v) => v.id === versionId) ?? m.current;

  return (
    <div>
      <PageHeader
        title={m.name}
        description={m.description ?? undefined}
        actions={
          shownVersion && (
            <>
              <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 px-4 py-2 text-oln-16B-100 text-key-900 hover:bg-key-50" href={`/api/network/versions/${shownVersion.id}/export?format=yaml`} download>
                {t('model.exportYaml')}
              </a>
              <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 px-4 py-2 text-oln-16B-100 text-key-900 hover:bg-key-50" href={`/api/network/versions/${shownVersion.id}/export?format=json`} download>
                {t('model.exportJson')}
              </a>
            </>
          )
        }
      />
      <p className="mb-4">
        <Link to="/network">{t('rules.back')}</Link>
      </p>

      <section aria-labelledby="net-result" className="mb-8">
        <div className="mb-3 flex flex-wrap items-end justify-between gap-4">
          <h2 id="net-result" className="text-std-24B-150">
            {t('summary.title')}
            {shownVersion && <span className="ml-2 text-std-16N-170 text-solid-gray-700">{t('model.showing', { n: shownVersion.versionNo })}</span>}
          </h2>
          <div className="w-72">
            <SelectField
              label={t('model.edition')}
              value={check.data?.edition ?? edition ?? ''}
              onChange={(e) => setParam('edition', e.target.value)}
              options={(editions.data?.editions ?? []).map((e) => ({ value: e.id, label: `${formatEditionLabel(e.id)}（${e.id}）` }))}
            />
          </div>
        </div>
        {check.isLoading && <Loading />}
        {check.error && <ErrorAlert error={check.error} />}
        {check.data && <ResultView result={check.data} selected={selected} onSelect={setSelected} />}
      </section>

      <VersionsTable versions={m.versions} currentId={m.current?.id ?? null} shownId={shownVersion?.id ?? null} onShow={(id) => setParam('version', id)} />

      {can('network.write') && m.current && <Editor model={m} onSaved={(v) => setParam('version', v.id)} />}
      {can('network.write') && <Rename model={m} />}
    </div>
  );
}

function ResultView({ result, selected, onSelect }: { result: CheckResult; selected: string | null; onSelect(key: string | null): void }) {
  const { t } = useTranslation('network');
  const byEl = findingsByElement(result.findings);
  const modelFindings = byEl.get('model:model') ?? [];
  const selFindings = selected ? (byEl.get(selected) ?? []) : [];
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <p className="flex flex-wrap items-center gap-3 text-std-16N-170">
          <Badge tone="gray">{tr(MODEL_LABELS[result.model as NetworkModelId])}</Badge>
          <span>{t('summary.counts', { ...result.counts })}</span>
          <SummaryBadges summary={result.summary} />
        </p>
        {result.truncated ? <p className="mt-2 text-dns-14N-130">{t('summary.truncated', { n: result.truncated })}</p> : null}
        {result.unresolvedAssets > 0 && <p className="mt-2 text-dns-14N-130">{t('summary.unresolved', { n: result.unresolvedAssets })}</p>}
        {modelFindings.length > 0 && (
          <ul className="mt-3 flex flex-col gap-2">
            {modelFindings.map((f) => (
              <FindingCard key={f.ruleId} f={f} edition={result.edition} />
            ))}
          </ul>
        )}
      </Card>

      <section aria-labelledby="net-diagram">
        <h3 id="net-diagram" className="mb-2 text-std-20B-150">
          {t('diagram.title')}
        </h3>
        <p className="mb-2 text-dns-14N-130 text-solid-gray-700">{t('diagram.legend')}</p>
        <div className="grid gap-4 2xl:grid-cols-[1fr_360px]">
          <Suspense fallback={<p role="status">{t('diagram.laying')}</p>}>
            <NetworkDiagram result={result} selected={selected} onSelect={onSelect} />
          </Suspense>
          <section aria-labelledby="net-selected" aria-live="polite" className="rounded-8 border border-solid-gray-420 bg-white p-3">
            <h4 id="net-selected" className="text-std-16B-170">
              {t('diagram.selected')}
              {selected && <span className="ml-2 font-normal">{selected.replace(/^[a-z]+:/, '')}</span>}
            </h4>
            {!selected && <p className="mt-2 text-dns-14N-130">{t('diagram.selectHint')}</p>}
            {selected && selFindings.length === 0 && <p className="mt-2 text-dns-14N-130">{t('diagram.noFindings')}</p>}
            <ul className="mt-2 flex flex-col gap-2">
              {selFindings.map((f, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: findings of one element in a stable order
                <FindingCard key={i} f={f} edition={result.edition} />
              ))}
            </ul>
          </section>
        </div>
      </section>

      <section aria-labelledby="net-findings">
        <h3 id="net-findings" className="mb-2 text-std-20B-150">
          {t('findings.title')}
        </h3>
        {result.findings.length === 0 ? <p>{t('summary.none')}</p> : <FindingsTable result={result} onSelect={onSelect} />}
      </section>

      <section aria-labelledby="net-nodes">
        <h3 id="net-nodes" className="mb-2 text-std-20B-150">
          {t('nodes.title')}
        </h3>
        <NodeList result={result} />
      </section>
    </div>
  );
}

function VersionsTable({ versions, currentId, shownId, onShow }: { versions: VersionSummary[]; currentId: string | null; shownId: string | null; onShow(id: string): void }) {
  const { t } = useTranslation('network');
  return (
    <section aria-labelledby="net-versions" className="mb-8">
      <h2 id="net-versions" className="mb-2 text-std-24B-150">
        {t('model.versions')}
      </h2>
      <Table caption={t('model.versionsCaption')} head={[t('model.colNo'), t('model.colWhen'), t('model.colWho'), t('model.colComment'), t('model.colFormat'), t('model.colSummary'), '']}>
        {versions.map((v) => (
          <tr key={v.id}>
            <td className={td}>
              v{v.versionNo}
              {v.id === currentId && (
                <span className="ml-1">
                  <Badge tone="green">{t('model.current')}</Badge>
                </span>
              )}
            </td>
            <td className={td}>{formatJapanDateTime(v.createdAt)}</td>
            <td className={td}>{v.createdByLabel}</td>
            <td className={td}>{v.comment ?? '—'}</td>
            <td className={td}>
              {v.format.toUpperCase()}
              {v.filename && <div className="text-dns-14N-130 text-solid-gray-700">{v.filename}</div>}
            </td>
            <td className={td}>
              <SummaryBadges summary={v.summary} />
            </td>
            <td className={td}>
              {v.id === shownId ? (
                <Badge tone="blue">{t('model.viewing')}</Badge>
              ) : (
                <Button variant="secondary" onClick={() => onShow(v.id)} aria-label={`${t('model.view')} v${v.versionNo}`}>
                  {t('model.view')}
                </Button>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

function Editor({ model, onSaved }: { model: ModelDetail; onSaved(v: VersionSummary): void }) {
  const { t } = useTranslation('network');
  const qc = useQueryClient();
  const current = model.current as VersionSummary;
  const latest = useVersion(current.id);
  const [source, setSource] = useState<string | null>(null);
  const [base, setBase] = useState<string>(current.id);
  const [format, setFormat] = useState<'yaml' | 'json'>(current.format);
  const [comment, setComment] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const area = useRef<HTMLDivElement | null>(null);
  const fileId = useId();

  useEffect(() => {
    if (latest.data && source === null) {
      setSource(latest.data.source);
      setFormat(latest.data.format);
      setBase(latest.data.id);
    }
  }, [latest.data, source]);

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['network'] });
  };
  const draft = useMutation({ mutationFn: () => post<CheckResult>('/api/network/check', { source: source ?? '', format }) });
  const save = useMutation({
    mutationFn: () => post<{ version: VersionSummary }>(`/api/network/models/${model.id}/versions`, { source: source ?? '', format, comment: comment || null, baseVersionId: base }),
    onSuccess: (r) => {
      setBase(r.version.id);
      setComment('');
      refresh();
      onSaved(r.version);
    },
  });
  const imp = useMutation({
    mutationFn: () => upload<{ version: VersionSummary }>(`/api/network/models/${model.id}/versions/import`, file as File, undefined, { comment, baseVersionId: base }),
    onSuccess: (r) => {
      setSource(null);
      setComment('');
      refresh();
      onSaved(r.version);
    },
  });

  const jump = (line: number, col: number) => {
    const el = area.current?.querySelector('textarea');
    if (!el || source === null) return;
    const lines = source.split('\n');
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, col - 1);
    el.focus();
    el.setSelectionRange(offset, offset);
    const lineHeight = el.scrollHeight / Math.max(1, lines.length);
    el.scrollTop = Math.max(0, (line - 5) * lineHeight);
  };

  const problems = [draft.error, save.error, imp.error].find((e) => e instanceof ApiError && e.errors.some((x) => x.line !== undefined)) as ApiError | undefined;
  const conflict = [save.error, imp.error].find((e) => e instanceof ApiError && e.code === 'network_version_conflict');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <section aria-labelledby="net-editor" className="mb-8">
      <h2 id="net-editor" className="mb-2 text-std-24B-150">
        {t('editor.title')}
      </h2>
      <p className="mb-3 text-std-16N-170">{t('editor.hint')}</p>
      {source === null ? (
        <Loading />
      ) : (
        <form onSubmit={submit} className="flex flex-col gap-3">
          <div className="w-48">
            <SelectField label={t('editor.format')} value={format} onChange={(e) => setFormat(e.target.value as 'yaml' | 'json')} options={[{ value: 'yaml', label: 'YAML' }, { value: 'json', label: 'JSON' }]} />
          </div>
          <div ref={area}>
          <TextArea
            label={t('editor.source')}
            value={source}
            onChange={(e) => setSource(e.target.value)}
            rows={24}
            spellCheck={false}
            className="font-mono text-dns-14N-130"
            aria-invalid={problems ? true : undefined}
            aria-describedby={problems ? 'net-problems' : undefined}
          />
          </div>
          {problems && (
            <div id="net-problems" role="alert" className="rounded-8 border-l-8 border-error-1 bg-red-50 p-3">
              <p className="text-std-16B-170">
                {t('editor.problems')}: {problems.text()}
              </p>
              <ul className="mt-1 list-disc pl-6">
                {problems.errors.slice(0, 50).map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: problems in the server's order
                  <li key={i}>
                    {p.line !== undefined ? (
                      <Button variant="ghost" className="!min-h-0 !px-1 !py-0" onClick={() => jump(p.line as number, p.col ?? 1)}>
                        {t('editor.jump', { line: p.line, col: p.col ?? 1 })}
                      </Button>
                    ) : null}{' '}
                    {tr(p.message)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {draft.data && !problems && (
            <Alert tone="success" title={t('editor.checked', { ...draft.data.summary })}>
              {draft.data.findings.slice(0, 10).map((f, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: stable order
                <div key={i} className="text-dns-14N-130">
                  {f.ruleId} {f.element.id}: {tr(f.message)}
                </div>
              ))}
            </Alert>
          )}
          {conflict && (
            <Alert tone="warning" title={t('editor.conflict')}>
              <Button
                variant="secondary"
                onClick={() => {
                  setSource(null);
                  refresh();
                }}
              >
                {t('editor.reload')}
              </Button>
            </Alert>
          )}
          {save.isSuccess && <Alert tone="success" title={t('editor.saved', { n: save.data.version.versionNo })} />}
          <TextField label={t('editor.comment')} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={1000} />
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => draft.mutate()} disabled={draft.isPending}>
              {draft.isPending ? t('editor.checking') : t('editor.check')}
            </Button>
            <Button type="submit" disabled={save.isPending}>
              {t('editor.save')}
            </Button>
          </div>
          {!problems && <ErrorAlert error={[draft.error, save.error].find((e) => e && !(e instanceof ApiError && e.code === 'network_version_conflict')) ?? null} />}
        </form>
      )}
      <Card title={t('editor.importFile')} className="mt-4">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (file) imp.mutate();
          }}
          className="flex flex-wrap items-end gap-3"
        >
          <div className="flex flex-col gap-1">
            <label htmlFor={fileId} className="text-std-16B-170">
              {t('create.file')}
            </label>
            <input id={fileId} type="file" accept=".yaml,.yml,.json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </div>
          <Button type="submit" variant="secondary" disabled={!file || imp.isPending}>
            {t('editor.importSubmit')}
          </Button>
        </form>
        {!problems && <ErrorAlert error={imp.error && !(imp.error instanceof ApiError && imp.error.code === 'network_version_conflict') ? imp.error : null} />}
      </Card>
    </section>
  );
}

function Rename({ model }: { model: ModelDetail }) {
  const { t } = useTranslation('network');
  const qc = useQueryClient();
  const [name, setName] = useState(model.name);
  const m = useMutation({
    mutationFn: () => patch<ModelDetail>(`/api/network/models/${model.id}`, { name }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['network'] }),
  });
  return (
    <Card title={t('model.rename')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate();
        }}
        className="flex flex-wrap items-end gap-3"
      >
        <TextField label={t('create.name')} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
        <Button type="submit" variant="secondary" disabled={m.isPending || name.trim() === ''}>
          {t('model.renameSave')}
        </Button>
      </form>
      <ErrorAlert error={m.error} />
    </Card>
  );
}

