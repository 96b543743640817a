import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { Alert, Button, ErrorAlert, Loading, SelectField, TextField } from '../components/ui';
import { ApiError, get, post } from '../lib/api';
import { LanguageSwitch } from './LanguageSwitch';
import { useMe, useRefreshMe } from './session';

/** Pages shown before the shell: sign-in, first-time setup, invitations, MFA and password steps. */

function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="min-h-screen bg-solid-gray-50">
      <header className="flex items-center justify-between border-b border-solid-gray-420 bg-white px-6 py-3">
        <p className="text-std-20B-150 text-key-900">{t('app.name')}</p>
        <LanguageSwitch />
      </header>
      <main id="main" className="mx-auto max-w-xl px-4 py-10">
        <h1 className="mb-6 text-std-28B-150">{title}</h1>
        <div className="rounded-12 border border-solid-gray-420 bg-white p-6 shadow-1">{children}</div>
      </main>
    </div>
  );
}

function nextPath(stage: string): string {
  if (stage === 'mfa') return '/mfa';
  if (stage === 'enroll') return '/mfa/enroll';
  if (stage === 'password') return '/password';
  return '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefreshMe();
  const { data: me } = useMe();
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => get<{ needed: boolean }>('/api/setup') });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => post<{ stage: string }>('/api/auth/login', { email, password }),
    onSuccess: async (r) => {
      await refresh();
      navigate(nextPath(r.stage));
    },
  });
  if (me && me.stage === 'full') return <Navigate to="/" replace />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <AuthFrame title={t('auth.signIn')}>
      {setup.data?.needed && (
        <div className="mb-4">
          <Alert tone="info" title={t('auth.setupNeededTitle')}>
            {t('auth.setupNeeded')}
          </Alert>
        </div>
      )}
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        {login.error && <ErrorAlert error={login.error} />}
        <TextField label={t('auth.email')} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <TextField label={t('auth.password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        <Button type="submit" disabled={login.isPending}>
          {t('auth.signIn')}
        </Button>
      </form>
    </AuthFrame>
  );
}

export function MfaVerifyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefreshMe();
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const verify = useMutation({
    mutationFn: () => post<{ stage: string }>(useRecovery ? '/api/auth/mfa/recover' : '/api/auth/mfa/verify', { code }),
    onSuccess: async (r) => {
      await refresh();
      navigate(nextPath(r.stage));
    },
  });
  return (
    <AuthFrame title={t('auth.mfaTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          verify.mutate();
        }}
        className="flex flex-col gap-4"
        noValidate
      >
        <p className="text-std-16N-170">{useRecovery ? t('auth.recoveryHelp') : t('auth.mfaHelp')}</p>
        {verify.error && <ErrorAlert error={verify.error} />}
        <TextField
          label={useRecovery ? t('auth.recoveryCode') : t('auth.mfaCode')}
          inputMode={useRecovery ? 'text' : 'numeric'}
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          required
        />
        <Button type="submit" disabled={verify.isPending}>
          {t('auth.verify')}
        </Button>
        <Button variant="ghost" onClick={() => setUseRecovery(!useRecovery)}>
          {useRecovery ? t('auth.useAuthenticator') : t('auth.useRecovery')}
        </Button>
      </form>
    </AuthFrame>
  );
}

