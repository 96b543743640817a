import { z } from 'zod';
import { fiscalYearOf, japanDate } from '@shared/era';
import {
  CERT_KIND_IDS,
  CERT_KINDS,
  CLAUSE_STATUS_IDS,
  CONTRACT_CLAUSE_IDS,
  CONTRACT_CLAUSES,
  CONTRACT_SUBJECT_IDS,
  named,
} from '@shared/vendors';
import type { Db } from '../../db/database';
import { containsCi, nowIso, toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, bilingual, err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { diff } from '../tenancy/tenancy.service';
import { createUser, listContractorUsers } from '../identity/users.service';
import { evidenceFor } from './evidence.service';
import { type ChainEdge, chainDepth, chainProblem, checkContractor } from './rules';
import {
  KINDS,
  type VendorScope,
  checkOwnerSection,
  cLevel,
  contractorVisible,
  corporateNumber,
  endNotBeforeStart,
  isoDate,
  optDate,
  optText,
  scopeFor,
  sectionVisible,
  text,
} from './vendors.common';
import type { VendorContractorsTable, VendorContractsTable } from './vendors.tables';

// ---- contractors ---------------------------------------------------------------------------------

export const ContractorQuery = z.object({
  q: z.string().max(100).optional(),
  status: z.enum(['active', 'archived']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export async function listContractors(db: Db, ctx: Ctx, q: z.infer<typeof ContractorQuery>) {
  const scope = await scopeFor(db, ctx, 'vendor.read');
  let base = db.selectFrom('vendorContractors').where('vendorContractors.tenantId', '=', ctx.tenantId).where(contractorVisible(scope, ctx.tenantId));
  if (q.status) base = base.where('status', '=', q.status);
  if (q.q) {
    const term = q.q;
    base = base.where((eb) => eb.or([containsCi('vendor_contractors.name', term), containsCi('vendor_contractors.name_kana', term), eb('corporateNumber', '=', term)]));
  }
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('name').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((r) => r.id);
  const today = japanDate();
  const [contracts, certs] = ids.length
    ? await Promise.all([
        db.selectFrom('vendorContracts').select(['contractorId', (eb) => eb.fn.countAll<number>().as('n')]).where('tenantId', '=', ctx.tenantId).where('contractorId', 'in', ids).where('status', '=', 'active').groupBy('contractorId').execute(),
        db.selectFrom('vendorCertifications').select(['contractorId', 'validUntil']).where('tenantId', '=', ctx.tenantId).where('contractorId', 'in', ids).execute(),
      ])
    : [[], []];
  return {
    items: rows.map((r) => ({
      ...presentContractor(r),
      activeContracts: Number(contracts.find((c) => c.contractorId === r.id)?.n ?? 0),
      expiredCertifications: certs.filter((c) => c.contractorId === r.id && c.validUntil !== null && c.validUntil < today).length,
    })),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export function presentContractor(r: VendorContractorsTable) {
  return {
    id: r.id,
    name: r.name,
    nameKana: r.nameKana,
    corporateNumber: r.corporateNumber,
    address: r.address,
    ownerSectionId: r.ownerSectionId,
    foreignControlDeclaredOn: r.foreignControlDeclaredOn,
    status: r.status,
    note: r.note,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** A contractor the actor may see (staff registers), or 404. */
export async function visibleContractor(db: Db, ctx: Ctx, scope: VendorScope, id: string): Promise<VendorContractorsTable> {
  const row = await db
    .selectFrom('vendorContractors')
    .selectAll()
    .where('vendorContractors.tenantId', '=', ctx.tenantId)
    .where('vendorContractors.id', '=', id)
    .where(contractorVisible(scope, ctx.tenantId))
    .executeTakeFirst();
  if (!row) throw err.notFound(KINDS.contractor, id);
  return row;
}

export const ContractorInput = z
  .object({
    name: text(200),
    nameKana: optText(200),
    corporateNumber: corporateNumber.nullable().optional(),
    address: optText(300),
    ownerSectionId: z.uuid().nullable().optional(),
    foreignControlDeclaredOn: optDate,
    note: optText(2000),
  })
  .strict();

export const ContractorPatch = ContractorInput.partial().extend({ status: z.enum(['active', 'archived']).optional() }).strict();

async function ensureCorporateNumberFree(trx: Db, tenantId: string, num: string | null | undefined, exceptId?: string) {
  if (!num) return;
  let q = trx.selectFrom('vendorContractors').select('id').where('tenantId', '=', tenantId).where('corporateNumber', '=', num);
  if (exceptId) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) {
    throw err.conflict('corporate_number_taken', { ja: `法人番号 ${num} の委託事業者は既に登録されています。`, en: `A contractor with corporate number ${num} is already registered.` });
  }
}

export async function createContractor(db: Db, ctx: Ctx, input: z.infer<typeof ContractorInput>) {
  const scope = await scopeFor(db, ctx, 'vendor.write');
  await checkOwnerSection(db, ctx, scope, input.ownerSectionId);
  const id = newId();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await ensureCorporateNumberFree(trx, ctx.tenantId, input.corporateNumber);
    const row: VendorContractorsTable = {
      tenantId: ctx.tenantId,
      id,
      name: input.name,
      nameKana: input.nameKana ?? null,
      corporateNumber: input.corporateNumber ?? null,
      address: input.address ?? null,
      ownerSectionId: input.ownerSectionId ?? null,
      foreignControlDeclaredOn: input.foreignControlDeclaredOn ?? null,
      status: 'active',
      note: input.note ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await trx.insertInto('vendorContractors').values(row).execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.contractor.create', targetType: 'vendorContractor', targetId: id, changes: { name: row.name, corporateNumber: row.corporateNumber, ownerSectionId: row.ownerSectionId } });
  });
  return presentContractor(await visibleContractor(db, ctx, { all: true, sections: [], contractorIds: [] }, id));
}

export async function updateContractor(db: Db, ctx: Ctx, id: string, patch: z.infer<typeof ContractorPatch>) {
  const scope = await scopeFor(db, ctx, 'vendor.write');
  const before = await visibleContractor(db, ctx, scope, id);
  if (patch.ownerSectionId !== undefined) await checkOwnerSection(db, ctx, scope, patch.ownerSectionId);
  await db.transaction().execute(async (trx) => {
    if (patch.corporateNumber !== undefined) await ensureCorporateNumberFree(trx, ctx.tenantId, patch.corporateNumber, id);
    const next = {
      name: patch.name ?? before.name,
      nameKana: patch.nameKana === undefined ? before.nameKana : patch.nameKana,
      corporateNumber: patch.corporateNumber === undefined ? before.corporateNumber : patch.corporateNumber,
      address: patch.address === undefined ? before.address : patch.address,
      ownerSectionId: patch.ownerSectionId === undefined ? before.ownerSectionId : patch.ownerSectionId,
      foreignControlDeclaredOn: patch.foreignControlDeclaredOn === undefined ? before.foreignControlDeclaredOn : patch.foreignControlDeclaredOn,
      note: patch.note === undefined ? before.note : patch.note,
      status: patch.status ?? before.status,
    };
    await trx.updateTable('vendorContractors').set({ ...next, updatedAt: nowIso() }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.contractor.update', targetType: 'vendorContractor', targetId: id, changes: diff(before as unknown as Record<string, unknown>, next) });
  });
  return presentContractor(await visibleContractor(db, ctx, { all: true, sections: [], contractorIds: [] }, id));
}

export async function getContractor(deps: AppDeps, ctx: Ctx, id: string) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.read');
  const row = await visibleContractor(db, ctx, scope, id);
  const t = ctx.tenantId;
  const [contacts, certifications, contracts, sheets, requests, reports] = await Promise.all([
    db.selectFrom('vendorContacts').selectAll().where('tenantId', '=', t).where('contractorId', '=', id).orderBy('isPrimary', 'desc').orderBy('name').execute(),
    db.selectFrom('vendorCertifications').selectAll().where('tenantId', '=', t).where('contractorId', '=', id).orderBy('validUntil').execute(),
    db.selectFrom('vendorContracts').selectAll().where('tenantId', '=', t).where('contractorId', '=', id).orderBy('startsOn', 'desc').execute(),
    db.selectFrom('vendorCheckSheets').selectAll().where('tenantId', '=', t).where('contractorId', '=', id).orderBy('fiscalYear', 'desc').execute(),
    db.selectFrom('vendorEvidenceRequests').selectAll().where('tenantId', '=', t).where('contractorId', '=', id).orderBy('createdAt', 'desc').execute(),
    db.selectFrom('vendorReports').selectAll().where('tenantId', '=', t).where('contractorId', '=', id).orderBy('submittedAt', 'desc').limit(50).execute(),
  ]);
  const contractIds = contracts.map((c) => c.id);
  const [clauses, subs] = contractIds.length
    ? await Promise.all([
        db.selectFrom('vendorContractClauses').select(['contractId', 'clauseId', 'status']).where('tenantId', '=', t).where('contractId', 'in', contractIds).execute(),
        db
          .selectFrom('vendorSubcontracts as s')
          .innerJoin('vendorContractors as c', (j) => j.onRef('c.tenantId', '=', 's.tenantId').onRef('c.id', '=', 's.contractorId'))
          .select(['s.id', 's.contractId', 's.status', 'c.name'])
          .where('s.tenantId', '=', t)
          .where('s.contractId', 'in', contractIds)
          .execute(),
      ])
    : [[], []];
  const evidence = await evidenceFor(db, t, 'certification', certifications.map((c) => c.id));
  const today = japanDate();
  const fy = fiscalYearOf();
  const findings = checkContractor(
    {
      id: row.id,
      name: row.name,
      status: row.status,
      foreignControlDeclaredOn: row.foreignControlDeclaredOn,
      certifications: certifications.map((c) => ({ id: c.id, label: certLabel(c.kind, c.name), validUntil: c.validUntil })),
      contracts: contracts.map((k) => ({
        id: k.id,
        title: k.title,
        status: k.status,
        endsOn: k.endsOn,
        maxConfidentiality: k.maxConfidentiality,
        clauses: Object.fromEntries(clauses.filter((c) => c.contractId === k.id).map((c) => [c.clauseId, c.status])),
        subcontracts: subs.filter((s) => s.contractId === k.id).map((s) => ({ id: s.id, contractorName: s.name, status: s.status })),
      })),
      sheetStatus: sheets.find((s) => s.fiscalYear === fy)?.status ?? null,
    },
    today,
  );
  const users = await listContractorUsers(db, t, id);
  return {
    ...presentContractor(row),
    contacts: contacts.map((c) => ({ id: c.id, name: c.name, title: c.title, email: c.email, phone: c.phone, isPrimary: c.isPrimary === 1 })),
    certifications: certifications.map((c) => ({ ...c, label: certLabel(c.kind, c.name), expired: c.validUntil !== null && c.validUntil < today, evidence: evidence.get(c.id) ?? [] })),
    contracts: contracts.map((k) => ({
      ...presentContract(k),
      clausesConfirmed: clauses.filter((c) => c.contractId === k.id && (c.status === 'included' || c.status === 'na')).length,
      clausesTotal: CONTRACT_CLAUSES.length,
      subcontracts: subs.filter((s) => s.contractId === k.id).length,
    })),
    checkSheets: sheets.map((s) => ({ id: s.id, fiscalYear: s.fiscalYear, status: s.status, dueOn: s.dueOn, submittedAt: s.submittedAt, reviewedAt: s.reviewedAt })),
    evidenceRequests: requests.map((r) => ({ id: r.id, title: r.title, status: r.status, dueOn: r.dueOn, createdAt: r.createdAt })),
    reports: reports.map((r) => ({ id: r.id, kind: r.kind, title: r.title, submittedAt: r.submittedAt, submittedByLabel: r.submittedByLabel })),
    users,
    findings,
  };
}

export function certLabel(kind: string, name: string | null): string {
  return kind === 'other' && name ? name : named(CERT_KINDS, kind, 'ja');
}

// ---- contacts ------------------------------------------------------------------------------------

export const ContactInput = z
  .object({
    name: text(100),
    title: optText(100),
    email: z.email().max(254).nullable().optional(),
    phone: optText(40),
    isPrimary: z.boolean().default(false),
  })
  .strict();

export async function addContact(db: Db, ctx: Ctx, contractorId: string, input: z.infer<typeof ContactInput>) {
  const scope = await scopeFor(db, ctx, 'vendor.write');
  await visibleContractor(db, ctx, scope, contractorId);
  const id = newId();
  await db.transaction().execute(async (trx) => {
    if (input.isPrimary) await trx.updateTable('vendorContacts').set({ isPrimary: 0 }).where('tenantId', '=', ctx.tenantId).where('contractorId', '=', contractorId).execute();
    await trx
      .insertInto('vendorContacts')
      .values({ tenantId: ctx.tenantId, id, contractorId, name: input.name, title: input.title ?? null, email: input.email ?? null, phone: input.phone ?? null, isPrimary: input.isPrimary ? 1 : 0, createdAt: nowIso() })
      .execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.contact.create', targetType: 'vendorContractor', targetId: contractorId, changes: { contactId: id, name: input.name } });
  });
  return { id };
}

export async function deleteContact(db: Db, ctx: Ctx, contactId: string) {
  const scope = await scopeFor(db, ctx, 'vendor.write');
  const c = await db.selectFrom('vendorContacts').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', contactId).executeTakeFirst();
  if (!c) throw err.notFound(KINDS.contact, contactId);
  await visibleContractor(db, ctx, scope, c.contractorId).catch(() => {
    throw err.notFound(KINDS.contact, contactId);
  });
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('vendorContacts').where('tenantId', '=', ctx.tenantId).where('id', '=', contactId).execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.contact.delete', targetType: 'vendorContractor', targetId: c.contractorId, changes: { contactId, name: c.name } });
  });
}

// ---- certifications -------------------------------------------------------------------------------

const CertBase = z.object({
  kind: z.enum(CERT_KIND_IDS),
  name: optText(200),
  number: optText(100),
  issuer: optText(200),
  scope: optText(1000),
  validFrom: optDate,
  validUntil: optDate,
});
export const CertificationInput = CertBase.strict().superRefine(endNotBeforeStart('validFrom', 'validUntil'));
export const CertificationPatch = CertBase.partial().strict();

export async function addCertification(db: Db, ctx: Ctx, contractorId: string, input: z.infer<typeof CertificationInput>) {
  const scope = await scopeFor(db, ctx, 'vendor.write');
  await visibleContractor(db, ctx, scope, contractorId);
  const id = newId();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('vendorCertifications')
      .values({ tenantId: ctx.tenantId, id, contractorId, kind: input.kind, name: input.name ?? null, number: input.number ?? null, issuer: input.issuer ?? null, scope: input.scope ?? null, validFrom: input.validFrom ?? null, validUntil: input.validUntil ?? null, createdAt: now, updatedAt: now })
      .execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.certification.create', targetType: 'vendorCertification', targetId: id, changes: { contractorId, kind: input.kind, number: input.number ?? null, validUntil: input.validUntil ?? null } });
  });
  return { id };
}

/** A certification whose contractor the actor may see (for the given action), or 404. */
export async function visibleCertification(db: Db, ctx: Ctx, scope: VendorScope, id: string) {
  const c = await db.selectFrom('vendorCertifications').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  if (!c) throw err.notFound(KINDS.certification, id);
  await visibleContractor(db, ctx, scope, c.contractorId).catch(() => {
    throw err.notFound(KINDS.certification, id);
  });
  return c;
}

export async function updateCertification(db: Db, ctx: Ctx, id: string, patch: z.infer<typeof CertificationPatch>) {
  const scope = await scopeFor(db, ctx, 'vendor.write');
  const before = await visibleCertification(db, ctx, scope, id);
  const next = {
    kind: patch.kind ?? before.kind,
    name: patch.name === undefined ? before.name : patch.name,
    number: patch.number === undefined ? before.number : patch.number,
    issuer: patch.issuer === undefined ? before.issuer : patch.issuer,
    scope: patch.scope === undefined ? before.scope : patch.scope,
    validFrom: patch.validFrom === undefined ? before.validFrom : patch.validFrom,
    validUntil: patch.validUntil === undefined ? before.validUntil : patch.validUntil,
  };
  if (next.validFrom && next.validUntil && next.validUntil < next.validFrom) {
    throw err.validation([{ field: 'validUntil', code: 'custom', message: { ja: `終了日（${next.validUntil}）が開始日（${next.validFrom}）より前になっています。`, en: `The end date (${next.validUntil}) is before the start date (${next.validFrom}).` } }]);
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('vendorCertifications').set({ ...next, updatedAt: nowIso() }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.certification.update', targetType: 'vendorCertification', targetId: id, changes: diff(before as unknown as Record<string, unknown>, next) });
  });
  return { id };
}

// ---- contracts -----------------------------------------------------------------------------------

const ContractBase = z.object({
  title: text(200),
  contractNumber: optText(100),
  subject: z.enum(CONTRACT_SUBJECT_IDS),
  ownerSectionId: z.uuid().nullable().optional(),
  serviceId: z.uuid().nullable().optional(),
  startsOn: isoDate,
  endsOn: optDate,
  maxConfidentiality: cLevel.nullable().optional(),
  note: optText(2000),
});
export const ContractInput = ContractBase.strict().superRefine(endNotBeforeStart('startsOn', 'endsOn'));
export const ContractPatch = ContractBase.partial().extend({ status: z.enum(['active', 'ended']).optional() }).strict();

export function presentContract(k: VendorContractsTable) {
  return {
    id: k.id,
    contractorId: k.contractorId,
    title: k.title,
    contractNumber: k.contractNumber,
    subject: k.subject,
    ownerSectionId: k.ownerSectionId,
    serviceId: k.serviceId,
    startsOn: k.startsOn,
    endsOn: k.endsOn,
    maxConfidentiality: k.maxConfidentiality,
    status: k.status,
    note: k.note,
  };
}

async function checkServiceRef(db: Db, tenantId: string, serviceId: string | null | undefined) {
  if (!serviceId) return;
  const s = await db.selectFrom('vendorServices').select('id').where('tenantId', '=', tenantId).where('id', '=', serviceId).executeTakeFirst();
  if (!s) throw err.validation([{ field: 'serviceId', code: 'service_unknown', message: { ja: '外部サービスが見つかりません。', en: 'The external service was not found.' } }]);
}

export async function createContract(db: Db, ctx: Ctx, contractorId: string, input: z.infer<typeof ContractInput>) {
  const scope = await scopeFor(db, ctx, 'vendor.write');
  await visibleContractor(db, ctx, scope, contractorId);
  await checkOwnerSection(db, ctx, scope, input.ownerSectionId);
  await checkServiceRef(db, ctx.tenantId, input.serviceId);
  const id = newId();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('vendorContracts')
      .values({
        tenantId: ctx.tenantId,
        id,
        contractorId,
        title: input.title,
        contractNumber: input.contractNumber ?? null,
        subject: input.subject,
        ownerSectionId: input.ownerSectionId ?? null,
        serviceId: input.serviceId ?? null,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        maxConfidentiality: input.maxConfidentiality ?? null,
        confirmedClauses: '[]',
        status: 'active',
        note: input.note ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.contract.create', targetType: 'vendorContract', targetId: id, changes: { contractorId, title: input.title, startsOn: input.startsOn, endsOn: input.endsOn ?? null } });
  });
  return { id };
}

/** A contract the actor may see: its 所管課 or its contractor's is in scope. */
export async function visibleContract(db: Db, ctx: Ctx, scope: VendorScope, id: string): Promise<VendorContractsTable> {
  const k = await db.selectFrom('vendorContracts').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  if (!k) throw err.notFound(KINDS.contract, id);
  if (sectionVisible(scope, k.ownerSectionId)) return k;
  const c = await db.selectFrom('vendorContractors').select('ownerSectionId').where('tenantId', '=', ctx.tenantId).where('id', '=', k.contractorId).executeTakeFirst();
  if (!c || !sectionVisible(scope, c.ownerSectionId)) throw err.notFound(KINDS.contract, id);
  return k;
}

export async function updateContract(db: Db, ctx: Ctx, id: string, patch: z.infer<typeof ContractPatch>) {
  const scope = await scopeFor(db, ctx, 'vendor.write');
  const before = await visibleContract(db, ctx, scope, id);
  if (patch.ownerSectionId !== undefined) await checkOwnerSection(db, ctx, scope, patch.ownerSectionId);
  await checkServiceRef(db, ctx.tenantId, patch.serviceId);
  const next = {
    title: patch.title ?? before.title,
    contractNumber: patch.contractNumber === undefined ? before.contractNumber : patch.contractNumber,
    subject: patch.subject ?? before.subject,
    ownerSectionId: patch.ownerSectionId === undefined ? before.ownerSectionId : patch.ownerSectionId,
    serviceId: patch.serviceId === undefined ? before.serviceId : patch.serviceId,
    startsOn: patch.startsOn ?? before.startsOn,
    endsOn: patch.endsOn === undefined ? before.endsOn : patch.endsOn,
    maxConfidentiality: patch.maxConfidentiality === undefined ? before.maxConfidentiality : patch.maxConfidentiality,
    status: patch.status ?? before.status,
    note: patch.note === undefined ? before.note : patch.note,
  };
  if (next.endsOn && next.endsOn < next.startsOn) {
    throw err.validation([{ field: 'endsOn', code: 'custom', message: { ja: `終了日（${next.endsOn}）が開始日（${next.startsOn}）より前になっています。`, en: `The end date (${next.endsOn}) is before the start date (${next.startsOn}).` } }]);
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('vendorContracts').set({ ...next, updatedAt: nowIso() }).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.contract.update', targetType: 'vendorContract', targetId: id, changes: diff(before as unknown as Record<string, unknown>, next) });
  });
  return { id };
}

export async function getContract(deps: AppDeps, ctx: Ctx, id: string) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.read');
  const k = await visibleContract(db, ctx, scope, id);
  const t = ctx.tenantId;
  const [contractor, clauses, subs, service] = await Promise.all([
    db.selectFrom('vendorContractors').select(['id', 'name', 'corporateNumber']).where('tenantId', '=', t).where('id', '=', k.contractorId).executeTakeFirstOrThrow(),
    db.selectFrom('vendorContractClauses').selectAll().where('tenantId', '=', t).where('contractId', '=', id).execute(),
    db
      .selectFrom('vendorSubcontracts as s')
      .innerJoin('vendorContractors as c', (j) => j.onRef('c.tenantId', '=', 's.tenantId').onRef('c.id', '=', 's.contractorId'))
      .innerJoin('vendorContractors as p', (j) => j.onRef('p.tenantId', '=', 's.tenantId').onRef('p.id', '=', 's.parentContractorId'))
      .select(['s.id', 's.parentContractorId', 's.contractorId', 's.work', 's.status', 's.requestedAt', 's.decidedAt', 's.decisionNote', 'c.name as contractorName', 'p.name as parentName'])
      .where('s.tenantId', '=', t)
      .where('s.contractId', '=', id)
      .orderBy('s.requestedAt')
      .execute(),
    k.serviceId ? db.selectFrom('vendorServices').select(['id', 'name']).where('tenantId', '=', t).where('id', '=', k.serviceId).executeTakeFirst() : undefined,
  ]);
  const edges: ChainEdge[] = subs.map((s) => ({ parent: s.parentContractorId, child: s.contractorId }));
  const evidence = await evidenceFor(db, t, 'contract', [id]);
  return {
    ...presentContract(k),
    contractor,
    service: service ?? null,
    clauses: CONTRACT_CLAUSES.map((cl) => {
      const row = clauses.find((c) => c.clauseId === cl.id);
      return { id: cl.id, status: row?.status ?? null, value: row?.value ?? null, note: row?.note ?? null, updatedAt: row?.updatedAt ?? null };
    }),
    subcontracts: subs.map((s) => ({ ...s, depth: chainDepth(k.contractorId, edges, s.contractorId) })),
    evidence: evidence.get(id) ?? [],
  };
}

