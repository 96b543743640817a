import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CATEGORIES, ENTRY_KINDS, labelOf, MANUAL_ENTRY_KINDS, REPORT_KINDS, SEVERITIES, STATUSES } from '@shared/incidents';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useCan } from '../../app/session';
import { Badge, Button, Card, ErrorAlert, Loading, PageHeader, SelectField, Table, TextField, td } from '../../components/ui';
import { get, patch, post } from '../../lib/api';
import { fromLocal, type Incident, leftText, type Obligation, when } from './api';

function ObligationRow({ o, incidentId, manage }: { o: Obligation; incidentId: string; manage: boolean }) {
  const { t, i18n } = useTranslation('incidents');
  const en = i18n.language === 'en';
  const qc = useQueryClient();
  const [sentAt, setSentAt] = useState('');
  const [reason, setReason] = useState('');
  const m = useMutation({
    mutationFn: (body: unknown) => post(`/api/incidents/${incidentId}/obligations/${o.id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['incidents'] }),
  });
  return (
    <tr>
      <td className={td}>
        {en ? o.label.en : o.label.ja} {o.provisional && <Badge tone="yellow">{t('detail.provisional')}</Badge>}
        <div className="text-dns-14N-130 text-solid-gray-700">{en ? o.reference.en : o.reference.ja}</div>
        <div className="text-dns-14N-130">
          {t('detail.triggers')}：{o.triggers.map((x) => (en ? x.en : x.ja)).join('、')}
        </div>
      </td>
      <td className={`${td} whitespace-nowrap`}>
        {when(o.dueAt)}
        <div>{o.status === 'open' ? o.overdue ? <Badge tone="red">{leftText(o.minutesLeft, en)}</Badge> : leftText(o.minutesLeft, en) : null}</div>
      </td>
      <td className={td}>
        {o.status === 'sent' && <Badge tone="green">{`${t('detail.settled')} ${when(o.sentAt)}`}</Badge>}
        {o.status === 'notApplicable' && <Badge tone="gray">{`${t('detail.na')}：${o.reason}`}</Badge>}
        {o.status === 'open' && manage && (
          <div className="grid gap-2">
            {m.error && <ErrorAlert error={m.error} />}
            <TextField label={t('detail.sentAt')} type="datetime-local" value={sentAt} onChange={(e) => setSentAt(e.target.value)} />
            <Button variant="secondary" onClick={() => m.mutate({ status: 'sent', sentAt: sentAt ? fromLocal(sentAt) : null })}>
              {t('detail.sent')}
            </Button>
            <TextField label={t('detail.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
            <Button variant="secondary" onClick={() => m.mutate({ status: 'notApplicable', reason: reason || null })}>
              {t('detail.na')}
            </Button>
          </div>
        )}
      </td>
    </tr>
  );
}

export function IncidentPage() {
  const { incidentId = '' } = useParams();
  const { t, i18n } = useTranslation('incidents');
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const can = useCan();
  const manage = can('incident.manage');
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['incidents', incidentId], queryFn: () => get<Incident>(`/api/incidents/${incidentId}`) });
  const [entry, setEntry] = useState({ at: '', kind: 'decision', text: '' });
  const [measure, setMeasure] = useState({ title: '', ownerName: '', dueDate: '' });
  const [status, setStatus] = useState('');
  const done = () => qc.invalidateQueries({ queryKey: ['incidents'] });
  const addEntry = useMutation({ mutationFn: () => post(`/api/incidents/${incidentId}/timeline`, { ...entry, at: fromLocal(entry.at) }), onSuccess: () => { setEntry({ at: '', kind: 'decision', text: '' }); done(); } });
  const addMeasure = useMutation({ mutationFn: () => post(`/api/incidents/${incidentId}/measures`, measure), onSuccess: () => { setMeasure({ title: '', ownerName: '', dueDate: '' }); done(); } });
  const changeStatus = useMutation({ mutationFn: () => patch(`/api/incidents/${incidentId}`, { status }), onSuccess: done });
  const freeze = useMutation({ mutationFn: (kind: string) => post(`/api/incidents/${incidentId}/reports`, { kind, format: 'docx' }), onSuccess: done });
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  const d = q.data;
  return (
    <div>
      <PageHeader title={`${d.code} ${d.title}`} description={`${labelOf(CATEGORIES, d.category, lang)}・${labelOf(SEVERITIES, d.severity, lang)}・${labelOf(STATUSES, d.status, lang)}`} />
      <Card className="mb-6">
        <p>{d.description}</p>
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          <div><dt>{t('form.occurredAt')}</dt><dd>{when(d.occurredAt)}</dd></div>
          <div><dt>{t('form.discoveredAt')}</dt><dd>{when(d.discoveredAt)}</dd></div>
          <div><dt>{t('form.knewAt')}</dt><dd>{when(d.knewAt)}</dd></div>
          <div><dt>{t('form.personsCount')}</dt><dd>{d.personsCount ?? '—'}</dd></div>
        </dl>
        <p>{t('detail.reg')}：{d.assets.length ? d.assets.map((a) => `${a.code} ${a.name}（${a.segment ?? '—'}・${a.confidentiality ?? '—'}）`).join('、') : t('detail.none')}</p>
        {manage && d.status !== 'closed' && d.status !== 'dismissed' && (
          <form className="mt-4 flex items-end gap-2" onSubmit={(e: FormEvent) => { e.preventDefault(); changeStatus.mutate(); }}>
            <SelectField label={t('detail.status')} options={[{ value: '', label: '—' }, ...STATUSES.map((s) => ({ value: s.id, label: s[lang] }))]} value={status} onChange={(e) => setStatus(e.target.value)} />
            <Button type="submit">{t('detail.change')}</Button>
          </form>
        )}
        {changeStatus.error && <ErrorAlert error={changeStatus.error} />}
      </Card>
      <Card title={t('detail.obligations')} className="mb-6">
        <Table caption={t('detail.obligations')} head={[t('col.obligation'), t('col.due'), t('col.status')]}>
          {d.obligations.map((o) => <ObligationRow key={o.id} o={o} incidentId={d.id} manage={manage} />)}
        </Table>
      </Card>
      <Card title={t('detail.timeline')} className="mb-6">
        <ol className="grid gap-2">
          {d.timeline.map((e) => (
            <li key={e.id}>
              <span className="whitespace-nowrap">{when(e.at)}</span> <Badge tone={e.auto ? 'gray' : 'blue'}>{labelOf(ENTRY_KINDS, e.kind, lang)}</Badge> {e.text} <span className="text-dns-14N-130 text-solid-gray-700">（{e.authorLabel}）</span>
              {e.fileIds.map((f) => <a key={f} className="ml-2" href={`/api/incidents/${d.id}/files/${f}`}>{t('detail.file')}</a>)}
            </li>
          ))}
        </ol>
        {manage && (
          <form className="mt-4 grid max-w-xl gap-2" onSubmit={(e: FormEvent) => { e.preventDefault(); addEntry.mutate(); }}>
            {addEntry.error && <ErrorAlert error={addEntry.error} />}
            <TextField label={t('detail.at')} type="datetime-local" required value={entry.at} onChange={(e) => setEntry({ ...entry, at: e.target.value })} />
            <SelectField label={t('detail.kind')} options={MANUAL_ENTRY_KINDS.map((k) => ({ value: k, label: labelOf(ENTRY_KINDS, k, lang) }))} value={entry.kind} onChange={(e) => setEntry({ ...entry, kind: e.target.value })} />
            <TextField label={t('detail.text')} required value={entry.text} onChange={(e) => setEntry({ ...entry, text: e.target.value })} />
            <div><Button type="submit">{t('detail.addEntry')}</Button></div>
          </form>
        )}
      </Card>
      <Card title={t('detail.measures')} className="mb-6">
        <ul>{d.measures.map((m) => <li key={m.id}>{m.title}（{m.ownerName ?? '—'}・{m.dueDate}・{m.status}）</li>)}</ul>
        {manage && (
          <form className="mt-4 grid max-w-xl gap-2" onSubmit={(e: FormEvent) => { e.preventDefault(); addMeasure.mutate(); }}>
            {addMeasure.error && <ErrorAlert error={addMeasure.error} />}
            <TextField label={t('detail.measureTitle')} required value={measure.title} onChange={(e) => setMeasure({ ...measure, title: e.target.value })} />
            <TextField label={t('detail.owner')} value={measure.ownerName} onChange={(e) => setMeasure({ ...measure, ownerName: e.target.value })} />
            <TextField label={t('detail.dueDate')} type="date" required value={measure.dueDate} onChange={(e) => setMeasure({ ...measure, dueDate: e.target.value })} />
            <div><Button type="submit">{t('detail.addMeasure')}</Button></div>
          </form>
        )}
      </Card>
      {manage && (
        <Card title={t('detail.reports')}>
          <ul className="grid gap-2">
            {REPORT_KINDS.map((k) => (
              <li key={k.id} className="flex flex-wrap items-center gap-3">
                <span>{k[lang]}</span>
                <a href={`/api/incidents/${d.id}/reports/${k.id}?format=docx`}>{t('detail.download')}（Word）</a>
                <a href={`/api/incidents/${d.id}/reports/${k.id}?format=pdf`}>{t('detail.download')}（PDF）</a>
                <Button variant="secondary" onClick={() => freeze.mutate(k.id)}>{t('detail.freeze')}</Button>
              </li>
            ))}
          </ul>
          {d.reports.length > 0 && <h3 className="mt-4">{t('detail.frozen')}</h3>}
          <ul>{d.reports.map((r) => <li key={r.id}><a href={`/api/incidents/${d.id}/files/${r.fileId}`}>{labelOf(REPORT_KINDS, r.kind, lang)}（{when(r.createdAt)}）</a></li>)}</ul>
        </Card>
      )}
    </div>
  );
}
