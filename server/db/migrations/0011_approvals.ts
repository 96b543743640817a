import type { Kysely } from 'kysely';

/**
 * One approval engine (例外措置・持ち出し・私物端末・リモートアクセス・庁外での機器の使用・クラウドサービスの利用承認):
 * the requests, their history, and each organisation's settings (approver roles per subject type,
 * take-out rules, the emergency report deadline and the organisation's closed days).
 *
 * Existing cloud-use approvals of the vendors module (vendor_approvals) are copied in as subject type
 * 'cloud_use' with the same ids, so the register shows them from the first start. A vendors approval
 * that a later one superseded keeps its decision and ends on the day the later one was decided.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('approvals')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text')
    .addColumn('record_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('asset_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('classes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('checks', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('conditions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('approver_roles', 'text', (c) => c.notNull())
    .addColumn('section_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('requested_by_label', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_by_label', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('valid_from', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('emergency', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('acted_on', 'text')
    .addColumn('report_due', 'text')
    .addColumn('reported_at', 'text')
    .addColumn('report', 'text')
    .addColumn('due_back', 'text')
    .addColumn('returned_on', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by_label', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('approvals_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('approvals_section_fk', ['tenant_id', 'section_id'], 'org_units', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('approvals_subject').on('approvals').columns(['tenant_id', 'subject_type', 'state']).execute();
  await db.schema.createIndex('approvals_record').on('approvals').columns(['tenant_id', 'record_type', 'record_id']).execute();

  await db.schema
    .createTable('approval_events')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('approval_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addPrimaryKeyConstraint('approval_events_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('approval_events_approval_fk', ['tenant_id', 'approval_id'], 'approvals', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('approval_events_approval').on('approval_events').columns(['tenant_id', 'approval_id']).execute();

  await db.schema
    .createTable('approval_settings')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('closed_days', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by_label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('approval_settings_pk', ['tenant_id'])
    .execute();

  await copyVendorApprovals(db);
}

/** Carry the vendors module's cloud-use approvals over (same ids; vendors keeps its detail rows). Rows already copied are skipped. */
export async function copyVendorApprovals(db: Kysely<any>): Promise<number> {
  const rows: any[] = await db
    .selectFrom('vendor_approvals as a')
    .innerJoin('vendor_services as s', (j) => j.onRef('s.tenant_id', '=', 'a.tenant_id').onRef('s.id', '=', 'a.service_id'))
    .selectAll('a')
    .select(['s.name as service_name', 's.owner_section_id as service_section_id'])
    .execute();
  const pick = (r: any, snake: string) => r[snake] ?? r[snake.replace(/_([a-z])/g, (_m: string, ch: string) => ch.toUpperCase())] ?? null;
  const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);
  const present = new Set((await db.selectFrom('approvals').select('id').where('subject_type', '=', 'cloud_use').execute()).map((r: any) => r.id as string));
  const out = rows.filter((r) => !present.has(pick(r, 'id'))).map((r) => {
    const status = pick(r, 'status') as string;
    const conditions = pick(r, 'conditions') as string | null;
    const decidedAt = pick(r, 'decided_at') as string | null;
    let validUntil: string | null = null;
    if (status === 'superseded' && decidedAt) {
      const later = rows
        .filter((b) => pick(b, 'tenant_id') === pick(r, 'tenant_id') && pick(b, 'service_id') === pick(r, 'service_id') && ['approved', 'superseded'].includes(pick(b, 'status')) && (pick(b, 'decided_at') ?? '') > decidedAt)
        .map((b) => pick(b, 'decided_at') as string)
        .sort();
      validUntil = day(later[0] ?? null);
    }
    const state = status === 'superseded' ? 'approved' : status === 'approved' && conditions ? 'approved_with_conditions' : status;
    return {
      tenant_id: pick(r, 'tenant_id'),
      id: pick(r, 'id'),
      subject_type: 'cloud_use',
      record_type: 'vendorService',
      record_id: pick(r, 'service_id'),
      title: pick(r, 'service_name'),
      details: JSON.stringify({ serviceId: pick(r, 'service_id'), purpose: pick(r, 'purpose'), migratedFrom: 'vendor_approvals' }),
      asset_ids: pick(r, 'asset_ids') ?? '[]',
      classes: JSON.stringify({ c: pick(r, 'c_level'), i: pick(r, 'i_level'), a: pick(r, 'a_level') }),
      checks: pick(r, 'check_snapshot') ?? '[]',
      conditions: JSON.stringify(conditions ? [conditions] : []),
      approver_roles: JSON.stringify(['chiefSecurityManager', 'ciso', 'deputyCiso']),
      section_id: pick(r, 'service_section_id'),
      state,
      requested_by: pick(r, 'requested_by'),
      requested_by_label: pick(r, 'requested_by_label'),
      requested_at: pick(r, 'requested_at'),
      decided_by: pick(r, 'decided_by'),
      decided_by_label: pick(r, 'decided_by_label'),
      decided_at: decidedAt,
      decision_note: pick(r, 'decision_note'),
      valid_from: day(decidedAt),
      valid_until: validUntil,
      emergency: 0,
      updated_at: decidedAt ?? pick(r, 'requested_at'),
    };
  });
  for (let i = 0; i < out.length; i += 200) await db.insertInto('approvals').values(out.slice(i, i + 200)).execute();
  return out.length;
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('approval_settings').execute();
  await db.schema.dropTable('approval_events').execute();
  await db.schema.dropTable('approvals').execute();
}
