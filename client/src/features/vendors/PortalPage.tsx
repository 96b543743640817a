import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatJapanDateTime } from '@shared/era';
import { REPORT_KINDS, REQUEST_STATUSES, SHEET_STATUSES } from '@shared/vendors';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../../app/session';
import { Alert, Badge, Button, ErrorAlert, Loading, PageHeader, SelectField, Table, TextArea, TextField, td } from '../../components/ui';
import { ApiError, get, post } from '../../lib/api';
import type { EvidenceRequest, Report } from './api';
import { EvidenceList, EvidenceRequestsTable, EvidenceUpload, Section, useNamed } from './parts';

interface Portal {
  contractors: Array<{ id: string; name: string; corporateNumber: string | null }>;
  sheets: Array<{ id: string; fiscalYear: number; status: string; dueOn: string | null; submittedAt: string | null; reviewNote: string | null }>;
  requests: EvidenceRequest[];
  reports: Report[];
  services: Array<{ id: string; name: string }>;
}

/** The contractor's own page: its check sheets, the evidence asked of it, and its reports. Nothing else. */
export function PortalPage() {
  const { t } = useTranslation('vendors');
  const nm = useNamed();
  const qc = useQueryClient();
  const p = useQuery({ queryKey: ['vendors', 'portal'], queryFn: () => get<Portal>('/api/vendors/portal') });
  const [rep, setRep] = useState({ kind: 'work', title: '', body: '', serviceId: '' });
  const send = useMutation({
    mutationFn: () => post<Report>('/api/vendors/portal/reports', { kind: rep.kind, title: rep.title, body: rep.body || null, serviceId: rep.serviceId || null }),
    onSuccess: () => {
      setRep({ kind: 'work', title: '', body: '', serviceId: '' });
      qc.invalidateQueries({ queryKey: ['vendors', 'portal'] });
    },
  });
  const err = send.error instanceof ApiError ? send.error : null;
  if (p.isLoading) return <Loading />;
  if (p.error || !p.data) return <ErrorAlert error={p.error} />;
  const d = p.data;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('portal.title')} description={t('portal.description', { name: d.contractors.map((c) => c.name).join('、') })} />
      <Section title={t('sheets.title')}>
        {d.sheets.length === 0 ? (
          <p>{t('portal.noSheets')}</p>
        ) : (
          <Table caption={t('sheets.title')} head={[t('sheets.fiscalYear'), t('sheets.status'), t('sheets.dueOn')]}>
            {d.sheets.map((s) => (
              <tr key={s.id}>
                <td className={td}>
                  <Link to={`/vendors/check-sheets/${s.id}`}>{t('sheets.ofYear', { fy: s.fiscalYear })}</Link>
                </td>
                <td className={td}>
                  <Badge tone={s.status === 'sent' || s.status === 'returned' ? 'yellow' : s.status === 'accepted' ? 'green' : 'blue'}>{nm(SHEET_STATUSES, s.status)}</Badge>
                </td>
                <td className={td}>{s.dueOn ?? '—'}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <Section title={t('requests.title')}>
        <EvidenceRequestsTable requests={d.requests} />
      </Section>
      <Section title={t('reports.title')}>
        {d.reports.length > 0 && (
          <Table caption={t('reports.title')} head={[t('reports.kind'), t('reports.name'), t('reports.submitted')]}>
            {d.reports.map((r) => (
              <tr key={r.id}>
                <td className={td}>{nm(REPORT_KINDS, r.kind)}</td>
                <td className={td}>
                  <Link to={`/vendors/reports/${r.id}`}>{r.title}</Link>
                </td>
                <td className={td}>{formatJapanDateTime(r.submittedAt)}</td>
              </tr>
            ))}
          </Table>
        )}
        <form className="mt-4 grid gap-3 md:grid-cols-2" noValidate onSubmit={(e) => { e.preventDefault(); send.mutate(); }} aria-label={t('reports.send')}>
          {send.error && <div className="md:col-span-2"><ErrorAlert error={send.error} /></div>}
          {send.isSuccess && <div className="md:col-span-2"><Alert tone="success" title={t('reports.sent')} /></div>}
          <SelectField label={t('reports.kind')} value={rep.kind} onChange={(e) => setRep({ ...rep, kind: e.target.value })} options={REPORT_KINDS.map((k) => ({ value: k.id, label: nm(REPORT_KINDS, k.id) }))} />
          <SelectField label={t('reports.service')} value={rep.serviceId} onChange={(e) => setRep({ ...rep, serviceId: e.target.value })} options={[{ value: '', label: t('none') }, ...d.services.map((s) => ({ value: s.id, label: s.name }))]} />
          <div className="md:col-span-2">
            <TextField label={t('reports.name')} value={rep.title} onChange={(e) => setRep({ ...rep, title: e.target.value })} required error={err?.fieldText('title')} />
          </div>
          <div className="md:col-span-2">
            <TextArea label={t('reports.body')} value={rep.body} onChange={(e) => setRep({ ...rep, body: e.target.value })} rows={4} />
          </div>
          <div>
            <Button type="submit" disabled={!rep.title || send.isPending}>
              {t('reports.send')}
            </Button>
          </div>
        </form>
      </Section>
    </div>
  );
}

export function RequestPage() {
  const { evidenceRequestId } = useParams();
  const { t } = useTranslation('vendors');
  const nm = useNamed();
  const can = useCan();
  const qc = useQueryClient();
  const key = ['vendors', 'request', evidenceRequestId];
  const r = useQuery({ queryKey: key, queryFn: () => get<EvidenceRequest>(`/api/vendors/evidence-requests/${evidenceRequestId}`) });
  const [note, setNote] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: ['vendors'] });
  const submit = useMutation({ mutationFn: () => post(`/api/vendors/portal/evidence-requests/${evidenceRequestId}/submit`, { note: note || null }), onSuccess: refresh });
  const review = useMutation({ mutationFn: (decision: 'accept' | 'return') => post(`/api/vendors/evidence-requests/${evidenceRequestId}/review`, { decision, note: note || null }), onSuccess: refresh });
  if (r.isLoading) return <Loading />;
  if (r.error || !r.data) return <ErrorAlert error={r.error} />;
  const d = r.data;
  const contractor = d.viewer === 'contractor';
  const open = d.status === 'open' || d.status === 'returned';
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={d.title}
        description={`${d.contractor?.name ?? ''}／${nm(REQUEST_STATUSES, d.status)}${d.dueOn ? `／${t('requests.dueOn')} ${d.dueOn}` : ''}`}
        actions={contractor ? <Link to="/contractor/vendors">{t('nav.portal')}</Link> : <Link to={`/vendors/contractors/${d.contractorId}`}>{t('contracts.backToContractor')}</Link>}
      />
      {d.detail && <p className="text-std-16N-170">{d.detail}</p>}
      {d.reviewNote && <Alert tone="warning" title={t('sheet.reviewNote')}>{d.reviewNote}</Alert>}
      {d.responseNote && <Alert tone="info" title={t('requests.responseNote')}>{d.responseNote}</Alert>}
      <Section title={t('evidence.list')}>
        <EvidenceList items={d.evidence ?? []} caption={t('evidence.list')} />
        {contractor && open && can('vendor.respond') && <EvidenceUpload url={`/api/vendors/portal/evidence-requests/${d.id}/evidence`} onDone={() => qc.invalidateQueries({ queryKey: key })} withValidUntil />}
      </Section>
      {contractor && open && can('vendor.respond') && (
        <Section title={t('requests.submit')}>
          {submit.error && <ErrorAlert error={submit.error} />}
          <TextArea label={t('requests.responseNote')} value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
          <Button className="mt-3" onClick={() => submit.mutate()}>
            {t('requests.submit')}
          </Button>
        </Section>
      )}
      {!contractor && d.status === 'submitted' && can('vendor.write') && (
        <Section title={t('sheet.review')}>
          {review.error && <ErrorAlert error={review.error} />}
          <TextArea label={t('sheet.reviewNoteLabel')} value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
          <div className="mt-3 flex gap-2">
            <Button onClick={() => review.mutate('accept')}>{t('sheet.accept')}</Button>
            <Button variant="danger" onClick={() => review.mutate('return')}>
              {t('sheet.return')}
            </Button>
          </div>
        </Section>
      )}
    </div>
  );
}

