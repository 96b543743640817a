import type { Feature } from '../registry';
import { DetailPage } from './DetailPage';
import './i18n';
import { NewRequestPage } from './NewRequestPage';
import { RegisterPage, ReviewPage } from './RegisterPage';

/** One approval engine for the guideline's approvals and exceptions (issue 14). */
export const approvalsFeature: Feature = {
  id: 'approvals',
  routes: [
    { path: 'approvals', element: <RegisterPage /> },
    { path: 'approvals/new', element: <NewRequestPage /> },
    { path: 'approvals/review', element: <ReviewPage /> },
    { path: 'approvals/:approvalId', element: <DetailPage /> },
  ],
  nav: [{ path: '/approvals', labelKey: 'approvals:nav.register', action: 'approval.read', group: 'main', order: 450 }],
};
