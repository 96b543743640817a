import type { Feature } from '../registry';
import { CatalogPage } from './CatalogPage';
import { DiffPage } from './DiffPage';
import './i18n';
import { NodePage } from './NodePage';
import { SearchPage } from './SearchPage';

/** The guideline catalog: tree, item pages, search and edition comparison (issue 4). */
export const catalogFeature: Feature = {
  id: 'catalog',
  routes: [
    { path: 'catalog', element: <CatalogPage /> },
    { path: 'catalog/search', element: <SearchPage /> },
    { path: 'catalog/diff', element: <DiffPage /> },
    { path: 'catalog/:editionId/:nodeId', element: <NodePage /> },
  ],
  nav: [
    // One entry: search and the edition comparison are reached from the catalog page (and are under /catalog).
    { path: '/catalog', labelKey: 'catalog:nav.catalog', action: 'catalog.read', group: 'main', order: 100 },
  ],
};
