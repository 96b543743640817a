import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formatEraDate } from '@shared/era';
import { NETWORK_MODEL_LABELS, type PolicyChoices, type VersionState } from '@shared/documents';
import type { NetworkModel } from '@shared/catalog';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCan } from '../../app/session';
import { Badge, Button, Card, Checkbox, ErrorAlert, Loading, PageHeader, SelectField, Table, TextField, td } from '../../components/ui';
import { ApiError, post } from '../../lib/api';
import { useOptions, usePolicies, versionPath } from './api';

export function StateBadge({ state }: { state: VersionState }) {
  const { t } = useTranslation('documents');
  const tone = state === 'inForce' ? 'green' : state === 'draft' ? 'yellow' : state === 'scheduled' ? 'blue' : 'gray';
  return <Badge tone={tone}>{t(`state.${state}`)}</Badge>;
}

export function eraDate(date: string | null | undefined, lang: string): string {
  if (!date) return '—';
  return lang === 'en' ? date.slice(0, 10) : formatEraDate(date);
}

export function PoliciesPage() {
  const { t, i18n } = useTranslation('documents');
  const can = useCan();
  const list = usePolicies();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('list.title')} description={t('list.description')} />
      {list.error && <ErrorAlert error={list.error} />}
      {list.isLoading && <Loading />}
      {list.data && list.data.items.length === 0 && <p className="text-std-16N-170">{t('list.none')}</p>}
      {list.data?.items.map((p) => (
        <Card key={p.id} title={p.title}>
          <Table caption={`${p.title} ${t('list.versions')}`} head={[t('list.version'), t('list.state'), t('create.edition'), t('list.effectiveFrom'), t('list.decision'), t('list.createdBy'), t('list.compare')]}>
            {[...p.versions].reverse().map((v) => (
              <tr key={v.id}>
                <td className={td}>
                  <Link to={versionPath(v.id)}>{t('editor.versionLabel', { n: v.versionNo })}</Link>
                </td>
                <td className={td}>
                  <StateBadge state={v.state} />
                </td>
                <td className={td}>{i18n.language === 'en' ? v.edition : `${v.editionLabel}版`}</td>
                <td className={td}>{eraDate(v.effectiveFrom, i18n.language)}</td>
                <td className={td}>{v.decisionRef ?? '—'}</td>
                <td className={td}>{v.createdByLabel}</td>
                <td className={td}>{v.basedOnId && <Link to={`/policy/compare?from=${v.basedOnId}&to=${v.id}`}>{t('list.compare')}</Link>}</td>
              </tr>
            ))}
          </Table>
        </Card>
      ))}
      {can('policy.write') && <CreatePolicy />}
    </div>
  );
}

