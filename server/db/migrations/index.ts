import type { Migration } from 'kysely';
import * as m0001 from './0001_platform';
import * as m0002 from './0002_identity';
import * as m0003 from './0003_catalog';
import * as m0004 from './0004_assets';
import * as m0005 from './0005_network';
import * as m0006 from './0006_documents';
import * as m0007 from './0007_vendors';
import * as m0002a from './0002a_files_notifications';
import * as m0008 from './0008_disposal';
import * as m0011 from './0011_approvals';
import * as m0013 from './0013_incidents';
import * as m0012 from './0012_tasks_improvements';
import * as m0010 from './0010_audit_hardening';

/**
 * The one migration set, for SQLite and PostgreSQL alike. Append new files; never edit a
 * migration that has shipped. Numbers are reserved per module: 0003 catalog, 0004 assets,
 * 0005 network, 0006 documents, 0007 vendors, 0008 disposal and notifications.
 */
export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_identity': m0002,
  '0002a_files_notifications': m0002a,
  '0003_catalog': m0003,
  '0004_assets': m0004,
  '0005_network': m0005,
  '0006_documents': m0006,
  '0007_vendors': m0007,
  '0008_disposal': m0008,
  '0010_audit_hardening': m0010,
  '0011_approvals': m0011,
  '0012_tasks_improvements': m0012,
  '0013_incidents': m0013,
};
