import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLES, type Role } from '@shared/permissions';
import { formatJapanDateTime } from '@shared/era';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { Alert, Badge, Button, Card, ErrorAlert, Loading, PageHeader, Pagination, SelectField, Table, TextField, td } from '../../components/ui';
import { ApiError, del, get, patch, post, qs, upload } from '../../lib/api';
import { useUnits } from './OrganizationPage';

interface UserRole {
  id: string;
  role: Role;
  scopeKind: string;
  scopeId: string | null;
  grantedAt: string;
}

interface User {
  id: string;
  email: string;
  displayName: string;
  sectionId: string | null;
  employment: string;
  status: 'invited' | 'active' | 'disabled';
  mfaEnabled: boolean;
  lastLoginAt: string | null;
  roles: UserRole[];
}

export function roleLabel(role: string, lang: string): string {
  const def = ROLES.find((r) => r.id === role);
  return def ? (lang === 'en' ? def.en : def.ja) : role;
}

function StatusBadge({ status }: { status: User['status'] }) {
  const { t } = useTranslation();
  return <Badge tone={status === 'active' ? 'green' : status === 'invited' ? 'blue' : 'gray'}>{t(`users.status.${status}`)}</Badge>;
}

function OneTimeSecret({ title, value }: { title: string; value: string }) {
  const { t } = useTranslation();
  return (
    <Alert tone="warning" title={title}>
      <p className="mt-1 break-all font-mono">{value}</p>
      <p className="mt-1 text-dns-14N-130">{t('users.shownOnce')}</p>
    </Alert>
  );
}

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const status = params.get('status') ?? '';
  const role = params.get('role') ?? '';
  const page = Number(params.get('page') ?? '1');
  const list = useQuery({
    queryKey: ['users', q, status, role, page],
    queryFn: () => get<{ items: User[]; total: number; page: number; pageSize: number }>(`/api/users${qs({ q, status, role, page })}`),
  });
  const units = useUnits();
  const sectionName = (id: string | null) => units.data?.find((u) => u.id === id)?.name ?? '—';
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next);
  };

  // Create
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [sectionId, setSectionId] = useState('');
  const [method, setMethod] = useState<'invite' | 'password'>('invite');
  const [newRole, setNewRole] = useState('');
  const create = useMutation({
    mutationFn: () => {
      const def = ROLES.find((r) => r.id === newRole);
      const roles = def ? [{ role: def.id, scopeId: def.assignTo === 'section' ? sectionId || null : def.assignTo === 'department' ? (units.data?.find((u) => u.id === sectionId)?.parentId ?? null) : null }] : [];
      return post<{ user: User; temporaryPassword: string | null; inviteUrl: string | null }>('/api/users', { email, displayName, sectionId: sectionId || null, method, roles });
    },
    onSuccess: () => {
      setEmail('');
      setDisplayName('');
      qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const createErr = create.error instanceof ApiError ? create.error : null;

  // Import
  const [file, setFile] = useState<File | null>(null);
  const preview = useMutation({ mutationFn: (dryRun: boolean) => upload<{ rows: number; dryRun: boolean; preview: Array<{ email: string; displayName: string; roles: string[] }>; invites: Array<{ email: string; inviteUrl: string }> }>(`/api/users/import?dryRun=${dryRun}`, file as File), onSuccess: (r) => { if (!r.dryRun) qc.invalidateQueries({ queryKey: ['users'] }); } });

  const submitCreate = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const sections = (units.data ?? []).filter((u) => u.kind === 'section');
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('users.title')} description={t('users.description')} />
      <Card>
        <form
          className="grid gap-4 md:grid-cols-3"
          onSubmit={(e) => {
            e.preventDefault();
            set('q', q);
          }}
        >
          <TextField label={t('users.search')} value={q} onChange={(e) => setQ(e.target.value)} />
          <SelectField
            label={t('users.statusLabel')}
            value={status}
            onChange={(e) => set('status', e.target.value)}
            options={[{ value: '', label: t('form.all') }, ...(['active', 'invited', 'disabled'] as const).map((s) => ({ value: s, label: t(`users.status.${s}`) }))]}
          />
          <SelectField label={t('users.role')} value={role} onChange={(e) => set('role', e.target.value)} options={[{ value: '', label: t('form.all') }, ...ROLES.map((r) => ({ value: r.id, label: i18n.language === 'en' ? r.en : r.ja }))]} />
        </form>
      </Card>
      {list.error && <ErrorAlert error={list.error} />}
      {list.isLoading ? (
        <Loading />
      ) : (
        list.data && (
          <>
            <Table caption={t('users.title')} head={[t('users.displayName'), t('auth.email'), t('users.section'), t('users.roles'), t('users.statusLabel'), t('users.mfa'), t('users.lastLogin')]}>
              {list.data.items.map((u) => (
                <tr key={u.id}>
                  <td className={td}>
                    <Link to={`/users/${u.id}`}>{u.displayName}</Link>
                  </td>
                  <td className={td}>{u.email}</td>
                  <td className={td}>{sectionName(u.sectionId)}</td>
                  <td className={td}>{u.roles.map((r) => roleLabel(r.role, i18n.language)).join('、') || '—'}</td>
                  <td className={td}>
                    <StatusBadge status={u.status} />
                  </td>
                  <td className={td}>{u.mfaEnabled ? t('users.mfaOn') : t('users.mfaOff')}</td>
                  <td className={td}>{u.lastLoginAt ? formatJapanDateTime(u.lastLoginAt) : '—'}</td>
                </tr>
              ))}
            </Table>
            <Pagination page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(p) => set('page', String(p))} />
          </>
        )
      )}
      {can('user.manage') && (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title={t('users.create')}>
            <form onSubmit={submitCreate} className="flex flex-col gap-4" noValidate>
              {create.error && <ErrorAlert error={create.error} />}
              {create.data?.inviteUrl && <OneTimeSecret title={t('users.inviteUrl')} value={create.data.inviteUrl} />}
              {create.data?.temporaryPassword && <OneTimeSecret title={t('users.tempPassword')} value={create.data.temporaryPassword} />}
              <TextField label={t('auth.email')} type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={createErr?.fieldText('email')} required />
              <TextField label={t('users.displayName')} value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={createErr?.fieldText('displayName')} required />
              <SelectField label={t('users.section')} value={sectionId} onChange={(e) => setSectionId(e.target.value)} options={[{ value: '', label: t('form.none') }, ...sections.map((s) => ({ value: s.id, label: s.name }))]} />
              <SelectField label={t('users.initialRole')} value={newRole} onChange={(e) => setNewRole(e.target.value)} hint={t('users.initialRoleHint')} options={[{ value: '', label: t('form.none') }, ...ROLES.filter((r) => r.assignTo !== 'contractor').map((r) => ({ value: r.id, label: i18n.language === 'en' ? r.en : r.ja }))]} />
              <SelectField
                label={t('users.method')}
                value={method}
                onChange={(e) => setMethod(e.target.value as 'invite' | 'password')}
                options={[
                  { value: 'invite', label: t('users.methodInvite') },
                  { value: 'password', label: t('users.methodPassword') },
                ]}
              />
              <Button type="submit" disabled={create.isPending}>
                {t('users.createSubmit')}
              </Button>
            </form>
          </Card>
          <Card title={t('users.import')}>
            <div className="flex flex-col gap-4">
              <p className="text-dns-16N-130">{t('users.importHelp')}</p>
              <label className="flex flex-col gap-1 text-std-16B-170">
                {t('users.importFile')}
                <input type="file" accept=".xlsx,.csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} className="text-std-16N-170" />
              </label>
              {preview.error && <ErrorAlert error={preview.error} />}
              {preview.data?.dryRun && (
                <Alert tone="info" title={t('users.importPreview', { n: preview.data.rows })}>
                  <ul className="list-disc pl-6">
                    {preview.data.preview.slice(0, 20).map((p) => (
                      <li key={p.email}>
                        {p.displayName}（{p.email}）{p.roles.map((r) => roleLabel(r, i18n.language)).join('、')}
                      </li>
                    ))}
                  </ul>
                </Alert>
              )}
              {preview.data && !preview.data.dryRun && (
                <Alert tone="success" title={t('users.importDone', { n: preview.data.rows })}>
                  <ul className="list-disc pl-6">
                    {preview.data.invites.map((i) => (
                      <li key={i.email} className="break-all">
                        {i.email}: {i.inviteUrl}
                      </li>
                    ))}
                  </ul>
                </Alert>
              )}
              <div className="flex gap-2">
                <Button variant="secondary" disabled={!file || preview.isPending} onClick={() => preview.mutate(true)}>
                  {t('users.importCheck')}
                </Button>
                <Button disabled={!file || preview.isPending || !preview.data?.dryRun} onClick={() => preview.mutate(false)}>
                  {t('users.importCommit')}
                </Button>
              </div>
            </div>
          </Card>
        </div>
      )}
    </div>
  );
}

