import type { Kysely } from 'kysely';

/**
 * Incidents and the CSIRT: the roster, the contact directory of outside bodies, per-organisation
 * settings (the prefecture's deadline), incidents with their timeline, reporting obligations,
 * frozen reports and recurrence-prevention measures, and the per-year counter for incident codes.
 */

type Col = [name: string, type: 'text' | 'integer', notNull?: boolean];

async function table(db: Kysely<any>, name: string, cols: Col[], pk: string[], fks: Array<[string[], string, string[]]> = []): Promise<void> {
  let b: any = db.schema.createTable(name);
  for (const [c, type, notNull] of cols) b = b.addColumn(c, type, (x: { notNull(): unknown }) => (notNull ? x.notNull() : x));
  b = b.addPrimaryKeyConstraint(`${name}_pk`, pk);
  fks.forEach(([cols2, ref, refCols], i) => {
    b = b.addForeignKeyConstraint(`${name}_fk${i}`, cols2, ref, refCols);
  });
  await b.execute();
}

const base: Col[] = [
  ['tenant_id', 'text', true],
  ['id', 'text', true],
];
const ORG: [string[], string, string[]] = [['tenant_id'], 'organizations', ['id']];
const INCIDENT: [string[], string, string[]] = [['tenant_id', 'incident_id'], 'incidents', ['tenant_id', 'id']];

export async function up(db: Kysely<any>): Promise<void> {
  await table(
    db,
    'csirt_members',
    [...base, ['role', 'text', true], ['holder_name', 'text', true], ['holder_user_id', 'text'], ['holder_title', 'text'], ['deputy_name', 'text'], ['deputy_user_id', 'text'], ['phone24h', 'text'], ['deputy_phone24h', 'text'], ['email', 'text'], ['valid_from', 'text', true], ['valid_until', 'text'], ['note', 'text'], ['created_at', 'text', true], ['updated_at', 'text', true]],
    ['tenant_id', 'id'],
    [ORG],
  );
  await table(
    db,
    'incident_contacts',
    [...base, ['body', 'text', true], ['name', 'text', true], ['contractor_id', 'text'], ['division', 'text'], ['phone', 'text'], ['email', 'text'], ['channel', 'text'], ['when_to_tell', 'text'], ['confirmed_on', 'text'], ['note', 'text'], ['created_at', 'text', true], ['updated_at', 'text', true]],
    ['tenant_id', 'id'],
    [ORG],
  );
  await table(db, 'incident_settings', [['tenant_id', 'text', true], ['settings', 'text', true], ['updated_at', 'text', true]], ['tenant_id'], [ORG]);
  await table(
    db,
    'incidents',
    [
      ...base,
      ['code', 'text', true],
      ['title', 'text', true],
      ['description', 'text', true],
      ['occurred_at', 'text', true],
      ['discovered_at', 'text', true],
      ['knew_at', 'text', true],
      ['detection', 'text', true],
      ['category', 'text', true],
      ['cause', 'text', true],
      ['severity', 'text', true],
      ['status', 'text', true],
      ['asset_ids', 'text', true],
      ['service_ids', 'text', true],
      ['segments', 'text', true],
      ['max_confidentiality', 'text'],
      ['affected_services', 'text'],
      ['contractor_id', 'text'],
      ['contract_id', 'text'],
      ['personal_data', 'integer', true],
      ['persons_count', 'integer'],
      ['special_care', 'integer', true],
      ['my_number', 'integer', true],
      ['ordinance_special', 'integer', true],
      ['strongly_encrypted', 'integer', true],
      ['property_damage', 'integer', true],
      ['improper_purpose', 'integer', true],
      ['unspecified_exposure', 'integer', true],
      ['my_number_system', 'integer', true],
      ['lgwan', 'integer', true],
      ['crime', 'integer', true],
      ['data_items', 'text'],
      ['publication', 'text', true],
      ['publication_note', 'text'],
      ['published_on', 'text'],
      ['reported_by', 'text'],
      ['reported_via', 'text', true],
      ['closed_at', 'text'],
      ['created_at', 'text', true],
      ['updated_at', 'text', true],
    ],
    ['tenant_id', 'id'],
    [ORG],
  );
  await db.schema.createIndex('incidents_code').on('incidents').columns(['tenant_id', 'code']).unique().execute();
  await db.schema.createIndex('incidents_knew').on('incidents').columns(['tenant_id', 'knew_at']).execute();
  await db.schema.createIndex('incidents_contractor').on('incidents').columns(['tenant_id', 'contractor_id']).execute();
  await table(
    db,
    'incident_timeline',
    [...base, ['incident_id', 'text', true], ['at', 'text', true], ['kind', 'text', true], ['text', 'text', true], ['author_id', 'text'], ['author_label', 'text', true], ['file_ids', 'text', true], ['auto', 'integer', true], ['created_at', 'text', true]],
    ['tenant_id', 'id'],
    [INCIDENT],
  );
  await db.schema.createIndex('incident_timeline_incident').on('incident_timeline').columns(['tenant_id', 'incident_id', 'at']).execute();
  await table(
    db,
    'incident_obligations',
    [...base, ['incident_id', 'text', true], ['rule_id', 'text', true], ['due_at', 'text', true], ['status', 'text', true], ['sent_at', 'text'], ['reference', 'text'], ['reason', 'text'], ['triggers', 'text', true], ['updated_by', 'text'], ['updated_at', 'text', true]],
    ['tenant_id', 'id'],
    [INCIDENT],
  );
  await db.schema.createIndex('incident_obligations_rule').on('incident_obligations').columns(['tenant_id', 'incident_id', 'rule_id']).unique().execute();
  // The deadline scan reads open obligations by due time across every organisation.
  await db.schema.createIndex('incident_obligations_due').on('incident_obligations').columns(['status', 'due_at']).execute();
  await table(
    db,
    'incident_reports',
    [...base, ['incident_id', 'text', true], ['kind', 'text', true], ['format', 'text', true], ['file_id', 'text', true], ['obligation_id', 'text'], ['sent_at', 'text'], ['created_by', 'text'], ['created_at', 'text', true]],
    ['tenant_id', 'id'],
    [INCIDENT, [['tenant_id', 'file_id'], 'stored_files', ['tenant_id', 'id']]],
  );
  await db.schema.createIndex('incident_reports_incident').on('incident_reports').columns(['tenant_id', 'incident_id']).execute();
  await table(
    db,
    'incident_measures',
    [...base, ['incident_id', 'text', true], ['title', 'text', true], ['owner_section_id', 'text'], ['owner_name', 'text'], ['due_date', 'text', true], ['status', 'text', true], ['improvement_id', 'text'], ['created_at', 'text', true]],
    ['tenant_id', 'id'],
    [INCIDENT],
  );
  await db.schema.createIndex('incident_measures_incident').on('incident_measures').columns(['tenant_id', 'incident_id']).execute();
  await table(db, 'incident_counters', [['tenant_id', 'text', true], ['fiscal_year', 'integer', true], ['last', 'integer', true]], ['tenant_id', 'fiscal_year']);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['incident_counters', 'incident_measures', 'incident_reports', 'incident_obligations', 'incident_timeline', 'incidents', 'incident_settings', 'incident_contacts', 'csirt_members'])
    await db.schema.dropTable(t).execute();
}
