import { fiscalYearOf, japanDate } from '@shared/era';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { fromJson } from '../../db/sql';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { certLabel } from './contractors.service';
import { loadServiceFacts } from './facts';
import { rows } from './raw';
import { ALL_RULES, type ContractorFacts, type Finding, addDays, checkContractor, checkService } from './rules';
import { type VendorScope, scopeFor } from './vendors.common';

/**
 * The checks for a whole organisation: every service and every contractor through the rules, in
 * a fixed number of queries. Scoped actors see the findings of the records in their scope.
 */

export async function loadContractorFacts(db: Db, tenantId: string, today: string, handle?: AppDeps['handle']): Promise<ContractorFacts[]> {
  const fy = fiscalYearOf(today);
  const h = handle;
  const [contractors, certs, contracts, subs, sheets] = await Promise.all([
    rows<{ id: string; name: string; status: 'active' | 'archived'; foreignControlDeclaredOn: string | null }>(db, h, ['id', 'name', 'status', 'foreignControlDeclaredOn'], sql`select id, name, status, foreign_control_declared_on from vendor_contractors where tenant_id = ${tenantId}`),
    rows<{ id: string; contractorId: string; kind: string; name: string | null; validUntil: string | null }>(db, h, ['id', 'contractorId', 'kind', 'name', 'validUntil'], sql`select id, contractor_id, kind, name, valid_until from vendor_certifications where tenant_id = ${tenantId}`),
    rows<{ id: string; contractorId: string; title: string; status: 'active' | 'ended'; endsOn: string | null; maxConfidentiality: string | null; confirmedClauses: string }>(
      db,
      h,
      ['id', 'contractorId', 'title', 'status', 'endsOn', 'maxConfidentiality', 'confirmedClauses'],
      sql`select id, contractor_id, title, status, ends_on, max_confidentiality, confirmed_clauses from vendor_contracts where tenant_id = ${tenantId}`,
    ),
    rows<{ id: string; contractId: string; status: string; name: string }>(
      db,
      h,
      ['id', 'contractId', 'status', 'name'],
      sql`select s.id, s.contract_id, s.status, c.name from vendor_subcontracts s join vendor_contractors c on c.tenant_id = s.tenant_id and c.id = s.contractor_id where s.tenant_id = ${tenantId}`,
    ),
    rows<{ contractorId: string; status: string }>(db, h, ['contractorId', 'status'], sql`select contractor_id, status from vendor_check_sheets where tenant_id = ${tenantId} and fiscal_year = ${fy}`),
  ]);
  const group = <T, K>(rows: T[], key: (r: T) => K) => {
    const m = new Map<K, T[]>();
    for (const r of rows) {
      const k = key(r);
      const list = m.get(k);
      if (list) list.push(r);
      else m.set(k, [r]);
    }
    return m;
  };
  const certsBy = group(certs, (c) => c.contractorId);
  const contractsBy = group(contracts, (c) => c.contractorId);
  const subsBy = group(subs, (s) => s.contractId);
  const sheetBy = new Map(sheets.map((s) => [s.contractorId, s.status]));
  return contractors.map((c) => ({
    id: c.id,
    name: c.name,
    status: c.status,
    foreignControlDeclaredOn: c.foreignControlDeclaredOn,
    certifications: (certsBy.get(c.id) ?? []).map((x) => ({ id: x.id, label: certLabel(x.kind, x.name), validUntil: x.validUntil })),
    contracts: (contractsBy.get(c.id) ?? []).map((k) => ({
      id: k.id,
      title: k.title,
      status: k.status,
      endsOn: k.endsOn,
      maxConfidentiality: k.maxConfidentiality,
      // Confirmed clauses are kept on the contract; the rule treats every other clause as not confirmed.
      clauses: Object.fromEntries(fromJson<string[]>(k.confirmedClauses, []).map((id) => [id, 'included'])),
      subcontracts: (subsBy.get(k.id) ?? []).map((s) => ({ id: s.id, contractorName: s.name, status: s.status })),
    })),
    sheetStatus: sheetBy.get(c.id) ?? null,
  }));
}

export interface OrgChecks {
  today: string;
  services: number;
  contractors: number;
  findings: Finding[];
  counts: { error: number; warning: number; info: number };
  byRule: Array<{ ruleId: string; title: { ja: string; en: string }; severity: string; count: number; provisional: boolean; refs: string[] }>;
}

