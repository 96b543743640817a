import { useMutation, useQueryClient } from '@tanstack/react-query';
import { MODEL_LABELS, type NetworkModelId } from '@shared/network';
import { formatJapanDateTime } from '@shared/era';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCan } from '../../app/session';
import { Badge, Button, Card, ErrorAlert, Loading, PageHeader, Table, TextField, td } from '../../components/ui';
import { post, upload } from '../../lib/api';
import { type ModelDetail, type ModelView, TEMPLATE, tr, useModels } from './api';
import { SummaryBadges } from './parts';

export function ModelsPage() {
  const { t } = useTranslation('network');
  const can = useCan();
  const models = useModels();
  return (
    <div>
      <PageHeader
        title={t('list.title')}
        description={t('list.description')}
        actions={
          <Link className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 px-4 py-2 text-oln-16B-100 text-key-900 hover:bg-key-50" to="/network/rules">
            {t('list.rules')}
          </Link>
        }
      />
      {models.isLoading && <Loading />}
      <ErrorAlert error={models.error} />
      {models.data && (models.data.items.length === 0 ? <p className="mb-6 text-std-16N-170">{t('list.none')}</p> : <ModelTable items={models.data.items} />)}
      {can('network.write') && <CreateModel />}
    </div>
  );
}

function ModelTable({ items }: { items: ModelView[] }) {
  const { t } = useTranslation('network');
  return (
    <div className="mb-8">
      <Table caption={t('list.caption')} head={[t('list.colName'), t('list.colVersion'), t('list.colModel'), t('list.colFindings'), t('list.colUpdated')]}>
        {items.map((m) => (
          <tr key={m.id}>
            <td className={td}>
              <Link to={`/network/models/${m.id}`}>{m.name}</Link>
            </td>
            <td className={td}>{m.current ? `v${m.current.versionNo}` : '—'}</td>
            <td className={td}>{m.current ? tr(MODEL_LABELS[m.current.networkModel as NetworkModelId]) : '—'}</td>
            <td className={td}>{m.current ? <SummaryBadges summary={m.current.summary} /> : '—'}</td>
            <td className={td}>{formatJapanDateTime(m.updatedAt)}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

function CreateModel() {
  const { t } = useTranslation('network');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const fileId = useId();
  const [name, setName] = useState('');
  const [comment, setComment] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const done = (m: ModelDetail) => {
    void qc.invalidateQueries({ queryKey: ['network', 'models'] });
    navigate(`/network/models/${m.id}`);
  };
  const fromFile = useMutation({
    mutationFn: () => upload<ModelDetail>('/api/network/models/import', file as File, undefined, { name, comment }),
    onSuccess: done,
  });
  const fromTemplate = useMutation({
    mutationFn: () => post<ModelDetail>('/api/network/models', { name: name || t('create.templateName'), source: TEMPLATE, format: 'yaml', comment: comment || null }),
    onSuccess: done,
  });
  const submitFile = (e: FormEvent) => {
    e.preventDefault();
    if (file) fromFile.mutate();
  };
  return (
    <Card title={t('create.title')}>
      <form onSubmit={submitFile} className="flex flex-col gap-4">
        <TextField label={t('create.name')} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        <TextField label={t('create.comment')} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={1000} />
        <fieldset className="flex flex-col gap-2 rounded-8 border border-solid-gray-420 p-4">
          <legend className="px-1 text-std-16B-170">{t('create.fromFile')}</legend>
          <label htmlFor={fileId} className="text-std-16B-170">
            {t('create.file')}
          </label>
          <p id={`${fileId}-hint`} className="text-dns-14N-130 text-solid-gray-700">
            {t('create.fileHint')}
          </p>
          <input
            id={fileId}
            type="file"
            accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
            aria-describedby={`${fileId}-hint`}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            className="text-std-16N-170"
          />
          <div>
            <Button type="submit" disabled={!file || fromFile.isPending}>
              {t('create.submitFile')}
            </Button>
          </div>
          <ErrorAlert error={fromFile.error} />
        </fieldset>
        <fieldset className="flex flex-col gap-2 rounded-8 border border-solid-gray-420 p-4">
          <legend className="px-1 text-std-16B-170">{t('create.fromTemplate')}</legend>
          <p className="text-dns-14N-130 text-solid-gray-700">{t('create.templateHint')}</p>
          <div>
            <Button variant="secondary" onClick={() => fromTemplate.mutate()} disabled={fromTemplate.isPending}>
              {t('create.submitTemplate')}
            </Button>
          </div>
          <ErrorAlert error={fromTemplate.error} />
        </fieldset>
      </form>
      <p className="mt-3 text-dns-14N-130">
        <Badge tone="gray">{t('severity.info')}</Badge> {t('rules.format')}: <Link to="/network/rules">{t('list.rules')}</Link>
      </p>
    </Card>
  );
}
