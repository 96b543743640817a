import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MEDIA_KINDS, MEDIA_LABELS, type MediaKind, STATES, STORAGE_LABELS, STORAGE_OF_MEDIA, type DisposalState } from '@shared/disposal';
import { formatEditionLabel } from '@shared/era';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../app/session';
import { Alert, Badge, Button, Card, ErrorAlert, Loading, PageHeader, SelectField, Table, TextArea, TextField, td } from '../../components/ui';
import { ApiError, get, post, upload } from '../../lib/api';
import { pick } from '../../lib/i18n';
import { useUnits } from '../core/OrganizationPage';
import { type DisposalItem, EDITIONS, type Evaluation, type Page, type ProjectView, dateText, nowLocal, stateText } from './api';
import { DisposalTable } from './RegisterPage';

export function ProjectsPage() {
  const { t, i18n } = useTranslation('disposal');
  const can = useCan();
  const navigate = useNavigate();
  const list = useQuery({ queryKey: ['disposal-projects'], queryFn: () => get<Page<ProjectView>>('/api/disposal-projects') });
  const units = useUnits();
  const sections = (units.data ?? []).filter((u) => u.kind === 'section' && u.status === 'active');
  const [name, setName] = useState('');
  const [sectionId, setSectionId] = useState('');
  const [edition, setEdition] = useState(EDITIONS[0]);
  const [mediaKind, setMediaKind] = useState<MediaKind>('pc');
  const [storageKind, setStorageKind] = useState<string>('ssd');
  const [confidentiality, setConfidentiality] = useState('2');
  const [method, setMethod] = useState('');
  const [ownership, setOwnership] = useState<'owned' | 'leased'>('leased');
  const [leaseEnd, setLeaseEnd] = useState('');
  const [contractorName, setContractorName] = useState('');
  const [contractorId, setContractorId] = useState('');
  const [serials, setSerials] = useState('');
  const section = sectionId || sections[0]?.id || '';
  const evaluation = useQuery({
    queryKey: ['disposal-evaluate', 'project', edition, mediaKind, storageKind, confidentiality],
    queryFn: () => post<{ evaluation: Evaluation }>('/api/disposals/evaluate', { target: 'device', edition, mediaKind, storageKind, confidentiality }),
    enabled: can('disposal.write'),
    retry: false,
  });
  const allowed = evaluation.data?.evaluation.allowed ?? [];
  const create = useMutation({
    mutationFn: () =>
      post<ProjectView>('/api/disposal-projects', {
        name,
        sectionId: section,
        edition,
        contractorName,
        contractorId,
        defaults: { mediaKind, storageKind, confidentiality, method: method || null, ownership, leaseEnd: ownership === 'leased' ? leaseEnd || null : null },
        items: serials
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter(Boolean)
          .map((serialNumber) => ({ serialNumber })),
      }),
    onSuccess: (p) => navigate(`/disposal-projects/${p.id}`),
  });
  const err = create.error instanceof ApiError ? create.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <div>
      <PageHeader title={t('projects.title')} description={t('projects.description')} />
      {list.error && <ErrorAlert error={list.error} />}
      {list.isLoading && <Loading />}
      {list.data && list.data.items.length === 0 && <p className="mb-6 text-std-16N-170">{t('projects.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="mb-6">
          <Table caption={t('projects.caption')} head={[t('col.code'), t('projects.name'), t('field.edition'), t('col.contractor'), t('project.figures')]}>
            {list.data.items.map((p) => (
              <tr key={p.id}>
                <td className={td}>
                  <Link to={`/disposal-projects/${p.id}`}>{p.code}</Link>
                </td>
                <td className={td}>{p.name}</td>
                <td className={td}>{p.edition}</td>
                <td className={td}>{p.contractor?.name ?? '—'}</td>
                <td className={td}>
                  {t('projects.counts', p.counts)}
                  {p.counts.overdue > 0 && (
                    <span className="ml-1">
                      <Badge tone="red">{t('register.overdue')}</Badge>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      {can('disposal.write') && (
        <Card title={t('projects.create')}>
          <form onSubmit={submit} className="grid gap-4 lg:grid-cols-2" noValidate>
            <TextField label={t('projects.name')} required value={name} onChange={(e) => setName(e.target.value)} error={err?.fieldText('name', i18n.language)} />
            <SelectField label={t('field.section')} required value={section} onChange={(e) => setSectionId(e.target.value)} options={sections.map((s) => ({ value: s.id, label: s.name }))} />
            <SelectField label={t('field.edition')} value={edition} onChange={(e) => setEdition(e.target.value)} options={EDITIONS.map((id) => ({ value: id, label: `${formatEditionLabel(id)}（${id}）` }))} />
            <TextField label={t('field.contractorName')} value={contractorName} onChange={(e) => setContractorName(e.target.value)} />
            <TextField label={t('field.contractorId')} value={contractorId} onChange={(e) => setContractorId(e.target.value)} />
            <fieldset className="col-span-full grid gap-4 rounded-8 border border-solid-gray-420 p-4 lg:grid-cols-2">
              <legend className="px-1 text-std-16B-170">{t('projects.defaults')}</legend>
              <SelectField
                label={t('field.mediaKind')}
                value={mediaKind}
                onChange={(e) => {
                  const k = e.target.value as MediaKind;
                  setMediaKind(k);
                  setStorageKind(STORAGE_OF_MEDIA[k][0]);
                }}
                options={MEDIA_KINDS.map((k) => ({ value: k, label: pick(MEDIA_LABELS[k]) }))}
              />
              <SelectField label={t('field.storageKind')} value={storageKind} onChange={(e) => setStorageKind(e.target.value)} options={STORAGE_OF_MEDIA[mediaKind].map((s) => ({ value: s, label: pick(STORAGE_LABELS[s]) }))} />
              <SelectField label={t('col.class')} value={confidentiality} onChange={(e) => setConfidentiality(e.target.value)} options={['3A', '3B', '3C', '2', '1'].map((l) => ({ value: l, label: l }))} />
              <SelectField
                label={t('field.method')}
                value={method}
                onChange={(e) => setMethod(e.target.value)}
                options={[{ value: '', label: t('field.methodChoose') }, ...allowed.map((a) => ({ value: a.method, label: `${pick(a.label)}${a.provisional ? `（${t('evaluation.provisional')}）` : ''}` }))]}
              />
              <SelectField
                label={t('field.ownership')}
                value={ownership}
                onChange={(e) => setOwnership(e.target.value as 'owned' | 'leased')}
                options={[
                  { value: 'owned', label: t('field.owned') },
                  { value: 'leased', label: t('field.leased') },
                ]}
              />
              {ownership === 'leased' && <TextField type="date" label={t('field.leaseEnd')} value={leaseEnd} onChange={(e) => setLeaseEnd(e.target.value)} />}
            </fieldset>
            <div className="col-span-full">
              <TextArea label={t('projects.serials')} hint={t('projects.serialsHint')} rows={6} value={serials} onChange={(e) => setSerials(e.target.value)} />
            </div>
            {create.error && (
              <div className="col-span-full">
                <ErrorAlert error={create.error} />
              </div>
            )}
            <div>
              <Button type="submit" disabled={create.isPending}>
                {t('projects.create')}
              </Button>
            </div>
          </form>
        </Card>
      )}
    </div>
  );
}

type BulkResult = { done?: number; closed?: number; attached?: number; notClosed?: Array<{ code: string; reason: { ja: string; en: string } }> };

/** A bulk step; its result is shown by the page (the button may disappear once nothing is left to do). */
function BulkButton({ label, run, onDone, variant = 'secondary' }: { label: string; run: () => Promise<unknown>; onDone(r: BulkResult): void; variant?: 'primary' | 'secondary' }) {
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: run,
    onSuccess: (r) => {
      onDone(r as BulkResult);
      void qc.invalidateQueries({ queryKey: ['disposal-project'] });
      void qc.invalidateQueries({ queryKey: ['disposals'] });
    },
  });
  return (
    <div className="flex flex-col gap-2">
      <Button variant={variant} onClick={() => m.mutate()} disabled={m.isPending}>
        {label}
      </Button>
      {m.error && <ErrorAlert error={m.error} />}
    </div>
  );
}

function BulkNotice({ result }: { result: BulkResult | null }) {
  const { t } = useTranslation('disposal');
  if (!result) return null;
  return (
    <div className="mb-3 flex flex-col gap-2">
      <Alert tone="success" title={t('project.done', { n: result.done ?? result.closed ?? result.attached ?? 0 })} />
      {result.notClosed && result.notClosed.length > 0 && (
        <Alert tone="warning" title={t('project.notClosed')}>
          <ul className="list-disc pl-6">
            {result.notClosed.slice(0, 20).map((n) => (
              <li key={n.code}>
                {n.code}: {pick(n.reason)}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </div>
  );
}

export function ProjectPage() {
  const { projectId } = useParams();
  const { t, i18n } = useTranslation('disposal');
  const can = useCan();
  const qc = useQueryClient();
  const project = useQuery({ queryKey: ['disposal-project', projectId], queryFn: () => get<ProjectView>(`/api/disposal-projects/${projectId}`) });
  const items = useQuery({ queryKey: ['disposals', 'project', projectId], queryFn: () => get<Page<DisposalItem>>(`/api/disposals?projectId=${projectId}&pageSize=500&sort=code`) });
  const file = useRef<HTMLInputElement>(null);
  const batchFile = useRef<HTMLInputElement>(null);
  const [batchKind, setBatchKind] = useState<'certificate' | 'photo'>('certificate');
  const [receivedBy, setReceivedBy] = useState('');
  const [bulkResult, setBulkResult] = useState<BulkResult | null>(null);
  const importFile = useMutation({
    mutationFn: (dryRun: boolean) => {
      const f = file.current?.files?.[0];
      if (!f) throw new Error('no file');
      return upload<{ created: number; dryRun: boolean }>(`/api/disposal-projects/${projectId}/import?dryRun=${dryRun}`, f, f.name);
    },
    onSuccess: (r) => {
      if (!r.dryRun) {
        void qc.invalidateQueries({ queryKey: ['disposal-project'] });
        void qc.invalidateQueries({ queryKey: ['disposals'] });
      }
    },
  });
  if (project.isLoading) return <Loading />;
  if (project.error) return <ErrorAlert error={project.error} />;
  const p = project.data!;
  const contractorOnly = can('disposal.certify') && !can('disposal.write');
  const byState = STATES.filter((s) => p.counts.byState[s] > 0);
  return (
    <div>
      <PageHeader
        title={`${p.code} ${p.name}`}
        description={<Link to={contractorOnly ? '/contractor/disposals' : '/disposal-projects'}>{t('project.back')}</Link>}
        actions={
          <>
            <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 bg-white px-4 py-2 text-oln-16B-100 text-key-900 no-underline" href={`/api/disposal-projects/${p.id}/report?format=docx`} download>
              {t('project.report')}
            </a>
            <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 bg-white px-4 py-2 text-oln-16B-100 text-key-900 no-underline" href={`/api/disposal-projects/${p.id}/report?format=pdf`} download>
              {t('project.reportPdf')}
            </a>
          </>
        }
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={t('project.figures')}>
          <p className="mb-2 text-std-16N-170">{t('projects.counts', p.counts)}</p>
          <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3">
            {byState.map((s: DisposalState) => (
              <div key={s} className="flex flex-col">
                <dt className="text-dns-14N-130 text-solid-gray-700">{stateText(s, 'device')}</dt>
                <dd className="text-std-20B-150">{p.counts.byState[s]}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-2 text-dns-14N-130 text-solid-gray-700">
            {t('field.edition')}: {p.edition}・{t('col.contractor')}: {p.contractor?.name ?? '—'}・{t('field.scheduledOn')}: {dateText(p.scheduledOn, i18n.language)}
          </p>
        </Card>
        <Card title={t('project.bulk')}>
          <BulkNotice result={bulkResult} />
          <div className="flex flex-col gap-3">
            {can('disposal.approve') && p.counts.byState.requested > 0 && <BulkButton onDone={setBulkResult} label={t('project.approveAll')} run={() => post(`/api/disposal-projects/${p.id}/approve`)} />}
            {can('disposal.write') && p.counts.byState.approved > 0 && (
              <BulkButton onDone={setBulkResult} label={t('project.eraseAll')} run={() => post(`/api/disposal-projects/${p.id}/erase-in-building`, { at: nowLocal(), by: i18n.language === 'en' ? 'Staff' : '職員' })} />
            )}
            {can('disposal.write') && p.counts.byState.approved + p.counts.byState.erasedInBuilding > 0 && (
              <div className="flex flex-col gap-2">
                <TextField label={t('field.receivedBy')} value={receivedBy} onChange={(e) => setReceivedBy(e.target.value)} />
                <BulkButton onDone={setBulkResult} label={t('project.handoverAll')} run={() => post(`/api/disposal-projects/${p.id}/handover`, { at: nowLocal(), receivedBy })} />
              </div>
            )}
            {can('disposal.approve') && p.counts.byState.destroyed + p.counts.byState.certificateChecked > 0 && <BulkButton onDone={setBulkResult} label={t('project.closeAll')} run={() => post(`/api/disposal-projects/${p.id}/close`)} />}
            {can('disposal.certify') && p.counts.byState.handedOver > 0 && <BulkButton onDone={setBulkResult} label={t('project.batchComplete')} run={() => post(`/api/disposal-projects/${p.id}/contractor/completion`, { at: nowLocal() })} />}
            {can('disposal.certify') && (
              <form
                className="flex flex-col gap-2"
                aria-label={t('project.batchEvidence')}
                onSubmit={(e) => {
                  e.preventDefault();
                }}
              >
                <SelectField
                  label={t('field.evidenceKind')}
                  value={batchKind}
                  onChange={(e) => setBatchKind(e.target.value as 'certificate' | 'photo')}
                  options={[
                    { value: 'certificate', label: t('kind.certificate') },
                    { value: 'photo', label: t('kind.photo') },
                  ]}
                />
                <label htmlFor="batch-file" className="text-std-16B-170">
                  {t('field.file')}
                </label>
                <input id="batch-file" ref={batchFile} type="file" className="text-std-16N-170" />
                <BulkButton
                  onDone={setBulkResult}
                  label={t('project.batchEvidence')}
                  run={() => {
                    const f = batchFile.current?.files?.[0];
                    if (!f) return Promise.reject(new Error('no file'));
                    return upload(`/api/disposal-projects/${p.id}/contractor/evidence`, f, f.name, { kind: batchKind });
                  }}
                />
              </form>
            )}
          </div>
        </Card>
      </div>
      {can('disposal.write') && (
        <Card title={t('project.import')} className="mt-4">
          <p className="mb-3 text-dns-14N-130 text-solid-gray-700">{t('project.importHint')}</p>
          <div className="flex flex-wrap items-end gap-3">
            <div className="flex flex-col gap-1">
              <label htmlFor="import-file" className="text-std-16B-170">
                {t('field.file')}
              </label>
              <input id="import-file" ref={file} type="file" accept=".xlsx,.csv" className="text-std-16N-170" />
            </div>
            <Button variant="secondary" onClick={() => importFile.mutate(true)} disabled={importFile.isPending}>
              {t('project.preview')}
            </Button>
            <Button onClick={() => importFile.mutate(false)} disabled={importFile.isPending}>
              {t('project.importSubmit')}
            </Button>
            <a href="/api/disposal-projects/import-template.csv" download>
              {t('project.template')}
            </a>
          </div>
          {importFile.error && (
            <div className="mt-3">
              <ErrorAlert error={importFile.error} />
            </div>
          )}
          {importFile.data && (
            <div className="mt-3">
              <Alert tone="success" title={importFile.data.dryRun ? t('project.previewResult', { n: importFile.data.created }) : t('project.importResult', { n: importFile.data.created })} />
            </div>
          )}
        </Card>
      )}
      <section aria-labelledby="project-items" className="mt-6">
        <h2 id="project-items" className="mb-3 text-std-20B-150">
          {t('project.items')}
        </h2>
        {items.data && <DisposalTable items={items.data.items} caption={t('project.items')} />}
      </section>
    </div>
  );
}
