import { lazyPage } from '../../lib/lazy';
import type { Feature } from '../registry';
import './i18n';

/** Outsourcing and external (cloud) services (issue 8). */
export const vendorsFeature: Feature = {
  id: 'vendors',
  routes: [
    { path: 'vendors', Component: lazyPage(() => import('./HomePage'), 'HomePage') },
    { path: 'vendors/checks', Component: lazyPage(() => import('./HomePage'), 'ChecksPage') },
    { path: 'vendors/contractors', Component: lazyPage(() => import('./ContractorsPage'), 'ContractorsPage') },
    { path: 'vendors/contractors/:contractorId', Component: lazyPage(() => import('./ContractorsPage'), 'ContractorPage') },
    { path: 'vendors/contracts/:vendorContractId', Component: lazyPage(() => import('./ContractPage'), 'ContractPage') },
    { path: 'vendors/services', Component: lazyPage(() => import('./ServicesPage'), 'ServicesPage') },
    { path: 'vendors/services/:externalServiceId', Component: lazyPage(() => import('./ServicesPage'), 'ServicePage') },
    { path: 'vendors/matrices/:responsibilityMatrixId', Component: lazyPage(() => import('./MatrixPage'), 'MatrixPage') },
    { path: 'vendors/approvals', Component: lazyPage(() => import('./ApprovalsPage'), 'ApprovalsPage') },
    { path: 'vendors/check-sheets/:checkSheetId', Component: lazyPage(() => import('./CheckSheetPage'), 'CheckSheetPage') },
    { path: 'vendors/evidence-requests/:evidenceRequestId', Component: lazyPage(() => import('./PortalPage'), 'RequestPage') },
    { path: 'vendors/reports/:vendorReportId', Component: lazyPage(() => import('./PortalPage'), 'ReportPage') },
    { path: 'contractor/vendors', Component: lazyPage(() => import('./PortalPage'), 'PortalPage') },
  ],
  nav: [
    { path: '/vendors', labelKey: 'vendors:nav.vendors', action: 'vendor.read', group: 'main', order: 400, audience: 'members' },
    { path: '/contractor/vendors', labelKey: 'vendors:nav.portal', action: 'vendor.respond', group: 'main', order: 410, audience: 'contractors' },
  ],
  dashboard: [{ id: 'vendors', action: 'vendor.read', order: 400, component: lazyPage(() => import('./parts'), 'VendorsDashboardCard') }],
};
