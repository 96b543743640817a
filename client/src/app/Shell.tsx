import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formatFiscalYear, fiscalYearOf } from '@shared/era';
import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Badge, Loading } from '../components/ui';
import { useUnreadCount } from '../features/core/NotificationsPage';
import { post } from '../lib/api';
import { LanguageSwitch } from './LanguageSwitch';
import { navFor } from './nav';
import { useCan, useFiscalYear, useMe } from './session';

function stagePath(stage: string): string | null {
  if (stage === 'mfa') return '/mfa';
  if (stage === 'enroll') return '/mfa/enroll';
  if (stage === 'password') return '/password';
  return null;
}

export function Shell() {
  const { t, i18n } = useTranslation();
  const { data: me, isLoading } = useMe();
  const can = useCan();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { fiscalYear, setFiscalYear } = useFiscalYear();
  const unread = useUnreadCount();
  // Below 768 px the menu (and the header's tools) fold behind one button, closed after each move.
  const [menuOpen, setMenuOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: closes the menu whenever the page changes
  useEffect(() => setMenuOpen(false), [location.pathname]);
  const logout = useMutation({
    mutationFn: () => post('/api/auth/logout'),
    onSettled: () => {
      qc.clear();
      navigate('/login');
    },
  });
  if (isLoading) return <Loading />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  const pending = stagePath(me.stage);
  if (pending) return <Navigate to={pending} replace />;

  const nav = navFor(me, can);
  const current = fiscalYearOf();
  const years = [current + 1, current, current - 1, current - 2, current - 3];
  const orgName = i18n.language === 'en' && me.organization.nameEn ? me.organization.nameEn : me.organization.name;

  return (
    <div className="min-h-screen bg-solid-gray-50">
      <a href="#main" data-app-chrome className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2">
        {t('shell.skip')}
      </a>
      <header data-app-chrome className="border-b border-solid-gray-420 bg-white">
        <div className="flex flex-wrap items-center justify-between gap-3 px-6 py-3">
          <div className="flex items-center gap-4">
            <NavLink to="/" className="text-std-20B-150 text-key-900 no-underline">
              {t('app.name')}
            </NavLink>
            <span className="text-std-16B-170 text-solid-gray-900" data-testid="org-name">
              {orgName}
            </span>
            {me.organization.isDemo && <Badge tone="yellow">{t('shell.demo')}</Badge>}
          </div>
          <button
            type="button"
            className="min-h-11 rounded-8 border-2 border-key-900 px-3 text-oln-16B-100 text-key-900 md:hidden"
            aria-expanded={menuOpen}
            aria-controls="app-menu app-tools"
            onClick={() => setMenuOpen((o) => !o)}
          >
            {menuOpen ? t('shell.menuClose') : t('shell.menu')}
          </button>
          <div id="app-tools" className={`${menuOpen ? 'flex' : 'hidden'} w-full flex-wrap items-center gap-3 md:flex md:w-auto`}>
            <label className="flex items-center gap-2 text-dns-16N-130">
              <span>{t('shell.fiscalYear')}</span>
              <select
                className="min-h-11 rounded-8 border border-solid-gray-600 bg-white px-2"
                value={fiscalYear}
                onChange={(e) => setFiscalYear(Number(e.target.value))}
              >
                {years.map((y) => (
                  <option key={y} value={y}>
                    {formatFiscalYear(y, i18n.language === 'en' ? 'en' : 'ja')}
                  </option>
                ))}
              </select>
            </label>
            <NavLink to="/notifications" className="text-dns-16N-130" aria-label={t('notifications.bell', { n: unread.data ?? 0 })}>
              {t('notifications.title')}
              {(unread.data ?? 0) > 0 && <span className="ml-1 rounded-full bg-error-2 px-2 py-0.5 text-dns-14B-130 text-white">{unread.data}</span>}
            </NavLink>
            <NavLink to="/account" className="text-dns-16N-130">
              {me.user.displayName}
            </NavLink>
            <LanguageSwitch />
            <button type="button" onClick={() => logout.mutate()} className="min-h-11 rounded-8 px-3 text-oln-16N-100 text-key-900 underline underline-offset-4 hover:bg-key-50">
              {t('auth.signOut')}
            </button>
          </div>
        </div>
      </header>
      <div className="flex flex-col md:flex-row">
        <nav id="app-menu" data-app-chrome aria-label={t('shell.navLabel')} className={`${menuOpen ? 'block' : 'hidden'} md:block border-b border-solid-gray-420 bg-white md:min-h-[calc(100vh-4rem)] md:w-64 md:border-r md:border-b-0`}>
          {(['main', 'admin'] as const).map((group) => {
            const items = nav.filter((n) => n.group === group);
            if (items.length === 0) return null;
            return (
              <div key={group} className="px-3 py-4">
                <h2 className="px-3 pb-2 text-dns-14B-130 text-solid-gray-700">{t(`shell.group.${group}`)}</h2>
                <ul className="flex flex-col gap-1">
                  {items.map((n) => (
                    <li key={n.path}>
                      <NavLink
                        to={n.path}
                        end={n.path === '/'}
                        className={({ isActive }) =>
                          `block rounded-8 px-3 py-2 text-std-16N-170 no-underline ${isActive ? 'bg-key-100 font-bold text-key-1100' : 'text-solid-gray-900 hover:bg-solid-gray-50'}`
                        }
                      >
                        {t(n.labelKey)}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </nav>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 md:px-8">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
