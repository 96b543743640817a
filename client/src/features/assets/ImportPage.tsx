import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Button, Card, ErrorAlert, PageHeader, SelectField, Table, td } from '../../components/ui';
import { ApiError, upload } from '../../lib/api';
import type { ImportResult } from './api';

const LIMIT_MB = 50;

/** Import wizard: choose a file → check it (dry run, errors by row and column) → import it. */
export function ImportPage() {
  const { t, i18n } = useTranslation('assets');
  const qc = useQueryClient();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState('');
  const run = useMutation({
    mutationFn: (dryRun: boolean) => upload<ImportResult>(`/api/assets/import?dryRun=${dryRun}${encoding ? `&encoding=${encoding}` : ''}`, file as File),
    onSuccess: (r) => {
      if (!r.dryRun) qc.invalidateQueries({ queryKey: ['assets'] });
    },
  });
  const result = run.data;
  const problem = run.error instanceof ApiError ? run.error : null;
  const step = !result && !problem ? 1 : result?.dryRun || problem ? 2 : 3;
  const summary = (r: ImportResult) => t('importPage.summary', { rows: r.rows, created: r.created, updated: r.updated, unchanged: r.unchanged, reclassified: r.reclassified });
  const check = (e: FormEvent) => {
    e.preventDefault();
    if (file) run.mutate(true);
  };
  const reset = () => {
    run.reset();
    setFile(null);
  };
  const stepClass = (n: number) => `rounded-8 px-3 py-1 text-dns-16B-130 ${step === n ? 'bg-key-900 text-white' : 'bg-solid-gray-100 text-solid-gray-800'}`;
  return (
    <div className="flex flex-col gap-6">
      <p>
        <Link to="/assets">{t('detail.back')}</Link>
      </p>
      <PageHeader title={t('importPage.title')} description={t('importPage.description')} />
      <ol className="flex flex-wrap gap-3" aria-label={t('importPage.title')}>
        <li className={stepClass(1)} aria-current={step === 1 ? 'step' : undefined}>
          {t('importPage.step1')}
        </li>
        <li className={stepClass(2)} aria-current={step === 2 ? 'step' : undefined}>
          {t('importPage.step2')}
        </li>
        <li className={stepClass(3)} aria-current={step === 3 ? 'step' : undefined}>
          {t('importPage.step3')}
        </li>
      </ol>

      {step === 1 && (
        <Card>
          <form className="flex flex-col gap-4" onSubmit={check}>
            <div className="flex flex-col gap-1">
              <label htmlFor={fileId} className="text-std-16B-170">
                {t('importPage.file')}
              </label>
              <p id={`${fileId}-hint`} className="text-dns-14N-130 text-solid-gray-700">
                {t('importPage.fileHint', { mb: LIMIT_MB })}
              </p>
              <input id={fileId} type="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby={`${fileId}-hint`} onChange={(e) => setFile(e.target.files?.[0] ?? null)} className="min-h-12 text-std-16N-170" />
            </div>
            <SelectField
              label={t('importPage.encoding')}
              value={encoding}
              onChange={(e) => setEncoding(e.target.value)}
              options={[
                { value: '', label: t('importPage.auto') },
                { value: 'utf-8', label: 'UTF-8' },
                { value: 'cp932', label: 'Shift_JIS (CP932)' },
              ]}
            />
            <div>
              <Button type="submit" disabled={!file || run.isPending}>
                {t('importPage.check')}
              </Button>
            </div>
          </form>
        </Card>
      )}

      {problem && (
        <Card title={t('importPage.errorsTitle')}>
          <div className="flex flex-col gap-4">
            <Alert tone="error" title={problem.text(i18n.language)} />
            {problem.errors.length > 0 && (
              <Table caption={t('importPage.errorsCaption')} head={[t('importPage.row'), t('importPage.column'), t('importPage.message')]}>
                {problem.errors.map((e) => (
                  <tr key={`${e.row}-${e.column}-${e.code}-${e.message.en}`}>
                    <td className={`${td} whitespace-nowrap`}>{e.row ?? '—'}</td>
                    <td className={`${td} whitespace-nowrap`}>{e.column ?? e.field ?? '—'}</td>
                    <td className={td}>{i18n.language === 'en' ? e.message.en : e.message.ja}</td>
                  </tr>
                ))}
              </Table>
            )}
            <div>
              <Button variant="secondary" onClick={reset}>
                {t('importPage.again')}
              </Button>
            </div>
          </div>
        </Card>
      )}
      {run.error && !problem && <ErrorAlert error={run.error} />}

      {result && (
        <Card title={result.dryRun ? t('importPage.step2') : t('importPage.step3')}>
          <div className="flex flex-col gap-4">
            {result.dryRun ? <Alert tone="info" title={summary(result)} /> : <Alert tone="success" title={t('importPage.done', { summary: summary(result) })} />}
            <p className="text-dns-14N-130 text-solid-gray-700">{t('importPage.format', { format: result.format.toUpperCase(), encoding: result.encoding ? ` / ${result.encoding}` : '' })}</p>
            {result.preview.length > 0 && (
              <Table caption={t('importPage.previewCaption', { n: result.preview.length })} head={[t('importPage.row'), t('col.code'), t('col.name'), t('importPage.action'), t('importPage.changes')]}>
                {result.preview.map((p) => (
                  <tr key={p.row}>
                    <td className={td}>{p.row}</td>
                    <td className={td}>{p.code}</td>
                    <td className={td}>{p.name}</td>
                    <td className={td}>{t(`importPage.actions.${p.action}`)}</td>
                    <td className={td}>{p.changes.join(', ') || '—'}</td>
                  </tr>
                ))}
              </Table>
            )}
            <div className="flex gap-3">
              {result.dryRun ? (
                <>
                  <Button onClick={() => run.mutate(false)} disabled={run.isPending}>
                    {t('importPage.commit')}
                  </Button>
                  <Button variant="secondary" onClick={reset}>
                    {t('importPage.again')}
                  </Button>
                </>
              ) : (
                <Link to="/assets">{t('importPage.toList')}</Link>
              )}
            </div>
          </div>
        </Card>
      )}
    </div>
  );
}
