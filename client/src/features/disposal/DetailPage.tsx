import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Action } from '@shared/permissions';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../../app/session';
import { Alert, Badge, Button, Card, ErrorAlert, Loading, PageHeader, SelectField, Table, TextArea, TextField, td } from '../../components/ui';
import { get, patch, post, upload } from '../../lib/api';
import { pick } from '../../lib/i18n';
import { type DisposalDetail, dateText, dateTimeText, mediaText, nowLocal, stateText, stateTone } from './api';
import { EvaluationPanel } from './NewDisposalPage';

type FieldKind = 'datetime' | 'text' | 'textarea';
interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  initial?: (d: DisposalDetail) => string;
}
interface ActionSpec {
  key: string;
  label: string;
  perm: Action;
  path: string;
  fields: FieldSpec[];
}

function specs(t: (k: string) => string, contractorOnly: boolean): ActionSpec[] {
  const at: FieldSpec = { name: 'at', label: t('field.at'), kind: 'datetime', required: true, initial: () => nowLocal() };
  const note: FieldSpec = { name: 'note', label: t('field.note'), kind: 'textarea' };
  const place: FieldSpec = { name: 'place', label: t('field.place'), kind: 'text' };
  const list: ActionSpec[] = [
    { key: 'approve', label: t('action.approve'), perm: 'disposal.approve', path: 'approve', fields: [note] },
    { key: 'eraseInBuilding', label: t('action.eraseInBuilding'), perm: 'disposal.write', path: 'erase-in-building', fields: [at, { name: 'by', label: t('field.by'), kind: 'text', required: true }, note] },
    {
      key: 'handover',
      label: t('action.handover'),
      perm: 'disposal.write',
      path: 'handover',
      fields: [
        at,
        { name: 'contractorName', label: t('field.contractorName'), kind: 'text', required: true, initial: (d) => d.contractor?.name ?? '' },
        { name: 'contractorId', label: t('field.contractorId'), kind: 'text', initial: (d) => d.contractor?.id ?? '' },
        { name: 'receivedBy', label: t('field.receivedBy'), kind: 'text', required: true },
        place,
        note,
      ],
    },
    { key: 'custody', label: t('action.custody'), perm: 'disposal.write', path: 'custody', fields: [at, { name: 'from', label: t('field.from'), kind: 'text', required: true }, { name: 'to', label: t('field.to'), kind: 'text', required: true }, place, note] },
    contractorOnly
      ? { key: 'complete', label: t('action.contractorComplete'), perm: 'disposal.certify', path: 'contractor/completion', fields: [at, place, note] }
      : { key: 'complete', label: t('action.complete'), perm: 'disposal.write', path: 'completion', fields: [at, place, note] },
    {
      key: 'witness',
      label: t('action.witness'),
      perm: 'disposal.write',
      path: 'witness',
      fields: [
        { name: 'name', label: t('field.witnessName'), kind: 'text', required: true },
        { name: 'from', label: t('field.witnessFrom'), kind: 'datetime', required: true, initial: () => nowLocal() },
        { name: 'until', label: t('field.witnessUntil'), kind: 'datetime', required: true, initial: () => nowLocal() },
        note,
      ],
    },
    { key: 'checkCertificate', label: t('action.checkCertificate'), perm: 'disposal.approve', path: 'certificate-check', fields: [note] },
    { key: 'staffCheck', label: t('action.staffCheck'), perm: 'disposal.write', path: 'staff-check', fields: [at, note] },
    { key: 'keyDestruction', label: t('action.keyDestruction'), perm: 'disposal.write', path: 'key-destruction', fields: [at, { name: 'keyReference', label: t('field.keyReference'), kind: 'text', required: true }, note] },
    { key: 'close', label: t('action.close'), perm: 'disposal.approve', path: 'close', fields: [note] },
    { key: 'cancel', label: t('action.cancel'), perm: 'disposal.approve', path: 'cancel', fields: [{ name: 'reason', label: t('field.reason'), kind: 'textarea', required: true }] },
  ];
  return list;
}

