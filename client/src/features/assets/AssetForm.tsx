import { parseWholeNumber } from '../../lib/numbers';
import { ASSET_FLAGS, ASSET_HOSTINGS, ASSET_KINDS, ASSET_SEGMENTS, ASSET_STATUSES } from '@shared/assets';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, ErrorAlert, SelectField, TextArea, TextField } from '../../components/ui';
import { ApiError } from '../../lib/api';
import { type Asset, useCloudServices, useSections } from './api';

export interface AssetFormValues {
  code: string;
  name: string;
  description: string;
  kind: string;
  ownerSectionId: string;
  custodian: string;
  segment: string;
  hosting: string;
  location: string;
  cloudServiceId: string;
  related: string;
  residentData: boolean;
  myNumber: boolean;
  specialCare: boolean;
  recordCount: string;
  retention: string;
  backupNote: string;
  status: string;
}

export function valuesOf(a?: Asset): AssetFormValues {
  return {
    code: a?.code ?? '',
    name: a?.name ?? '',
    description: a?.description ?? '',
    kind: a?.kind ?? 'dataset',
    ownerSectionId: a?.ownerSection.id ?? '',
    custodian: a?.custodian ?? '',
    segment: a?.segment ?? '',
    hosting: a?.hosting ?? '',
    location: a?.location ?? '',
    cloudServiceId: a?.cloudServiceId ?? '',
    related: a?.related.map((r) => r.code).join('; ') ?? '',
    residentData: a?.flags.residentData ?? false,
    myNumber: a?.flags.myNumber ?? false,
    specialCare: a?.flags.specialCare ?? false,
    recordCount: a?.recordCount === null || a?.recordCount === undefined ? '' : String(a.recordCount),
    retention: a?.retention ?? '',
    backupNote: a?.backupNote ?? '',
    status: a?.status ?? 'active',
  };
}

