import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatJapanDateTime } from '@shared/era';
import { CERT_KINDS, CONTRACT_SUBJECTS, C_LEVELS, REPORT_KINDS, SHEET_STATUSES, corporateNumberProblem, normaliseCorporateNumber } from '@shared/vendors';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../../app/session';
import { Alert, Badge, Button, Card, ErrorAlert, Loading, PageHeader, SelectField, Table, TextField, td } from '../../components/ui';
import { ApiError, get, post, qs } from '../../lib/api';
import { useUnits } from '../core/OrganizationPage';
import type { ContractorDetail, ContractorListItem } from './api';
import { ClassText, EvidenceList, EvidenceRequestsTable, EvidenceUpload, FindingsTable, Section, useNamed } from './parts';

function useSections() {
  const can = useCan();
  const units = useQuery({ queryKey: ['units'], queryFn: () => get<Array<{ id: string; kind: string; name: string }>>('/api/units'), enabled: can('org.read') });
  return (units.data ?? []).filter((u) => u.kind === 'section');
}

export function ContractorsPage() {
  const { t } = useTranslation('vendors');
  const can = useCan();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const list = useQuery({ queryKey: ['vendors', 'contractors', search], queryFn: () => get<{ items: ContractorListItem[]; total: number }>(`/api/vendors/contractors${qs({ q: search, pageSize: 200 })}`) });
  const sections = useSections();
  const units = useUnits();
  const sectionName = (id: string | null) => units.data?.find((u) => u.id === id)?.name ?? '—';
  const [name, setName] = useState('');
  const [nameKana, setNameKana] = useState('');
  const [corp, setCorp] = useState('');
  const [owner, setOwner] = useState('');
  const corpProblem = corp ? corporateNumberProblem(normaliseCorporateNumber(corp)) : null;
  const create = useMutation({
    mutationFn: () => post<{ id: string }>('/api/vendors/contractors', { name, nameKana: nameKana || null, corporateNumber: corp || null, ownerSectionId: owner || null }),
    onSuccess: () => {
      setName('');
      setNameKana('');
      setCorp('');
      qc.invalidateQueries({ queryKey: ['vendors'] });
    },
  });
  const err = create.error instanceof ApiError ? create.error : null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('contractors.title')} description={t('contractors.description')} actions={<Link to="/vendors">{t('back')}</Link>} />
      <Card>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            setSearch(q);
          }}
        >
          <TextField label={t('contractors.search')} value={q} onChange={(e) => setQ(e.target.value)} />
          <Button type="submit" variant="secondary">
            {t('search')}
          </Button>
        </form>
      </Card>
      {list.error && <ErrorAlert error={list.error} />}
      {list.isLoading && <Loading />}
      {list.data && (
        <Table caption={t('contractors.title')} head={[t('contractors.name'), t('contractors.corporateNumber'), t('contractors.owner'), t('contractors.activeContracts'), t('contractors.expiredCerts')]}>
          {list.data.items.map((c) => (
            <tr key={c.id}>
              <td className={td}>
                <Link to={`/vendors/contractors/${c.id}`}>{c.name}</Link>
                {c.status === 'archived' && <Badge>{t('contractors.archived')}</Badge>}
              </td>
              <td className={`${td} font-mono`}>{c.corporateNumber ?? '—'}</td>
              <td className={td}>{sectionName(c.ownerSectionId)}</td>
              <td className={td}>{c.activeContracts}</td>
              <td className={td}>{c.expiredCertifications > 0 ? <Badge tone="red">{c.expiredCertifications}</Badge> : 0}</td>
            </tr>
          ))}
        </Table>
      )}
      {can('vendor.write') && (
        <Card title={t('contractors.create')}>
          <form
            className="grid gap-4 md:grid-cols-2"
            noValidate
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              create.mutate();
            }}
          >
            {create.error && (
              <div className="md:col-span-2">
                <ErrorAlert error={create.error} />
              </div>
            )}
            <TextField label={t('contractors.name')} value={name} onChange={(e) => setName(e.target.value)} error={err?.fieldText('name')} required />
            <TextField label={t('contractors.nameKana')} value={nameKana} onChange={(e) => setNameKana(e.target.value)} />
            <TextField
              label={t('contractors.corporateNumber')}
              hint={t('contractors.corporateNumberHint')}
              inputMode="numeric"
              value={corp}
              onChange={(e) => setCorp(e.target.value)}
              error={err?.fieldText('corporateNumber') ?? (corpProblem ? t(`contractors.corp.${corpProblem}`) : undefined)}
            />
            <SelectField label={t('contractors.owner')} value={owner} onChange={(e) => setOwner(e.target.value)} error={err?.fieldText('ownerSectionId')} options={[{ value: '', label: t('none') }, ...sections.map((s) => ({ value: s.id, label: s.name }))]} />
            <div>
              <Button type="submit" disabled={create.isPending || !name}>
                {t('contractors.createSubmit')}
              </Button>
            </div>
          </form>
          {create.data && (
            <p className="mt-3" role="status">
              <Link to={`/vendors/contractors/${create.data.id}`}>{t('contractors.created')}</Link>
            </p>
          )}
        </Card>
      )}
    </div>
  );
}

