import { lazyPage } from '../../lib/lazy';
import type { Feature } from '../registry';
import './i18n';

/** Policy documents (issue 7): generate, edit, approve, compare, publish and export the policy. */
export const documentsFeature: Feature = {
  id: 'documents',
  routes: [
    { path: 'policy', Component: lazyPage(() => import('./PoliciesPage'), 'PoliciesPage') },
    { path: 'policy/compare', Component: lazyPage(() => import('./ComparePage'), 'ComparePage') },
    { path: 'policy/versions/:versionId', Component: lazyPage(() => import('./EditorPage'), 'EditorPage') },
    { path: 'policy/versions/:versionId/coverage', Component: lazyPage(() => import('./CoveragePage'), 'CoveragePage') },
    { path: 'policy/versions/:versionId/edition-changes', Component: lazyPage(() => import('./EditionChangesPage'), 'EditionChangesPage') },
    // Outside the signed-in shell (main.tsx renders /public/* routes on their own).
    { path: '/public/policy/:orgRef', Component: lazyPage(() => import('./PublicPolicyPage'), 'PublicPolicyPage') },
  ],
  nav: [{ path: '/policy', labelKey: 'documents:nav', action: 'policy.read', group: 'main', order: 150 }],
  dashboard: [{ id: 'policy', action: 'policy.read', order: 150, component: lazyPage(() => import('./PolicyCard'), 'PolicyCard') }],
};
