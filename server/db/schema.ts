/**
 * Table types as TypeScript sees them (camelCase; CamelCasePlugin maps to snake_case).
 *
 * Portable storage conventions, identical on SQLite and PostgreSQL:
 *  - ids are UUIDv7 text;
 *  - instants are ISO-8601 UTC text ('2026-11-22T03:14:25.123Z'), which sorts correctly;
 *  - date-only values are 'YYYY-MM-DD' text;
 *  - flags are integers 0/1;
 *  - JSON is text (JSON.stringify on write; see server/db/sql.ts).
 *
 * Each domain module adds its own tables by augmenting `Database` in its *.tables.ts file.
 */

export interface OrganizationsTable {
  id: string;
  kind: 'national' | 'prefecture' | 'municipality' | 'jointBody';
  name: string;
  nameKana: string | null;
  nameEn: string | null;
  /** 全国地方公共団体コード (6 digits with check digit), where one exists. */
  lgCode: string | null;
  /** Two-digit prefecture code the organisation lies in (null for the national body). */
  prefectureCode: string | null;
  parentId: string | null;
  isDemo: number;
  /** JSON: organisation settings (MFA for everyone, fiscal-year defaults …). */
  settings: string;
  status: 'active' | 'archived';
  createdAt: string;
  updatedAt: string;
}

export interface OrgUnitsTable {
  tenantId: string;
  id: string;
  kind: 'department' | 'section';
  parentId: string | null;
  code: string;
  name: string;
  nameEn: string | null;
  sortOrder: number;
  status: 'active' | 'archived';
  createdAt: string;
  updatedAt: string;
}

export interface AuditEventsTable {
  tenantId: string;
  seq: number;
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** JSON of what changed ({ field: [before, after] } or a free-form detail object). */
  changes: string;
  requestId: string | null;
  ip: string | null;
  prevHash: string;
  hash: string;
  /** Key id of the chain key the hash was made with (HMAC); null for entries from before 0010. */
  keyId: string | null;
}

/** Signed checkpoints of a chain's head (periodic) and of a retention cut (retention). */
export interface AuditCheckpointsTable {
  tenantId: string;
  seq: number;
  kind: 'periodic' | 'retention';
  hash: string;
  createdAt: string;
  keyId: string;
  publicKey: string;
  signature: string;
}

export interface AuditHeadsTable {
  tenantId: string;
  seq: number;
  hash: string;
}

export interface Database {
  organizations: OrganizationsTable;
  orgUnits: OrgUnitsTable;
  auditEvents: AuditEventsTable;
  auditHeads: AuditHeadsTable;
  auditCheckpoints: AuditCheckpointsTable;
}
