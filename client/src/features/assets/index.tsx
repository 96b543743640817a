import { lazyPage } from '../../lib/lazy';
import type { Feature } from '../registry';
import './i18n';

/** The information asset register and its classification (issue 5). */
export const assetsFeature: Feature = {
  id: 'assets',
  routes: [
    { path: 'assets', Component: lazyPage(() => import('./AssetsPage'), 'AssetsPage') },
    { path: 'assets/new', Component: lazyPage(() => import('./AssetDetailPage'), 'AssetNewPage') },
    { path: 'assets/import', Component: lazyPage(() => import('./ImportPage'), 'ImportPage') },
    { path: 'assets/reclassify', Component: lazyPage(() => import('./ReclassifyPage'), 'ReclassifyPage') },
    { path: 'assets/:assetId', Component: lazyPage(() => import('./AssetDetailPage'), 'AssetDetailPage') },
    { path: 'assets/:assetId/label', Component: lazyPage(() => import('./LabelPage'), 'LabelPage') },
  ],
  nav: [{ path: '/assets', labelKey: 'assets:nav', action: 'asset.read', group: 'main', order: 200 }],
  dashboard: [{ id: 'assets', action: 'asset.read', order: 200, component: lazyPage(() => import('./parts'), 'AssetsDashboardCard') }],
};
