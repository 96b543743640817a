import type { Feature } from '../registry';
import { AccountPage } from './AccountPage';
import { ApiDocsPage } from './ApiDocsPage';
import { AuditTrailPage } from './AuditTrailPage';
import { DashboardPage } from './DashboardPage';
import { NotificationsPage } from './NotificationsPage';
import { OrganizationPage } from './OrganizationPage';
import { PermissionsPage } from './PermissionsPage';
import { UserDetailPage, UsersPage } from './UsersPage';

/** The shell's own pages: dashboard, organisation, users and roles, audit trail, account, API. */
export const coreFeatures: Feature[] = [
  {
    id: 'core',
    routes: [
      { index: true, element: <DashboardPage /> },
      { path: 'organization', element: <OrganizationPage /> },
      { path: 'users', element: <UsersPage /> },
      { path: 'users/:userId', element: <UserDetailPage /> },
      { path: 'permissions', element: <PermissionsPage /> },
      { path: 'audit-trail', element: <AuditTrailPage /> },
      { path: 'account', element: <AccountPage /> },
      { path: 'api-docs', element: <ApiDocsPage /> },
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