export const ClausesInput = z
  .object({
    clauses: z
      .array(
        z
          .object({
            id: z.enum(CONTRACT_CLAUSE_IDS),
            status: z.enum(CLAUSE_STATUS_IDS),
            value: optText(200),
            note: optText(1000),
          })
          .strict(),
      )
      .min(1)
      .max(CONTRACT_CLAUSES.length),
  })
  .strict()
  .superRefine((v, c) => {
    const seen = new Set<string>();
    v.clauses.forEach((cl, i) => {
      if (seen.has(cl.id)) c.addIssue({ code: 'custom', path: ['clauses', i, 'id'], ...bilingual('同じ条項が2回指定されています。', 'The same clause appears twice.') });
      seen.add(cl.id);
      const def = CONTRACT_CLAUSES.find((d) => d.id === cl.id);
      if (def && 'needsValue' in def && cl.status === 'included' && !cl.value) {
        c.addIssue({ code: 'custom', path: ['clauses', i, 'value'], ...bilingual(`「${def.ja}」には${def.needsValue.ja}を入力してください。`, `"${def.en}" needs the ${def.needsValue.en}.`) });
      }
    });
  });

export async function saveClauses(db: Db, ctx: Ctx, contractId: string, input: z.infer<typeof ClausesInput>) {
  const scope = await scopeFor(db, ctx, 'vendor.write');
  await visibleContract(db, ctx, scope, contractId);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('vendorContractClauses').selectAll().where('tenantId', '=', ctx.tenantId).where('contractId', '=', contractId).execute();
    const changes: Record<string, [unknown, unknown]> = {};
    for (const cl of input.clauses) {
      const prev = before.find((b) => b.clauseId === cl.id);
      const row = { status: cl.status, value: cl.value ?? null, note: cl.note ?? null, updatedBy: ctx.audit.actorId, updatedAt: now };
      if (prev) await trx.updateTable('vendorContractClauses').set(row).where('tenantId', '=', ctx.tenantId).where('contractId', '=', contractId).where('clauseId', '=', cl.id).execute();
      else await trx.insertInto('vendorContractClauses').values({ tenantId: ctx.tenantId, contractId, clauseId: cl.id, ...row }).execute();
      if (prev?.status !== cl.status || (prev?.value ?? null) !== row.value) changes[cl.id] = [prev ? `${prev.status}${prev.value ? `:${prev.value}` : ''}` : null, `${cl.status}${row.value ? `:${row.value}` : ''}`];
    }
    const all = await trx.selectFrom('vendorContractClauses').select(['clauseId', 'status']).where('tenantId', '=', ctx.tenantId).where('contractId', '=', contractId).execute();
    const confirmed = all.filter((c) => c.status === 'included' || c.status === 'na').map((c) => c.clauseId).sort();
    await trx.updateTable('vendorContracts').set({ confirmedClauses: toJson(confirmed), updatedAt: now }).where('tenantId', '=', ctx.tenantId).where('id', '=', contractId).execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.contract.clauses', targetType: 'vendorContract', targetId: contractId, changes });
  });
  return getContractClauses(db, ctx.tenantId, contractId);
}

