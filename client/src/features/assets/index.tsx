import type { Feature } from '../registry';
import { AssetDetailPage, AssetNewPage } from './AssetDetailPage';
import { AssetsPage } from './AssetsPage';
import './i18n';
import { ImportPage } from './ImportPage';
import { LabelPage } from './LabelPage';
import { AssetsDashboardCard } from './parts';
import { ReclassifyPage } from './ReclassifyPage';

/** The information asset register and its classification (issue 5). */
export const assetsFeature: Feature = {
  id: 'assets',
  routes: [
    { path: 'assets', element: <AssetsPage /> },
    { path: 'assets/new', element: <AssetNewPage /> },
    { path: 'assets/import', element: <ImportPage /> },
    { path: 'assets/reclassify', element: <ReclassifyPage /> },
    { path: 'assets/:assetId', element: <AssetDetailPage /> },
    { path: 'assets/:assetId/label', element: <LabelPage /> },
  ],
  nav: [{ path: '/assets', labelKey: 'assets:nav', action: 'asset.read', group: 'main', order: 200 }],
  dashboard: [{ id: 'assets', action: 'asset.read', order: 200, component: AssetsDashboardCard }],
};
