import { z } from 'zod';
import { CONTACT_BODIES, CSIRT_ROLES, ids } from '@shared/incidents';
import { addDays } from '../../platform/calendar';
import { japanDate } from '@shared/era';
import type { Db } from '../../db/database';
import { toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { invalid, now, type SettingsSchema, settingsOf } from './incidents.common';
import type { CsirtMembersTable, IncidentContactsTable } from './incidents.tables';

/**
 * The CSIRT roster (roles with holders, deputies, validity and 24-hour contacts), the directory of
 * outside bodies with how and when each is told, the readiness checks and the settings.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));
const day = z.iso.date();

export const MemberInput = z
  .object({
    role: z.enum(ids(CSIRT_ROLES)),
    holderName: text(100),
    holderUserId: z.uuid().nullish(),
    holderTitle: optText(100),
    deputyName: optText(100),
    deputyUserId: z.uuid().nullish(),
    phone24h: optText(40),
    deputyPhone24h: optText(40),
    email: z.email().nullish(),
    validFrom: day,
    validUntil: day.nullish(),
    note: optText(1000),
  })
  .strict();
export const MemberPatch = MemberInput.partial().strict();

export const ContactInput = z
  .object({
    body: z.enum(ids(CONTACT_BODIES)),
    name: text(200),
    contractorId: z.uuid().nullish(),
    division: optText(200),
    phone: optText(40),
    email: z.email().nullish(),
    channel: optText(500),
    whenToTell: optText(500),
    confirmedOn: day.nullish(),
    note: optText(1000),
  })
  .strict();
export const ContactPatch = ContactInput.partial().strict();

const MEMBER = { ja: 'CSIRTの役割', en: 'CSIRT role' };
const CONTACT = { ja: '連絡先', en: 'Contact' };

function checkValidity(from: string | undefined, until: string | null | undefined): void {
  if (from && until && until < from) throw invalid('validUntil', 'before_valid_from', '有効期限は開始日以降にしてください。', 'The end date must not be before the start date.');
}

export async function listMembers(db: Db, tenantId: string): Promise<CsirtMembersTable[]> {
  const rows = await db.selectFrom('csirtMembers').selectAll().where('tenantId', '=', tenantId).execute();
  const order = CSIRT_ROLES.map((r) => r.id as string);
  return rows.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role) || a.holderName.localeCompare(b.holderName, 'ja'));
}

export async function createMember(db: Db, ctx: Ctx, input: z.infer<typeof MemberInput>): Promise<CsirtMembersTable> {
  checkValidity(input.validFrom, input.validUntil);
  const t = now();
  const row: CsirtMembersTable = { tenantId: ctx.tenantId, id: newId(), ...input, holderUserId: input.holderUserId ?? null, deputyUserId: input.deputyUserId ?? null, email: input.email ?? null, validUntil: input.validUntil ?? null, createdAt: t, updatedAt: t };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('csirtMembers').values(row).execute();
    await appendAudit(trx, ctx.audit, { action: 'csirt.member.create', targetType: 'csirtMember', targetId: row.id, changes: { role: row.role, holderName: row.holderName, deputyName: row.deputyName } });
  });
  return row;
}

export async function updateMember(db: Db, ctx: Ctx, id: string, patch: z.infer<typeof MemberPatch>): Promise<CsirtMembersTable> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('csirtMembers').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
    if (!before) throw err.notFound(MEMBER, id);
    const next = { ...before, ...patch, updatedAt: now() };
    checkValidity(next.validFrom, next.validUntil);
    await trx.updateTable('csirtMembers').set({ ...patch, updatedAt: next.updatedAt }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await appendAudit(trx, ctx.audit, { action: 'csirt.member.update', targetType: 'csirtMember', targetId: id, changes: patch });
    return next as CsirtMembersTable;
  });
}

export async function deleteMember(db: Db, ctx: Ctx, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('csirtMembers').where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw err.notFound(MEMBER, id);
    await appendAudit(trx, ctx.audit, { action: 'csirt.member.delete', targetType: 'csirtMember', targetId: id });
  });
}

export interface DirectoryEntry extends Omit<IncidentContactsTable, 'tenantId'> {
  /** 'directory': kept here; 'vendors': read from the vendors register (edit it there). */
  source: 'directory' | 'vendors';
}

