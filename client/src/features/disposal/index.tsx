import type { Feature } from '../registry';
import { ContractorPage } from './ContractorPage';
import { DisposalDashboardCard } from './DashboardCard';
import { DetailPage } from './DetailPage';
import './i18n';
import { NewDisposalPage } from './NewDisposalPage';
import { ProjectPage, ProjectsPage } from './ProjectsPage';
import { RegisterPage } from './RegisterPage';

/** Disposal of equipment, media and cloud data with proof (issue 9). */
export const disposalFeature: Feature = {
  id: 'disposal',
  routes: [
    { path: 'disposals', element: <RegisterPage /> },
    { path: 'disposals/new', element: <NewDisposalPage /> },
    { path: 'disposals/:disposalId', element: <DetailPage /> },
    { path: 'disposal-projects', element: <ProjectsPage /> },
    { path: 'disposal-projects/:projectId', element: <ProjectPage /> },
    { path: 'contractor/disposals', element: <ContractorPage /> },
  ],
  nav: [
    { path: '/disposals', labelKey: 'disposal:nav.register', action: 'disposal.read', group: 'main', order: 500 },
    { path: '/contractor/disposals', labelKey: 'disposal:nav.contractor', action: 'disposal.certify', group: 'main', order: 510 },
  ],
  dashboard: [{ id: 'disposal', action: 'disposal.read', order: 500, component: DisposalDashboardCard }],
};
