import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { Badge, Button, Card, Checkbox, ConfirmDialog, ErrorAlert, Loading, PageHeader, SelectField, TextField } from '../../components/ui';
import { ApiError, get, patch, post } from '../../lib/api';

export interface Unit {
  id: string;
  kind: 'department' | 'section';
  parentId: string | null;
  code: string;
  name: string;
  nameEn: string | null;
  sortOrder: number;
  status: string;
}

interface Org {
  id: string;
  kind: string;
  name: string;
  nameKana: string | null;
  nameEn: string | null;
  lgCode: string | null;
  prefectureCode: string | null;
  isDemo: boolean;
  settings: { mfaRequiredForAll: boolean };
}

export function useUnits() {
  return useQuery({ queryKey: ['units'], queryFn: () => get<Unit[]>('/api/units') });
}

/** Every unit, abolished ones too (status 'archived'), for records that still point to them. */
export function useAllUnits() {
  return useQuery({ queryKey: ['units', 'all'], queryFn: () => get<Unit[]>('/api/units?includeArchived=true') });
}

interface Dependents {
  sections: number;
  users: number;
  assignments: number;
  assets: number;
}

/** Abolishing asks first and says what still belongs to the unit (issue 21). */
function AbolishDialog({ unit, onClose }: { unit: Unit | null; onClose(): void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const deps = useQuery({ queryKey: ['units', 'dependents', unit?.id], queryFn: () => get<Dependents>(`/api/units/${unit?.id}/dependents`), enabled: !!unit, gcTime: 0 });
  const archive = useMutation({
    mutationFn: (id: string) => patch<Unit>(`/api/units/${id}`, { status: 'archived' }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['units'] });
      onClose();
    },
  });
  const kind = unit ? t(`org.${unit.kind}`) : '';
  const d = deps.data;
  const lines = d
    ? ([
        ['depSections', d.sections],
        ['depUsers', d.users],
        ['depAssignments', d.assignments],
        ['depAssets', d.assets],
      ] as const).filter(([, n]) => n > 0)
    : [];
  return (
    <ConfirmDialog
      open={!!unit}
      title={unit ? t('org.archiveTitle', { name: unit.name }) : ''}
      confirmLabel={t('org.archiveConfirm')}
      busy={!d || archive.isPending || (d?.sections ?? 0) > 0}
      onCancel={() => {
        archive.reset();
        onClose();
      }}
      onConfirm={() => unit && archive.mutate(unit.id)}
    >
      {deps.isLoading && <p>{t('org.archiveCounting')}</p>}
      {deps.error && <ErrorAlert error={deps.error} />}
      {d && lines.length > 0 && (
        <>
          <p>{t('org.archiveDependents', { kind })}</p>
          <ul className="mt-2 list-disc pl-6" data-testid="unit-dependents">
            {lines.map(([key, n]) => (
              <li key={key}>{t(`org.${key}`, { n, kind })}</li>
            ))}
          </ul>
        </>
      )}
      {d && lines.length === 0 && <p>{t('org.archiveNothing', { kind })}</p>}
      <p className="mt-3">{t('org.archiveKeeps', { kind })}</p>
      {archive.error && <ErrorAlert error={archive.error} />}
    </ConfirmDialog>
  );
}

