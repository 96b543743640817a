import { lazyPage } from '../../lib/lazy';
import type { Feature } from '../registry';
import './i18n';

/** The three-layer network model: models, versions, editor, diagram and the checker's rules (issue 6). */
export const networkFeature: Feature = {
  id: 'network',
  routes: [
    { path: 'network', Component: lazyPage(() => import('./ModelsPage'), 'ModelsPage') },
    { path: 'network/rules', Component: lazyPage(() => import('./RulesPage'), 'RulesPage') },
    { path: 'network/models/:modelId', Component: lazyPage(() => import('./ModelPage'), 'ModelPage') },
  ],
  nav: [{ path: '/network', labelKey: 'network:nav', action: 'network.read', group: 'main', order: 300 }],
};
