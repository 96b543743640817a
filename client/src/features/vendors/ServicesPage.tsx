import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatJapanDateTime } from '@shared/era';
import { APPROVAL_STATUSES, BIN_LEVELS, CONTROL_AREAS, C_LEVELS, SERVICE_CONNECTIONS, SERVICE_KINDS, SERVICE_MODELS, SERVICE_STATUSES } from '@shared/vendors';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../app/session';
import { Alert, Badge, Button, Card, ErrorAlert, Loading, PageHeader, SelectField, Table, TextArea, TextField, td } from '../../components/ui';
import { ApiError, get, patch, post, put, qs } from '../../lib/api';
import { pick } from '../../lib/i18n';
import type { ServiceDetail, ServiceListItem } from './api';
import { ClassText, EvidenceList, EvidenceUpload, FindingsTable, ReasonsList, Section, VerdictBadge, minutes, useLang, useNamed } from './parts';

function useSectionOptions() {
  const can = useCan();
  const units = useQuery({ queryKey: ['units'], queryFn: () => get<Array<{ id: string; kind: string; name: string }>>('/api/units'), enabled: can('org.read') });
  return (units.data ?? []).filter((u) => u.kind === 'section').map((s) => ({ value: s.id, label: s.name }));
}

export function ServicesPage() {
  const { t } = useTranslation('vendors');
  const nm = useNamed();
  const can = useCan();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [kind, setKind] = useState('');
  const list = useQuery({ queryKey: ['vendors', 'services', kind], queryFn: () => get<{ items: ServiceListItem[]; total: number }>(`/api/vendors/services${qs({ kind, pageSize: 200 })}`) });
  const sections = useSectionOptions();
  const [f, setF] = useState({ name: '', providerName: '', model: 'SaaS', kind: 'ismap', connection: 'internet', ownerSectionId: '', declaredC: '' });
  const create = useMutation({
    mutationFn: () => post<{ id: string }>('/api/vendors/services', { ...f, ownerSectionId: f.ownerSectionId || null, declaredC: f.declaredC || null }),
    onSuccess: (r) => {
      qc.invalidateQueries({ queryKey: ['vendors'] });
      navigate(`/vendors/services/${r.id}`);
    },
  });
  const err = create.error instanceof ApiError ? create.error : null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('services.title')} description={t('services.description')} actions={<><Link to="/vendors/approvals">{t('nav.approvals')}</Link><Link to="/vendors">{t('back')}</Link></>} />
      <Card>
        <SelectField label={t('services.kind')} value={kind} onChange={(e) => setKind(e.target.value)} options={[{ value: '', label: t('all') }, ...SERVICE_KINDS.map((k) => ({ value: k.id, label: nm(SERVICE_KINDS, k.id) }))]} />
      </Card>
      {list.error && <ErrorAlert error={list.error} />}
      {list.isLoading && <Loading />}
      {list.data && (
        <Table caption={t('services.title')} head={[t('services.name'), t('services.kind'), t('services.model'), t('services.classes'), t('services.verdict'), t('services.findings'), t('services.approval')]}>
          {list.data.items.map((s) => (
            <tr key={s.id}>
              <td className={td}>
                <Link to={`/vendors/services/${s.id}`}>{s.name}</Link>
                <div className="text-dns-14N-130 text-solid-gray-700">{s.providerName}</div>
              </td>
              <td className={td}>{nm(SERVICE_KINDS, s.kind)}</td>
              <td className={td}>{s.model}</td>
              <td className={td}>
                <ClassText c={s.classes.c} />
                {s.classes.a === '2' && <div className="text-dns-14N-130">{t('services.avail2')}</div>}
              </td>
              <td className={td}>
                <VerdictBadge verdict={s.verdict} />
              </td>
              <td className={td}>
                {s.errors > 0 && <Badge tone="red">{t('services.errors', { n: s.errors })}</Badge>} {s.warnings > 0 && <Badge tone="yellow">{t('services.warnings', { n: s.warnings })}</Badge>}
              </td>
              <td className={td}>{t(`approvalState.${s.approval}`)}</td>
            </tr>
          ))}
        </Table>
      )}
      {can('vendor.write') && (
        <Card title={t('services.create')}>
          <form className="grid gap-4 md:grid-cols-2" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); create.mutate(); }}>
            {create.error && <div className="md:col-span-2"><ErrorAlert error={create.error} /></div>}
            <TextField label={t('services.name')} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} required error={err?.fieldText('name')} />
            <TextField label={t('services.provider')} value={f.providerName} onChange={(e) => setF({ ...f, providerName: e.target.value })} required error={err?.fieldText('providerName')} />
            <SelectField label={t('services.model')} value={f.model} onChange={(e) => setF({ ...f, model: e.target.value })} options={SERVICE_MODELS.map((m) => ({ value: m.id, label: nm(SERVICE_MODELS, m.id) }))} />
            <SelectField label={t('services.kind')} value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value })} options={SERVICE_KINDS.map((k) => ({ value: k.id, label: nm(SERVICE_KINDS, k.id) }))} error={err?.fieldText('kind')} />
            <SelectField label={t('services.connection')} value={f.connection} onChange={(e) => setF({ ...f, connection: e.target.value })} options={SERVICE_CONNECTIONS.map((k) => ({ value: k.id, label: nm(SERVICE_CONNECTIONS, k.id) }))} />
            <SelectField label={t('services.plannedC')} value={f.declaredC} onChange={(e) => setF({ ...f, declaredC: e.target.value })} options={[{ value: '', label: t('none') }, ...C_LEVELS.map((c) => ({ value: c, label: c }))]} />
            <SelectField label={t('contractors.owner')} value={f.ownerSectionId} onChange={(e) => setF({ ...f, ownerSectionId: e.target.value })} options={[{ value: '', label: t('none') }, ...sections]} error={err?.fieldText('ownerSectionId')} />
            <div className="self-end">
              <Button type="submit" disabled={create.isPending || !f.name || !f.providerName}>
                {t('services.createSubmit')}
              </Button>
            </div>
          </form>
        </Card>
      )}
    </div>
  );
}

