import type { Feature } from '../registry';
import { ApprovalsPage } from './ApprovalsPage';
import { CheckSheetPage } from './CheckSheetPage';
import { ContractPage } from './ContractPage';
import { ContractorPage, ContractorsPage } from './ContractorsPage';
import { ChecksPage, HomePage } from './HomePage';
import './i18n';
import { MatrixPage } from './MatrixPage';
import { VendorsDashboardCard } from './parts';
import { PortalPage, ReportPage, RequestPage } from './PortalPage';
import { ServicePage, ServicesPage } from './ServicesPage';

/** Outsourcing and external (cloud) services (issue 8). */
export const vendorsFeature: Feature = {
  id: 'vendors',
  routes: [
    { path: 'vendors', element: <HomePage /> },
    { path: 'vendors/checks', element: <ChecksPage /> },
    { path: 'vendors/contractors', element: <ContractorsPage /> },
    { path: 'vendors/contractors/:contractorId', element: <ContractorPage /> },
    { path: 'vendors/contracts/:vendorContractId', element: <ContractPage /> },
    { path: 'vendors/services', element: <ServicesPage /> },
    { path: 'vendors/services/:externalServiceId', element: <ServicePage /> },
    { path: 'vendors/matrices/:responsibilityMatrixId', element: <MatrixPage /> },
    { path: 'vendors/approvals', element: <ApprovalsPage /> },
    { path: 'vendors/check-sheets/:checkSheetId', element: <CheckSheetPage /> },
    { path: 'vendors/evidence-requests/:evidenceRequestId', element: <RequestPage /> },
    { path: 'vendors/reports/:vendorReportId', element: <ReportPage /> },
    { path: 'contractor/vendors', element: <PortalPage /> },
  ],
  nav: [
    { path: '/vendors', labelKey: 'vendors:nav.vendors', action: 'vendor.read', group: 'main', order: 400 },
    { path: '/contractor/vendors', labelKey: 'vendors:nav.portal', action: 'vendor.respond', group: 'main', order: 410 },
  ],
  dashboard: [{ id: 'vendors', action: 'vendor.read', order: 400, component: VendorsDashboardCard }],
};
