import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLES } from '@shared/permissions';
import { formatJapanDateTime } from '@shared/era';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useCan, useMe } from '../../app/session';
import { Alert, Badge, Button, Card, ErrorAlert, Loading, PageHeader, SelectField, TextArea, TextField } from '../../components/ui';
import { get, post } from '../../lib/api';
import { type ApprovalItem, dateText, stateText, stateTone } from './api';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[14rem_1fr] gap-2 border-b border-solid-gray-200 py-2">
      <dt className="text-dns-16B-130">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function DetailPage() {
  const { approvalId = '' } = useParams();
  const { t, i18n } = useTranslation('approvals');
  const lang = i18n.language;
  const en = lang === 'en';
  const can = useCan();
  const me = useMe();
  const qc = useQueryClient();
  const key = ['approvals', approvalId];
  const q = useQuery({ queryKey: key, queryFn: () => get<ApprovalItem>(`/api/approvals/${approvalId}`) });
  const [decision, setDecision] = useState('approved');
  const [note, setNote] = useState('');
  const [extra, setExtra] = useState('');
  const [report, setReport] = useState('');
  const [returnedOn, setReturnedOn] = useState('');
  const done = (a: ApprovalItem) => {
    qc.setQueryData(key, a);
    qc.invalidateQueries({ queryKey: key });
  };
  const decide = useMutation({
    mutationFn: () => post<ApprovalItem>(`/api/approvals/${approvalId}/decision`, { decision, ...(note ? { note } : {}), ...(extra.trim() ? { conditions: extra.split('\n').map((x) => x.trim()).filter(Boolean) } : {}) }),
    onSuccess: done,
  });
  const sendReport = useMutation({ mutationFn: () => post<ApprovalItem>('/api/approvals/emergency-reports', { actionId: approvalId, report }), onSuccess: done });
  const recordReturn = useMutation({ mutationFn: () => post<ApprovalItem>(`/api/approvals/${approvalId}/return`, { returnedOn }), onSuccess: done });
  const review = useMutation({ mutationFn: () => post<ApprovalItem>(`/api/approvals/${approvalId}/review`, {}), onSuccess: done });
  if (q.isLoading) return <Loading />;
  if (q.error || !q.data) return <ErrorAlert error={q.error} />;
  const a = q.data;
  const roleName = (id: string) => {
    const r = ROLES.find((x) => x.id === id);
    return r ? (en ? r.en : r.ja) : id;
  };
  const mine = me.data?.user?.id === a.requestedBy;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    decide.mutate();
  };
  return (
    <div>
      <PageHeader title={a.title} description={`${en ? a.subjectLabel.en : a.subjectLabel.ja}`} actions={<Badge tone={stateTone(a.state)}>{stateText(a.state, lang)}</Badge>} />
      <div className="flex flex-col gap-6">
        <Card title={t('detail.details')}>
          <dl>
            <Row label={t('detail.requested')}>
              {a.requestedByLabel}（{formatJapanDateTime(a.requestedAt)}）
            </Row>
            <Row label={t('detail.approvers')}>{a.approverRoles.map(roleName).join('・')}</Row>
            <Row label={t('detail.classes')}>{a.classes.c ?? '—'}</Row>
            <Row label={t('detail.validity')}>
              {dateText(a.validFrom, lang)} 〜 {dateText(a.validUntil, lang)}
            </Row>
            {a.emergency && (
              <Row label={t('detail.reportDue')}>
                {dateText(a.reportDue, lang)} {a.reportLate && <Badge tone="red">{t('flag.late')}</Badge>}
              </Row>
            )}
            {a.reportedAt && <Row label={t('detail.reported')}>{formatJapanDateTime(a.reportedAt)}</Row>}
            {a.dueBack && (
              <Row label={t('detail.dueBack')}>
                {dateText(a.dueBack, lang)} {a.overdue && <Badge tone="red">{t('flag.overdue')}</Badge>}
              </Row>
            )}
            {a.returnedOn && <Row label={t('detail.returnedOn')}>{dateText(a.returnedOn, lang)}</Row>}
            {a.decidedAt && (
              <Row label={t('detail.decided')}>
                {a.decidedBy}（{formatJapanDateTime(a.decidedAt)}）{a.decisionNote ? `: ${a.decisionNote}` : ''}
              </Row>
            )}
            {a.reviewedAt && <Row label={t('detail.reviewed')}>{formatJapanDateTime(a.reviewedAt)}</Row>}
          </dl>
          <pre className="mt-3 overflow-x-auto whitespace-pre-wrap rounded-8 bg-solid-gray-50 p-3 text-dns-14N-130">{JSON.stringify(a.details, null, 2)}</pre>
        </Card>
        <Card title={t('detail.conditions')}>
          {a.conditionTexts.length === 0 ? (
            <p>{t('detail.noConditions')}</p>
          ) : (
            <ul className="list-disc pl-6">
              {a.conditionTexts.map((c) => (
                <li key={c.ja}>{en ? c.en : c.ja}</li>
              ))}
            </ul>
          )}
          {(a.checks.findings ?? []).length > 0 && (
            <>
              <h3 className="mt-4 text-std-17B-170">{t('detail.checks')}</h3>
              <ul className="list-disc pl-6">
                {(a.checks.findings ?? []).map((f) => (
                  <li key={f.code}>{en ? f.message.en : f.message.ja}</li>
                ))}
              </ul>
            </>
          )}
        </Card>
        {a.emergency && !a.reportedAt && mine && (
          <Card title={t('detail.report')}>
            <form
              aria-label={t('detail.report')}
              onSubmit={(e) => {
                e.preventDefault();
                sendReport.mutate();
              }}
              className="flex flex-col gap-3"
            >
              <TextArea label={t('detail.reportText')} required value={report} onChange={(e) => setReport(e.target.value)} />
              {sendReport.error && <ErrorAlert error={sendReport.error} />}
              <div>
                <Button type="submit">{t('detail.submitReport')}</Button>
              </div>
            </form>
          </Card>
        )}
        {a.state === 'pending' && a.subjectType === 'cloud_use' && <Alert tone="info">{t('detail.cloudNote')}</Alert>}
        {a.state === 'pending' && a.subjectType !== 'cloud_use' && can('approval.request') && (
          <Card title={t('detail.decide')}>
            <form aria-label={t('detail.decide')} onSubmit={submit} className="flex flex-col gap-3">
              <SelectField
                label={t('detail.decision')}
                value={decision}
                onChange={(e) => setDecision(e.target.value)}
                options={
                  mine
                    ? [{ value: 'withdrawn', label: t('detail.withdraw') }]
                    : [
                        { value: 'approved', label: t('detail.approve') },
                        { value: 'approved_with_conditions', label: t('detail.approveWithConditions') },
                        { value: 'rejected', label: t('detail.reject') },
                      ]
                }
              />
              {!mine && <TextArea label={t('detail.extraConditions')} value={extra} onChange={(e) => setExtra(e.target.value)} />}
              <TextArea label={t('detail.note')} value={note} onChange={(e) => setNote(e.target.value)} />
              {decide.error && <ErrorAlert error={decide.error} />}
              <div>
                <Button type="submit" onClick={() => mine && setDecision('withdrawn')}>
                  {t('detail.submitDecision')}
                </Button>
              </div>
            </form>
          </Card>
        )}
        {a.subjectType === 'take_out' && (a.state === 'approved' || a.state === 'approved_with_conditions' || a.state === 'expired') && !a.returnedOn && (
          <Card title={t('detail.recordReturn')}>
            <form
              aria-label={t('detail.recordReturn')}
              onSubmit={(e) => {
                e.preventDefault();
                recordReturn.mutate();
              }}
              className="flex flex-col gap-3"
            >
              <TextField type="date" label={t('detail.returnedOnLabel')} required value={returnedOn} onChange={(e) => setReturnedOn(e.target.value)} />
              {recordReturn.error && <ErrorAlert error={recordReturn.error} />}
              <div>
                <Button type="submit">{t('detail.recordReturn')}</Button>
              </div>
            </form>
          </Card>
        )}
        {can('approval.decide') && (a.state === 'approved' || a.state === 'approved_with_conditions') && (
          <div>
            <Button variant="secondary" onClick={() => review.mutate()}>
              {t('detail.markReviewed')}
            </Button>
            {review.error && <ErrorAlert error={review.error} />}
          </div>
        )}
        <Card title={t('detail.history')}>
          <ol className="list-decimal pl-6">
            {(a.history ?? []).map((h) => (
              <li key={`${h.at}-${h.event}`}>
                {formatJapanDateTime(h.at)} {h.actor}: {h.event}
                {h.note ? `（${h.note}）` : ''}
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </div>
  );
}