async function getContractClauses(db: Db, tenantId: string, contractId: string) {
  const rows = await db.selectFrom('vendorContractClauses').selectAll().where('tenantId', '=', tenantId).where('contractId', '=', contractId).execute();
  return CONTRACT_CLAUSES.map((cl) => {
    const r = rows.find((x) => x.clauseId === cl.id);
    return { id: cl.id, status: r?.status ?? null, value: r?.value ?? null, note: r?.note ?? null };
  });
}

// ---- subcontracting ------------------------------------------------------------------------------

export const SubcontractInput = z
  .object({
    parentContractorId: z.uuid(),
    contractorId: z.uuid(),
    work: text(500),
  })
  .strict();

const CHAIN_MESSAGES = {
  self: { ja: '委託事業者が自分自身に再委託することはできません。', en: 'A contractor cannot subcontract to itself.' },
  loop: { ja: 'この再委託は、再委託の連鎖を元の委託先へ戻す循環になります。', en: 'This subcontract would make the chain loop back to an earlier contractor.' },
  parentNotInChain: { ja: '再委託元が、この契約の委託先・再委託先に含まれていません。', en: 'The subcontracting party is not in this contract’s chain.' },
  duplicate: { ja: 'この事業者は、この契約の再委託先として既に登録されています。', en: 'This contractor is already a subcontractor under this contract.' },
};