export function OrganizationPage() {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const org = useQuery({ queryKey: ['organization'], queryFn: () => get<Org>('/api/organization') });
  const units = useUnits();
  const allUnits = useAllUnits();
  const [abolishing, setAbolishing] = useState<Unit | null>(null);
  const manage = can('org.manage');
  const saveSettings = useMutation({
    mutationFn: (mfaRequiredForAll: boolean) => patch<Org>('/api/organization', { settings: { mfaRequiredForAll } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['organization'] }),
  });
  const [kind, setKind] = useState<'department' | 'section'>('department');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState('');
  const create = useMutation({
    mutationFn: () => post<Unit>('/api/units', { kind, code, name, parentId: kind === 'section' ? parentId || null : null }),
    onSuccess: () => {
      setCode('');
      setName('');
      qc.invalidateQueries({ queryKey: ['units'] });
    },
  });
  const restore = useMutation({
    mutationFn: (id: string) => patch<Unit>(`/api/units/${id}`, { status: 'active' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['units'] }),
  });
  const abolished = (allUnits.data ?? []).filter((u) => u.status === 'archived');
  const unitName = (id: string | null) => (allUnits.data ?? []).find((u) => u.id === id)?.name;
  if (org.isLoading || units.isLoading) return <Loading />;
  if (org.error) return <ErrorAlert error={org.error} />;
  const departments = (units.data ?? []).filter((u) => u.kind === 'department');
  const err = create.error instanceof ApiError ? create.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('org.title')} description={t('org.description')} />
      {org.data && (
        <Card title={org.data.name}>
          <dl className="grid gap-3 sm:grid-cols-3">
            <div>
              <dt className="text-dns-14N-130 text-solid-gray-700">{t('org.kind')}</dt>
              <dd>{t(`orgKind.${org.data.kind}`)}</dd>
            </div>
            <div>
              <dt className="text-dns-14N-130 text-solid-gray-700">{t('org.lgCode')}</dt>
              <dd className="font-mono">{org.data.lgCode ?? t('org.noCode')}</dd>
            </div>
            <div>
              <dt className="text-dns-14N-130 text-solid-gray-700">{t('org.prefecture')}</dt>
              <dd>{org.data.prefectureCode ? t(`pref.${org.data.prefectureCode}`) : '—'}</dd>
            </div>
          </dl>
          {org.data.isDemo && (
            <p className="mt-3">
              <Badge tone="yellow">{t('shell.demo')}</Badge> {t('org.demoNote')}
            </p>
          )}
          <div className="mt-4 border-t border-solid-gray-200 pt-4">
            <Checkbox
              label={t('org.mfaForAll')}
              checked={org.data.settings.mfaRequiredForAll}
              disabled={!manage || saveSettings.isPending}
              onChange={(e) => saveSettings.mutate(e.target.checked)}
            />
            <p className="mt-1 text-dns-14N-130 text-solid-gray-700">{t('org.mfaForAllHint')}</p>
            {saveSettings.error && <ErrorAlert error={saveSettings.error} />}
          </div>
        </Card>
      )}
      <Card title={t('org.unitsTitle')}>
        {units.error && <ErrorAlert error={units.error} />}
        {departments.length === 0 && <p>{t('org.noUnits')}</p>}
        <ul className="flex flex-col gap-3">
          {departments.map((d) => (
            <li key={d.id}>
              <div className="flex items-center gap-3">
                <span className="text-std-18B-160">{d.name}</span>
                <span className="font-mono text-dns-14N-130 text-solid-gray-700">{d.code}</span>
                {manage && (
                  <Button variant="ghost" onClick={() => setAbolishing(d)} aria-label={t('org.archiveUnit', { name: d.name })}>
                    {t('org.archive')}
                  </Button>
                )}
              </div>
              <ul className="ml-6 mt-1 flex flex-col gap-1 border-l-2 border-solid-gray-200 pl-4">
                {(units.data ?? [])
                  .filter((s) => s.parentId === d.id)
                  .map((s) => (
                    <li key={s.id} className="flex items-center gap-3">
                      <span>{s.name}</span>
                      <span className="font-mono text-dns-14N-130 text-solid-gray-700">{s.code}</span>
                      {manage && (
                        <Button variant="ghost" onClick={() => setAbolishing(s)} aria-label={t('org.archiveUnit', { name: s.name })}>
                          {t('org.archive')}
                        </Button>
                      )}
                    </li>
                  ))}
              </ul>
            </li>
          ))}
        </ul>
        <AbolishDialog unit={abolishing} onClose={() => setAbolishing(null)} />
      </Card>
      <Card title={t('org.archivedTitle')}>
        {abolished.length === 0 ? (
          <p>{t('org.noArchived')}</p>
        ) : (
          <ul className="flex flex-col gap-2" data-testid="abolished-units">
            {abolished.map((u) => (
              <li key={u.id} className="flex flex-wrap items-center gap-3">
                <Badge tone="gray">{t('org.archived')}</Badge>
                <span>{u.name}</span>
                <span className="font-mono text-dns-14N-130 text-solid-gray-700">{u.code}</span>
                {u.parentId && <span className="text-dns-14N-130 text-solid-gray-700">{unitName(u.parentId)}</span>}
                {manage && (
                  <Button variant="ghost" onClick={() => restore.mutate(u.id)} aria-label={t('org.restoreUnit', { name: u.name })}>
                    {t('org.restore')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        {restore.error && <ErrorAlert error={restore.error} />}
      </Card>
      {manage && (
        <Card title={t('org.addUnit')}>
          <form onSubmit={submit} className="grid gap-4 md:grid-cols-2" noValidate>
            <div className="md:col-span-2">{create.error && <ErrorAlert error={create.error} />}</div>
            <SelectField
              label={t('org.unitKind')}
              value={kind}
              onChange={(e) => setKind(e.target.value as 'department' | 'section')}
              options={[
                { value: 'department', label: t('org.department') },
                { value: 'section', label: t('org.section') },
              ]}
            />
            {kind === 'section' && (
              <SelectField
                label={t('org.parentDepartment')}
                value={parentId}
                onChange={(e) => setParentId(e.target.value)}
                error={err?.fieldText('parentId')}
                options={[{ value: '', label: t('form.choose') }, ...departments.map((d) => ({ value: d.id, label: d.name }))]}
                required
              />
            )}
            <TextField label={t('org.unitCode')} hint={t('org.unitCodeHint')} value={code} onChange={(e) => setCode(e.target.value)} error={err?.fieldText('code')} required />
            <TextField label={t('org.unitName')} value={name} onChange={(e) => setName(e.target.value)} error={err?.fieldText('name')} required />
            <div className="md:col-span-2">
              <Button type="submit" disabled={create.isPending}>
                {t('org.add')}
              </Button>
            </div>
          </form>
        </Card>
      )}
    </div>
  );
}
