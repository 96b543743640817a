import { lazyPage } from '../../lib/lazy';
import type { Feature } from '../registry';
import './i18n';

/** The guideline catalog: tree, item pages, search and edition comparison (issue 4). */
export const catalogFeature: Feature = {
  id: 'catalog',
  routes: [
    { path: 'catalog', Component: lazyPage(() => import('./CatalogPage'), 'CatalogPage') },
    { path: 'catalog/search', Component: lazyPage(() => import('./SearchPage'), 'SearchPage') },
    { path: 'catalog/diff', Component: lazyPage(() => import('./DiffPage'), 'DiffPage') },
    { path: 'catalog/:editionId/:nodeId', Component: lazyPage(() => import('./NodePage'), 'NodePage') },
  ],
  nav: [
    // One entry: search and the edition comparison are reached from the catalog page (and are under /catalog).
    { path: '/catalog', labelKey: 'catalog:nav.catalog', action: 'catalog.read', group: 'main', order: 100 },
  ],
};
