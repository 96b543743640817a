import type { AssignmentScopeKind, Role } from '@shared/permissions';

export interface UsersTable {
  tenantId: string;
  id: string;
  email: string;
  displayName: string;
  displayNameKana: string | null;
  sectionId: string | null;
  contractorId: string | null;
  employment: 'regular' | 'fixedTerm' | 'contractor' | 'other';
  passwordHash: string | null;
  status: 'invited' | 'active' | 'disabled';
  mustChangePassword: number;
  passwordChangedAt: string | null;
  /** TOTP secret, encrypted with the instance key (see secrets.ts). */
  mfaSecret: string | null;
  mfaPendingSecret: string | null;
  mfaEnabledAt: string | null;
  /** Last accepted TOTP time step: a code is never accepted twice. */
  mfaLastStep: number | null;
  inviteTokenHash: string | null;
  inviteExpiresAt: string | null;
  lastLoginAt: string | null;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RoleAssignmentsTable {
  tenantId: string;
  id: string;
  userId: string;
  role: Role;
  scopeKind: AssignmentScopeKind;
  scopeId: string | null;
  grantedBy: string | null;
  grantedAt: string;
  revokedBy: string | null;
  revokedAt: string | null;
}

export interface SessionsTable {
  /** sha256 of the cookie value; the cookie itself is never stored. */
  id: string;
  tenantId: string;
  userId: string;
  stage: 'full' | 'mfa' | 'enroll' | 'password';
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  revokedAt: string | null;
}

export interface RecoveryCodesTable {
  tenantId: string;
  id: string;
  userId: string;
  codeHash: string;
  usedAt: string | null;
  createdAt: string;
}

export interface ApiTokensTable {
  tenantId: string;
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  /** First characters of the token, to recognise it in lists. */
  prefix: string;
  /** JSON array of actions the token may use. */
  actions: string;
  expiresAt: string;
  lastUsedAt: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface AuthThrottleTable {
  key: string;
  failures: number;
  windowStart: string;
  lockedUntil: string | null;
}

export interface SetupTokensTable {
  id: string;
  tokenHash: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

declare module '../../db/schema' {
  interface Database {
    users: UsersTable;
    roleAssignments: RoleAssignmentsTable;
    sessions: SessionsTable;
    recoveryCodes: RecoveryCodesTable;
    apiTokens: ApiTokensTable;
    authThrottle: AuthThrottleTable;
    setupTokens: SetupTokensTable;
  }
}
