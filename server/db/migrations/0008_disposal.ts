import { type Kysely, sql } from 'kysely';

/**
 * Disposal of equipment, media and cloud data (機器の廃棄等): projects, disposals, the assets each
 * held, the timeline and chain of custody, witnesses, evidence (certificates and photos), and the
 * per-year counter for human-readable codes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('disposal_projects')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('section_id', 'text', (c) => c.notNull())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('contractor_id', 'text')
    .addColumn('contractor_name', 'text')
    .addColumn('certificate_days', 'integer', (c) => c.notNull())
    .addColumn('scheduled_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('disposal_projects_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('disposal_projects_code', ['tenant_id', 'code'])
    .addForeignKeyConstraint('disposal_projects_section_fk', ['tenant_id', 'section_id'], 'org_units', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('disposals')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text')
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('media_kind', 'text')
    .addColumn('storage_kind', 'text')
    .addColumn('serial_number', 'text')
    .addColumn('serial_key', 'text')
    .addColumn('model', 'text')
    .addColumn('description', 'text')
    .addColumn('ownership', 'text')
    .addColumn('lease_end', 'text')
    .addColumn('lessor', 'text')
    .addColumn('section_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text')
    .addColumn('service_name', 'text')
    .addColumn('cloud_tenant', 'text')
    .addColumn('data_description', 'text')
    .addColumn('key_description', 'text')
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('confidentiality', 'text', (c) => c.notNull())
    .addColumn('declared_confidentiality', 'text')
    .addColumn('my_number_resident', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('declared_my_number_resident', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('segment', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('method', 'text')
    .addColumn('method_family', 'text')
    .addColumn('evaluation', 'text', (c) => c.notNull())
    .addColumn('required_proof', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('contractor_id', 'text')
    .addColumn('contractor_name', 'text')
    .addColumn('certificate_days', 'integer', (c) => c.notNull())
    .addColumn('certificate_due_on', 'text')
    .addColumn('scheduled_on', 'text')
    .addColumn('requested_by', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('erased_in_building_at', 'text')
    .addColumn('erased_in_building_by', 'text')
    .addColumn('handed_over_at', 'text')
    .addColumn('handed_over_by', 'text')
    .addColumn('handed_to', 'text')
    .addColumn('destroyed_at', 'text')
    .addColumn('destroyed_place', 'text')
    .addColumn('certificate_received_at', 'text')
    .addColumn('certificate_checked_at', 'text')
    .addColumn('certificate_checked_by', 'text')
    .addColumn('staff_checked_at', 'text')
    .addColumn('staff_checked_by', 'text')
    .addColumn('key_destroyed_at', 'text')
    .addColumn('key_reference', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('cancelled_by', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('disposals_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('disposals_code', ['tenant_id', 'code'])
    .addForeignKeyConstraint('disposals_project_fk', ['tenant_id', 'project_id'], 'disposal_projects', ['tenant_id', 'id'])
    .addForeignKeyConstraint('disposals_section_fk', ['tenant_id', 'section_id'], 'org_units', ['tenant_id', 'id'])
    .execute();
  // A serial number may be in at most one open disposal per organisation (the service checks first
  // and names the clash; this index is the last line of defence against concurrent requests).
  await db.schema
    .createIndex('disposals_open_serial')
    .on('disposals')
    .columns(['tenant_id', 'serial_key'])
    .unique()
    .where(sql.ref('state'), 'not in', ['closed', 'cancelled'])
    .execute();
  await db.schema.createIndex('disposals_state').on('disposals').columns(['tenant_id', 'state', 'code']).execute();
  await db.schema.createIndex('disposals_section').on('disposals').columns(['tenant_id', 'section_id', 'code']).execute();
  await db.schema.createIndex('disposals_project').on('disposals').columns(['tenant_id', 'project_id', 'code']).execute();
  await db.schema.createIndex('disposals_contractor').on('disposals').columns(['tenant_id', 'contractor_id', 'code']).execute();
  // The daily reminder scan runs across organisations by due date and by lease end.
  await db.schema.createIndex('disposals_cert_due').on('disposals').columns(['state', 'certificate_due_on']).execute();
  await db.schema.createIndex('disposals_lease_end').on('disposals').columns(['state', 'lease_end']).execute();

  await db.schema
    .createTable('disposal_assets')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('disposal_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('confidentiality', 'text')
    .addColumn('segment', 'text')
    .addColumn('resident_data', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('my_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('disposal_assets_pk', ['tenant_id', 'disposal_id', 'asset_id'])
    .addForeignKeyConstraint('disposal_assets_disposal_fk', ['tenant_id', 'disposal_id'], 'disposals', ['tenant_id', 'id'])
    .addForeignKeyConstraint('disposal_assets_asset_fk', ['tenant_id', 'asset_id'], 'assets', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('disposal_assets_asset').on('disposal_assets').columns(['tenant_id', 'asset_id']).execute();

  await db.schema
    .createTable('disposal_events')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('disposal_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('from_party', 'text')
    .addColumn('to_party', 'text')
    .addColumn('place', 'text')
    .addColumn('note', 'text')
    .addColumn('file_id', 'text')
    .addPrimaryKeyConstraint('disposal_events_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('disposal_events_disposal_fk', ['tenant_id', 'disposal_id'], 'disposals', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('disposal_events_disposal').on('disposal_events').columns(['tenant_id', 'disposal_id', 'occurred_at']).execute();

  await db.schema
    .createTable('disposal_witnesses')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('disposal_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('from_at', 'text', (c) => c.notNull())
    .addColumn('until_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('disposal_witnesses_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('disposal_witnesses_disposal_fk', ['tenant_id', 'disposal_id'], 'disposals', ['tenant_id', 'id'])
    .addForeignKeyConstraint('disposal_witnesses_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('disposal_witnesses_disposal').on('disposal_witnesses').columns(['tenant_id', 'disposal_id']).execute();

  await db.schema
    .createTable('disposal_evidence')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('disposal_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('uploaded_by_label', 'text', (c) => c.notNull())
    .addColumn('contractor_id', 'text')
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('disposal_evidence_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('disposal_evidence_disposal_fk', ['tenant_id', 'disposal_id'], 'disposals', ['tenant_id', 'id'])
    .addForeignKeyConstraint('disposal_evidence_file_fk', ['tenant_id', 'file_id'], 'stored_files', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('disposal_evidence_disposal').on('disposal_evidence').columns(['tenant_id', 'disposal_id', 'kind']).execute();

  await db.schema
    .createTable('disposal_counters')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('disposal_counters_pk', ['tenant_id', 'kind', 'fiscal_year'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['disposal_counters', 'disposal_evidence', 'disposal_witnesses', 'disposal_events', 'disposal_assets', 'disposals', 'disposal_projects'])
    await db.schema.dropTable(t).execute();
}
