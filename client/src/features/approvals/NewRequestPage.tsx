import { useMutation } from '@tanstack/react-query';
import { BYOD_ACT_LABELS, BYOD_ACTS, BYOD_PLACE_LABELS, BYOD_PLACES, REMOTE_METHOD_LABELS, REMOTE_METHODS, SUBJECTS, type SubjectType } from '@shared/approvals';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button, Card, Checkbox, ErrorAlert, PageHeader, SelectField, TextArea, TextField } from '../../components/ui';
import { post } from '../../lib/api';
import type { ApprovalItem } from './api';

/** Built-in forms (cloud-service use is requested from the external service page in vendors). */
const TYPES: SubjectType[] = ['take_out', 'exception', 'byod', 'remote_access', 'offsite_equipment'];
const lines = (s: string) => s.split('\n').map((x) => x.trim()).filter(Boolean);

export function NewRequestPage() {
  const { t, i18n } = useTranslation('approvals');
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const [type, setType] = useState<SubjectType>('take_out');
  const [f, setF] = useState<Record<string, string>>({ method: 'internet_vpn', place: 'meeting_room', act: 'carry' });
  const [flags, setFlags] = useState({ encrypted: true, mfa: true, emergency: false });
  const v = (k: string) => f[k] ?? '';
  const on = (k: string) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const create = useMutation({
    mutationFn: () => {
      const details: Record<SubjectType, unknown> = {
        take_out: { items: v('items'), destination: v('destination'), purpose: v('purpose'), outOn: v('outOn'), dueBack: v('dueBack'), encrypted: flags.encrypted },
        exception: { catalogItemId: v('catalogItemId'), reason: v('reason'), compensatingMeasures: lines(v('measures')), scope: v('scope'), ...(flags.emergency ? { emergency: { actedOn: v('actedOn'), action: v('action') } } : {}) },
        byod: { deviceOwner: v('deviceOwner'), device: v('device'), uses: [{ place: v('place'), act: v('act') }] },
        remote_access: { user: v('user'), method: v('method'), mfa: flags.mfa, terminal: v('terminal') },
        offsite_equipment: { equipment: v('equipment'), location: v('location'), purpose: v('purpose'), measures: lines(v('measures')) },
        cloud_use: {},
      };
      const assetIds = v('assets').split(',').map((x) => x.trim()).filter(Boolean);
      return post<ApprovalItem>('/api/approvals', {
        subjectType: type,
        title: v('title'),
        assetIds,
        ...(v('validFrom') && type !== 'take_out' ? { validFrom: v('validFrom') } : {}),
        ...(v('validUntil') && type !== 'take_out' ? { validUntil: v('validUntil') } : {}),
        details: details[type],
      });
    },
    onSuccess: (a) => navigate(`/approvals/${a.id}`),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const label = (s: { ja: string; en: string }) => (en ? s.en : s.ja);
  return (
    <div>
      <PageHeader title={t('form.title')} description={t('form.description')} />
      <form onSubmit={submit} aria-label={t('form.title')} className="flex max-w-3xl flex-col gap-4">
        <SelectField label={t('form.type')} value={type} onChange={(e) => setType(e.target.value as SubjectType)} options={TYPES.map((s) => ({ value: s, label: `${label(SUBJECTS[s])}（${SUBJECTS[s].source}）` }))} />
        <TextField label={t('form.subject')} required value={v('title')} onChange={on('title')} />
        <TextField label={t('form.assets')} hint={t('form.assetsHint')} value={v('assets')} onChange={on('assets')} />
        <Card title={label(SUBJECTS[type])}>
          <div className="flex flex-col gap-4">
            {type === 'take_out' && (
              <>
                <TextField label={t('form.items')} required value={v('items')} onChange={on('items')} />
                <TextField label={t('form.destination')} required value={v('destination')} onChange={on('destination')} />
                <TextArea label={t('form.purpose')} required value={v('purpose')} onChange={on('purpose')} />
                <TextField type="date" label={t('form.outOn')} required value={v('outOn')} onChange={on('outOn')} />
                <TextField type="date" label={t('form.dueBack')} required value={v('dueBack')} onChange={on('dueBack')} />
                <Checkbox label={t('form.encrypted')} checked={flags.encrypted} onChange={(e) => setFlags({ ...flags, encrypted: e.target.checked })} />
              </>
            )}
            {type === 'exception' && (
              <>
                <TextField label={t('form.catalogItemId')} required value={v('catalogItemId')} onChange={on('catalogItemId')} />
                <TextArea label={t('form.reason')} required value={v('reason')} onChange={on('reason')} />
                <TextArea label={t('form.measures')} required value={v('measures')} onChange={on('measures')} />
                <TextField label={t('form.scope')} required value={v('scope')} onChange={on('scope')} />
                <Checkbox label={t('form.emergency')} checked={flags.emergency} onChange={(e) => setFlags({ ...flags, emergency: e.target.checked })} />
                {flags.emergency && (
                  <>
                    <TextField type="date" label={t('form.actedOn')} required value={v('actedOn')} onChange={on('actedOn')} />
                    <TextArea label={t('form.action')} required value={v('action')} onChange={on('action')} />
                  </>
                )}
              </>
            )}
            {type === 'byod' && (
              <>
                <TextField label={t('form.deviceOwner')} required value={v('deviceOwner')} onChange={on('deviceOwner')} />
                <TextField label={t('form.device')} required value={v('device')} onChange={on('device')} />
                <SelectField label={t('form.place')} value={v('place')} onChange={on('place')} options={BYOD_PLACES.map((p) => ({ value: p, label: label(BYOD_PLACE_LABELS[p]) }))} />
                <SelectField label={t('form.act')} value={v('act')} onChange={on('act')} options={BYOD_ACTS.map((p) => ({ value: p, label: label(BYOD_ACT_LABELS[p]) }))} />
              </>
            )}
            {type === 'remote_access' && (
              <>
                <TextField label={t('form.user')} required value={v('user')} onChange={on('user')} />
                <SelectField label={t('form.method')} value={v('method')} onChange={on('method')} options={REMOTE_METHODS.map((m) => ({ value: m, label: label(REMOTE_METHOD_LABELS[m]) }))} />
                <Checkbox label={t('form.mfa')} checked={flags.mfa} onChange={(e) => setFlags({ ...flags, mfa: e.target.checked })} />
                <TextField label={t('form.terminal')} required value={v('terminal')} onChange={on('terminal')} />
              </>
            )}
            {type === 'offsite_equipment' && (
              <>
                <TextField label={t('form.equipment')} required value={v('equipment')} onChange={on('equipment')} />
                <TextField label={t('form.location')} required value={v('location')} onChange={on('location')} />
                <TextArea label={t('form.purpose')} required value={v('purpose')} onChange={on('purpose')} />
                <TextArea label={t('form.measures')} required value={v('measures')} onChange={on('measures')} />
              </>
            )}
            {type !== 'take_out' && (
              <>
                <TextField type="date" label={t('form.validFrom')} value={v('validFrom')} onChange={on('validFrom')} />
                <TextField type="date" label={t('form.validUntil')} required value={v('validUntil')} onChange={on('validUntil')} />
              </>
            )}
          </div>
        </Card>
        {create.error && <ErrorAlert error={create.error} />}
        <div>
          <Button type="submit" disabled={create.isPending}>
            {t('form.submit')}
          </Button>
        </div>
      </form>
    </div>
  );
}