function StepForm({ d, spec, onDone }: { d: DisposalDetail; spec: ActionSpec; onDone(label: string): void }) {
  const { i18n } = useTranslation('disposal');
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(spec.fields.map((f) => [f.name, f.initial?.(d) ?? ''])));
  const m = useMutation({
    mutationFn: () => post<DisposalDetail>(`/api/disposals/${d.id}/${spec.path}`, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''))),
    onSuccess: () => onDone(spec.label),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  const fieldError = (f: string) => (m.error && 'fieldText' in m.error ? (m.error as { fieldText(f: string, l: string): string | undefined }).fieldText(f, i18n.language) : undefined);
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-label={spec.label} noValidate>
      {spec.fields.map((f) => {
        const common = { label: f.label, required: f.required, value: values[f.name], error: fieldError(f.name) };
        const on = (v: string) => setValues({ ...values, [f.name]: v });
        if (f.kind === 'textarea') return <TextArea key={f.name} {...common} rows={2} onChange={(e) => on(e.target.value)} />;
        return <TextField key={f.name} {...common} type={f.kind === 'datetime' ? 'datetime-local' : 'text'} onChange={(e) => on(e.target.value)} />;
      })}
      {m.error && <ErrorAlert error={m.error} />}
      <div>
        <Button type="submit" variant={spec.key === 'cancel' ? 'danger' : 'primary'} disabled={m.isPending}>
          {spec.label}
        </Button>
      </div>
    </form>
  );
}

function EvidenceForm({ d, contractor, onDone }: { d: DisposalDetail; contractor: boolean; onDone(label: string): void }) {
  const { t } = useTranslation('disposal');
  const [kind, setKind] = useState<'certificate' | 'photo'>('certificate');
  const file = useRef<HTMLInputElement>(null);
  const m = useMutation({
    mutationFn: () => {
      const f = file.current?.files?.[0];
      if (!f) throw new Error('no file');
      return upload(`/api/disposals/${d.id}/${contractor ? 'contractor/evidence' : 'evidence'}`, f, f.name, { kind });
    },
    onSuccess: () => {
      if (file.current) file.current.value = '';
      onDone(label);
    },
  });
  const label = contractor ? t('action.contractorEvidence') : t('action.evidence');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate();
      }}
      className="flex flex-col gap-3"
      aria-label={label}
    >
      <SelectField
        label={t('field.evidenceKind')}
        value={kind}
        onChange={(e) => setKind(e.target.value as 'certificate' | 'photo')}
        options={[
          { value: 'certificate', label: t('kind.certificate') },
          { value: 'photo', label: t('kind.photo') },
        ]}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={`evidence-file-${d.id}`} className="text-std-16B-170">
          {t('field.file')}
        </label>
        <input id={`evidence-file-${d.id}`} ref={file} type="file" required accept={kind === 'photo' ? 'image/*' : 'application/pdf,image/*'} className="text-std-16N-170" />
      </div>
      {m.error && <ErrorAlert error={m.error} />}
      <div>
        <Button type="submit" disabled={m.isPending}>
          {label}
        </Button>
      </div>
    </form>
  );
}

function MethodForm({ d, onDone }: { d: DisposalDetail; onDone(label: string): void }) {
  const { t } = useTranslation('disposal');
  const [method, setMethod] = useState(d.method ?? '');
  const label = t('action.changeMethod');
  const m = useMutation({ mutationFn: () => patch<DisposalDetail>(`/api/disposals/${d.id}`, { method: method || null }), onSuccess: () => onDone(label) });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate();
      }}
      className="flex flex-col gap-3"
      aria-label={label}
    >
      <SelectField
        label={t('field.method')}
        value={method}
        onChange={(e) => setMethod(e.target.value)}
        options={[{ value: '', label: t('field.methodChoose') }, ...d.evaluation.allowed.map((a) => ({ value: a.method, label: `${pick(a.label)}${a.provisional ? `（${t('evaluation.provisional')}）` : ''}` }))]}
      />
      {m.error && <ErrorAlert error={m.error} />}
      <div>
        <Button type="submit" disabled={m.isPending}>
          {label}
        </Button>
      </div>
    </form>
  );
}