type EditForm = {
  status: string;
  kind: string;
  connection: string;
  purpose: string;
  ismapRegistrationNumber: string;
  registeredFrom: string;
  registeredUntil: string;
  ismapScope: string[];
  reliedAreas: string[];
  dataCountry: string;
  dataRegion: string;
  governingLaw: string;
  jurisdiction: string;
  foreignDecision: string;
  declaredC: string;
  declaredI: string;
  declaredA: string;
};

function toForm(s: ServiceDetail): EditForm {
  return {
    status: s.status,
    kind: s.kind,
    connection: s.connection,
    purpose: s.purpose ?? '',
    ismapRegistrationNumber: s.ismapRegistrationNumber ?? '',
    registeredFrom: s.registeredFrom ?? '',
    registeredUntil: s.registeredUntil ?? '',
    ismapScope: s.ismapScope,
    reliedAreas: s.reliedAreas,
    dataCountry: s.dataCountry ?? '',
    dataRegion: s.dataRegion ?? '',
    governingLaw: s.governingLaw ?? '',
    jurisdiction: s.jurisdiction ?? '',
    foreignDecision: s.foreignDecision ?? '',
    declaredC: s.declared.c ?? '',
    declaredI: s.declared.i ?? '',
    declaredA: s.declared.a ?? '',
  };
}

const orNull = (v: string) => (v === '' ? null : v);
const numOrNull = (v: string) => (v.trim() === '' ? null : Number(v));