export function UserDetailPage() {
  const { userId } = useParams();
  const { t, i18n } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const user = useQuery({ queryKey: ['user', userId], queryFn: () => get<User>(`/api/users/${userId}`) });
  const units = useUnits();
  const [role, setRole] = useState('');
  const [scopeId, setScopeId] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: ['user', userId] });
  const grant = useMutation({ mutationFn: () => post<User>(`/api/users/${userId}/roles`, { role, scopeId: scopeId || null }), onSuccess: refresh });
  const revoke = useMutation({ mutationFn: (id: string) => del<User>(`/api/users/${userId}/roles/${id}`), onSuccess: refresh });
  const setStatus = useMutation({ mutationFn: (status: 'active' | 'disabled') => patch<User>(`/api/users/${userId}`, { status }), onSuccess: refresh });
  const resetMfa = useMutation({ mutationFn: () => post<User>(`/api/users/${userId}/mfa-reset`), onSuccess: refresh });
  const reinvite = useMutation({ mutationFn: () => post<{ inviteUrl: string }>(`/api/users/${userId}/invite`) });
  if (user.isLoading) return <Loading />;
  if (user.error || !user.data) return <ErrorAlert error={user.error} />;
  const u = user.data;
  const manage = can('user.manage');
  const def = ROLES.find((r) => r.id === role);
  const scopeOptions = def?.assignTo === 'department' ? (units.data ?? []).filter((x) => x.kind === 'department') : def?.assignTo === 'section' ? (units.data ?? []).filter((x) => x.kind === 'section') : [];
  const unitName = (id: string | null) => units.data?.find((x) => x.id === id)?.name ?? '';
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={u.displayName} description={u.email} actions={<Link to="/users">{t('users.backToList')}</Link>} />
      <Card title={t('users.profile')}>
        <dl className="grid gap-3 sm:grid-cols-4">
          <div>
            <dt className="text-dns-14N-130 text-solid-gray-700">{t('users.statusLabel')}</dt>
            <dd>
              <StatusBadge status={u.status} />
            </dd>
          </div>
          <div>
            <dt className="text-dns-14N-130 text-solid-gray-700">{t('users.section')}</dt>
            <dd>{unitName(u.sectionId) || '—'}</dd>
          </div>
          <div>
            <dt className="text-dns-14N-130 text-solid-gray-700">{t('users.mfa')}</dt>
            <dd>{u.mfaEnabled ? t('users.mfaOn') : t('users.mfaOff')}</dd>
          </div>
          <div>
            <dt className="text-dns-14N-130 text-solid-gray-700">{t('users.lastLogin')}</dt>
            <dd>{u.lastLoginAt ? formatJapanDateTime(u.lastLoginAt) : '—'}</dd>
          </div>
        </dl>
        {manage && (
          <div className="mt-4 flex flex-wrap gap-2 border-t border-solid-gray-200 pt-4">
            {u.status === 'active' && (
              <Button variant="danger" onClick={() => setStatus.mutate('disabled')}>
                {t('users.disable')}
              </Button>
            )}
            {u.status === 'disabled' && (
              <Button variant="secondary" onClick={() => setStatus.mutate('active')}>
                {t('users.enable')}
              </Button>
            )}
            {u.mfaEnabled && (
              <Button variant="secondary" onClick={() => resetMfa.mutate()}>
                {t('users.resetMfa')}
              </Button>
            )}
            {u.status === 'invited' && (
              <Button variant="secondary" onClick={() => reinvite.mutate()}>
                {t('users.reinvite')}
              </Button>
            )}
          </div>
        )}
        {setStatus.error && <ErrorAlert error={setStatus.error} />}
        {resetMfa.error && <ErrorAlert error={resetMfa.error} />}
        {reinvite.error && <ErrorAlert error={reinvite.error} />}
        {reinvite.data && <OneTimeSecret title={t('users.inviteUrl')} value={reinvite.data.inviteUrl} />}
      </Card>
      <Card title={t('users.roles')}>
        {u.roles.length === 0 && <p>{t('users.noRoles')}</p>}
        <ul className="flex flex-col gap-2">
          {u.roles.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-3">
              <span className="text-std-16B-170">{roleLabel(r.role, i18n.language)}</span>
              {r.scopeId && <span className="text-dns-14N-130 text-solid-gray-700">{unitName(r.scopeId)}</span>}
              {manage && (
                <Button variant="ghost" onClick={() => revoke.mutate(r.id)} aria-label={t('users.removeRoleOf', { role: roleLabel(r.role, i18n.language) })}>
                  {t('users.removeRole')}
                </Button>
              )}
            </li>
          ))}
        </ul>
        {revoke.error && <ErrorAlert error={revoke.error} />}
        {manage && (
          <form
            className="mt-4 grid gap-4 border-t border-solid-gray-200 pt-4 md:grid-cols-3"
            onSubmit={(e) => {
              e.preventDefault();
              grant.mutate();
            }}
            noValidate
          >
            <div className="md:col-span-3">{grant.error && <ErrorAlert error={grant.error} />}</div>
            <SelectField label={t('users.role')} value={role} onChange={(e) => { setRole(e.target.value); setScopeId(''); }} options={[{ value: '', label: t('form.choose') }, ...ROLES.filter((r) => r.assignTo !== 'contractor').map((r) => ({ value: r.id, label: i18n.language === 'en' ? r.en : r.ja }))]} />
            {scopeOptions.length > 0 && (
              <SelectField label={t('users.scope')} value={scopeId} onChange={(e) => setScopeId(e.target.value)} error={grant.error instanceof ApiError ? grant.error.fieldText('scopeId') : undefined} options={[{ value: '', label: t('form.choose') }, ...scopeOptions.map((x) => ({ value: x.id, label: x.name }))]} />
            )}
            <div className="flex items-end">
              <Button type="submit" disabled={!role || grant.isPending}>
                {t('users.grantRole')}
              </Button>
            </div>
          </form>
        )}
      </Card>
    </div>
  );
}
