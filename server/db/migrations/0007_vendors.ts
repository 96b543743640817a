import type { CreateTableBuilder, Kysely } from 'kysely';

/**
 * Outsourcing and external services: contractors, contacts, certifications, contracts and their
 * clause checklists, subcontracting chains, external services with SLA targets and monthly
 * actuals, responsibility matrices, cloud-use approvals, yearly check sheets, evidence requests,
 * contractor reports and evidence files (the bytes are in stored_files).
 *
 * Asset ids (service ↔ asset links, system matrices) point into the asset register; they are
 * checked through the assets service rather than by a foreign key, so this module does not
 * depend on that module's table layout.
 */
type Db = Kysely<any>;
type Builder = CreateTableBuilder<string, any>;

const sectionFk = (b: Builder, table: string, column = 'owner_section_id') =>
  b.addForeignKeyConstraint(`${table}_${column}_fk`, ['tenant_id', column], 'org_units', ['tenant_id', 'id']);

export async function up(db: Db): Promise<void> {
  let t: Builder = db.schema
    .createTable('vendor_contractors')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_kana', 'text')
    .addColumn('corporate_number', 'text')
    .addColumn('address', 'text')
    .addColumn('owner_section_id', 'text')
    .addColumn('foreign_control_declared_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_contractors_pk', ['tenant_id', 'id']);
  await sectionFk(t, 'vendor_contractors').execute();
  await db.schema.createIndex('vendor_contractors_corp').on('vendor_contractors').columns(['tenant_id', 'corporate_number']).execute();

  await db.schema
    .createTable('vendor_contacts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('contractor_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_contacts_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_contacts_contractor_fk', ['tenant_id', 'contractor_id'], 'vendor_contractors', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('vendor_contacts_contractor').on('vendor_contacts').columns(['tenant_id', 'contractor_id']).execute();

  await db.schema
    .createTable('vendor_certifications')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('contractor_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('number', 'text')
    .addColumn('issuer', 'text')
    .addColumn('scope', 'text')
    .addColumn('valid_from', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_certifications_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_certifications_contractor_fk', ['tenant_id', 'contractor_id'], 'vendor_contractors', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('vendor_certifications_contractor').on('vendor_certifications').columns(['tenant_id', 'contractor_id']).execute();
  await db.schema.createIndex('vendor_certifications_until').on('vendor_certifications').column('valid_until').execute();

  t = db.schema
    .createTable('vendor_services')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('provider_name', 'text', (c) => c.notNull())
    .addColumn('provider_contractor_id', 'text')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('connection', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('owner_section_id', 'text')
    .addColumn('purpose', 'text')
    .addColumn('ismap_registration_number', 'text')
    .addColumn('registered_from', 'text')
    .addColumn('registered_until', 'text')
    .addColumn('ismap_scope', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('relied_areas', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('data_country', 'text')
    .addColumn('data_region', 'text')
    .addColumn('foreign_decision', 'text')
    .addColumn('foreign_decided_by', 'text')
    .addColumn('foreign_decided_at', 'text')
    .addColumn('governing_law', 'text')
    .addColumn('jurisdiction', 'text')
    .addColumn('declared_c', 'text')
    .addColumn('declared_i', 'text')
    .addColumn('declared_a', 'text')
    .addColumn('sla_availability', 'double precision')
    .addColumn('sla_rto_minutes', 'integer')
    .addColumn('sla_rpo_minutes', 'integer')
    .addColumn('sla_support_hours', 'text')
    .addColumn('sla_first_report_minutes', 'integer')
    .addColumn('sla_backup_frequency', 'text')
    .addColumn('sla_exit_terms', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_services_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_services_provider_fk', ['tenant_id', 'provider_contractor_id'], 'vendor_contractors', ['tenant_id', 'id']);
  await sectionFk(t, 'vendor_services').execute();
  await db.schema.createIndex('vendor_services_until').on('vendor_services').column('registered_until').execute();

  await db.schema
    .createTable('vendor_service_assets')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_service_assets_pk', ['tenant_id', 'service_id', 'asset_id'])
    .addForeignKeyConstraint('vendor_service_assets_service_fk', ['tenant_id', 'service_id'], 'vendor_services', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('vendor_service_assets_asset').on('vendor_service_assets').columns(['tenant_id', 'asset_id']).execute();

  t = db.schema
    .createTable('vendor_contracts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('contractor_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('contract_number', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('owner_section_id', 'text')
    .addColumn('service_id', 'text')
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('max_confidentiality', 'text')
    .addColumn('confirmed_clauses', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_contracts_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_contracts_contractor_fk', ['tenant_id', 'contractor_id'], 'vendor_contractors', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_contracts_service_fk', ['tenant_id', 'service_id'], 'vendor_services', ['tenant_id', 'id']);
  await sectionFk(t, 'vendor_contracts').execute();
  await db.schema.createIndex('vendor_contracts_contractor').on('vendor_contracts').columns(['tenant_id', 'contractor_id']).execute();

  await db.schema
    .createTable('vendor_contract_clauses')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('contract_id', 'text', (c) => c.notNull())
    .addColumn('clause_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('note', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_contract_clauses_pk', ['tenant_id', 'contract_id', 'clause_id'])
    .addForeignKeyConstraint('vendor_contract_clauses_contract_fk', ['tenant_id', 'contract_id'], 'vendor_contracts', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('vendor_subcontracts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('contract_id', 'text', (c) => c.notNull())
    .addColumn('parent_contractor_id', 'text', (c) => c.notNull())
    .addColumn('contractor_id', 'text', (c) => c.notNull())
    .addColumn('work', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addPrimaryKeyConstraint('vendor_subcontracts_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('vendor_subcontracts_once', ['tenant_id', 'contract_id', 'contractor_id'])
    .addForeignKeyConstraint('vendor_subcontracts_contract_fk', ['tenant_id', 'contract_id'], 'vendor_contracts', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_subcontracts_parent_fk', ['tenant_id', 'parent_contractor_id'], 'vendor_contractors', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_subcontracts_contractor_fk', ['tenant_id', 'contractor_id'], 'vendor_contractors', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('vendor_sla_actuals')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('availability', 'double precision')
    .addColumn('longest_outage_minutes', 'integer')
    .addColumn('data_loss_minutes', 'integer')
    .addColumn('first_report_minutes', 'integer')
    .addColumn('backups_missed', 'integer')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_sla_actuals_pk', ['tenant_id', 'service_id', 'month'])
    .addForeignKeyConstraint('vendor_sla_actuals_service_fk', ['tenant_id', 'service_id'], 'vendor_services', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('vendor_sla_breaches')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('target', 'double precision', (c) => c.notNull())
    .addColumn('actual', 'double precision', (c) => c.notNull())
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addColumn('superseded_at', 'text')
    .addPrimaryKeyConstraint('vendor_sla_breaches_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_sla_breaches_service_fk', ['tenant_id', 'service_id'], 'vendor_services', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('vendor_sla_breaches_service').on('vendor_sla_breaches').columns(['tenant_id', 'service_id', 'month']).execute();

  t = db.schema
    .createTable('vendor_matrices')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text')
    .addColumn('system_asset_id', 'text')
    .addColumn('owner_section_id', 'text')
    .addColumn('parties', 'text', (c) => c.notNull())
    .addColumn('party_contractors', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('gap_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('overlap_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_matrices_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_matrices_service_fk', ['tenant_id', 'service_id'], 'vendor_services', ['tenant_id', 'id']);
  await sectionFk(t, 'vendor_matrices').execute();
  await db.schema.createIndex('vendor_matrices_service').on('vendor_matrices').columns(['tenant_id', 'service_id']).execute();

  await db.schema
    .createTable('vendor_matrix_cells')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('matrix_id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_matrix_cells_pk', ['tenant_id', 'matrix_id', 'area_id', 'party'])
    .addForeignKeyConstraint('vendor_matrix_cells_matrix_fk', ['tenant_id', 'matrix_id'], 'vendor_matrices', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('vendor_approvals')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('c_level', 'text', (c) => c.notNull())
    .addColumn('i_level', 'text')
    .addColumn('a_level', 'text')
    .addColumn('asset_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('check_snapshot', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('requested_by_label', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_by_label', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('conditions', 'text')
    .addPrimaryKeyConstraint('vendor_approvals_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_approvals_service_fk', ['tenant_id', 'service_id'], 'vendor_services', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('vendor_approvals_service').on('vendor_approvals').columns(['tenant_id', 'service_id', 'status']).execute();

  await db.schema
    .createTable('vendor_check_sheets')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('contractor_id', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('review_note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_check_sheets_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('vendor_check_sheets_year', ['tenant_id', 'contractor_id', 'fiscal_year'])
    .addForeignKeyConstraint('vendor_check_sheets_contractor_fk', ['tenant_id', 'contractor_id'], 'vendor_contractors', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('vendor_check_sheets_status').on('vendor_check_sheets').columns(['status', 'due_on']).execute();

  await db.schema
    .createTable('vendor_check_answers')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('sheet_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('question_ja', 'text', (c) => c.notNull())
    .addColumn('question_en', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('comment', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('review_note', 'text')
    .addPrimaryKeyConstraint('vendor_check_answers_pk', ['tenant_id', 'sheet_id', 'item_id'])
    .addForeignKeyConstraint('vendor_check_answers_sheet_fk', ['tenant_id', 'sheet_id'], 'vendor_check_sheets', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('vendor_evidence_requests')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('contractor_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('due_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response_note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('review_note', 'text')
    .addPrimaryKeyConstraint('vendor_evidence_requests_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_evidence_requests_contractor_fk', ['tenant_id', 'contractor_id'], 'vendor_contractors', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('vendor_evidence_requests_contractor').on('vendor_evidence_requests').columns(['tenant_id', 'contractor_id']).execute();

  await db.schema
    .createTable('vendor_reports')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('contractor_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('service_id', 'text')
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_by_label', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_reports_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_reports_contractor_fk', ['tenant_id', 'contractor_id'], 'vendor_contractors', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_reports_service_fk', ['tenant_id', 'service_id'], 'vendor_services', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('vendor_reports_contractor').on('vendor_reports').columns(['tenant_id', 'contractor_id']).execute();

  await db.schema
    .createTable('vendor_evidence')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('contractor_id', 'text')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('uploaded_by_label', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vendor_evidence_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_evidence_file_fk', ['tenant_id', 'file_id'], 'stored_files', ['tenant_id', 'id'])
    .addForeignKeyConstraint('vendor_evidence_contractor_fk', ['tenant_id', 'contractor_id'], 'vendor_contractors', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('vendor_evidence_subject').on('vendor_evidence').columns(['tenant_id', 'subject_type', 'subject_id']).execute();
  await db.schema.createIndex('vendor_evidence_until').on('vendor_evidence').column('valid_until').execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of [
    'vendor_evidence',
    'vendor_reports',
    'vendor_evidence_requests',
    'vendor_check_answers',
    'vendor_check_sheets',
    'vendor_approvals',
    'vendor_matrix_cells',
    'vendor_matrices',
    'vendor_sla_breaches',
    'vendor_sla_actuals',
    'vendor_subcontracts',
    'vendor_contract_clauses',
    'vendor_contracts',
    'vendor_service_assets',
    'vendor_services',
    'vendor_certifications',
    'vendor_contacts',
    'vendor_contractors',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