export function ServicePage() {
  const { externalServiceId } = useParams();
  const { t } = useTranslation('vendors');
  const lang = useLang();
  const nm = useNamed();
  const can = useCan();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const key = ['vendors', 'service', externalServiceId];
  const base = `/api/vendors/services/${externalServiceId}`;
  const s = useQuery({ queryKey: key, queryFn: () => get<ServiceDetail>(base) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['vendors'] });
  const write = can('vendor.write');

  const [form, setForm] = useState<EditForm | null>(null);
  const [sla, setSla] = useState({ availability: '', rtoMinutes: '', rpoMinutes: '', supportHours: '', firstReportMinutes: '', backupFrequency: '', exitTerms: '' });
  useEffect(() => {
    if (!s.data) return;
    setForm(toForm(s.data));
    const x = s.data.sla;
    setSla({ availability: x.availability?.toString() ?? '', rtoMinutes: x.rtoMinutes?.toString() ?? '', rpoMinutes: x.rpoMinutes?.toString() ?? '', supportHours: x.supportHours ?? '', firstReportMinutes: x.firstReportMinutes?.toString() ?? '', backupFrequency: x.backupFrequency ?? '', exitTerms: x.exitTerms ?? '' });
  }, [s.data]);
  const save = useMutation({
    mutationFn: (f: EditForm) =>
      patch(base, {
        ...f,
        purpose: orNull(f.purpose),
        ismapRegistrationNumber: orNull(f.ismapRegistrationNumber),
        registeredFrom: orNull(f.registeredFrom),
        registeredUntil: orNull(f.registeredUntil),
        dataCountry: orNull(f.dataCountry),
        dataRegion: orNull(f.dataRegion),
        governingLaw: orNull(f.governingLaw),
        jurisdiction: orNull(f.jurisdiction),
        foreignDecision: orNull(f.foreignDecision),
        declaredC: orNull(f.declaredC),
        declaredI: orNull(f.declaredI),
        declaredA: orNull(f.declaredA),
      }),
    onSuccess: refresh,
  });
  const saveSla = useMutation({
    mutationFn: () => put(`${base}/sla`, { availability: numOrNull(sla.availability), rtoMinutes: numOrNull(sla.rtoMinutes), rpoMinutes: numOrNull(sla.rpoMinutes), supportHours: orNull(sla.supportHours), firstReportMinutes: numOrNull(sla.firstReportMinutes), backupFrequency: orNull(sla.backupFrequency), exitTerms: orNull(sla.exitTerms) }),
    onSuccess: refresh,
  });
  const [actual, setActual] = useState({ month: '', availability: '', longestOutageMinutes: '', dataLossMinutes: '', firstReportMinutes: '', backupsMissed: '', note: '' });
  const addActual = useMutation({
    mutationFn: () => post<{ breaches: Array<{ metric: string }> }>(`${base}/sla-actuals`, { month: actual.month, availability: numOrNull(actual.availability), longestOutageMinutes: numOrNull(actual.longestOutageMinutes), dataLossMinutes: numOrNull(actual.dataLossMinutes), firstReportMinutes: numOrNull(actual.firstReportMinutes), backupsMissed: numOrNull(actual.backupsMissed), note: orNull(actual.note) }),
    onSuccess: refresh,
  });
  const [approval, setApproval] = useState({ purpose: '', c: '', i: '', a: '' });
  const request = useMutation({ mutationFn: () => post(`${base}/approvals`, { purpose: approval.purpose, c: approval.c, i: orNull(approval.i), a: orNull(approval.a) }), onSuccess: refresh });
  const newMatrix = useMutation({ mutationFn: () => post<{ id: string }>('/api/vendors/matrices', { name: t('matrix.defaultName', { name: s.data?.name ?? '' }), serviceId: externalServiceId }), onSuccess: (r) => navigate(`/vendors/matrices/${r.id}`) });
  const [assetQ, setAssetQ] = useState('');
  const [assetSearch, setAssetSearch] = useState('');
  const assetHits = useQuery({ queryKey: ['assets', 'pick', assetSearch], queryFn: () => get<{ items: Array<{ id: string; code: string; name: string; kind: string }> }>(`/api/assets${qs({ q: assetSearch, pageSize: 20 })}`), enabled: can('asset.read') && assetSearch.length > 0 });
  const setAssets = useMutation({ mutationFn: (assets: Array<{ assetId: string; relation: string }>) => put(`${base}/assets`, { assets }), onSuccess: refresh });

  if (s.isLoading || !form) return s.error ? <ErrorAlert error={s.error} /> : <Loading />;
  if (s.error || !s.data) return <ErrorAlert error={s.error} />;
  const d = s.data;
  const saveErr = save.error instanceof ApiError ? save.error : null;
  const slaErr = saveSla.error instanceof ApiError ? saveSla.error : null;
  const actualErr = addActual.error instanceof ApiError ? addActual.error : null;
  const reqErr = request.error instanceof ApiError ? request.error : null;
  const linked = d.assets.map((a) => ({ assetId: a.id, relation: a.relation }));
  const toggle = (list: string[], id: string) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={d.name}
        description={`${d.providerName}／${nm(SERVICE_KINDS, d.kind)}／${nm(SERVICE_MODELS, d.model)}／${nm(SERVICE_CONNECTIONS, d.connection)}`}
        actions={
          <>
            <a href={`${base}/procurement.docx`} download>
              {t('services.procurement')}
            </a>
            <Link to="/vendors/services">{t('services.back')}</Link>
          </>
        }
      />
      <Section title={t('suitability.title')}>
        <p className="mb-2 text-std-16N-170">
          {t('suitability.current')}: <ClassText c={d.classes.c} />（{t('suitability.integrity')} {d.classes.i ?? '—'}、{t('suitability.availability')} {d.classes.a ?? '—'}）→ <VerdictBadge verdict={d.current.verdict} />
        </p>
        <Table caption={t('suitability.title')} head={[t('suitability.class'), t('suitability.verdict'), t('suitability.reasons')]}>
          {d.byClass.map((x) => (
            <tr key={x.classes.c ?? '-'}>
              <th scope="row" className={`${td} text-left`}>
                <ClassText c={x.classes.c} />
              </th>
              <td className={td}>
                <VerdictBadge verdict={x.verdict} />
              </td>
              <td className={td}>
                <ReasonsList reasons={x.reasons} />
              </td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section title={t('findings.title')}>
        <FindingsTable findings={d.findings} caption={t('findings.title')} />
      </Section>

      <Section title={t('services.details')}>
        <form
          className="grid gap-4 md:grid-cols-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(form);
          }}
        >
          {save.error && <div className="md:col-span-2"><ErrorAlert error={save.error} /></div>}
          {save.isSuccess && <div className="md:col-span-2"><Alert tone="success" title={t('saved')} /></div>}
          <SelectField label={t('services.status')} value={form.status} disabled={!write} onChange={(e) => setForm({ ...form, status: e.target.value })} options={SERVICE_STATUSES.map((x) => ({ value: x.id, label: nm(SERVICE_STATUSES, x.id) }))} />
          <SelectField label={t('services.kind')} value={form.kind} disabled={!write} onChange={(e) => setForm({ ...form, kind: e.target.value })} options={SERVICE_KINDS.map((x) => ({ value: x.id, label: nm(SERVICE_KINDS, x.id) }))} />
          <SelectField label={t('services.connection')} value={form.connection} disabled={!write} onChange={(e) => setForm({ ...form, connection: e.target.value })} options={SERVICE_CONNECTIONS.map((x) => ({ value: x.id, label: nm(SERVICE_CONNECTIONS, x.id) }))} />
          <TextField label={t('services.purpose')} value={form.purpose} disabled={!write} onChange={(e) => setForm({ ...form, purpose: e.target.value })} />
          <TextField label={t('services.regNumber')} value={form.ismapRegistrationNumber} disabled={!write} onChange={(e) => setForm({ ...form, ismapRegistrationNumber: e.target.value })} />
          <div className="grid grid-cols-2 gap-2">
            <TextField label={t('services.regFrom')} type="date" value={form.registeredFrom} disabled={!write} onChange={(e) => setForm({ ...form, registeredFrom: e.target.value })} />
            <TextField label={t('services.regUntil')} type="date" value={form.registeredUntil} disabled={!write} onChange={(e) => setForm({ ...form, registeredUntil: e.target.value })} error={saveErr?.fieldText('registeredUntil')} />
          </div>
          <fieldset className="md:col-span-2 rounded-8 border border-solid-gray-420 p-3">
            <legend className="px-1 text-std-16B-170">{t('services.scopeLegend')}</legend>
            <p className="mb-2 text-dns-14N-130 text-solid-gray-700">{t('services.scopeHint')}</p>
            <Table caption={t('services.scopeLegend')} head={[t('services.area'), t('services.inScope'), t('services.relied')]}>
              {CONTROL_AREAS.map((a) => (
                <tr key={a.id}>
                  <th scope="row" className={`${td} text-left font-normal`}>
                    {lang === 'en' ? a.en : a.ja}
                  </th>
                  <td className={td}>
                    <label className="inline-flex min-h-11 items-center">
                      <input type="checkbox" className="size-6 accent-key-900" checked={form.ismapScope.includes(a.id)} disabled={!write} onChange={() => setForm({ ...form, ismapScope: toggle(form.ismapScope, a.id) })} />
                      <span className="sr-only">{t('services.inScopeOf', { name: lang === 'en' ? a.en : a.ja })}</span>
                    </label>
                  </td>
                  <td className={td}>
                    <label className="inline-flex min-h-11 items-center">
                      <input type="checkbox" className="size-6 accent-key-900" checked={form.reliedAreas.includes(a.id)} disabled={!write} onChange={() => setForm({ ...form, reliedAreas: toggle(form.reliedAreas, a.id) })} />
                      <span className="sr-only">{t('services.reliedOf', { name: lang === 'en' ? a.en : a.ja })}</span>
                    </label>
                  </td>
                </tr>
              ))}
            </Table>
          </fieldset>
          <TextField label={t('services.dataCountry')} hint={t('services.countryHint')} value={form.dataCountry} disabled={!write} onChange={(e) => setForm({ ...form, dataCountry: e.target.value })} error={saveErr?.fieldText('dataCountry')} />
          <TextField label={t('services.dataRegion')} value={form.dataRegion} disabled={!write} onChange={(e) => setForm({ ...form, dataRegion: e.target.value })} />
          <TextField label={t('services.governingLaw')} hint={t('services.countryHint')} value={form.governingLaw} disabled={!write} onChange={(e) => setForm({ ...form, governingLaw: e.target.value })} error={saveErr?.fieldText('governingLaw')} />
          <TextField label={t('services.jurisdiction')} hint={t('services.countryHint')} value={form.jurisdiction} disabled={!write} onChange={(e) => setForm({ ...form, jurisdiction: e.target.value })} error={saveErr?.fieldText('jurisdiction')} />
          <div className="md:col-span-2">
            <TextArea label={t('services.foreignDecision')} hint={t('services.foreignDecisionHint')} value={form.foreignDecision} disabled={!write} onChange={(e) => setForm({ ...form, foreignDecision: e.target.value })} rows={2} />
          </div>
          <SelectField label={t('services.plannedC')} value={form.declaredC} disabled={!write} onChange={(e) => setForm({ ...form, declaredC: e.target.value })} options={[{ value: '', label: t('none') }, ...C_LEVELS.map((c) => ({ value: c, label: c }))]} />
          <div className="grid grid-cols-2 gap-2">
            <SelectField label={t('services.plannedI')} value={form.declaredI} disabled={!write} onChange={(e) => setForm({ ...form, declaredI: e.target.value })} options={[{ value: '', label: t('none') }, ...BIN_LEVELS.map((c) => ({ value: c, label: c }))]} />
            <SelectField label={t('services.plannedA')} value={form.declaredA} disabled={!write} onChange={(e) => setForm({ ...form, declaredA: e.target.value })} options={[{ value: '', label: t('none') }, ...BIN_LEVELS.map((c) => ({ value: c, label: c }))]} />
          </div>
          {write && (
            <div>
              <Button type="submit" disabled={save.isPending}>
                {t('save')}
              </Button>
            </div>
          )}
        </form>
      </Section>

      <Section title={t('services.assets')}>
        {setAssets.error && <ErrorAlert error={setAssets.error} />}
        {d.assets.length === 0 ? (
          <p>{t('services.noAssets')}</p>
        ) : (
          <Table caption={t('services.assets')} head={[t('services.assetCode'), t('services.assetName'), t('services.relation'), t('services.classes'), '']}>
            {d.assets.map((a) => (
              <tr key={a.id}>
                <td className={`${td} font-mono`}>{a.found ? <Link to={`/assets/${a.id}`}>{a.code}</Link> : a.id}</td>
                <td className={td}>{a.name ?? t('services.assetMissing')}</td>
                <td className={td}>{t(`relation.${a.relation}`)}</td>
                <td className={td}>
                  <ClassText c={a.c} />／{a.i ?? '—'}／{a.a ?? '—'}
                </td>
                <td className={td}>
                  {write && (
                    <Button variant="ghost" onClick={() => setAssets.mutate(linked.filter((x) => x.assetId !== a.id))}>
                      {t('remove')}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
        {write && can('asset.read') && (
          <div className="mt-4 flex flex-col gap-3">
            <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); setAssetSearch(assetQ); }}>
              <TextField label={t('services.assetSearch')} value={assetQ} onChange={(e) => setAssetQ(e.target.value)} />
              <Button type="submit" variant="secondary">
                {t('search')}
              </Button>
            </form>
            {assetHits.data && (
              <ul className="flex flex-col gap-1">
                {assetHits.data.items.filter((a) => !linked.some((l) => l.assetId === a.id)).map((a) => (
                  <li key={a.id} className="flex flex-wrap items-center gap-2">
                    <span className="font-mono">{a.code}</span> {a.name}
                    <Button variant="secondary" onClick={() => setAssets.mutate([...linked, { assetId: a.id, relation: 'handles' }])}>
                      {t('services.addHandles')}
                    </Button>
                    {a.kind === 'system' && (
                      <Button variant="secondary" onClick={() => setAssets.mutate([...linked, { assetId: a.id, relation: 'usedBy' }])}>
                        {t('services.addUsedBy')}
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </Section>

      <Section title={t('sla.title')}>
        <form className="grid gap-3 md:grid-cols-3" noValidate onSubmit={(e) => { e.preventDefault(); saveSla.mutate(); }} aria-label={t('sla.targets')}>
          {saveSla.error && <div className="md:col-span-3"><ErrorAlert error={saveSla.error} /></div>}
          <TextField label={t('sla.availability')} inputMode="decimal" value={sla.availability} disabled={!write} onChange={(e) => setSla({ ...sla, availability: e.target.value })} error={slaErr?.fieldText('availability')} />
          <TextField label={t('sla.rto')} inputMode="numeric" value={sla.rtoMinutes} disabled={!write} onChange={(e) => setSla({ ...sla, rtoMinutes: e.target.value })} error={slaErr?.fieldText('rtoMinutes')} />
          <TextField label={t('sla.rpo')} inputMode="numeric" value={sla.rpoMinutes} disabled={!write} onChange={(e) => setSla({ ...sla, rpoMinutes: e.target.value })} error={slaErr?.fieldText('rpoMinutes')} />
          <TextField label={t('sla.supportHours')} value={sla.supportHours} disabled={!write} onChange={(e) => setSla({ ...sla, supportHours: e.target.value })} />
          <TextField label={t('sla.firstReport')} inputMode="numeric" value={sla.firstReportMinutes} disabled={!write} onChange={(e) => setSla({ ...sla, firstReportMinutes: e.target.value })} error={slaErr?.fieldText('firstReportMinutes')} />
          <TextField label={t('sla.backup')} value={sla.backupFrequency} disabled={!write} onChange={(e) => setSla({ ...sla, backupFrequency: e.target.value })} />
          <div className="md:col-span-3">
            <TextArea label={t('sla.exit')} value={sla.exitTerms} disabled={!write} onChange={(e) => setSla({ ...sla, exitTerms: e.target.value })} rows={2} />
          </div>
          {write && (
            <div>
              <Button type="submit" variant="secondary">
                {t('sla.saveTargets')}
              </Button>
            </div>
          )}
        </form>
        <h3 className="mt-6 text-std-17B-170">{t('sla.actuals')}</h3>
        {d.actuals.length === 0 ? (
          <p>{t('sla.noActuals')}</p>
        ) : (
          <Table caption={t('sla.actuals')} head={[t('sla.month'), t('sla.availability'), t('sla.outage'), t('sla.dataLoss'), t('sla.firstReport'), t('sla.backupsMissed')]}>
            {d.actuals.map((x) => (
              <tr key={x.month}>
                <td className={td}>{x.month}</td>
                <td className={td}>{x.availability ?? '—'}</td>
                <td className={td}>{minutes(x.longestOutageMinutes, lang)}</td>
                <td className={td}>{minutes(x.dataLossMinutes, lang)}</td>
                <td className={td}>{minutes(x.firstReportMinutes, lang)}</td>
                <td className={td}>{x.backupsMissed ?? '—'}</td>
              </tr>
            ))}
          </Table>
        )}
        {write && (
          <form className="mt-4 grid gap-3 md:grid-cols-3" noValidate onSubmit={(e) => { e.preventDefault(); addActual.mutate(); }} aria-label={t('sla.record')}>
            {addActual.error && <div className="md:col-span-3"><ErrorAlert error={addActual.error} /></div>}
            {addActual.data && (
              <div className="md:col-span-3">
                <Alert tone={addActual.data.breaches.length ? 'warning' : 'success'} title={addActual.data.breaches.length ? t('sla.breachesFound', { n: addActual.data.breaches.length }) : t('sla.noBreach')} />
              </div>
            )}
            <TextField label={t('sla.month')} type="month" value={actual.month} onChange={(e) => setActual({ ...actual, month: e.target.value })} required error={actualErr?.fieldText('month')} />
            <TextField label={t('sla.availability')} inputMode="decimal" value={actual.availability} onChange={(e) => setActual({ ...actual, availability: e.target.value })} />
            <TextField label={t('sla.outage')} inputMode="numeric" value={actual.longestOutageMinutes} onChange={(e) => setActual({ ...actual, longestOutageMinutes: e.target.value })} />
            <TextField label={t('sla.dataLoss')} inputMode="numeric" value={actual.dataLossMinutes} onChange={(e) => setActual({ ...actual, dataLossMinutes: e.target.value })} />
            <TextField label={t('sla.firstReport')} inputMode="numeric" value={actual.firstReportMinutes} onChange={(e) => setActual({ ...actual, firstReportMinutes: e.target.value })} />
            <TextField label={t('sla.backupsMissed')} inputMode="numeric" value={actual.backupsMissed} onChange={(e) => setActual({ ...actual, backupsMissed: e.target.value })} />
            <div>
              <Button type="submit" variant="secondary" disabled={!actual.month}>
                {t('sla.record')}
              </Button>
            </div>
          </form>
        )}
        <h3 className="mt-6 text-std-17B-170">{t('sla.breaches')}</h3>
        {d.breaches.length === 0 ? (
          <p>{t('sla.noBreaches')}</p>
        ) : (
          <Table caption={t('sla.breaches')} head={[t('sla.month'), t('sla.metric'), t('sla.target'), t('sla.actual'), t('sla.state')]}>
            {d.breaches.map((b) => (
              <tr key={b.id}>
                <td className={td}>{b.month}</td>
                <td className={td}>{pick(b.metricName)}</td>
                <td className={td}>{b.target}</td>
                <td className={td}>{b.actual}</td>
                <td className={td}>{b.supersededAt ? t('sla.superseded', { at: formatJapanDateTime(b.supersededAt) }) : <Badge tone="red">{t('sla.open')}</Badge>}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section title={t('matrix.title')}>
        {d.matrices.length === 0 ? (
          <p>{t('matrix.none')}</p>
        ) : (
          <ul className="list-disc pl-6">
            {d.matrices.map((m) => (
              <li key={m.id}>
                <Link to={`/vendors/matrices/${m.id}`}>{m.name}</Link>
              </li>
            ))}
          </ul>
        )}
        {newMatrix.error && <ErrorAlert error={newMatrix.error} />}
        {write && (
          <Button className="mt-3" variant="secondary" onClick={() => newMatrix.mutate()}>
            {t('matrix.create')}
          </Button>
        )}
      </Section>

      <Section title={t('approvals.title')}>
        {d.approvals.length === 0 ? (
          <p>{t('approvals.none')}</p>
        ) : (
          <Table caption={t('approvals.title')} head={[t('approvals.requested'), t('approvals.purpose'), t('approvals.classes'), t('approvals.check'), t('approvals.status'), t('approvals.conditions')]}>
            {d.approvals.map((a) => (
              <tr key={a.id}>
                <td className={td}>
                  {formatJapanDateTime(a.requestedAt)} {a.requestedByLabel}
                </td>
                <td className={td}>{a.purpose}</td>
                <td className={td}>
                  <ClassText c={a.classes.c} />
                </td>
                <td className={td}>{a.check && <VerdictBadge verdict={a.check.verdict} />}</td>
                <td className={td}>
                  {nm(APPROVAL_STATUSES, a.status)}
                  {a.decidedByLabel && <div className="text-dns-14N-130">{a.decidedByLabel}</div>}
                </td>
                <td className={td}>{a.conditions ?? '—'}</td>
              </tr>
            ))}
          </Table>
        )}
        <p className="mt-2 text-std-16N-170">
          {t('approvals.stateNow')}: <strong>{t(`approvalState.${d.approval}`)}</strong>
        </p>
        {write && (
          <form className="mt-4 grid gap-3 md:grid-cols-4" noValidate onSubmit={(e) => { e.preventDefault(); request.mutate(); }} aria-label={t('approvals.request')}>
            {request.error && <div className="md:col-span-4"><ErrorAlert error={request.error} /></div>}
            {request.isSuccess && <div className="md:col-span-4"><Alert tone="success" title={t('approvals.requested')} /></div>}
            <div className="md:col-span-4">
              <TextField label={t('approvals.purpose')} value={approval.purpose} onChange={(e) => setApproval({ ...approval, purpose: e.target.value })} required error={reqErr?.fieldText('purpose')} />
            </div>
            <SelectField label={t('approvals.c')} value={approval.c} onChange={(e) => setApproval({ ...approval, c: e.target.value })} error={reqErr?.fieldText('c')} options={[{ value: '', label: t('choose') }, ...C_LEVELS.map((c) => ({ value: c, label: c }))]} />
            <SelectField label={t('approvals.i')} value={approval.i} onChange={(e) => setApproval({ ...approval, i: e.target.value })} options={[{ value: '', label: t('none') }, ...BIN_LEVELS.map((c) => ({ value: c, label: c }))]} />
            <SelectField label={t('approvals.a')} value={approval.a} onChange={(e) => setApproval({ ...approval, a: e.target.value })} options={[{ value: '', label: t('none') }, ...BIN_LEVELS.map((c) => ({ value: c, label: c }))]} />
            <div className="self-end">
              <Button type="submit" disabled={!approval.purpose || !approval.c || request.isPending}>
                {t('approvals.request')}
              </Button>
            </div>
          </form>
        )}
      </Section>

      <Section title={t('evidence.serviceDocs')}>
        <EvidenceList items={d.evidence} caption={t('evidence.serviceDocs')} />
        {write && <EvidenceUpload url={`${base}/evidence`} onDone={refresh} withValidUntil />}
      </Section>
    </div>
  );
}
