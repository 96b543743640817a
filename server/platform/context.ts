import type { FastifyRequest } from 'fastify';
import type { Action, AssignmentScopeKind, Role, Scope } from '@shared/permissions';
import { ADMIN_ROLES, PERMISSIONS } from '@shared/permissions';
import type { AuditActor } from './audit';

/** A role held by a user, attached to the organisation, a department, a section or a contractor. */
export interface RoleAssignment {
  id: string;
  role: Role;
  scopeKind: AssignmentScopeKind;
  /** Department, section or contractor id; null when the scope is the organisation. */
  scopeId: string | null;
}

/** What a signed-in request still lacks before it may do anything but finish signing in. */
export type AuthStage = 'full' | 'mfa' | 'enroll' | 'password';

export interface Actor {
  via: 'session' | 'token';
  userId: string;
  tenantId: string;
  orgKind: 'national' | 'prefecture' | 'municipality' | 'jointBody';
  email: string;
  displayName: string;
  sectionId: string | null;
  assignments: RoleAssignment[];
  stage: AuthStage;
  sessionId?: string;
  csrfToken?: string;
  tokenId?: string;
  /** Actions an API token is limited to; undefined for sessions. */
  tokenActions?: ReadonlySet<Action>;
}

/** The context every service call receives: who acts, for which organisation, under which request. */
export interface Ctx {
  tenantId: string;
  actor: Actor | null;
  audit: AuditActor;
  requestId?: string;
  locale: 'ja' | 'en';
}

export function systemCtx(tenantId: string, label = 'system'): Ctx {
  return {
    tenantId,
    actor: null,
    audit: { tenantId, actorId: null, actorLabel: label },
    locale: 'ja',
  };
}

export function requestCtx(req: FastifyRequest, actor: Actor): Ctx {
  return {
    tenantId: actor.tenantId,
    actor,
    audit: {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      actorLabel: actor.via === 'token' ? `${actor.email} (token)` : actor.email,
      requestId: req.id,
      ip: req.ip,
    },
    requestId: req.id,
    locale: /^en\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'en' : 'ja',
  };
}

/** The union of what an actor's assignments grant for one action. */
export interface Grant {
  all: boolean;
  departmentIds: string[];
  sectionIds: string[];
  contractorIds: string[];
  self: boolean;
}

export function grantFor(actor: Actor | null, action: Action): Grant | null {
  if (actor === null) return { all: true, departmentIds: [], sectionIds: [], contractorIds: [], self: true };
  if (actor.tokenActions && !actor.tokenActions.has(action)) return null;
  let found = false;
  const g: Grant = { all: false, departmentIds: [], sectionIds: [], contractorIds: [], self: false };
  for (const a of actor.assignments) {
    const scope: Scope | undefined = PERMISSIONS[a.role]?.[action];
    if (!scope) continue;
    found = true;
    switch (scope) {
      case 'organization':
        g.all = true;
        break;
      case 'self':
        g.self = true;
        break;
      case 'department':
        if (a.scopeKind === 'department' && a.scopeId) g.departmentIds.push(a.scopeId);
        else if (a.scopeKind === 'organization') g.all = true;
        break;
      case 'section':
        if (a.scopeKind === 'section' && a.scopeId) g.sectionIds.push(a.scopeId);
        else if (a.scopeKind === 'department' && a.scopeId) g.departmentIds.push(a.scopeId);
        else if (a.scopeKind === 'organization') g.all = true;
        break;
      case 'contractor':
        if (a.scopeKind === 'contractor' && a.scopeId) g.contractorIds.push(a.scopeId);
        break;
    }
  }
  return found ? g : null;
}

export function can(actor: Actor | null, action: Action): boolean {
  return grantFor(actor, action) !== null;
}

export function holdsAdminRole(assignments: RoleAssignment[]): boolean {
  return assignments.some((a) => ADMIN_ROLES.has(a.role));
}