/** The contact directory: the bodies kept here plus every active contractor of the vendors register. */
export async function listContacts(deps: AppDeps, db: Db, tenantId: string): Promise<DirectoryEntry[]> {
  const rows = await db.selectFrom('incidentContacts').selectAll().where('tenantId', '=', tenantId).execute();
  const order = CONTACT_BODIES.map((b) => b.id as string);
  const own: DirectoryEntry[] = rows.map(({ tenantId: _t, ...r }) => ({ ...r, source: 'directory' }));
  const covered = new Set(rows.map((r) => r.contractorId).filter(Boolean));
  const vendors = deps.services.vendors ? await deps.services.vendors.contractors(db, tenantId) : [];
  for (const v of vendors) {
    if (v.status !== 'active' || covered.has(v.id)) continue;
    own.push({
      id: `vendor:${v.id}`,
      body: 'vendor',
      name: v.name,
      contractorId: v.id,
      division: v.contact?.name ?? null,
      phone: v.contact?.phone ?? null,
      email: v.contact?.email ?? null,
      channel: null,
      whenToTell: null,
      confirmedOn: null,
      note: null,
      createdAt: '',
      updatedAt: '',
      source: 'vendors',
    });
  }
  return own.sort((a, b) => order.indexOf(a.body) - order.indexOf(b.body) || a.name.localeCompare(b.name, 'ja'));
}

async function checkContractor(deps: AppDeps, db: Db, tenantId: string, contractorId: string | null | undefined): Promise<void> {
  if (!contractorId) return;
  if (!deps.services.vendors || !(await deps.services.vendors.hasContractor(db, tenantId, contractorId)))
    throw invalid('contractorId', 'unknown_contractor', '委託事業者台帳にない事業者です。', 'No such contractor in the vendors register.');
}

export async function createContact(deps: AppDeps, db: Db, ctx: Ctx, input: z.infer<typeof ContactInput>): Promise<IncidentContactsTable> {
  await checkContractor(deps, db, ctx.tenantId, input.contractorId);
  const t = now();
  const row: IncidentContactsTable = { tenantId: ctx.tenantId, id: newId(), ...input, contractorId: input.contractorId ?? null, email: input.email ?? null, confirmedOn: input.confirmedOn ?? null, createdAt: t, updatedAt: t };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('incidentContacts').values(row).execute();
    await appendAudit(trx, ctx.audit, { action: 'csirt.contact.create', targetType: 'incidentContact', targetId: row.id, changes: { body: row.body, name: row.name } });
  });
  return row;
}

export async function updateContact(deps: AppDeps, db: Db, ctx: Ctx, id: string, patch: z.infer<typeof ContactPatch>): Promise<IncidentContactsTable> {
  await checkContractor(deps, db, ctx.tenantId, patch.contractorId);
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('incidentContacts').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
    if (!before) throw err.notFound(CONTACT, id);
    const updatedAt = now();
    await trx.updateTable('incidentContacts').set({ ...patch, updatedAt }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await appendAudit(trx, ctx.audit, { action: 'csirt.contact.update', targetType: 'incidentContact', targetId: id, changes: patch });
    return { ...before, ...patch, updatedAt } as IncidentContactsTable;
  });
}

/** "We called them and the number still works": the confirmation date becomes today. */
export async function confirmContact(deps: AppDeps, db: Db, ctx: Ctx, id: string): Promise<IncidentContactsTable> {
  return updateContact(deps, db, ctx, id, { confirmedOn: japanDate() });
}