export function ReportPage() {
  const { vendorReportId } = useParams();
  const { t } = useTranslation('vendors');
  const nm = useNamed();
  const can = useCan();
  const qc = useQueryClient();
  const key = ['vendors', 'report', vendorReportId];
  const r = useQuery({ queryKey: key, queryFn: () => get<Report & { viewer: string }>(`/api/vendors/reports/${vendorReportId}`) });
  if (r.isLoading) return <Loading />;
  if (r.error || !r.data) return <ErrorAlert error={r.error} />;
  const d = r.data;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={d.title} description={`${d.contractor?.name ?? ''}／${nm(REPORT_KINDS, d.kind)}／${formatJapanDateTime(d.submittedAt)} ${d.submittedByLabel}`} actions={d.viewer === 'contractor' ? <Link to="/contractor/vendors">{t('nav.portal')}</Link> : <Link to={`/vendors/contractors/${d.contractorId}`}>{t('contracts.backToContractor')}</Link>} />
      {d.body && <p className="whitespace-pre-wrap text-std-16N-170">{d.body}</p>}
      <Section title={t('evidence.list')}>
        <EvidenceList items={d.evidence ?? []} caption={t('evidence.list')} />
        {d.viewer === 'contractor' && can('vendor.respond') && <EvidenceUpload url={`/api/vendors/portal/reports/${d.id}/evidence`} onDone={() => qc.invalidateQueries({ queryKey: key })} />}
      </Section>
    </div>
  );
}
