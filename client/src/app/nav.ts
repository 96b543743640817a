import type { Action } from '@shared/permissions';
import { type NavEntry, features } from '../features/registry';
import type { Me } from './session';

/** A contractor's account: every role it holds is the contractor role. */
export function isContractor(me: Me | undefined): boolean {
  return !!me && me.roles.length > 0 && me.roles.every((r) => r.role === 'contractor');
}

/** The navigation entries this person can use: the action granted and the entry meant for them. */
export function navFor(me: Me | undefined, can: (a: Action) => boolean): NavEntry[] {
  const contractor = isContractor(me);
  return features
    .flatMap((f) => f.nav ?? [])
    .filter((n) => can(n.action))
    .filter((n) => !n.audience || n.audience === (contractor ? 'contractors' : 'members'))
    .sort((a, b) => a.order - b.order);
}

/**
 * Where someone without the dashboard lands (issue 21): a contractor on their own pages, anyone
 * else on the first page they can use, never on a refusal.
 */
export function landingPath(me: Me | undefined, can: (a: Action) => boolean): string {
  const entries = navFor(me, can).filter((n) => n.path !== '/');
  if (isContractor(me)) return entries.find((n) => n.audience === 'contractors')?.path ?? '/account';
  return entries[0]?.path ?? '/account';
}