/** The request body for POST /api/assets or PATCH /api/assets/:id. */
export function bodyOf(v: AssetFormValues): Record<string, unknown> {
  const rc = parseWholeNumber(v.recordCount);
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    description: v.description.trim() || null,
    kind: v.kind,
    ownerSectionId: v.ownerSectionId,
    custodian: v.custodian.trim() || null,
    segment: v.segment || null,
    hosting: v.hosting || null,
    location: v.location.trim() || null,
    cloudServiceId: v.cloudServiceId.trim() || null,
    relatedCodes: v.related
      .split(/[;；、,，\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    flags: { residentData: v.residentData, myNumber: v.myNumber, specialCare: v.specialCare },
    // A text that is not a whole number is sent as typed, so the server names it with the form's other errors.
    recordCount: rc === null ? null : Number.isNaN(rc) ? v.recordCount : rc,
    retention: v.retention.trim() || null,
    backupNote: v.backupNote.trim() || null,
    status: v.status,
  };
}

/** Register fields of an asset, for creating and editing. */
export function AssetForm({ initial, submitLabel, busy, error, onSubmit, onCancel }: { initial: AssetFormValues; submitLabel: string; busy: boolean; error: unknown; onSubmit(v: AssetFormValues): void; onCancel?: () => void }) {
  const { t, i18n } = useTranslation('assets');
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const [v, setV] = useState(initial);
  const sections = useSections();
  const services = useCloudServices();
  const fieldErr = (f: string) => (error instanceof ApiError ? error.fieldText(f, lang) : undefined);
  const set = <K extends keyof AssetFormValues>(k: K, value: AssetFormValues[K]) => setV((o) => ({ ...o, [k]: value }));
  const none = { value: '', label: t('form.none') };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(v);
  };
  return (
    <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
      <ErrorAlert error={error} />
      <div className="grid gap-4 md:grid-cols-2">
        <TextField label={t('form.code')} hint={t('form.codeHint')} required value={v.code} onChange={(e) => set('code', e.target.value)} error={fieldErr('code')} limit={50} />
        <TextField label={t('form.name')} required value={v.name} onChange={(e) => set('name', e.target.value)} error={fieldErr('name')} limit={200} />
        <SelectField label={t('form.kind')} required value={v.kind} onChange={(e) => set('kind', e.target.value)} options={ASSET_KINDS.map((k) => ({ value: k.id, label: k[lang] }))} error={fieldErr('kind')} />
        <SelectField
          label={t('form.section')}
          hint={t('form.sectionHint')}
          required
          value={v.ownerSectionId}
          onChange={(e) => set('ownerSectionId', e.target.value)}
          options={[{ value: '', label: t('form.none') }, ...(sections.data ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.code}）` }))]}
          error={fieldErr('ownerSectionId')}
        />
        <TextField label={t('form.custodian')} hint={t('form.custodianHint')} value={v.custodian} onChange={(e) => set('custodian', e.target.value)} error={fieldErr('custodian')} limit={200} />
        <SelectField label={t('form.segment')} value={v.segment} onChange={(e) => set('segment', e.target.value)} options={[none, ...ASSET_SEGMENTS.map((k) => ({ value: k.id, label: k[lang] }))]} error={fieldErr('segment')} />
        <SelectField label={t('form.hosting')} value={v.hosting} onChange={(e) => set('hosting', e.target.value)} options={[none, ...ASSET_HOSTINGS.map((k) => ({ value: k.id, label: k[lang] }))]} error={fieldErr('hosting')} />
        <TextField label={t('form.location')} value={v.location} onChange={(e) => set('location', e.target.value)} error={fieldErr('location')} limit={200} />
        <SelectField
          label={t('form.cloudServiceId')}
          hint={t(services.data && services.data.items.length === 0 ? 'form.cloudServiceNone' : 'form.cloudServiceHint')}
          value={v.cloudServiceId}
          onChange={(e) => set('cloudServiceId', e.target.value)}
          options={[
            none,
            ...(services.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.providerName}）` })),
            // An id the register does not know (kept from before) stays selectable, marked as such.
            ...(v.cloudServiceId && !services.data?.items.some((s) => s.id === v.cloudServiceId) ? [{ value: v.cloudServiceId, label: t('form.cloudServiceUnknown', { id: v.cloudServiceId }) }] : []),
          ]}
          error={fieldErr('cloudServiceId')}
        />
        <TextField label={t('form.related')} hint={t('form.relatedHint')} value={v.related} onChange={(e) => set('related', e.target.value)} error={fieldErr('relatedCodes') ?? fieldErr('relatedIds')} />
        <TextField
          label={t('form.recordCount')}
          inputMode="numeric"
          value={v.recordCount} onChange={(e) => set('recordCount', e.target.value)}
          error={v.recordCount.trim() && Number.isNaN(parseWholeNumber(v.recordCount)) ? t('common:form.notNumber') : fieldErr('recordCount')}
        />
        <TextField label={t('form.retention')} value={v.retention} onChange={(e) => set('retention', e.target.value)} error={fieldErr('retention')} limit={50} />
        <SelectField label={t('form.status')} value={v.status} onChange={(e) => set('status', e.target.value)} options={ASSET_STATUSES.map((k) => ({ value: k.id, label: k[lang] }))} />
      </div>
      <fieldset className="flex flex-wrap gap-6">
        <legend className="mb-2 text-std-16B-170">{t('form.flags')}</legend>
        {ASSET_FLAGS.map((f) => (
          <Checkbox key={f.id} label={f[lang]} checked={v[f.id]} onChange={(e) => set(f.id, e.target.checked)} />
        ))}
      </fieldset>
      <TextArea label={t('form.description')} rows={2} value={v.description} onChange={(e) => set('description', e.target.value)} error={fieldErr('description')} limit={2000} />
      <TextArea label={t('form.backupNote')} hint={t('form.backupHint')} rows={2} value={v.backupNote} onChange={(e) => set('backupNote', e.target.value)} error={fieldErr('backupNote')} limit={1000} />
      <div className="flex gap-3">
        <Button type="submit" disabled={busy}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            {t('form.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}
