import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DOC_TEMPLATE_LABELS, type ProposalEntry } from '@shared/documents';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { Alert, Badge, Button, Card, ErrorAlert, Loading, PageHeader, SelectField, TextField } from '../../components/ui';
import { post, qs } from '../../lib/api';
import { useOptions, useProposal, versionPath } from './api';
import { Segments } from './ComparePage';

type Decision = { accept: boolean; reason: string };
const entryKey = (e: ProposalEntry) => `${e.documentTemplate}|${e.key}`;

export function EditionChangesPage() {
  const { versionId } = useParams();
  const { t, i18n } = useTranslation('documents');
  const can = useCan();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const options = useOptions(undefined);
  const edition = params.get('edition') ?? options.data?.current;
  const p = useProposal(versionId, edition);
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const apply = useMutation({
    mutationFn: () =>
      post<{ versionId: string; applied: number; declined: number }>(`/api/policy/versions/${versionId}/edition-changes`, {
        edition,
        decisions: (p.data?.entries ?? []).map((e) => ({ template: e.documentTemplate, key: e.key, accept: decisions[entryKey(e)]?.accept ?? false, reason: decisions[entryKey(e)]?.reason || undefined })),
      }),
    onSuccess: (r) => {
      qc.invalidateQueries({ queryKey: ['policies'] });
      qc.invalidateQueries({ queryKey: ['policy-version', r.versionId] });
      qc.invalidateQueries({ queryKey: ['policy-proposal'] });
      navigate(versionPath(r.versionId));
    },
  });
  const entries = p.data?.entries ?? [];
  const allDecided = entries.every((e) => decisions[entryKey(e)] !== undefined);
  const setAll = (accept: boolean) => setDecisions(Object.fromEntries(entries.map((e) => [entryKey(e), { accept, reason: decisions[entryKey(e)]?.reason ?? '' }])));
  const group = (change: ProposalEntry['change']) => entries.filter((e) => e.change === change);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={t('changes.title')}
        description={p.data ? t('changes.description', { from: p.data.fromEdition, to: p.data.toEdition }) : undefined}
        actions={
          versionId && edition ? (
            <div className="flex flex-col items-end gap-2">
              <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 px-3 text-key-900" href={`/api/policy/versions/${versionId}/edition-changes/export${qs({ edition, format: 'docx' })}`}>
                {t('changes.download')}
              </a>
              <Link to={versionPath(versionId)}>{t('compare.back')}</Link>
            </div>
          ) : undefined
        }
      />
      <div className="max-w-sm">
        <SelectField
          label={t('changes.target')}
          value={edition ?? ''}
          onChange={(e) => setParams({ edition: e.target.value })}
          options={(options.data?.editions ?? []).map((e) => ({ value: e.id, label: `${i18n.language === 'en' ? e.labelEn : e.label}（${e.id}）` }))}
        />
      </div>
      {p.error && <ErrorAlert error={p.error} />}
      {p.isLoading && <Loading />}
      {p.data && entries.length === 0 && <Alert tone="info">{t('changes.none')}</Alert>}
      {entries.length > 0 && can('policy.write') && (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => setAll(true)}>
            {t('changes.acceptAll')}
          </Button>
          <Button variant="secondary" onClick={() => setAll(false)}>
            {t('changes.declineAll')}
          </Button>
        </div>
      )}
      {(['add', 'change', 'remove'] as const).map((change) =>
        group(change).length === 0 ? null : (
          <Card key={change} title={`${t(`changes.${change}`)}（${group(change).length}）`}>
            <ul className="flex flex-col gap-6">
              {group(change).map((e) => (
                <EntryView
                  key={entryKey(e)}
                  entry={e}
                  decision={decisions[entryKey(e)]}
                  canDecide={can('policy.write')}
                  onDecide={(d) => setDecisions({ ...decisions, [entryKey(e)]: d })}
                />
              ))}
            </ul>
          </Card>
        ),
      )}
      {p.data && p.data.catalogOnly.length > 0 && (
        <Card title={t('changes.catalogOnly')}>
          <ul className="list-disc pl-6">
            {p.data.catalogOnly.map((c) => (
              <li key={c.id}>
                {c.number} {c.title}（{t('changes.catalogFields', { fields: c.fields.join(', ') })}）
              </li>
            ))}
          </ul>
        </Card>
      )}
      {entries.length > 0 && can('policy.write') && (
        <div>
          {apply.error && <ErrorAlert error={apply.error} />}
          <Button onClick={() => apply.mutate()} disabled={!allDecided || apply.isPending}>
            {t('changes.apply')}
          </Button>
        </div>
      )}
    </div>
  );
}

