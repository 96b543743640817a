import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ACTIONS, type Action } from '@shared/permissions';
import { formatJapanDateTime } from '@shared/era';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../app/session';
import { Alert, Button, Card, Checkbox, ErrorAlert, Loading, PageHeader, Table, TextField, td } from '../../components/ui';
import { del, get, post } from '../../lib/api';
import { roleLabel } from './UsersPage';

interface SessionRow {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  actions: string[];
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function AccountPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const { data: me } = useMe();
  const sessions = useQuery({ queryKey: ['my-sessions'], queryFn: () => get<SessionRow[]>('/api/me/sessions') });
  const tokens = useQuery({ queryKey: ['my-tokens'], queryFn: () => get<TokenRow[]>('/api/me/tokens') });
  const endSession = useMutation({ mutationFn: (id: string) => del(`/api/me/sessions/${id}`), onSuccess: () => qc.invalidateQueries({ queryKey: ['my-sessions'] }) });
  const everywhere = useMutation({ mutationFn: () => post('/api/auth/logout-all'), onSuccess: () => { qc.clear(); window.location.assign('/login'); } });
  const [tokenName, setTokenName] = useState('');
  const [tokenActions, setTokenActions] = useState<Action[]>([]);
  const [days, setDays] = useState('90');
  const createToken = useMutation({
    mutationFn: () => post<{ token: string }>('/api/me/tokens', { name: tokenName, actions: tokenActions, expiresInDays: Number(days) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['my-tokens'] }),
  });
  const revokeToken = useMutation({ mutationFn: (id: string) => del(`/api/me/tokens/${id}`), onSuccess: () => qc.invalidateQueries({ queryKey: ['my-tokens'] }) });
  const [code, setCode] = useState('');
  const regen = useMutation({ mutationFn: () => post<{ recoveryCodes: string[] }>('/api/auth/mfa/recovery-codes', { code }) });
  if (!me) return <Loading />;
  const held = ACTIONS.filter((a) => me.permissions[a.id]);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('account.title')} description={`${me.user.displayName}（${me.user.email}）`} />
      <Card title={t('account.roles')}>
        {me.roles.length === 0 ? <p>{t('users.noRoles')}</p> : <ul className="list-disc pl-6">{me.roles.map((r) => <li key={r.id}>{roleLabel(r.role, i18n.language)}</li>)}</ul>}
        <p className="mt-3">
          <Link to="/password">{t('auth.passwordChange')}</Link>
        </p>
      </Card>
      <Card title={t('account.mfa')}>
        <p>{me.user.mfaEnabled ? t('account.mfaOn') : t('account.mfaOff')}</p>
        {!me.user.mfaEnabled && (
          <p className="mt-2">
            <Link to="/mfa/enroll">{t('account.enrollNow')}</Link>
          </p>
        )}
        {me.user.mfaEnabled && (
          <form
            className="mt-4 flex flex-wrap items-end gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              regen.mutate();
            }}
          >
            <TextField label={t('auth.mfaCode')} inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value)} />
            <Button type="submit" variant="secondary">
              {t('account.regenerate')}
            </Button>
          </form>
        )}
        {regen.error && <ErrorAlert error={regen.error} />}
        {regen.data && (
          <Alert tone="warning" title={t('auth.recoveryCodesWarn')}>
            <ul className="grid grid-cols-2 gap-1 font-mono">
              {regen.data.recoveryCodes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </Alert>
        )}
      </Card>
      <Card title={t('account.sessions')}>
        {sessions.isLoading && <Loading />}
        {sessions.data && (
          <Table caption={t('account.sessions')} head={[t('account.started'), t('account.lastSeen'), t('audit.ip'), t('account.browser'), '']}>
            {sessions.data.map((s) => (
              <tr key={s.id}>
                <td className={td}>{formatJapanDateTime(s.createdAt)}</td>
                <td className={td}>{formatJapanDateTime(s.lastSeenAt)}</td>
                <td className={td}>{s.ip}</td>
                <td className={`${td} max-w-72 truncate`}>{s.userAgent}</td>
                <td className={td}>
                  {s.current ? (
                    t('account.thisSession')
                  ) : (
                    <Button variant="ghost" onClick={() => endSession.mutate(s.id)}>
                      {t('account.end')}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
        <div className="mt-4">
          <Button variant="danger" onClick={() => everywhere.mutate()}>
            {t('account.signOutEverywhere')}
          </Button>
        </div>
      </Card>
      <Card title={t('account.tokens')}>
        <p className="mb-3 text-dns-16N-130">{t('account.tokensHelp')}</p>
        {tokens.data && tokens.data.length > 0 && (
          <Table caption={t('account.tokens')} head={[t('account.tokenName'), t('account.tokenPrefix'), t('account.expires'), t('account.lastUsed'), '']}>
            {tokens.data.map((tk) => (
              <tr key={tk.id}>
                <td className={td}>{tk.name}</td>
                <td className={`${td} font-mono`}>{tk.prefix}…</td>
                <td className={td}>{formatJapanDateTime(tk.expiresAt)}</td>
                <td className={td}>{tk.lastUsedAt ? formatJapanDateTime(tk.lastUsedAt) : '—'}</td>
                <td className={td}>
                  {tk.revokedAt ? (
                    t('account.revoked')
                  ) : (
                    <Button variant="ghost" onClick={() => revokeToken.mutate(tk.id)}>
                      {t('account.revoke')}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
        <form
          className="mt-4 flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            createToken.mutate();
          }}
          noValidate
        >
          {createToken.error && <ErrorAlert error={createToken.error} />}
          {createToken.data && (
            <Alert tone="warning" title={t('account.tokenShownOnce')}>
              <code className="break-all font-mono">{createToken.data.token}</code>
            </Alert>
          )}
          <TextField label={t('account.tokenName')} value={tokenName} onChange={(e) => setTokenName(e.target.value)} required />
          <TextField label={t('account.tokenDays')} type="number" min={1} max={365} value={days} onChange={(e) => setDays(e.target.value)} />
          <fieldset>
            <legend className="text-std-16B-170">{t('account.tokenActions')}</legend>
            <div className="mt-2 grid gap-1 md:grid-cols-2">
              {held.map((a) => (
                <Checkbox
                  key={a.id}
                  label={`${i18n.language === 'en' ? a.en : a.ja} (${a.id})`}
                  checked={tokenActions.includes(a.id)}
                  onChange={(e) => setTokenActions(e.target.checked ? [...tokenActions, a.id] : tokenActions.filter((x) => x !== a.id))}
                />
              ))}
            </div>
          </fieldset>
          <div>
            <Button type="submit" disabled={createToken.isPending}>
              {t('account.createToken')}
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
