import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CATEGORIES, DETECTIONS, labelOf, SEVERITIES, STATUSES } from '@shared/incidents';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCan } from '../../app/session';
import { Badge, Button, Card, Checkbox, ErrorAlert, Loading, PageHeader, SelectField, Table, TextArea, TextField, td } from '../../components/ui';
import { get, post } from '../../lib/api';
import { fromLocal, type IncidentItem, leftText, type TodoItem, when } from './api';

const FLAGS = ['personalData', 'specialCare', 'myNumber', 'ordinanceSpecial', 'stronglyEncrypted', 'propertyDamage', 'improperPurpose', 'unspecifiedExposure', 'crime', 'lgwan'] as const;

export function TodoTable() {
  const { t, i18n } = useTranslation('incidents');
  const en = i18n.language === 'en';
  const todo = useQuery({ queryKey: ['incidents', 'todo'], queryFn: () => get<TodoItem[]>('/api/incidents/todo') });
  if (todo.error) return <ErrorAlert error={todo.error} />;
  if (!todo.data) return <Loading />;
  if (todo.data.length === 0) return <p>{t('list.none')}</p>;
  return (
    <Table caption={t('list.todoCaption')} head={[t('col.due'), t('col.left'), t('col.obligation'), t('col.code')]}>
      {todo.data.map((o) => (
        <tr key={o.id}>
          <td className={`${td} whitespace-nowrap`}>{when(o.dueAt)}</td>
          <td className={`${td} whitespace-nowrap`}>{o.overdue ? <Badge tone="red">{leftText(o.minutesLeft, en)}</Badge> : leftText(o.minutesLeft, en)}</td>
          <td className={td}>{en ? o.label.en : o.label.ja}</td>
          <td className={td}>
            <Link to={`/incidents/${o.incidentId}`}>{o.code}</Link> {o.title}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function IncidentsPage() {
  const { t, i18n } = useTranslation('incidents');
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const can = useCan();
  const list = useQuery({ queryKey: ['incidents', 'list'], queryFn: () => get<IncidentItem[]>('/api/incidents') });
  return (
    <div>
      <PageHeader
        title={t('list.title')}
        description={t('list.description')}
        actions={
          <div className="flex gap-2">
            {can('incident.report') && <Link to="/incidents/new">{t('list.new')}</Link>}
            {can('incident.manage') && <a href="/api/incidents/export">{t('list.export')}</a>}
          </div>
        }
      />
      {can('incident.manage') && (
        <Card title={t('list.todo')} className="mb-6">
          <TodoTable />
        </Card>
      )}
      {list.error && <ErrorAlert error={list.error} />}
      {list.data ? (
        <Table caption={t('list.caption')} head={[t('col.code'), t('col.title'), t('col.category'), t('col.severity'), t('col.status'), t('col.knew'), t('col.persons')]}>
          {list.data.map((i) => (
            <tr key={i.id}>
              <td className={`${td} whitespace-nowrap`}>
                <Link to={`/incidents/${i.id}`}>{i.code}</Link>
              </td>
              <td className={td}>{i.title}</td>
              <td className={td}>{labelOf(CATEGORIES, i.category, lang)}</td>
              <td className={td}>{labelOf(SEVERITIES, i.severity, lang)}</td>
              <td className={td}>{labelOf(STATUSES, i.status, lang)}</td>
              <td className={`${td} whitespace-nowrap`}>{when(i.knewAt)}</td>
              <td className={td}>{i.personsCount ?? '—'}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <Loading />
      )}
    </div>
  );
}

export function NewIncidentPage() {
  const { t, i18n } = useTranslation('incidents');
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const nav = useNavigate();
  const qc = useQueryClient();
  const [f, setF] = useState<Record<string, string>>({ detection: 'internal', category: 'mistake', severity: 'unknown' });
  const [flags, setFlags] = useState<Record<string, boolean>>({});
  const set = (k: string) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const m = useMutation({
    mutationFn: () =>
      post<{ id: string }>('/api/incidents', {
        title: f.title,
        description: f.description,
        occurredAt: fromLocal(f.occurredAt ?? ''),
        discoveredAt: fromLocal(f.discoveredAt ?? ''),
        knewAt: fromLocal(f.knewAt ?? ''),
        detection: f.detection,
        category: f.category,
        severity: f.severity,
        ...(f.personsCount ? { personsCount: Number(f.personsCount) } : {}),
        ...(f.contractId ? { contractId: f.contractId } : {}),
        ...flags,
      }),
    onSuccess: (r) => {
      qc.invalidateQueries({ queryKey: ['incidents'] });
      nav(`/incidents/${r.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  const opts = (list: ReadonlyArray<{ id: string; ja: string; en: string }>) => list.map((x) => ({ value: x.id, label: x[lang] }));
  return (
    <div>
      <PageHeader title={t('nav.report')} />
      <form onSubmit={submit} className="grid max-w-3xl gap-4">
        {m.error && <ErrorAlert error={m.error} />}
        <TextField label={t('form.title')} required value={f.title ?? ''} onChange={set('title')} />
        <TextArea label={t('form.description')} required value={f.description ?? ''} onChange={set('description')} />
        <TextField label={t('form.occurredAt')} type="datetime-local" required value={f.occurredAt ?? ''} onChange={set('occurredAt')} />
        <TextField label={t('form.discoveredAt')} type="datetime-local" required value={f.discoveredAt ?? ''} onChange={set('discoveredAt')} />
        <TextField label={t('form.knewAt')} type="datetime-local" required value={f.knewAt ?? ''} onChange={set('knewAt')} />
        <SelectField label={t('form.detection')} options={opts(DETECTIONS)} value={f.detection} onChange={set('detection')} />
        <SelectField label={t('form.category')} options={opts(CATEGORIES)} value={f.category} onChange={set('category')} />
        <SelectField label={t('form.severity')} options={opts(SEVERITIES)} value={f.severity} onChange={set('severity')} />
        <TextField label={t('form.personsCount')} type="number" min={0} step={1} value={f.personsCount ?? ''} onChange={set('personsCount')} />
        <TextField label={t('form.contractId')} value={f.contractId ?? ''} onChange={set('contractId')} />
        <fieldset className="grid gap-2">
          {FLAGS.map((k) => (
            <Checkbox key={k} label={t(`form.${k}`)} checked={flags[k] ?? false} onChange={(e) => setFlags((x) => ({ ...x, [k]: e.target.checked }))} />
          ))}
        </fieldset>
        <div>
          <Button type="submit" disabled={m.isPending}>
            {t('form.submit')}
          </Button>
        </div>
      </form>
    </div>
  );
}
