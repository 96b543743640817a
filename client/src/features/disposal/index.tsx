import { lazyPage } from '../../lib/lazy';
import type { Feature } from '../registry';
import './i18n';

/** Disposal of equipment, media and cloud data with proof (issue 9). */
export const disposalFeature: Feature = {
  id: 'disposal',
  routes: [
    { path: 'disposals', Component: lazyPage(() => import('./RegisterPage'), 'RegisterPage') },
    { path: 'disposals/new', Component: lazyPage(() => import('./NewDisposalPage'), 'NewDisposalPage') },
    { path: 'disposals/:disposalId', Component: lazyPage(() => import('./DetailPage'), 'DetailPage') },
    { path: 'disposal-projects', Component: lazyPage(() => import('./ProjectsPage'), 'ProjectsPage') },
    { path: 'disposal-projects/:projectId', Component: lazyPage(() => import('./ProjectsPage'), 'ProjectPage') },
    { path: 'contractor/disposals', Component: lazyPage(() => import('./ContractorPage'), 'ContractorPage') },
  ],
  nav: [
    { path: '/disposals', labelKey: 'disposal:nav.register', action: 'disposal.read', group: 'main', order: 500, audience: 'members' },
    { path: '/contractor/disposals', labelKey: 'disposal:nav.contractor', action: 'disposal.certify', group: 'main', order: 510, audience: 'contractors' },
  ],
  dashboard: [{ id: 'disposal', action: 'disposal.read', order: 500, component: lazyPage(() => import('./DashboardCard'), 'DisposalDashboardCard') }],
};
