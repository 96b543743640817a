import type { Action } from '@shared/permissions';
import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { assetsFeature } from './assets';
import { catalogFeature } from './catalog';
import { coreFeatures } from './core';
import { disposalFeature } from './disposal';
import { documentsFeature } from './documents';
import { networkFeature } from './network';
import { vendorsFeature } from './vendors';
import { approvalsFeature } from './approvals';
import { incidentsFeature } from './incidents';
import { tasksFeature } from './tasks';

/**
 * What each feature adds to the shell: routes, navigation entries and dashboard cards. The
 * navigation and dashboard show an entry only when /api/me grants its action, so users never see
 * a capability they cannot use, and the shell never lists a capability that does not exist.
 */
export interface NavEntry {
  path: string;
  /** i18n key in the feature's namespace, e.g. "catalog:nav". */
  labelKey: string;
  action: Action;
  group: 'main' | 'admin';
  order: number;
  /**
   * Who the entry is for: 'members' (the organisation's staff), 'contractors' (a contractor's own
   * pages) or, by default, everyone who holds the action.
   */
  audience?: 'members' | 'contractors';
}

export interface DashboardCard {
  id: string;
  action: Action;
  order: number;
  component: ComponentType;
}

export interface Feature {
  id: string;
  routes: RouteObject[];
  nav?: NavEntry[];
  dashboard?: DashboardCard[];
}

/**
 * A page whose code loads on demand (keeps the first page's script small):
 *   routes: [{ path: 'things', Component: lazyPage(() => import('./ThingsPage'), 'ThingsPage') }]
 * and the same for a dashboard card's component.
 */
export { lazyPage } from '../lib/lazy';

/** Append new features here (one line each). */
export const features: Feature[] = [...coreFeatures, catalogFeature, assetsFeature, disposalFeature, documentsFeature, networkFeature, vendorsFeature, tasksFeature, approvalsFeature, incidentsFeature];