export function ContractorPage() {
  const { contractorId } = useParams();
  const { t } = useTranslation('vendors');
  const can = useCan();
  const nm = useNamed();
  const qc = useQueryClient();
  const key = ['vendors', 'contractor', contractorId];
  const c = useQuery({ queryKey: key, queryFn: () => get<ContractorDetail>(`/api/vendors/contractors/${contractorId}`) });
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const write = can('vendor.write');
  const base = `/api/vendors/contractors/${contractorId}`;

  const [contact, setContact] = useState({ name: '', title: '', email: '', phone: '' });
  const addContact = useMutation({ mutationFn: () => post(`${base}/contacts`, { name: contact.name, title: contact.title || null, email: contact.email || null, phone: contact.phone || null }), onSuccess: () => { setContact({ name: '', title: '', email: '', phone: '' }); refresh(); } });
  const [cert, setCert] = useState({ kind: 'isms', number: '', issuer: '', validFrom: '', validUntil: '' });
  const addCert = useMutation({ mutationFn: () => post(`${base}/certifications`, { kind: cert.kind, number: cert.number || null, issuer: cert.issuer || null, validFrom: cert.validFrom || null, validUntil: cert.validUntil || null }), onSuccess: refresh });
  const [contract, setContract] = useState({ title: '', subject: 'operation', startsOn: '', endsOn: '', maxConfidentiality: '' });
  const addContract = useMutation({ mutationFn: () => post<{ id: string }>(`${base}/contracts`, { title: contract.title, subject: contract.subject, startsOn: contract.startsOn, endsOn: contract.endsOn || null, maxConfidentiality: contract.maxConfidentiality || null }), onSuccess: refresh });
  const [sheetDue, setSheetDue] = useState('');
  const addSheet = useMutation({ mutationFn: () => post<{ id: string }>(`${base}/check-sheets`, { dueOn: sheetDue || null }), onSuccess: refresh });
  const [request, setRequest] = useState({ title: '', detail: '', dueOn: '' });
  const addRequest = useMutation({ mutationFn: () => post(`${base}/evidence-requests`, { title: request.title, detail: request.detail || null, dueOn: request.dueOn || null }), onSuccess: () => { setRequest({ title: '', detail: '', dueOn: '' }); refresh(); } });
  const [invite, setInvite] = useState({ email: '', displayName: '' });
  const addUser = useMutation({ mutationFn: () => post<{ inviteUrl: string }>(`${base}/users`, invite), onSuccess: refresh });

  if (c.isLoading) return <Loading />;
  if (c.error || !c.data) return <ErrorAlert error={c.error} />;
  const d = c.data;
  const certErr = addCert.error instanceof ApiError ? addCert.error : null;
  const contractErr = addContract.error instanceof ApiError ? addContract.error : null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={d.name} description={d.corporateNumber ? `${t('contractors.corporateNumber')}: ${d.corporateNumber}` : t('contractors.noCorporateNumber')} actions={<Link to="/vendors/contractors">{t('contractors.back')}</Link>} />
      <Section title={t('findings.title')}>
        <FindingsTable findings={d.findings} caption={t('findings.title')} />
      </Section>

      <Section title={t('contacts.title')}>
        {d.contacts.length === 0 ? (
          <p>{t('contacts.none')}</p>
        ) : (
          <Table caption={t('contacts.title')} head={[t('contacts.name'), t('contacts.role'), t('contacts.email'), t('contacts.phone')]}>
            {d.contacts.map((x) => (
              <tr key={x.id}>
                <td className={td}>
                  {x.name} {x.isPrimary && <Badge tone="blue">{t('contacts.primary')}</Badge>}
                </td>
                <td className={td}>{x.title ?? '—'}</td>
                <td className={td}>{x.email ?? '—'}</td>
                <td className={td}>{x.phone ?? '—'}</td>
              </tr>
            ))}
          </Table>
        )}
        {write && (
          <form className="mt-4 grid gap-3 md:grid-cols-4" onSubmit={(e) => { e.preventDefault(); addContact.mutate(); }} aria-label={t('contacts.add')}>
            {addContact.error && <div className="md:col-span-4"><ErrorAlert error={addContact.error} /></div>}
            <TextField label={t('contacts.name')} value={contact.name} onChange={(e) => setContact({ ...contact, name: e.target.value })} required />
            <TextField label={t('contacts.role')} value={contact.title} onChange={(e) => setContact({ ...contact, title: e.target.value })} />
            <TextField label={t('contacts.email')} type="email" value={contact.email} onChange={(e) => setContact({ ...contact, email: e.target.value })} />
            <TextField label={t('contacts.phone')} value={contact.phone} onChange={(e) => setContact({ ...contact, phone: e.target.value })} />
            <div>
              <Button type="submit" variant="secondary" disabled={!contact.name}>
                {t('contacts.add')}
              </Button>
            </div>
          </form>
        )}
      </Section>

      <Section title={t('certs.title')}>
        {d.certifications.length === 0 && <p>{t('certs.none')}</p>}
        <div className="flex flex-col gap-4">
          {d.certifications.map((x) => (
            <div key={x.id} className="rounded-8 border border-solid-gray-420 p-4">
              <h3 className="text-std-17B-170">
                {x.label} {x.expired && <Badge tone="red">{t('certs.expired')}</Badge>}
              </h3>
              <p className="text-dns-16N-130">
                {t('certs.number')}: {x.number ?? '—'}　{t('certs.issuer')}: {x.issuer ?? '—'}　{t('certs.validity')}: {x.validFrom ?? '—'} 〜 {x.validUntil ?? '—'}
              </p>
              <EvidenceList items={x.evidence} caption={`${x.label} ${t('evidence.list')}`} />
              {write && <EvidenceUpload url={`/api/vendors/certifications/${x.id}/evidence`} onDone={refresh} withValidUntil label={t('certs.uploadFor', { name: x.label })} />}
            </div>
          ))}
        </div>
        {write && (
          <form className="mt-4 grid gap-3 md:grid-cols-3" onSubmit={(e) => { e.preventDefault(); addCert.mutate(); }} aria-label={t('certs.add')}>
            {addCert.error && <div className="md:col-span-3"><ErrorAlert error={addCert.error} /></div>}
            <SelectField label={t('certs.kind')} value={cert.kind} onChange={(e) => setCert({ ...cert, kind: e.target.value })} options={CERT_KINDS.map((k) => ({ value: k.id, label: nm(CERT_KINDS, k.id) }))} />
            <TextField label={t('certs.number')} value={cert.number} onChange={(e) => setCert({ ...cert, number: e.target.value })} />
            <TextField label={t('certs.issuer')} value={cert.issuer} onChange={(e) => setCert({ ...cert, issuer: e.target.value })} />
            <TextField label={t('certs.validFrom')} type="date" value={cert.validFrom} onChange={(e) => setCert({ ...cert, validFrom: e.target.value })} error={certErr?.fieldText('validFrom')} />
            <TextField label={t('certs.validUntil')} type="date" value={cert.validUntil} onChange={(e) => setCert({ ...cert, validUntil: e.target.value })} error={certErr?.fieldText('validUntil')} />
            <div className="self-end">
              <Button type="submit" variant="secondary">
                {t('certs.add')}
              </Button>
            </div>
          </form>
        )}
      </Section>

      <Section title={t('contracts.title')}>
        {d.contracts.length === 0 ? (
          <p>{t('contracts.none')}</p>
        ) : (
          <Table caption={t('contracts.title')} head={[t('contracts.name'), t('contracts.subject'), t('contracts.period'), t('contracts.maxC'), t('contracts.clauses'), t('contracts.subcontracts')]}>
            {d.contracts.map((k) => (
              <tr key={k.id}>
                <td className={td}>
                  <Link to={`/vendors/contracts/${k.id}`}>{k.title}</Link>
                </td>
                <td className={td}>{nm(CONTRACT_SUBJECTS, k.subject)}</td>
                <td className={td}>
                  {k.startsOn} 〜 {k.endsOn ?? ''}
                </td>
                <td className={td}>
                  <ClassText c={k.maxConfidentiality} />
                </td>
                <td className={td}>
                  {k.clausesConfirmed} / {k.clausesTotal}
                </td>
                <td className={td}>{k.subcontracts}</td>
              </tr>
            ))}
          </Table>
        )}
        {write && (
          <form className="mt-4 grid gap-3 md:grid-cols-3" onSubmit={(e) => { e.preventDefault(); addContract.mutate(); }} aria-label={t('contracts.add')}>
            {addContract.error && <div className="md:col-span-3"><ErrorAlert error={addContract.error} /></div>}
            <TextField label={t('contracts.name')} value={contract.title} onChange={(e) => setContract({ ...contract, title: e.target.value })} required error={contractErr?.fieldText('title')} />
            <SelectField label={t('contracts.subject')} value={contract.subject} onChange={(e) => setContract({ ...contract, subject: e.target.value })} options={CONTRACT_SUBJECTS.map((s) => ({ value: s.id, label: nm(CONTRACT_SUBJECTS, s.id) }))} />
            <SelectField label={t('contracts.maxC')} value={contract.maxConfidentiality} onChange={(e) => setContract({ ...contract, maxConfidentiality: e.target.value })} options={[{ value: '', label: t('none') }, ...C_LEVELS.map((c) => ({ value: c, label: c }))]} />
            <TextField label={t('contracts.startsOn')} type="date" value={contract.startsOn} onChange={(e) => setContract({ ...contract, startsOn: e.target.value })} required error={contractErr?.fieldText('startsOn')} />
            <TextField label={t('contracts.endsOn')} type="date" value={contract.endsOn} onChange={(e) => setContract({ ...contract, endsOn: e.target.value })} error={contractErr?.fieldText('endsOn')} />
            <div className="self-end">
              <Button type="submit" variant="secondary" disabled={!contract.title || !contract.startsOn}>
                {t('contracts.add')}
              </Button>
            </div>
          </form>
        )}
      </Section>

      <Section title={t('sheets.title')}>
        {d.checkSheets.length === 0 ? (
          <p>{t('sheets.none')}</p>
        ) : (
          <Table caption={t('sheets.title')} head={[t('sheets.fiscalYear'), t('sheets.status'), t('sheets.dueOn'), t('sheets.submittedAt')]}>
            {d.checkSheets.map((s) => (
              <tr key={s.id}>
                <td className={td}>
                  <Link to={`/vendors/check-sheets/${s.id}`}>{t('sheets.ofYear', { fy: s.fiscalYear })}</Link>
                </td>
                <td className={td}>{nm(SHEET_STATUSES, s.status)}</td>
                <td className={td}>{s.dueOn ?? '—'}</td>
                <td className={td}>{s.submittedAt ? formatJapanDateTime(s.submittedAt) : '—'}</td>
              </tr>
            ))}
          </Table>
        )}
        {write && (
          <form className="mt-4 flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); addSheet.mutate(); }} aria-label={t('sheets.create')}>
            {addSheet.error && <ErrorAlert error={addSheet.error} />}
            <TextField label={t('sheets.dueOn')} type="date" value={sheetDue} onChange={(e) => setSheetDue(e.target.value)} />
            <Button type="submit" variant="secondary">
              {t('sheets.create')}
            </Button>
          </form>
        )}
      </Section>

      <Section title={t('requests.title')}>
        <EvidenceRequestsTable requests={d.evidenceRequests} />
        {write && (
          <form className="mt-4 grid gap-3 md:grid-cols-3" onSubmit={(e) => { e.preventDefault(); addRequest.mutate(); }} aria-label={t('requests.create')}>
            {addRequest.error && <div className="md:col-span-3"><ErrorAlert error={addRequest.error} /></div>}
            <TextField label={t('requests.name')} value={request.title} onChange={(e) => setRequest({ ...request, title: e.target.value })} required />
            <TextField label={t('requests.detail')} value={request.detail} onChange={(e) => setRequest({ ...request, detail: e.target.value })} />
            <TextField label={t('requests.dueOn')} type="date" value={request.dueOn} onChange={(e) => setRequest({ ...request, dueOn: e.target.value })} />
            <div>
              <Button type="submit" variant="secondary" disabled={!request.title}>
                {t('requests.create')}
              </Button>
            </div>
          </form>
        )}
      </Section>

      <Section title={t('reports.title')}>
        {d.reports.length === 0 ? (
          <p>{t('reports.none')}</p>
        ) : (
          <Table caption={t('reports.title')} head={[t('reports.kind'), t('reports.name'), t('reports.submitted')]}>
            {d.reports.map((r) => (
              <tr key={r.id}>
                <td className={td}>{nm(REPORT_KINDS, r.kind)}</td>
                <td className={td}>
                  <Link to={`/vendors/reports/${r.id}`}>{r.title}</Link>
                </td>
                <td className={td}>
                  {formatJapanDateTime(r.submittedAt)} {r.submittedByLabel}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section title={t('accounts.title')}>
        <p className="mb-3 text-dns-16N-130">{t('accounts.description')}</p>
        {d.users.length > 0 && (
          <Table caption={t('accounts.title')} head={[t('accounts.name'), t('accounts.email'), t('accounts.status')]}>
            {d.users.map((u) => (
              <tr key={u.id}>
                <td className={td}>{u.displayName}</td>
                <td className={td}>{u.email}</td>
                <td className={td}>{t(`accounts.state.${u.status}`)}</td>
              </tr>
            ))}
          </Table>
        )}
        {write && (
          <form className="mt-4 grid gap-3 md:grid-cols-3" onSubmit={(e) => { e.preventDefault(); addUser.mutate(); }} aria-label={t('accounts.invite')}>
            {addUser.error && <div className="md:col-span-3"><ErrorAlert error={addUser.error} /></div>}
            <TextField label={t('accounts.name')} value={invite.displayName} onChange={(e) => setInvite({ ...invite, displayName: e.target.value })} required />
            <TextField label={t('accounts.email')} type="email" value={invite.email} onChange={(e) => setInvite({ ...invite, email: e.target.value })} required />
            <div className="self-end">
              <Button type="submit" variant="secondary" disabled={!invite.email || !invite.displayName}>
                {t('accounts.invite')}
              </Button>
            </div>
          </form>
        )}
        {addUser.data && (
          <Alert tone="warning" title={t('accounts.inviteUrl')}>
            <p className="break-all font-mono">{addUser.data.inviteUrl}</p>
            <p className="text-dns-14N-130">{t('accounts.shownOnce')}</p>
          </Alert>
        )}
      </Section>
    </div>
  );
}