/** Run every rule over the organisation (or the part of it in scope). */
export async function runOrgChecks(deps: Pick<AppDeps, 'services'> & { handle?: AppDeps['handle']; db?: Db }, db: Db, tenantId: string, today: string, scope: VendorScope | null = null): Promise<OrgChecks> {
  let serviceIds: string[] | null = null;
  let contractorFilter: Set<string> | null = null;
  if (scope && !scope.all) {
    const sections = scope.sections.length ? scope.sections : ['-'];
    serviceIds = (await db.selectFrom('vendorServices').select('id').where('tenantId', '=', tenantId).where('ownerSectionId', 'in', sections).execute()).map((r) => r.id);
    const [owned, via] = await Promise.all([
      db.selectFrom('vendorContractors').select('id').where('tenantId', '=', tenantId).where('ownerSectionId', 'in', sections).execute(),
      db.selectFrom('vendorContracts').select('contractorId as id').where('tenantId', '=', tenantId).where('ownerSectionId', 'in', sections).execute(),
    ]);
    contractorFilter = new Set([...owned, ...via].map((r) => r.id));
  }
  const handle = deps.handle && deps.db === db ? deps.handle : undefined;
  const [services, contractors] = await Promise.all([loadServiceFacts(deps, db, tenantId, serviceIds, today), loadContractorFacts(db, tenantId, today, handle)]);
  const findings: Finding[] = [];
  for (const s of services.values()) findings.push(...checkService(s.facts, today));
  let nContractors = 0;
  for (const c of contractors) {
    if (contractorFilter && !contractorFilter.has(c.id)) continue;
    nContractors++;
    findings.push(...checkContractor(c, today));
  }
  const counts = { error: 0, warning: 0, info: 0 };
  const perRule = new Map<string, number>();
  for (const f of findings) {
    counts[f.severity]++;
    perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
  }
  const byRule = ALL_RULES.filter((r) => perRule.has(r.id)).map((r) => ({ ruleId: r.id, title: r.title, severity: r.severity, count: perRule.get(r.id) ?? 0, provisional: r.provisional, refs: r.refs }));
  return { today, services: services.size, contractors: nContractors, findings, counts, byRule };
}

export async function orgChecks(deps: AppDeps, ctx: Ctx, q: { severity?: string; limit: number }) {
  const scope = await scopeFor(deps.db, ctx, 'vendor.read');
  const r = await runOrgChecks(deps, deps.db, ctx.tenantId, japanDate(), scope);
  const order = { error: 0, warning: 1, info: 2 } as const;
  const list = r.findings.filter((f) => !q.severity || f.severity === q.severity).sort((a, b) => order[a.severity] - order[b.severity] || a.subject.name.localeCompare(b.subject.name, 'ja'));
  return { ...r, total: list.length, findings: list.slice(0, q.limit) };
}

export const EXPIRY_HORIZON_DAYS = 60;

export interface ExpiryItem {
  tenantId: string;
  type: 'certification' | 'registration' | 'evidence';
  id: string;
  label: string;
  validUntil: string;
  expired: boolean;
  contractorId: string | null;
  serviceId: string | null;
  ownerSectionId: string | null;
  link: string;
}

/**
 * Everything with an end date inside the horizon (or already past), across all organisations or
 * one: certifications, ISMAP registrations of services in use or planned, and evidence files.
 * Read-only, indexed on the end-date columns.
 */
