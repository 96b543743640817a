import type { Feature } from '../registry';
import { CsirtPage } from './CsirtPage';
import { IncidentsDashboardCard } from './DashboardCard';
import './i18n';
import { IncidentPage } from './IncidentPage';
import { IncidentsPage, NewIncidentPage } from './IncidentsPage';
import { StatsPage } from './StatsPage';

/** Incidents and the CSIRT (issue 15). */
export const incidentsFeature: Feature = {
  id: 'incidents',
  routes: [
    { path: 'incidents', element: <IncidentsPage /> },
    { path: 'incidents/new', element: <NewIncidentPage /> },
    { path: 'incidents/statistics', element: <StatsPage /> },
    { path: 'incidents/:incidentId', element: <IncidentPage /> },
    { path: 'csirt', element: <CsirtPage /> },
  ],
  nav: [
    { path: '/incidents', labelKey: 'incidents:nav.incidents', action: 'incident.read', group: 'main', order: 700 },
    { path: '/incidents/new', labelKey: 'incidents:nav.report', action: 'incident.report', group: 'main', order: 705 },
    { path: '/csirt', labelKey: 'incidents:nav.csirt', action: 'incident.read', group: 'main', order: 710 },
    { path: '/incidents/statistics', labelKey: 'incidents:nav.stats', action: 'incident.manage', group: 'main', order: 720 },
  ],
  dashboard: [{ id: 'incidents', action: 'incident.manage', order: 700, component: IncidentsDashboardCard }],
};