export function DetailPage() {
  const { disposalId } = useParams();
  const { t, i18n } = useTranslation('disposal');
  const can = useCan();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['disposal', disposalId], queryFn: () => get<DisposalDetail>(`/api/disposals/${disposalId}`) });
  const [notice, setNotice] = useState<string | null>(null);
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const d = q.data!;
  const lang = i18n.language;
  const contractorOnly = can('disposal.certify') && !can('disposal.write');
  const refresh = (label: string) => {
    setNotice(label);
    void qc.invalidateQueries({ queryKey: ['disposal', disposalId] });
    void qc.invalidateQueries({ queryKey: ['disposals'] });
  };
  const available = specs(t, contractorOnly).filter((s) => d.actions.includes(s.key) && can(s.perm));
  const showEvidence = d.actions.includes('evidence') && (can('disposal.write') || can('disposal.certify'));
  const showSteps = available.length > 0 || showEvidence || (d.actions.includes('edit') && can('disposal.write'));
  const basics: Array<[string, string]> = [
    [t('col.kind'), mediaText(d)],
    ...(d.target === 'device'
      ? ([
          [t('field.serialNumber'), d.serialNumber ?? '—'],
          [t('field.model'), d.model ?? '—'],
          [t('field.ownership'), d.ownership === 'leased' ? `${t('field.leased')}（${t('field.leaseEnd')} ${dateText(d.leaseEnd, lang)}${d.lessor ? `・${d.lessor}` : ''}）` : d.ownership === 'owned' ? t('field.owned') : '—'],
        ] as Array<[string, string]>)
      : ([
          [t('field.serviceName'), d.service?.name ?? '—'],
          [t('field.cloudTenant'), d.service?.tenant ?? '—'],
          [t('field.dataDescription'), d.service?.data ?? '—'],
          [t('field.keyDescription'), d.service?.keys ?? '—'],
        ] as Array<[string, string]>)),
    ...(d.section ? ([[t('col.section'), d.section.name ?? '—']] as Array<[string, string]>) : []),
    ...(d.project ? ([[t('nav.projects'), `${d.project.code} ${d.project.name}`]] as Array<[string, string]>) : []),
    [t('field.edition'), d.edition],
    [t('col.class'), `${d.confidentiality}${d.myNumberResident ? `・${t('field.myNumberResident')}` : ''}`],
    [t('field.method'), d.methodLabel ? pick(d.methodLabel) : '—'],
    [t('col.contractor'), d.contractor?.name ?? '—'],
    [t('col.due'), dateText(d.certificateDueOn, lang)],
  ];
  return (
    <div>
      <PageHeader
        title={`${d.code} ${d.serialNumber ?? d.service?.name ?? ''}`}
        description={<Link to={contractorOnly ? '/contractor/disposals' : '/disposals'}>{t('detail.back')}</Link>}
        actions={
          <>
            <Badge tone={stateTone(d.state)}>{stateText(d.state, d.target)}</Badge>
            <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 bg-white px-4 py-2 text-oln-16B-100 text-key-900 no-underline" href={`/api/disposals/${d.id}/report?format=docx`} download>
              {t('detail.report')}
            </a>
            <a className="inline-flex min-h-11 items-center rounded-8 border-2 border-key-900 bg-white px-4 py-2 text-oln-16B-100 text-key-900 no-underline" href={`/api/disposals/${d.id}/report?format=pdf`} download>
              {t('detail.reportPdf')}
            </a>
          </>
        }
      />
      {d.certificateOverdue && <Alert tone="error" title={`${t('detail.overdue')}（${dateText(d.certificateDueOn, lang)}）`} />}
      {d.leaseEndingSoon && <Alert tone="warning" title={`${t('detail.leaseSoon')}（${dateText(d.leaseEnd, lang)}）`} />}
      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <Card title={t('detail.basics')}>
          <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-1 text-std-16N-170">
            {basics.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-solid-gray-700">{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title={t('detail.proof')}>
          <ul className="flex flex-col gap-2" data-testid="proof">
            {d.proof.map((p) => (
              <li key={p.kind} className="flex flex-wrap items-center gap-2">
                <Badge tone={p.met ? 'green' : p.level === 'required' ? 'red' : 'gray'}>{p.met ? t('detail.met') : t('detail.unmet')}</Badge>
                <span>{pick(p.label)}</span>
                <Badge tone="gray">{t(`evaluation.${p.level}`)}</Badge>
                {p.provisional && <Badge tone="yellow">{t('evaluation.provisional')}</Badge>}
                {p.detail && <span className="text-dns-14N-130 text-solid-gray-700">{pick(p.detail)}</span>}
              </li>
            ))}
          </ul>
          {d.proofChoices.length > 0 && (
            <div className="mt-3" data-testid="proof-choices">
              <h3 className="text-std-16B-170">{t('detail.choices')}</h3>
              {d.proofChoices.map((c) => (
                <div key={c.id} className="mt-1">
                  <p className="text-std-16N-170">
                    {pick(c.label)} <Badge tone={c.met ? 'green' : 'gray'}>{c.met ? t('detail.met') : t('detail.unmet')}</Badge>
                  </p>
                  <ul className="list-disc pl-6 text-dns-14N-130">
                    {c.options.map((o) => (
                      <li key={o.id}>
                        {pick(o.label)}
                        {c.option?.id === o.id && ' ✓'}
                      </li>
                    ))}
                  </ul>
                  {c.note && <p className="text-dns-14N-130 text-solid-gray-700">{pick(c.note)}</p>}
                </div>
              ))}
            </div>
          )}
          {d.state !== 'cancelled' && d.proofWarnings.length > 0 && (
            <div className="mt-3" data-testid="proof-warnings">
              <Alert tone="warning" title={t('detail.warnings')}>
                <ul className="list-disc pl-6">
                  {d.proofWarnings.map((w) => (
                    <li key={w.kind}>{pick(w.message)}</li>
                  ))}
                </ul>
              </Alert>
            </div>
          )}
          {d.state !== 'closed' && d.state !== 'cancelled' && d.missingForClose.length > 0 && (
            <div className="mt-3">
              <h3 className="text-std-16B-170">{t('detail.missing')}</h3>
              <ul className="list-disc pl-6 text-std-16N-170">
                {d.missingForClose.map((m) => (
                  <li key={m.en}>{pick(m)}</li>
                ))}
              </ul>
            </div>
          )}
        </Card>
      </div>
      {notice && (
        <div className="mt-4">
          <Alert tone="success" title={`${notice}: ${t('action.done')}`} />
        </div>
      )}
      {showSteps && (
        <section aria-labelledby="next-steps" className="mt-6">
          <h2 id="next-steps" className="mb-3 text-std-20B-150">
            {t('detail.actions')}
          </h2>
          <div className="grid gap-4 lg:grid-cols-2">
            {d.actions.includes('edit') && can('disposal.write') && (
              <details className="rounded-12 border border-solid-gray-420 bg-white p-4">
                <summary className="cursor-pointer text-std-16B-170">{t('action.changeMethod')}</summary>
                <div className="mt-3">
                  <MethodForm d={d} onDone={refresh} />
                </div>
              </details>
            )}
            {available.map((s) => (
              <details key={s.key} className="rounded-12 border border-solid-gray-420 bg-white p-4">
                <summary className="cursor-pointer text-std-16B-170">{s.label}</summary>
                <div className="mt-3">
                  <StepForm d={d} spec={s} onDone={refresh} />
                </div>
              </details>
            ))}
            {showEvidence && (
              <details className="rounded-12 border border-solid-gray-420 bg-white p-4" open={contractorOnly}>
                <summary className="cursor-pointer text-std-16B-170">{contractorOnly ? t('action.contractorEvidence') : t('action.evidence')}</summary>
                <div className="mt-3">
                  <EvidenceForm d={d} contractor={contractorOnly} onDone={refresh} />
                </div>
              </details>
            )}
          </div>
        </section>
      )}
      <div className="mt-6 grid gap-4">
        <Card title={t('detail.evidence')}>
          {d.evidence.length === 0 ? (
            <p className="text-std-16N-170">{t('detail.noEvidence')}</p>
          ) : (
            <Table caption={t('detail.evidence')} head={[t('field.evidenceKind'), t('field.file'), 'SHA-256', t('detail.recordedBy'), t('field.at')]}>
              {d.evidence.map((e) => (
                <tr key={e.id}>
                  <td className={td}>{e.kind === 'certificate' ? t('kind.certificate') : t('kind.photo')}</td>
                  <td className={td}>
                    <a href={`/api/disposals/${d.id}/evidence/${e.id}`} download>
                      {e.filename}
                    </a>
                  </td>
                  <td className={`${td} font-mono text-dns-14N-130`}>{e.sha256.slice(0, 16)}…</td>
                  <td className={td}>
                    {e.uploadedBy}
                    {e.byContractor && (
                      <span className="ml-1">
                        <Badge tone="blue">{t('detail.byContractor')}</Badge>
                      </span>
                    )}
                  </td>
                  <td className={td}>{dateTimeText(e.uploadedAt, lang)}</td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
        <Card title={t('detail.custody')}>
          {d.custody.length === 0 ? (
            <p className="text-std-16N-170">{t('detail.noCustody')}</p>
          ) : (
            <Table caption={t('detail.custody')} head={[t('field.at'), t('field.from'), t('field.to'), t('field.place'), t('detail.recordedBy')]}>
              {d.custody.map((c) => (
                <tr key={c.id}>
                  <td className={td}>{dateTimeText(c.at, lang)}</td>
                  <td className={td}>{c.from}</td>
                  <td className={td}>{c.to}</td>
                  <td className={td}>{c.place ?? '—'}</td>
                  <td className={td}>{c.recordedBy}</td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
        <Card title={t('detail.witnesses')}>
          {d.witnesses.length === 0 ? (
            <p className="text-std-16N-170">{t('detail.noWitness')}</p>
          ) : (
            <ul className="list-disc pl-6 text-std-16N-170">
              {d.witnesses.map((w) => (
                <li key={w.id}>
                  {w.name}: {dateTimeText(w.from, lang)} – {dateTimeText(w.until, lang)}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t('detail.timeline')}>
          <ol className="flex flex-col gap-2 border-l-4 border-key-200 pl-4" data-testid="timeline">
            {d.events.map((e) => (
              <li key={e.id} className="text-std-16N-170">
                <strong>{dateTimeText(e.occurredAt, lang)}</strong> {t(`event.${e.kind}`)}
                <span className="text-dns-14N-130 text-solid-gray-700">
                  {' '}
                  — {e.actor}
                  {[e.to, e.place, e.note].filter(Boolean).length ? `（${[e.to, e.place, e.note].filter(Boolean).join(' / ')}）` : ''}
                </span>
              </li>
            ))}
          </ol>
        </Card>
        {d.assets.length > 0 && (
          <Card title={t('detail.assets')}>
            <ul className="list-disc pl-6 text-std-16N-170">
              {d.assets.map((a) => (
                <li key={a.id}>
                  {a.code} {a.name}（{a.confidentiality ?? '—'}
                  {a.segment ? `・${t(`segment.${a.segment}`)}` : ''}）
                </li>
              ))}
            </ul>
          </Card>
        )}
        {!contractorOnly && (
          <Card title={t('evaluation.title')}>
            <EvaluationPanel evaluation={d.evaluation} />
          </Card>
        )}
      </div>
    </div>
  );
}