export async function scanExpiries(db: Db, today: string, opts: { tenantId?: string; horizonDays?: number } = {}): Promise<ExpiryItem[]> {
  const until = addDays(today, opts.horizonDays ?? EXPIRY_HORIZON_DAYS);
  const t = opts.tenantId;
  let certs = db
    .selectFrom('vendorCertifications as x')
    .innerJoin('vendorContractors as c', (j) => j.onRef('c.tenantId', '=', 'x.tenantId').onRef('c.id', '=', 'x.contractorId'))
    .select(['x.tenantId', 'x.id', 'x.kind', 'x.name', 'x.validUntil', 'x.contractorId', 'c.name as contractorName', 'c.ownerSectionId'])
    .where('x.validUntil', '<=', until)
    .where('c.status', '=', 'active');
  let regs = db
    .selectFrom('vendorServices')
    .select(['tenantId', 'id', 'name', 'registeredUntil', 'ownerSectionId', 'providerContractorId'])
    .where('registeredUntil', '<=', until)
    .where('kind', 'in', ['ismap', 'ismapLiu'])
    .where('status', '<>', 'retired');
  let ev = db
    .selectFrom('vendorEvidence')
    .select(['tenantId', 'id', 'title', 'validUntil', 'contractorId', 'subjectType', 'subjectId'])
    .where('validUntil', '<=', until);
  if (t) {
    certs = certs.where('x.tenantId', '=', t);
    regs = regs.where('tenantId', '=', t);
    ev = ev.where('tenantId', '=', t);
  }
  const [c, r, e] = await Promise.all([certs.execute(), regs.execute(), ev.execute()]);
  const out: ExpiryItem[] = [];
  for (const x of c) {
    const until = x.validUntil as string;
    out.push({ tenantId: x.tenantId, type: 'certification', id: x.id, label: `${x.contractorName}：${certLabel(x.kind, x.name)}`, validUntil: until, expired: until < today, contractorId: x.contractorId, serviceId: null, ownerSectionId: x.ownerSectionId, link: `/vendors/contractors/${x.contractorId}` });
  }
  for (const x of r) {
    const until = x.registeredUntil as string;
    out.push({ tenantId: x.tenantId, type: 'registration', id: x.id, label: x.name, validUntil: until, expired: until < today, contractorId: x.providerContractorId, serviceId: x.id, ownerSectionId: x.ownerSectionId, link: `/vendors/services/${x.id}` });
  }
  for (const x of e) {
    const until = x.validUntil as string;
    const link =
      x.subjectType === 'service' ? `/vendors/services/${x.subjectId}` : x.subjectType === 'contract' ? `/vendors/contracts/${x.subjectId}` : x.contractorId ? `/vendors/contractors/${x.contractorId}` : '/vendors';
    out.push({ tenantId: x.tenantId, type: 'evidence', id: x.id, label: x.title, validUntil: until, expired: until < today, contractorId: x.contractorId, serviceId: x.subjectType === 'service' ? x.subjectId : null, ownerSectionId: null, link });
  }
  return out;
}

/** Figures for the dashboard card and the vendors overview (only what the actor may see). */
export async function summary(deps: AppDeps, ctx: Ctx) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'vendor.read');
  const today = japanDate();
  const t = ctx.tenantId;
  if (!scope.all && scope.sections.length === 0) {
    // Contractor accounts: their own open items.
    const ids = scope.contractorIds.length ? scope.contractorIds : ['-'];
    const [sheets, requests] = await Promise.all([
      db.selectFrom('vendorCheckSheets').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', t).where('contractorId', 'in', ids).where('status', 'in', ['sent', 'returned']).executeTakeFirstOrThrow(),
      db.selectFrom('vendorEvidenceRequests').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', t).where('contractorId', 'in', ids).where('status', 'in', ['open', 'returned']).executeTakeFirstOrThrow(),
    ]);
    return { scope: 'contractor' as const, unansweredSheets: Number(sheets.n), openRequests: Number(requests.n) };
  }
  const checks = await runOrgChecks(deps, db, t, today, scope);
  const contractorIds = scope.all ? null : [...new Set(checks.findings.filter((f) => f.subject.type === 'contractor').map((f) => f.subject.id))];
  const expiries = (await scanExpiries(db, today, { tenantId: t })).filter((x) => scope.all || (x.ownerSectionId !== null && scope.sections.includes(x.ownerSectionId)) || (x.contractorId !== null && (contractorIds ?? []).includes(x.contractorId)));
  let approvals = db
    .selectFrom('vendorApprovals as a')
    .innerJoin('vendorServices as s', (j) => j.onRef('s.tenantId', '=', 'a.tenantId').onRef('s.id', '=', 'a.serviceId'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.tenantId', '=', t)
    .where('a.status', '=', 'pending');
  if (!scope.all) approvals = approvals.where('s.ownerSectionId', 'in', scope.sections.length ? scope.sections : ['-']);
  let sheets = db.selectFrom('vendorCheckSheets').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('tenantId', '=', t).where('fiscalYear', '=', fiscalYearOf(today));
  if (!scope.all) sheets = sheets.where('contractorId', 'in', contractorIds?.length ? contractorIds : ['-']);
  const [pending, sheetRows] = await Promise.all([approvals.executeTakeFirstOrThrow(), sheets.groupBy('status').execute()]);
  const sheetCount = (...st: string[]) => sheetRows.filter((r) => st.includes(r.status)).reduce((n, r) => n + Number(r.n), 0);
  return {
    scope: 'staff' as const,
    fiscalYear: fiscalYearOf(today),
    services: checks.services,
    contractors: checks.contractors,
    expiringSoon: expiries.filter((x) => !x.expired).length,
    expired: expiries.filter((x) => x.expired).length,
    pendingApprovals: Number(pending.n),
    unansweredSheets: sheetCount('sent', 'returned'),
    sheetsAwaitingReview: sheetCount('answered'),
    findings: checks.counts,
    expiries: expiries.sort((a, b) => a.validUntil.localeCompare(b.validUntil)).slice(0, 20),
  };
}