export function EnrollPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefreshMe();
  const [code, setCode] = useState('');
  const start = useMutation({ mutationFn: () => post<{ uri: string; qrSvg: string; secret: string }>('/api/auth/mfa/enrolment') });
  const confirm = useMutation({ mutationFn: () => post<{ recoveryCodes: string[]; stage: string }>('/api/auth/mfa/enrolment/confirm', { code }) });
  // biome-ignore lint/correctness/useExhaustiveDependencies: start once
  useEffect(() => {
    start.mutate();
  }, []);
  if (confirm.data) {
    return (
      <AuthFrame title={t('auth.recoveryCodesTitle')}>
        <Alert tone="warning" title={t('auth.recoveryCodesWarn')} />
        <ul className="my-4 grid grid-cols-2 gap-2 font-mono text-mono-16N-150" aria-label={t('auth.recoveryCodesTitle')}>
          {confirm.data.recoveryCodes.map((c) => (
            <li key={c} className="rounded-4 bg-solid-gray-50 px-2 py-1">
              {c}
            </li>
          ))}
        </ul>
        <Button
          onClick={async () => {
            await refresh();
            navigate(nextPath(confirm.data.stage));
          }}
        >
          {t('auth.recoveryCodesDone')}
        </Button>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title={t('auth.enrollTitle')}>
      <div className="flex flex-col gap-4">
        <p className="text-std-16N-170">{t('auth.enrollHelp')}</p>
        {start.error && <ErrorAlert error={start.error} />}
        {start.data ? (
          <>
            <img
              className="mx-auto size-56 border border-solid-gray-420"
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(start.data.qrSvg)}`}
              alt={t('auth.qrAlt')}
            />
            <p className="text-dns-14N-130">
              {t('auth.secretManual')} <code className="break-all font-mono">{start.data.secret}</code>
            </p>
          </>
        ) : (
          <Loading />
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            confirm.mutate();
          }}
          className="flex flex-col gap-4"
          noValidate
        >
          {confirm.error && <ErrorAlert error={confirm.error} />}
          <TextField label={t('auth.mfaCode')} inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} required />
          <Button type="submit" disabled={confirm.isPending || !start.data}>
            {t('auth.enrollConfirm')}
          </Button>
        </form>
      </div>
    </AuthFrame>
  );
}

export function PasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefreshMe();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useMutation({
    mutationFn: () => post<{ stage: string }>('/api/auth/password', { currentPassword, newPassword }),
    onSuccess: async (r) => {
      await refresh();
      navigate(nextPath(r.stage));
    },
  });
  const err = change.error instanceof ApiError ? change.error : null;
  return (
    <AuthFrame title={t('auth.passwordTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate();
        }}
        className="flex flex-col gap-4"
        noValidate
      >
        <p className="text-std-16N-170">{t('auth.passwordHelp')}</p>
        {change.error && <ErrorAlert error={change.error} />}
        <TextField label={t('auth.currentPassword')} type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} error={err?.fieldText('currentPassword')} required />
        <TextField label={t('auth.newPassword')} hint={t('auth.passwordRule')} type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} error={err?.fieldText('newPassword')} required />
        <Button type="submit" disabled={change.isPending}>
          {t('auth.passwordChange')}
        </Button>
      </form>
    </AuthFrame>
  );
}

function tokenFromHash(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

const PREFECTURE_CODES = Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0'));

export function SetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefreshMe();
  const [token] = useState(tokenFromHash);
  const [mode, setMode] = useState<'existing' | 'new'>('new');
  const [kind, setKind] = useState<'municipality' | 'jointBody'>('municipality');
  const [orgName, setOrgName] = useState('');
  const [lgCode, setLgCode] = useState('');
  const [prefectureCode, setPref] = useState('13');
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const prefectures = useQuery({
    queryKey: ['public-prefectures'],
    queryFn: async () => PREFECTURE_CODES,
  });
  const submit = useMutation({
    mutationFn: () =>
      post<{ stage: string }>('/api/setup', {
        token,
        organization: mode === 'existing' ? { mode, lgCode } : { mode, kind, name: orgName, lgCode: lgCode || null, prefectureCode },
        admin: { email, displayName, password },
      }),
    onSuccess: async (r) => {
      window.history.replaceState(null, '', '/setup');
      await refresh();
      navigate(nextPath(r.stage));
    },
  });
  const err = submit.error instanceof ApiError ? submit.error : null;
  if (!token) {
    return (
      <AuthFrame title={t('setup.title')}>
        <Alert tone="error" title={t('setup.noToken')} />
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title={t('setup.title')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit.mutate();
        }}
        className="flex flex-col gap-5"
        noValidate
      >
        <p className="text-std-16N-170">{t('setup.intro')}</p>
        {submit.error && <ErrorAlert error={submit.error} />}
        <fieldset className="flex flex-col gap-4">
          <legend className="mb-2 text-std-20B-150">{t('setup.orgSection')}</legend>
          <SelectField
            label={t('setup.mode')}
            value={mode}
            onChange={(e) => setMode(e.target.value as 'existing' | 'new')}
            options={[
              { value: 'new', label: t('setup.modeNew') },
              { value: 'existing', label: t('setup.modeExisting') },
            ]}
          />
          {mode === 'new' && (
            <>
              <SelectField
                label={t('setup.kind')}
                value={kind}
                onChange={(e) => setKind(e.target.value as 'municipality' | 'jointBody')}
                options={[
                  { value: 'municipality', label: t('orgKind.municipality') },
                  { value: 'jointBody', label: t('orgKind.jointBody') },
                ]}
              />
              <TextField label={t('setup.orgName')} value={orgName} onChange={(e) => setOrgName(e.target.value)} error={err?.fieldText('organization.name')} required />
              <SelectField
                label={t('setup.prefecture')}
                value={prefectureCode}
                onChange={(e) => setPref(e.target.value)}
                error={err?.fieldText('organization.prefectureCode')}
                options={(prefectures.data ?? []).map((c) => ({ value: c, label: `${c} ${t(`pref.${c}`)}` }))}
              />
            </>
          )}
          <TextField
            label={t('setup.lgCode')}
            hint={t('setup.lgCodeHint')}
            inputMode="numeric"
            value={lgCode}
            onChange={(e) => setLgCode(e.target.value)}
            error={err?.fieldText('organization.lgCode')}
            required={mode === 'existing' || kind === 'municipality'}
          />
        </fieldset>
        <fieldset className="flex flex-col gap-4">
          <legend className="mb-2 text-std-20B-150">{t('setup.adminSection')}</legend>
          <TextField label={t('auth.email')} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} error={err?.fieldText('admin.email')} required />
          <TextField label={t('users.displayName')} value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={err?.fieldText('admin.displayName')} required />
          <TextField label={t('auth.password')} hint={t('auth.passwordRule')} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={err?.fieldText('admin.password')} required />
          <p className="text-dns-14N-130 text-solid-gray-700">{t('setup.rolesNote')}</p>
        </fieldset>
        <Button type="submit" disabled={submit.isPending}>
          {t('setup.submit')}
        </Button>
      </form>
    </AuthFrame>
  );
}

export function InvitePage() {
  const { t } = useTranslation();
  const [token] = useState(tokenFromHash);
  const [password, setPassword] = useState('');
  const accept = useMutation({
    mutationFn: () => post<{ email: string }>('/api/invite/accept', { token, password }),
    onSuccess: () => window.history.replaceState(null, '', '/invite'),
  });
  const err = accept.error instanceof ApiError ? accept.error : null;
  if (accept.data) {
    return (
      <AuthFrame title={t('invite.title')}>
        <Alert tone="success" title={t('invite.done', { email: accept.data.email })} />
        <p className="mt-4">
          <a href="/login">{t('auth.signIn')}</a>
        </p>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title={t('invite.title')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          accept.mutate();
        }}
        className="flex flex-col gap-4"
        noValidate
      >
        <p className="text-std-16N-170">{t('invite.intro')}</p>
        {accept.error && <ErrorAlert error={accept.error} />}
        <TextField label={t('auth.newPassword')} hint={t('auth.passwordRule')} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={err?.fieldText('password')} required />
        <Button type="submit" disabled={accept.isPending || !token}>
          {t('invite.submit')}
        </Button>
      </form>
    </AuthFrame>
  );
}