export type ReadinessState = 'ok' | 'problem' | 'notMeasurable';
export interface ReadinessCheck {
  id: 'head' | 'deputies' | 'contacts' | 'drill';
  state: ReadinessState;
  title: { ja: string; en: string };
  detail: { ja: string; en: string };
  items: string[];
}

/** Readiness of the CSIRT on `today`: a head, a deputy for every role, contacts confirmed within a year, a drill. */
export async function readiness(_deps: AppDeps, db: Db, tenantId: string, today = japanDate()): Promise<ReadinessCheck[]> {
  const members = (await listMembers(db, tenantId)).filter((m) => m.validFrom <= today && (m.validUntil === null || m.validUntil >= today));
  const contacts = await db.selectFrom('incidentContacts').selectAll().where('tenantId', '=', tenantId).execute();
  const head = members.some((m) => m.role === 'head');
  const noDeputy = members.filter((m) => m.role !== 'expert' && !m.deputyName);
  const yearAgo = addDays(today, -365);
  const stale = contacts.filter((c) => c.confirmedOn === null || c.confirmedOn < yearAgo);
  return [
    {
      id: 'head',
      state: head ? 'ok' : 'problem',
      title: { ja: 'CSIRT責任者', en: 'CSIRT head' },
      detail: head ? { ja: '有効なCSIRT責任者が登録されています。', en: 'A CSIRT head is in office.' } : { ja: '有効なCSIRT責任者が登録されていません。', en: 'No CSIRT head is in office.' },
      items: [],
    },
    {
      id: 'deputies',
      state: noDeputy.length === 0 ? 'ok' : 'problem',
      title: { ja: '代理者', en: 'Deputies' },
      detail: noDeputy.length === 0 ? { ja: 'すべての役割に代理者がいます。', en: 'Every role has a deputy.' } : { ja: `代理者のいない役割が${noDeputy.length}件あります。`, en: `${noDeputy.length} role(s) have no deputy.` },
      items: noDeputy.map((m) => `${CSIRT_ROLES.find((r) => r.id === m.role)?.ja ?? m.role}：${m.holderName}`),
    },
    {
      id: 'contacts',
      state: stale.length === 0 && contacts.length > 0 ? 'ok' : 'problem',
      title: { ja: '連絡先の確認', en: 'Contacts confirmed' },
      detail:
        contacts.length === 0
          ? { ja: '外部機関の連絡先が登録されていません。', en: 'No outside body is in the directory.' }
          : stale.length === 0
            ? { ja: 'すべての連絡先が1年以内に確認されています。', en: 'Every contact was confirmed within a year.' }
            : { ja: `1年以上確認されていない連絡先が${stale.length}件あります。`, en: `${stale.length} contact(s) not confirmed for a year.` },
      items: stale.map((c) => c.name),
    },
    {
      id: 'drill',
      state: 'notMeasurable',
      title: { ja: '今年度の訓練', en: 'Drill this fiscal year' },
      detail: {
        ja: '訓練の記録（研修・訓練の機能）がまだないため、判定できません。実施の有無は0件とはみなしていません。',
        en: 'Not measurable yet: the training module that records drills does not exist. This is not counted as zero drills.',
      },
      items: [],
    },
  ];
}

export async function getSettings(db: Db, tenantId: string) {
  return settingsOf(db, tenantId);
}

export async function putSettings(db: Db, ctx: Ctx, input: z.infer<typeof SettingsSchema>) {
  await db.transaction().execute(async (trx) => {
    const row = { tenantId: ctx.tenantId, settings: toJson(input), updatedAt: now() };
    await trx.insertInto('incidentSettings').values(row).onConflict((oc) => oc.column('tenantId').doUpdateSet({ settings: row.settings, updatedAt: row.updatedAt })).execute();
    await appendAudit(trx, ctx.audit, { action: 'csirt.settings.update', targetType: 'incidentSettings', targetId: ctx.tenantId, changes: input });
  });
  return input;
}
