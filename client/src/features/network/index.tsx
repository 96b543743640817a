import type { Feature } from '../registry';
import './i18n';
import { ModelPage } from './ModelPage';
import { ModelsPage } from './ModelsPage';
import { RulesPage } from './RulesPage';

/** The three-layer network model: models, versions, editor, diagram and the checker's rules (issue 6). */
export const networkFeature: Feature = {
  id: 'network',
  routes: [
    { path: 'network', element: <ModelsPage /> },
    { path: 'network/rules', element: <RulesPage /> },
    { path: 'network/models/:modelId', element: <ModelPage /> },
  ],
  nav: [{ path: '/network', labelKey: 'network:nav', action: 'network.read', group: 'main', order: 300 }],
};