export async function addSubcontract(db: Db, ctx: Ctx, contractId: string, input: z.infer<typeof SubcontractInput>) {
  const scope = await scopeFor(db, ctx, 'vendor.write');
  const k = await visibleContract(db, ctx, scope, contractId);
  const id = newId();
  await db.transaction().execute(async (trx) => {
    const names = await trx.selectFrom('vendorContractors').select(['id', 'name']).where('tenantId', '=', ctx.tenantId).where('id', 'in', [input.parentContractorId, input.contractorId]).execute();
    for (const [field, ref] of [
      ['parentContractorId', input.parentContractorId],
      ['contractorId', input.contractorId],
    ] as const) {
      if (!names.some((n) => n.id === ref)) throw err.validation([{ field, code: 'contractor_unknown', message: { ja: '委託事業者が見つかりません。先に委託事業者として登録してください。', en: 'The contractor was not found; register it first.' } }]);
    }
    const edges = await trx.selectFrom('vendorSubcontracts').select(['parentContractorId as parent', 'contractorId as child']).where('tenantId', '=', ctx.tenantId).where('contractId', '=', contractId).execute();
    const problem = chainProblem(k.contractorId, edges, input.parentContractorId, input.contractorId);
    if (problem) {
      throw new AppError(problem === 'loop' || problem === 'duplicate' ? 409 : 400, problem === 'loop' ? 'subcontract_loop' : `subcontract_${problem}`, CHAIN_MESSAGES[problem], [
        { field: problem === 'parentNotInChain' ? 'parentContractorId' : 'contractorId', code: problem, message: CHAIN_MESSAGES[problem] },
      ]);
    }
    await trx
      .insertInto('vendorSubcontracts')
      .values({ tenantId: ctx.tenantId, id, contractId, parentContractorId: input.parentContractorId, contractorId: input.contractorId, work: input.work, status: 'requested', requestedAt: nowIso(), requestedBy: ctx.audit.actorId, decidedBy: null, decidedAt: null, decisionNote: null })
      .execute();
    await appendAudit(trx, ctx.audit, { action: 'vendor.subcontract.create', targetType: 'vendorContract', targetId: contractId, changes: { subcontractId: id, parent: input.parentContractorId, contractor: input.contractorId, depth: chainDepth(k.contractorId, [...edges, { parent: input.parentContractorId, child: input.contractorId }], input.contractorId) } });
  });
  return { id };
}

