import { lazyPage } from '../../lib/lazy';
import type { Feature } from '../registry';
// Eager: the shell's bell uses its unread count on every page.
import { NotificationsPage } from './NotificationsPage';

/** The shell's own pages: dashboard, organisation, users and roles, audit trail, account, API. */
export const coreFeatures: Feature[] = [
  {
    id: 'core',
    routes: [
      { index: true, Component: lazyPage(() => import('./DashboardPage'), 'DashboardPage') },
      { path: 'organization', Component: lazyPage(() => import('./OrganizationPage'), 'OrganizationPage') },
      { path: 'users', Component: lazyPage(() => import('./UsersPage'), 'UsersPage') },
      { path: 'users/:userId', Component: lazyPage(() => import('./UsersPage'), 'UserDetailPage') },
      { path: 'permissions', Component: lazyPage(() => import('./PermissionsPage'), 'PermissionsPage') },
      { path: 'audit-trail', Component: lazyPage(() => import('./AuditTrailPage'), 'AuditTrailPage') },
      { path: 'account', Component: lazyPage(() => import('./AccountPage'), 'AccountPage') },
      { path: 'api-docs', Component: lazyPage(() => import('./ApiDocsPage'), 'ApiDocsPage') },
      { path: 'notifications', element: <NotificationsPage /> },
    ],
    nav: [
      { path: '/', labelKey: 'nav.dashboard', action: 'dashboard.read', group: 'main', order: 0 },
      { path: '/organization', labelKey: 'nav.organization', action: 'org.read', group: 'admin', order: 900 },
      { path: '/users', labelKey: 'nav.users', action: 'user.read', group: 'admin', order: 910 },
      { path: '/permissions', labelKey: 'nav.permissions', action: 'permission.read', group: 'admin', order: 920 },
      { path: '/audit-trail', labelKey: 'nav.auditTrail', action: 'auditTrail.read', group: 'admin', order: 930 },
      { path: '/api-docs', labelKey: 'nav.apiDocs', action: 'account.self', group: 'admin', order: 990 },
    ],
  },
];