function EntryView({ entry, decision, canDecide, onDecide }: { entry: ProposalEntry; decision: Decision | undefined; canDecide: boolean; onDecide(d: Decision): void }) {
  const { t, i18n } = useTranslation('documents');
  const label = entry.proposed?.label ?? entry.current?.label ?? '';
  const heading = entry.proposed?.heading ?? entry.current?.heading ?? entry.key;
  const name = `decision-${entry.documentTemplate}-${entry.key}`;
  return (
    <li className="flex flex-col gap-3 rounded-8 border border-solid-gray-420 p-4">
      <h3 className="flex flex-wrap items-center gap-2 text-std-18B-160">
        <Badge tone="gray">{i18n.language === 'en' ? DOC_TEMPLATE_LABELS[entry.documentTemplate].en : DOC_TEMPLATE_LABELS[entry.documentTemplate].ja}</Badge>
        {label}　{heading}
        <span className="font-mono text-dns-14N-130 text-solid-gray-700">{entry.key}</span>
      </h3>
      <p className="text-dns-16N-130">{i18n.language === 'en' ? entry.reason.en : entry.reason.ja}</p>
      {entry.catalogFields.length > 0 && <p className="text-dns-14N-130 text-solid-gray-700">{t('changes.catalogFields', { fields: entry.catalogFields.join(', ') })}</p>}
      {entry.localEdits && <Alert tone="warning">{t('changes.localEdits')}</Alert>}
      <div className="grid gap-3 md:grid-cols-2">
        <div className="rounded-8 bg-solid-gray-50 p-3">
          <h4 className="text-std-16B-170">{t('changes.proposed')}</h4>
          <p className="whitespace-pre-wrap text-dns-16N-130">
            <Segments segments={entry.proposedSegments} empty={entry.proposed && !entry.proposed.included ? `（${t('editor.omitted')}: ${entry.proposed.omitReason ?? ''}）` : t('compare.removed')} />
          </p>
        </div>
        <div className="rounded-8 bg-solid-gray-50 p-3">
          <h4 className="text-std-16B-170">{t('changes.current')}</h4>
          <p className="whitespace-pre-wrap text-dns-16N-130">
            <Segments segments={entry.currentSegments} empty={entry.current && !entry.current.included ? `（${t('editor.omitted')}）` : t('compare.added')} />
          </p>
        </div>
      </div>
      {canDecide && (
        <fieldset className="flex flex-col gap-2">
          <legend className="text-std-16B-170">{t('changes.decisionLegend', { label, heading })}</legend>
          <div className="flex flex-wrap gap-6">
            {([true, false] as const).map((accept) => (
              <label key={String(accept)} className="flex items-center gap-2 text-std-16N-170">
                <input type="radio" name={name} className="size-6 accent-key-900" checked={decision?.accept === accept} onChange={() => onDecide({ accept, reason: decision?.reason ?? '' })} />
                {accept ? t('changes.accept') : t('changes.decline')}
                {accept ? <Badge tone="green">{t(`changes.${entry.change}`)}</Badge> : null}
              </label>
            ))}
          </div>
          {decision?.accept === false && <TextField label={t('changes.declineReason')} value={decision.reason} onChange={(e) => onDecide({ accept: false, reason: e.target.value })} />}
        </fieldset>
      )}
    </li>
  );
}