export const SubcontractDecision = z.object({ decision: z.enum(['approved', 'refused']), note: optText(1000) }).strict();

export async function decideSubcontract(db: Db, ctx: Ctx, subcontractId: string, input: z.infer<typeof SubcontractDecision>) {
  const scope = await scopeFor(db, ctx, 'vendor.write');
  const s = await db.selectFrom('vendorSubcontracts').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', subcontractId).executeTakeFirst();
  if (!s) throw err.notFound(KINDS.subcontract, subcontractId);
  await visibleContract(db, ctx, scope, s.contractId).catch(() => {
    throw err.notFound(KINDS.subcontract, subcontractId);
  });
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('vendorSubcontracts')
      .set({ status: input.decision, decidedBy: ctx.audit.actorId, decidedAt: nowIso(), decisionNote: input.note ?? null })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', subcontractId)
      .execute();
    await appendAudit(trx, ctx.audit, { action: `vendor.subcontract.${input.decision === 'approved' ? 'approve' : 'refuse'}`, targetType: 'vendorContract', targetId: s.contractId, changes: { subcontractId, status: [s.status, input.decision] } });
  });
  return { id: subcontractId, status: input.decision };
}

// ---- contractor accounts -------------------------------------------------------------------------

export const ContractorUserInput = z
  .object({
    email: z.email().max(254),
    displayName: text(100),
  })
  .strict();

/**
 * An account for a contractor's staff: role `contractor` scoped to the contractor, invited by a
 * one-time link. The account reaches only the contractor's own check sheets, evidence requests and
 * reports.
 */
export async function inviteContractorUser(deps: AppDeps, ctx: Ctx, contractorId: string, input: z.infer<typeof ContractorUserInput>, publicBase: string) {
  const scope = await scopeFor(deps.db, ctx, 'vendor.write');
  const c = await visibleContractor(deps.db, ctx, scope, contractorId);
  if (c.status !== 'active') throw err.conflict('contractor_archived', { ja: '取引を終えた委託事業者には利用者を追加できません。', en: 'Accounts cannot be added to an archived contractor.' });
  const created = await createUser(
    deps,
    ctx,
    { email: input.email, displayName: input.displayName, employment: 'contractor', roles: [{ role: 'contractor', scopeId: contractorId }], method: 'invite', sectionId: null, displayNameKana: null },
    publicBase,
    { contractorId },
  );
  return { user: { id: created.user.id, email: created.user.email, displayName: created.user.displayName, status: created.user.status }, inviteUrl: created.inviteUrl };
}
