import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ANSWERS, SHEET_STATUSES } from '@shared/vendors';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../../app/session';
import { Alert, Badge, Button, ErrorAlert, Loading, PageHeader, TextArea, TextField } from '../../components/ui';
import { get, post, put } from '../../lib/api';
import { pick } from '../../lib/i18n';
import type { Sheet } from './api';
import { EvidenceList, EvidenceUpload, Provisional, Refs, Section, useNamed } from './parts';

type Answers = Record<string, { answer: string | null; comment: string }>;

/**
 * The yearly outsourcing check sheet: the contractor (or staff on its behalf) answers each
 * question with evidence, submits, and staff accept the answers or send them back with comments.
 */
export function CheckSheetPage() {
  const { checkSheetId } = useParams();
  const { t } = useTranslation('vendors');
  const nm = useNamed();
  const can = useCan();
  const qc = useQueryClient();
  const key = ['vendors', 'sheet', checkSheetId];
  const s = useQuery({ queryKey: key, queryFn: () => get<Sheet>(`/api/vendors/check-sheets/${checkSheetId}`) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['vendors'] });
  const [answers, setAnswers] = useState<Answers>({});
  const [reviewNote, setReviewNote] = useState('');
  const [itemNotes, setItemNotes] = useState<Record<string, string>>({});
  const [evidenceFor, setEvidenceFor] = useState<string | null>(null);
  // Take the server's answers when the sheet changes state or its saved answers change, but not when
  // only evidence was added (so answers being typed are not lost).
  const version = s.data ? `${s.data.id}:${s.data.status}:${s.data.items.map((i) => `${i.answer ?? ''}${i.comment ?? ''}`).join('|')}` : '';
  const [loaded, setLoaded] = useState('');
  useEffect(() => {
    if (!s.data || version === loaded) return;
    setLoaded(version);
    setAnswers(Object.fromEntries(s.data.items.map((i) => [i.itemId, { answer: i.answer, comment: i.comment ?? '' }])));
  }, [s.data, version, loaded]);
  const contractor = s.data?.viewer === 'contractor';
  const prefix = contractor ? `/api/vendors/portal/check-sheets/${checkSheetId}` : `/api/vendors/check-sheets/${checkSheetId}`;
  const save = useMutation({
    mutationFn: () => put<Sheet>(`${prefix}/answers`, { answers: Object.entries(answers).map(([itemId, v]) => ({ itemId, answer: v.answer, comment: v.comment || null })) }),
    onSuccess: (d) => qc.setQueryData(key, d),
  });
  const submit = useMutation({
    mutationFn: async () => {
      await put(`${prefix}/answers`, { answers: Object.entries(answers).map(([itemId, v]) => ({ itemId, answer: v.answer, comment: v.comment || null })) });
      return post<Sheet>(`${prefix}/submit`);
    },
    onSuccess: (d) => {
      qc.setQueryData(key, d);
      refresh();
    },
  });
  const send = useMutation({ mutationFn: () => post<Sheet>(`/api/vendors/check-sheets/${checkSheetId}/send`, {}), onSuccess: (d) => { qc.setQueryData(key, d); refresh(); } });
  const review = useMutation({
    mutationFn: (decision: 'accept' | 'return') => post<Sheet>(`/api/vendors/check-sheets/${checkSheetId}/review`, { decision, note: reviewNote || null, itemNotes: Object.entries(itemNotes).filter(([, n]) => n).map(([itemId, note]) => ({ itemId, note })) }),
    onSuccess: (d) => {
      qc.setQueryData(key, d);
      refresh();
    },
  });
  if (s.isLoading) return <Loading />;
  if (s.error || !s.data) return <ErrorAlert error={s.error} />;
  const d = s.data;
  const canAnswer = contractor ? can('vendor.respond') && (d.status === 'sent' || d.status === 'returned') : can('vendor.write') && ['draft', 'sent', 'returned'].includes(d.status);
  const canReview = !contractor && can('vendor.write') && d.status === 'answered';
  const answeredNow = Object.values(answers).filter((a) => a.answer).length;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={t('sheet.title', { name: d.contractor.name, fy: d.fiscalYear })}
        description={t('sheet.description', { edition: d.edition })}
        actions={contractor ? <Link to="/contractor/vendors">{t('nav.portal')}</Link> : <Link to={`/vendors/contractors/${d.contractor.id}`}>{t('contracts.backToContractor')}</Link>}
      />
      <p className="text-std-16N-170">
        {t('sheets.status')}: <Badge tone={d.status === 'accepted' ? 'green' : d.status === 'returned' ? 'red' : 'blue'}>{nm(SHEET_STATUSES, d.status)}</Badge>　{t('sheet.progress', { n: answeredNow, total: d.total })}　{d.dueOn && t('sheet.due', { date: d.dueOn })}
      </p>
      {d.reviewNote && (
        <Alert tone={d.status === 'returned' ? 'warning' : 'info'} title={t('sheet.reviewNote')}>
          {d.reviewNote}
        </Alert>
      )}
      {d.status === 'draft' && !contractor && can('vendor.write') && (
        <Alert tone="info" title={t('sheet.draftNote')}>
          {send.error && <ErrorAlert error={send.error} />}
          <Button className="mt-2" onClick={() => send.mutate()}>
            {t('sheet.send')}
          </Button>
        </Alert>
      )}
      {(save.error || submit.error) && <ErrorAlert error={save.error ?? submit.error} />}
      {save.isSuccess && <Alert tone="success" title={t('saved')} />}
      <ol className="flex flex-col gap-4">
        {d.items.map((item) => {
          const v = answers[item.itemId] ?? { answer: null, comment: '' };
          return (
            <li key={item.itemId} className="rounded-12 border border-solid-gray-420 bg-white p-4">
              <fieldset disabled={!canAnswer}>
                <legend className="text-std-16B-170">
                  {item.seq}. {pick(item.question)}
                </legend>
                <p className="text-dns-14N-130 text-solid-gray-700">
                  {item.node ? `${item.node.number} ${item.node.title}` : item.nodeId} <Refs refs={[item.nodeId]} />
                  <Provisional show={Boolean(item.node?.provisional)} />
                </p>
                <div className="mt-2 flex flex-wrap gap-4" role="radiogroup" aria-label={t('sheet.answerOf', { n: item.seq })}>
                  {ANSWERS.map((a) => (
                    <label key={a.id} className="flex items-center gap-2 text-std-16N-170">
                      <input type="radio" className="size-5 accent-key-900" name={`answer-${item.itemId}`} value={a.id} checked={v.answer === a.id} onChange={() => setAnswers({ ...answers, [item.itemId]: { ...v, answer: a.id } })} />
                      {nm(ANSWERS, a.id)}
                    </label>
                  ))}
                </div>
                <div className="mt-2">
                  <TextField label={t('sheet.comment', { n: item.seq })} value={v.comment} onChange={(e) => setAnswers({ ...answers, [item.itemId]: { ...v, comment: e.target.value } })} />
                </div>
              </fieldset>
              {item.reviewNote && (
                <p className="mt-2 rounded-8 bg-yellow-50 p-2 text-dns-16N-130">
                  {t('sheet.itemReview')}: {item.reviewNote}
                </p>
              )}
              {item.evidence.length > 0 && <EvidenceList items={item.evidence} caption={t('sheet.evidenceOf', { n: item.seq })} />}
              {canAnswer && (
                <div className="mt-2">
                  {evidenceFor === item.itemId ? (
                    <EvidenceUpload url={`${prefix}/evidence`} itemId={item.itemId} label={t('sheet.evidenceOf', { n: item.seq })} onDone={() => { setEvidenceFor(null); qc.invalidateQueries({ queryKey: key }); }} />
                  ) : (
                    <Button variant="ghost" onClick={() => setEvidenceFor(item.itemId)}>
                      {t('sheet.attach', { n: item.seq })}
                    </Button>
                  )}
                </div>
              )}
              {canReview && (
                <div className="mt-2">
                  <TextField label={t('sheet.itemNote', { n: item.seq })} value={itemNotes[item.itemId] ?? ''} onChange={(e) => setItemNotes({ ...itemNotes, [item.itemId]: e.target.value })} />
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {canAnswer && (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => save.mutate()} disabled={save.isPending}>
            {t('sheet.save')}
          </Button>
          <Button onClick={() => submit.mutate()} disabled={submit.isPending}>
            {t('sheet.submit')}
          </Button>
        </div>
      )}
      {canReview && (
        <Section title={t('sheet.review')}>
          {review.error && <ErrorAlert error={review.error} />}
          <TextArea label={t('sheet.reviewNoteLabel')} value={reviewNote} onChange={(e) => setReviewNote(e.target.value)} rows={3} />
          <div className="mt-3 flex gap-2">
            <Button onClick={() => review.mutate('accept')}>{t('sheet.accept')}</Button>
            <Button variant="danger" onClick={() => review.mutate('return')}>
              {t('sheet.return')}
            </Button>
          </div>
        </Section>
      )}
      {d.evidence.length > 0 && (
        <Section title={t('sheet.generalEvidence')}>
          <EvidenceList items={d.evidence} caption={t('sheet.generalEvidence')} />
        </Section>
      )}
    </div>
  );
}
