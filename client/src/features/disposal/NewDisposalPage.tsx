import { useMutation, useQuery } from '@tanstack/react-query';
import { MEDIA_KINDS, MEDIA_LABELS, type MediaKind, STORAGE_LABELS, STORAGE_OF_MEDIA } from '@shared/disposal';
import { formatEditionLabel } from '@shared/era';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCan, useMe } from '../../app/session';
import { Badge, Button, Card, Checkbox, ErrorAlert, PageHeader, SelectField, TextArea, TextField } from '../../components/ui';
import { ApiError, get, post, qs } from '../../lib/api';
import { pick } from '../../lib/i18n';
import { useUnits } from '../core/OrganizationPage';
import { type DisposalDetail, EDITIONS, type Evaluation } from './api';

interface AssetHit {
  id: string;
  code: string;
  name: string;
  confidentiality: string | null;
  segment: string | null;
  flags: { residentData: boolean; myNumber: boolean };
}

/** Allowed methods, refusals with reasons, and the proof — shown before the method is chosen. */
export function EvaluationPanel({ evaluation }: { evaluation: Evaluation }) {
  const { t } = useTranslation('disposal');
  return (
    <div className="flex flex-col gap-3" data-testid="evaluation">
      <p className="text-std-16N-170">
        <strong>{t('evaluation.category')}:</strong> {pick(evaluation.categoryLabel)}
        <br />
        <strong>{t('evaluation.ruleSet')}:</strong> {pick(evaluation.ruleSet.label)}（{evaluation.refs.join('・')}）
      </p>
      <div>
        <h3 className="text-std-16B-170">{t('evaluation.allowed')}</h3>
        <ul className="list-disc pl-6">
          {evaluation.allowed.map((a) => (
            <li key={a.method}>
              {pick(a.label)} <Badge tone="blue">{t(`evaluation.family.${a.family}`)}</Badge> {a.provisional && <Badge tone="yellow">{t('evaluation.provisional')}</Badge>}{' '}
              <span className="text-dns-14N-130 text-solid-gray-700">
                {t('evaluation.basis')}: {a.refs.join('・')}
              </span>
              {a.note && <div className="text-dns-14N-130 text-solid-gray-700">{pick(a.note)}</div>}
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h3 className="text-std-16B-170">{t('evaluation.proof')}</h3>
        <ul className="list-disc pl-6">
          {evaluation.proof.map((p) => (
            <li key={p.kind}>
              {pick(p.label)} <Badge tone={p.level === 'required' ? 'red' : 'gray'}>{t(`evaluation.${p.level}`)}</Badge> {p.provisional && <Badge tone="yellow">{t('evaluation.provisional')}</Badge>}
            </li>
          ))}
        </ul>
      </div>
      <details>
        <summary className="cursor-pointer text-std-16B-170">{t('evaluation.refused')}</summary>
        <ul className="mt-2 list-disc pl-6">
          {evaluation.refused.map((r) => (
            <li key={r.method}>
              <strong>{pick(r.label)}</strong>: {pick(r.reason)}{' '}
              <span className="text-dns-14N-130 text-solid-gray-700">
                （{r.refs.join('・')}
                {r.provisional ? `・${t('evaluation.provisional')}` : ''}）
              </span>
            </li>
          ))}
        </ul>
      </details>
      {evaluation.provisional && <p className="text-dns-14N-130 text-solid-gray-700">{t('evaluation.provisionalHint')}</p>}
    </div>
  );
}

export function NewDisposalPage() {
  const { t, i18n } = useTranslation('disposal');
  const navigate = useNavigate();
  const can = useCan();
  const { data: me } = useMe();
  const units = useUnits();
  const sections = (units.data ?? []).filter((u) => u.kind === 'section' && u.status === 'active');
  const [target, setTarget] = useState<'device' | 'cloud'>('device');
  const [edition, setEdition] = useState(EDITIONS[0]);
  const [sectionId, setSectionId] = useState('');
  const [mediaKind, setMediaKind] = useState<MediaKind>('pc');
  const [storageKind, setStorageKind] = useState<string>(STORAGE_OF_MEDIA.pc[0]);
  const [serialNumber, setSerial] = useState('');
  const [model, setModel] = useState('');
  const [ownership, setOwnership] = useState<'owned' | 'leased'>('owned');
  const [leaseEnd, setLeaseEnd] = useState('');
  const [lessor, setLessor] = useState('');
  const [assets, setAssets] = useState<AssetHit[]>([]);
  const [assetIdsText, setAssetIdsText] = useState('');
  const [assetQ, setAssetQ] = useState('');
  const [confidentiality, setConfidentiality] = useState('');
  const [myNumberResident, setMyNumber] = useState(false);
  const [serviceName, setServiceName] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [cloudTenant, setCloudTenant] = useState('');
  const [dataDescription, setDataDescription] = useState('');
  const [keyDescription, setKeyDescription] = useState('');
  const [method, setMethod] = useState('');
  const [contractorName, setContractorName] = useState('');
  const [contractorId, setContractorId] = useState('');
  const [certificateDays, setCertificateDays] = useState('30');
  const [notes, setNotes] = useState('');

  useEffect(() => {
    if (!sectionId && me?.user.sectionId && sections.some((s) => s.id === me.user.sectionId)) setSectionId(me.user.sectionId);
    else if (!sectionId && sections.length) setSectionId(sections[0].id);
  }, [me, sections, sectionId]);

  const canAssets = can('asset.read');
  const assetIds = canAssets ? assets.map((a) => a.id) : assetIdsText.split(/\s+/).filter(Boolean);
  const subject = {
    target,
    edition,
    mediaKind: target === 'device' ? mediaKind : null,
    storageKind: target === 'device' ? storageKind : null,
    assetIds,
    confidentiality: confidentiality || null,
    myNumberResident,
  };
  const ready = assetIds.length > 0 || confidentiality !== '';
  const evaluation = useQuery({
    queryKey: ['disposal-evaluate', subject],
    queryFn: () => post<{ evaluation: Evaluation; subject: { confidentiality: string } }>('/api/disposals/evaluate', subject),
    enabled: ready,
    retry: false,
  });
  const allowed = evaluation.data?.evaluation.allowed ?? [];
  useEffect(() => {
    if (method && !allowed.some((a) => a.method === method)) setMethod('');
  }, [allowed, method]);

  const canVendors = can('vendor.read');
  const contractors = useQuery({
    queryKey: ['vendor-contractors', 'for-disposal'],
    queryFn: () => get<{ items: Array<{ id: string; name: string }> }>('/api/vendors/contractors?pageSize=200'),
    enabled: canVendors,
  });
  const services = useQuery({
    queryKey: ['vendor-services', 'for-disposal'],
    queryFn: () => get<{ items: Array<{ id: string; name: string; providerName: string }> }>('/api/vendors/services?pageSize=200'),
    enabled: canVendors && target === 'cloud',
  });

  const search = useQuery({
    queryKey: ['asset-search', assetQ],
    queryFn: () => get<{ items: AssetHit[] }>(`/api/assets${qs({ q: assetQ, pageSize: 10 })}`),
    enabled: canAssets && assetQ.trim().length > 0,
  });

  const create = useMutation({
    mutationFn: () =>
      post<DisposalDetail>('/api/disposals', {
        ...subject,
        sectionId,
        ...(target === 'device'
          ? { serialNumber, model, ownership, leaseEnd: ownership === 'leased' ? leaseEnd || null : null, lessor: ownership === 'leased' ? lessor : null }
          : { serviceName, serviceId, cloudTenant, dataDescription, keyDescription }),
        method: method || null,
        contractorName,
        contractorId,
        certificateDays: Number(certificateDays),
        notes,
      }),
    onSuccess: (d) => navigate(`/disposals/${d.id}`),
  });
  const err = create.error instanceof ApiError ? create.error : null;
  const fieldError = (f: string) => err?.fieldText(f, i18n.language);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const storageOptions = STORAGE_OF_MEDIA[mediaKind];

  return (
    <div>
      <PageHeader title={t('new.title')} description={<Link to="/disposals">{t('detail.back')}</Link>} />
      <div className="grid gap-6 lg:grid-cols-2">
        <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
          <SelectField
            label={t('field.target')}
            value={target}
            onChange={(e) => setTarget(e.target.value as 'device' | 'cloud')}
            options={[
              { value: 'device', label: t('field.targetDevice') },
              { value: 'cloud', label: t('field.targetCloud') },
            ]}
          />
          <SelectField label={t('field.edition')} value={edition} onChange={(e) => setEdition(e.target.value)} options={EDITIONS.map((id) => ({ value: id, label: `${formatEditionLabel(id)}（${id}）` }))} />
          <SelectField label={t('field.section')} required value={sectionId} onChange={(e) => setSectionId(e.target.value)} options={sections.map((s) => ({ value: s.id, label: s.name }))} error={fieldError('sectionId')} />
          {target === 'device' ? (
            <>
              <SelectField
                label={t('field.mediaKind')}
                value={mediaKind}
                onChange={(e) => {
                  const k = e.target.value as MediaKind;
                  setMediaKind(k);
                  setStorageKind(STORAGE_OF_MEDIA[k][0]);
                }}
                options={MEDIA_KINDS.map((k) => ({ value: k, label: pick(MEDIA_LABELS[k]) }))}
              />
              {storageOptions.length > 1 && (
                <SelectField label={t('field.storageKind')} value={storageKind} onChange={(e) => setStorageKind(e.target.value)} options={storageOptions.map((s) => ({ value: s, label: pick(STORAGE_LABELS[s]) }))} />
              )}
              <TextField label={t('field.serialNumber')} value={serialNumber} onChange={(e) => setSerial(e.target.value)} error={fieldError('serialNumber')} />
              <TextField label={t('field.model')} value={model} onChange={(e) => setModel(e.target.value)} />
              <SelectField
                label={t('field.ownership')}
                value={ownership}
                onChange={(e) => setOwnership(e.target.value as 'owned' | 'leased')}
                options={[
                  { value: 'owned', label: t('field.owned') },
                  { value: 'leased', label: t('field.leased') },
                ]}
              />
              {ownership === 'leased' && (
                <>
                  <TextField type="date" label={t('field.leaseEnd')} value={leaseEnd} onChange={(e) => setLeaseEnd(e.target.value)} error={fieldError('leaseEnd')} />
                  <TextField label={t('field.lessor')} value={lessor} onChange={(e) => setLessor(e.target.value)} />
                </>
              )}
            </>
          ) : (
            <>
              <TextField label={t('field.serviceName')} required value={serviceName} onChange={(e) => setServiceName(e.target.value)} error={fieldError('serviceName')} />
              {canVendors && services.data ? (
                <SelectField
                  label={t('field.servicePick')}
                  value={serviceId}
                  onChange={(e) => {
                    const svc = services.data.items.find((x) => x.id === e.target.value);
                    setServiceId(e.target.value);
                    if (svc) {
                      setServiceName(svc.name);
                      if (!contractorName) setContractorName(svc.providerName);
                    }
                  }}
                  options={[{ value: '', label: t('field.notInRegister') }, ...services.data.items.map((x) => ({ value: x.id, label: `${x.name}（${x.providerName}）` }))]}
                  error={fieldError('serviceId')}
                />
              ) : (
                <TextField label={t('field.serviceId')} value={serviceId} onChange={(e) => setServiceId(e.target.value)} error={fieldError('serviceId')} />
              )}
              <TextField label={t('field.cloudTenant')} value={cloudTenant} onChange={(e) => setCloudTenant(e.target.value)} />
              <TextArea label={t('field.dataDescription')} required value={dataDescription} onChange={(e) => setDataDescription(e.target.value)} error={fieldError('dataDescription')} />
              <TextField label={t('field.keyDescription')} value={keyDescription} onChange={(e) => setKeyDescription(e.target.value)} />
            </>
          )}
          <fieldset className="flex flex-col gap-2 rounded-8 border border-solid-gray-420 p-4">
            <legend className="px-1 text-std-16B-170">{t('field.assets')}</legend>
            <p className="text-dns-14N-130 text-solid-gray-700">{t('field.assetsHint')}</p>
            {canAssets ? (
              <>
                <TextField label={t('field.assetSearch')} value={assetQ} onChange={(e) => setAssetQ(e.target.value)} />
                {search.data && (
                  <ul className="flex flex-col gap-1" aria-label={t('field.assetSearch')}>
                    {search.data.items
                      .filter((a) => !assets.some((x) => x.id === a.id))
                      .map((a) => (
                        <li key={a.id} className="flex items-center justify-between gap-2">
                          <span>
                            {a.code} {a.name}（{a.confidentiality ?? '—'}）
                          </span>
                          <Button variant="secondary" className="shrink-0" onClick={() => setAssets([...assets, a])} aria-label={`${t('field.add')}: ${a.code}`}>
                            {t('field.add')}
                          </Button>
                        </li>
                      ))}
                  </ul>
                )}
                <ul className="flex flex-col gap-1">
                  {assets.map((a) => (
                    <li key={a.id} className="flex items-center justify-between gap-2">
                      <span>
                        {a.code} {a.name} <Badge tone="blue">{a.confidentiality ?? '—'}</Badge> {a.segment === 'mynumber' && a.flags.residentData && <Badge tone="red">My Number</Badge>}
                      </span>
                      <Button variant="ghost" className="shrink-0" onClick={() => setAssets(assets.filter((x) => x.id !== a.id))} aria-label={`${t('field.remove')}: ${a.code}`}>
                        {t('field.remove')}
                      </Button>
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <TextField label={t('field.assetIds')} value={assetIdsText} onChange={(e) => setAssetIdsText(e.target.value)} />
            )}
            <SelectField
              label={t('field.confidentiality')}
              value={confidentiality}
              onChange={(e) => setConfidentiality(e.target.value)}
              options={[{ value: '', label: t('field.confidentialityNone') }, ...['3A', '3B', '3C', '2', '1'].map((l) => ({ value: l, label: l }))]}
              error={fieldError('confidentiality')}
            />
            <Checkbox label={t('field.myNumberResident')} checked={myNumberResident} onChange={(e) => setMyNumber(e.target.checked)} />
          </fieldset>
          <SelectField
            label={t('field.method')}
            value={method}
            onChange={(e) => setMethod(e.target.value)}
            options={[{ value: '', label: t('field.methodChoose') }, ...allowed.map((a) => ({ value: a.method, label: `${pick(a.label)}${a.provisional ? `（${t('evaluation.provisional')}）` : ''}` }))]}
            error={fieldError('method')}
          />
          {canVendors && contractors.data && (
            <SelectField
              label={t('field.contractorPick')}
              value={contractorId}
              onChange={(e) => {
                const c = contractors.data.items.find((x) => x.id === e.target.value);
                setContractorId(e.target.value);
                if (c) setContractorName(c.name);
              }}
              options={[{ value: '', label: t('field.notInRegister') }, ...contractors.data.items.map((c) => ({ value: c.id, label: c.name }))]}
              error={fieldError('contractorId')}
            />
          )}
          <TextField label={t('field.contractorName')} value={contractorName} onChange={(e) => setContractorName(e.target.value)} error={fieldError('contractorName')} />
          {!canVendors && <TextField label={t('field.contractorId')} value={contractorId} onChange={(e) => setContractorId(e.target.value)} error={fieldError('contractorId')} />}
          <TextField type="number" min={1} max={365} label={t('field.certificateDays')} value={certificateDays} onChange={(e) => setCertificateDays(e.target.value)} />
          <TextArea label={t('field.notes')} value={notes} onChange={(e) => setNotes(e.target.value)} />
          {create.error && <ErrorAlert error={create.error} />}
          <div>
            <Button type="submit" disabled={create.isPending}>
              {t('new.submit')}
            </Button>
          </div>
        </form>
        <Card title={t('evaluation.title')}>
          {!ready && <p className="text-std-16N-170">{t('evaluation.hint')}</p>}
          {evaluation.error && <ErrorAlert error={evaluation.error} />}
          {evaluation.data && (
            <>
              <p className="mb-2 text-std-16N-170">{t('evaluation.derived', { level: evaluation.data.subject.confidentiality })}</p>
              <EvaluationPanel evaluation={evaluation.data.evaluation} />
            </>
          )}
        </Card>
      </div>
    </div>
  );
}
