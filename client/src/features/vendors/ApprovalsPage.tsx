import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatJapanDateTime } from '@shared/era';
import { SERVICE_KINDS } from '@shared/vendors';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../app/session';
import { Badge, Button, Card, ErrorAlert, Loading, PageHeader, Table, TextArea, td } from '../../components/ui';
import { ApiError, get, post } from '../../lib/api';
import type { Approval } from './api';
import { ClassText, ReasonsList, Section, VerdictBadge, useNamed } from './parts';

interface ApprovedService {
  serviceId: string;
  name: string;
  providerName: string;
  kind: string;
  covered: boolean;
  state: string;
  approval: Approval;
  currentClasses: { c: string | null };
}

function Decide({ a, onDone }: { a: Approval; onDone(): void }) {
  const { t } = useTranslation('vendors');
  const [conditions, setConditions] = useState('');
  const [note, setNote] = useState('');
  const decide = useMutation({ mutationFn: (decision: 'approved' | 'rejected') => post(`/api/vendors/approvals/${a.id}/decision`, { decision, conditions: conditions || null, note: note || null }), onSuccess: onDone });
  const err = decide.error instanceof ApiError ? decide.error : null;
  return (
    <form className="flex flex-col gap-3" onSubmit={(e) => e.preventDefault()} aria-label={t('approvals.decideFor', { name: a.serviceName ?? '' })}>
      {decide.error && <ErrorAlert error={decide.error} />}
      <TextArea label={t('approvals.conditions')} hint={t('approvals.conditionsHint')} value={conditions} onChange={(e) => setConditions(e.target.value)} rows={2} error={err?.fieldText('conditions')} />
      <TextArea label={t('approvals.note')} value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
      <div className="flex gap-2">
        <Button onClick={() => decide.mutate('approved')} disabled={decide.isPending}>
          {t('approvals.approve')}
        </Button>
        <Button variant="danger" onClick={() => decide.mutate('rejected')} disabled={decide.isPending}>
          {t('approvals.reject')}
        </Button>
      </div>
    </form>
  );
}

/** 利用承認: pending requests with their automatic checks, and the list of approved services. */
export function ApprovalsPage() {
  const { t } = useTranslation('vendors');
  const nm = useNamed();
  const can = useCan();
  const qc = useQueryClient();
  const pending = useQuery({ queryKey: ['vendors', 'approvals', 'pending'], queryFn: () => get<Approval[]>('/api/vendors/approvals?status=pending') });
  const approved = useQuery({ queryKey: ['vendors', 'approved-services'], queryFn: () => get<ApprovedService[]>('/api/vendors/approved-services') });
  const refresh = () => qc.invalidateQueries({ queryKey: ['vendors'] });
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('approvals.pageTitle')} description={t('approvals.pageDescription')} actions={<Link to="/vendors">{t('back')}</Link>} />
      <Section title={t('approvals.pending')}>
        {pending.error && <ErrorAlert error={pending.error} />}
        {pending.isLoading && <Loading />}
        {pending.data?.length === 0 && <p>{t('approvals.nonePending')}</p>}
        <div className="flex flex-col gap-4">
          {pending.data?.map((a) => (
            <Card key={a.id} title={a.serviceName}>
              <p className="text-std-16N-170">
                {t('approvals.purpose')}: {a.purpose}
              </p>
              <p className="text-std-16N-170">
                {t('approvals.classes')}: <ClassText c={a.classes.c} />／{t('suitability.integrity')} {a.classes.i ?? '—'}／{t('suitability.availability')} {a.classes.a ?? '—'}
              </p>
              <p className="text-dns-14N-130 text-solid-gray-700">
                {formatJapanDateTime(a.requestedAt)} {a.requestedByLabel}
              </p>
              {a.check && (
                <div className="mt-2">
                  <p>
                    {t('approvals.check')}: <VerdictBadge verdict={a.check.verdict} />
                  </p>
                  <ReasonsList reasons={a.check.reasons} />
                </div>
              )}
              <p className="mt-2">
                <Link to={`/vendors/services/${a.serviceId}`}>{t('approvals.openService')}</Link>
              </p>
              {can('vendor.approve') && (
                <div className="mt-3">
                  <Decide a={a} onDone={refresh} />
                </div>
              )}
            </Card>
          ))}
        </div>
      </Section>
      <Section title={t('approvals.approvedList')}>
        {approved.error && <ErrorAlert error={approved.error} />}
        {approved.data?.length === 0 && <p>{t('approvals.noneApproved')}</p>}
        {approved.data && approved.data.length > 0 && (
          <Table caption={t('approvals.approvedList')} head={[t('services.name'), t('services.kind'), t('approvals.approvedFor'), t('approvals.conditions'), t('approvals.state')]}>
            {approved.data.map((s) => (
              <tr key={s.serviceId}>
                <td className={td}>
                  <Link to={`/vendors/services/${s.serviceId}`}>{s.name}</Link>
                  <div className="text-dns-14N-130 text-solid-gray-700">{s.providerName}</div>
                </td>
                <td className={td}>{nm(SERVICE_KINDS, s.kind)}</td>
                <td className={td}>
                  <ClassText c={s.approval.classes.c} />／{s.approval.purpose}
                </td>
                <td className={td}>{s.approval.conditions ?? '—'}</td>
                <td className={td}>{s.covered ? <Badge tone="green">{t('approvalState.approved')}</Badge> : <Badge tone="red">{t(`approvalState.${s.state}`)}</Badge>}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}
