import type { Feature } from '../registry';
import { ComparePage } from './ComparePage';
import { CoveragePage } from './CoveragePage';
import { EditionChangesPage } from './EditionChangesPage';
import { EditorPage } from './EditorPage';
import './i18n';
import { PoliciesPage } from './PoliciesPage';
import { PolicyCard } from './PolicyCard';
import { PublicPolicyPage } from './PublicPolicyPage';

/** Policy documents (issue 7): generate, edit, approve, compare, publish and export the policy. */
export const documentsFeature: Feature = {
  id: 'documents',
  routes: [
    { path: 'policy', element: <PoliciesPage /> },
    { path: 'policy/compare', element: <ComparePage /> },
    { path: 'policy/versions/:versionId', element: <EditorPage /> },
    { path: 'policy/versions/:versionId/coverage', element: <CoveragePage /> },
    { path: 'policy/versions/:versionId/edition-changes', element: <EditionChangesPage /> },
    // Outside the signed-in shell (main.tsx renders /public/* routes on their own).
    { path: '/public/policy/:orgRef', element: <PublicPolicyPage /> },
  ],
  nav: [{ path: '/policy', labelKey: 'documents:nav', action: 'policy.read', group: 'main', order: 150 }],
  dashboard: [{ id: 'policy', action: 'policy.read', order: 150, component: PolicyCard }],
};
