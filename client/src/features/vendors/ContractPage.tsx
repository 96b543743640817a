import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CLAUSE_STATUSES, CONTRACT_CLAUSES, CONTRACT_SUBJECTS, SUBCONTRACT_STATUSES } from '@shared/vendors';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../../app/session';
import { Alert, Badge, Button, ErrorAlert, Loading, PageHeader, SelectField, Table, TextField, td } from '../../components/ui';
import { ApiError, get, post, put } from '../../lib/api';
import type { ContractDetail, ContractorListItem } from './api';
import { ClassText, EvidenceList, EvidenceUpload, Provisional, Refs, Section, useLang, useNamed } from './parts';

type ClauseForm = Record<string, { status: string; value: string; note: string }>;

/** A contract: its clause checklist, the subcontracting chain (any depth) and documents. */
export function ContractPage() {
  const { vendorContractId } = useParams();
  const { t } = useTranslation('vendors');
  const lang = useLang();
  const nm = useNamed();
  const can = useCan();
  const qc = useQueryClient();
  const key = ['vendors', 'contract', vendorContractId];
  const k = useQuery({ queryKey: key, queryFn: () => get<ContractDetail>(`/api/vendors/contracts/${vendorContractId}`) });
  const contractors = useQuery({ queryKey: ['vendors', 'contractors', 'all'], queryFn: () => get<{ items: ContractorListItem[] }>('/api/vendors/contractors?pageSize=200') });
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const [form, setForm] = useState<ClauseForm>({});
  useEffect(() => {
    if (!k.data) return;
    setForm(Object.fromEntries(k.data.clauses.map((c) => [c.id, { status: c.status ?? '', value: c.value ?? '', note: c.note ?? '' }])));
  }, [k.data]);
  const save = useMutation({
    mutationFn: () =>
      put(`/api/vendors/contracts/${vendorContractId}/clauses`, {
        clauses: Object.entries(form)
          .filter(([, v]) => v.status)
          .map(([id, v]) => ({ id, status: v.status, value: v.value || null, note: v.note || null })),
      }),
    onSuccess: refresh,
  });
  const [sub, setSub] = useState({ parentContractorId: '', contractorId: '', work: '' });
  const addSub = useMutation({ mutationFn: () => post(`/api/vendors/contracts/${vendorContractId}/subcontracts`, sub), onSuccess: () => { setSub({ parentContractorId: '', contractorId: '', work: '' }); refresh(); } });
  const decide = useMutation({ mutationFn: (v: { id: string; decision: 'approved' | 'refused' }) => post(`/api/vendors/subcontracts/${v.id}/decision`, { decision: v.decision }), onSuccess: refresh });
  if (k.isLoading) return <Loading />;
  if (k.error || !k.data) return <ErrorAlert error={k.error} />;
  const d = k.data;
  const write = can('vendor.write');
  const saveErr = save.error instanceof ApiError ? save.error : null;
  const inChain = [d.contractor, ...d.subcontracts.map((s) => ({ id: s.contractorId, name: s.contractorName }))];
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={d.title}
        description={`${d.contractor.name}／${nm(CONTRACT_SUBJECTS, d.subject)}／${d.startsOn} 〜 ${d.endsOn ?? ''}`}
        actions={<Link to={`/vendors/contractors/${d.contractorId}`}>{t('contracts.backToContractor')}</Link>}
      />
      <p className="text-std-16N-170">
        {t('contracts.maxC')}: <ClassText c={d.maxConfidentiality} />
        {d.service && (
          <>
            　{t('contracts.service')}: <Link to={`/vendors/services/${d.service.id}`}>{d.service.name}</Link>
          </>
        )}
      </p>

      <Section title={t('clauses.title')}>
        <p className="mb-3 text-dns-16N-130">{t('clauses.description')}</p>
        {save.error && <ErrorAlert error={save.error} />}
        {save.isSuccess && <Alert tone="success" title={t('saved')} />}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <Table caption={t('clauses.title')} head={[t('clauses.clause'), t('clauses.status'), t('clauses.value'), t('clauses.note')]}>
            {CONTRACT_CLAUSES.map((cl, i) => {
              const v = form[cl.id] ?? { status: '', value: '', note: '' };
              const set = (patch: Partial<typeof v>) => setForm({ ...form, [cl.id]: { ...v, ...patch } });
              return (
                <tr key={cl.id}>
                  <td className={td}>
                    <strong>{lang === 'en' ? cl.en : cl.ja}</strong>
                    <Provisional show={'provisional' in cl && cl.provisional === true} />
                    <div className="text-dns-14N-130 text-solid-gray-700">{lang === 'en' ? cl.guidance.en : cl.guidance.ja}</div>
                    <Refs refs={[...cl.refs]} />
                  </td>
                  <td className={td}>
                    <SelectField label={t('clauses.statusOf', { name: lang === 'en' ? cl.en : cl.ja })} value={v.status} disabled={!write} onChange={(e) => set({ status: e.target.value })} options={[{ value: '', label: t('clauses.unchecked') }, ...CLAUSE_STATUSES.map((s) => ({ value: s.id, label: nm(CLAUSE_STATUSES, s.id) }))]} />
                  </td>
                  <td className={td}>
                    {'needsValue' in cl ? (
                      <TextField label={lang === 'en' ? cl.needsValue.en : cl.needsValue.ja} value={v.value} disabled={!write} inputMode="numeric" onChange={(e) => set({ value: e.target.value })} error={saveErr?.fieldText(`clauses.${i}.value`)} />
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className={td}>
                    <TextField label={t('clauses.noteOf', { name: lang === 'en' ? cl.en : cl.ja })} value={v.note} disabled={!write} onChange={(e) => set({ note: e.target.value })} />
                  </td>
                </tr>
              );
            })}
          </Table>
          {write && (
            <div className="mt-3">
              <Button type="submit" disabled={save.isPending}>
                {t('clauses.save')}
              </Button>
            </div>
          )}
        </form>
      </Section>

      <Section title={t('subs.title')}>
        <p className="mb-3 text-dns-16N-130">{t('subs.description')}</p>
        {decide.error && <ErrorAlert error={decide.error} />}
        {d.subcontracts.length === 0 ? (
          <p>{t('subs.none')}</p>
        ) : (
          <Table caption={t('subs.title')} head={[t('subs.depth'), t('subs.parent'), t('subs.contractor'), t('subs.work'), t('subs.status'), '']}>
            {d.subcontracts.map((s) => (
              <tr key={s.id}>
                <td className={td}>{t('subs.level', { n: s.depth })}</td>
                <td className={td}>{s.parentName}</td>
                <td className={td}>
                  <span style={{ paddingLeft: `${(s.depth - 1) * 1.5}rem` }}>└ {s.contractorName}</span>
                </td>
                <td className={td}>{s.work}</td>
                <td className={td}>
                  <Badge tone={s.status === 'approved' ? 'green' : s.status === 'refused' ? 'red' : 'yellow'}>{nm(SUBCONTRACT_STATUSES, s.status)}</Badge>
                </td>
                <td className={td}>
                  {write && s.status === 'requested' && (
                    <span className="flex gap-2">
                      <Button variant="secondary" onClick={() => decide.mutate({ id: s.id, decision: 'approved' })}>
                        {t('subs.approve')}
                      </Button>
                      <Button variant="danger" onClick={() => decide.mutate({ id: s.id, decision: 'refused' })}>
                        {t('subs.refuse')}
                      </Button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
        {write && (
          <form className="mt-4 grid gap-3 md:grid-cols-3" onSubmit={(e) => { e.preventDefault(); addSub.mutate(); }} aria-label={t('subs.add')}>
            {addSub.error && <div className="md:col-span-3"><ErrorAlert error={addSub.error} /></div>}
            <SelectField label={t('subs.parent')} value={sub.parentContractorId} onChange={(e) => setSub({ ...sub, parentContractorId: e.target.value })} options={[{ value: '', label: t('choose') }, ...inChain.map((c) => ({ value: c.id, label: c.name }))]} />
            <SelectField label={t('subs.contractor')} value={sub.contractorId} onChange={(e) => setSub({ ...sub, contractorId: e.target.value })} options={[{ value: '', label: t('choose') }, ...(contractors.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))]} />
            <TextField label={t('subs.work')} value={sub.work} onChange={(e) => setSub({ ...sub, work: e.target.value })} />
            <div>
              <Button type="submit" variant="secondary" disabled={!sub.parentContractorId || !sub.contractorId || !sub.work}>
                {t('subs.add')}
              </Button>
            </div>
          </form>
        )}
      </Section>

      <Section title={t('evidence.contractDocs')}>
        <EvidenceList items={d.evidence} caption={t('evidence.contractDocs')} />
        {write && <EvidenceUpload url={`/api/vendors/contracts/${d.id}/evidence`} onDone={refresh} withValidUntil />}
      </Section>
    </div>
  );
}