function CreatePolicy() {
  const { t, i18n } = useTranslation('documents');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [edition, setEdition] = useState<string | undefined>(undefined);
  const options = useOptions(edition);
  const [title, setTitle] = useState('');
  const [choices, setChoices] = useState<PolicyChoices | null>(null);
  useEffect(() => {
    if (options.data && !choices) {
      setChoices({ ...options.data.defaults, optional: Object.fromEntries(options.data.optionalItems.map((o) => [o.id, o.defaultOn])) });
      setTitle(`${options.data.defaults.orgName}情報セキュリティポリシー`);
    }
  }, [options.data, choices]);
  const create = useMutation({
    mutationFn: () => post<{ policyId: string; versionId: string }>('/api/policies', { title, edition: edition ?? options.data?.current, choices }),
    onSuccess: (r) => {
      qc.invalidateQueries({ queryKey: ['policies'] });
      navigate(versionPath(r.versionId));
    },
  });
  const err = create.error instanceof ApiError ? create.error : null;
  if (options.isLoading || !choices) return <Loading />;
  const set = <K extends keyof PolicyChoices>(k: K, v: PolicyChoices[K]) => setChoices({ ...choices, [k]: v });
  const holder = (k: keyof PolicyChoices['roleHolders']) => (
    <TextField
      key={k}
      label={t(`create.${k}`)}
      value={choices.roleHolders[k]}
      required={k !== 'deputyCiso'}
      error={err?.fieldText(`choices.roleHolders.${k}`)}
      onChange={(e) => set('roleHolders', { ...choices.roleHolders, [k]: e.target.value })}
    />
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Card title={t('create.title')}>
      <p className="mb-4 text-std-16N-170 text-solid-gray-700">{t('create.description')}</p>
      <form className="flex flex-col gap-6" onSubmit={submit}>
        <div className="grid gap-4 md:grid-cols-2">
          <SelectField
            label={t('create.edition')}
            value={edition ?? options.data?.current ?? ''}
            onChange={(e) => setEdition(e.target.value)}
            options={(options.data?.editions ?? []).map((e) => ({ value: e.id, label: `${i18n.language === 'en' ? e.labelEn : e.label}（${e.id}）` }))}
          />
          <TextField label={t('create.policyTitle')} value={title} required onChange={(e) => setTitle(e.target.value)} error={err?.fieldText('title')} />
          <TextField label={t('create.orgName')} value={choices.orgName} required onChange={(e) => set('orgName', e.target.value)} error={err?.fieldText('choices.orgName')} />
          <TextField label={t('create.headTitle')} value={choices.headTitle} required onChange={(e) => set('headTitle', e.target.value)} error={err?.fieldText('choices.headTitle')} />
          <TextField label={t('create.committeeName')} value={choices.committeeName} required onChange={(e) => set('committeeName', e.target.value)} />
        </div>
        <fieldset className="flex flex-col gap-4">
          <legend className="mb-2 text-std-18B-160">{t('create.structure')}</legend>
          <div className="grid gap-4 md:grid-cols-2">
            <SelectField
              label={t('create.networkModel')}
              value={choices.networkModel}
              onChange={(e) => set('networkModel', e.target.value as NetworkModel)}
              options={(Object.keys(NETWORK_MODEL_LABELS) as NetworkModel[]).map((m) => ({ value: m, label: i18n.language === 'en' ? NETWORK_MODEL_LABELS[m].en : NETWORK_MODEL_LABELS[m].ja }))}
            />
            <SelectField
              label={t('create.orgSize')}
              value={choices.orgSize}
              onChange={(e) => set('orgSize', e.target.value as PolicyChoices['orgSize'])}
              options={[
                { value: 'standard', label: t('create.orgSizeStandard') },
                { value: 'small', label: t('create.orgSizeSmall') },
              ]}
            />
          </div>
          <Checkbox label={t('create.externalServicesConfidential')} checked={choices.externalServicesConfidential} onChange={(e) => set('externalServicesConfidential', e.target.checked)} />
          <Checkbox label={t('create.wirelessLan')} checked={choices.wirelessLan} onChange={(e) => set('wirelessLan', e.target.checked)} />
          <Checkbox label={t('create.cloudProvisions')} checked={choices.cloudProvisions} onChange={(e) => set('cloudProvisions', e.target.checked)} />
        </fieldset>
        {options.data && options.data.optionalItems.length > 0 && (
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 text-std-18B-160">{t('create.optional')}</legend>
            <p className="text-dns-14N-130 text-solid-gray-700">{t('create.optionalHint')}</p>
            {options.data.optionalItems.map((o) => (
              <Checkbox
                key={o.id}
                label={`${o.number} ${o.title}${o.confidence === 'provisional' ? `（${t('editor.provisional')}）` : ''}`}
                checked={choices.optional[o.id] ?? o.defaultOn}
                onChange={(e) => set('optional', { ...choices.optional, [o.id]: e.target.checked })}
              />
            ))}
          </fieldset>
        )}
        <fieldset className="flex flex-col gap-4">
          <legend className="mb-2 text-std-18B-160">{t('create.roles')}</legend>
          <div className="grid gap-4 md:grid-cols-2">{(['ciso', 'cio', 'deputyCiso', 'chiefSecurityManager', 'securityOfficer', 'securityManager', 'systemManager', 'auditLead'] as const).map(holder)}</div>
        </fieldset>
        {create.error && <ErrorAlert error={create.error} />}
        <div>
          <Button type="submit" disabled={create.isPending}>
            {t('create.submit')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
