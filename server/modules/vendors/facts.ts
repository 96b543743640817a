import { C_RANK, type ControlAreaId } from '@shared/vendors';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { fromJson } from '../../db/sql';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import type { AssetClasses, AssetSummary, AssetsService } from '../assets/assets.contract';
import { type Classes, type ServiceFacts, addDays, highestClasses } from './rules';
import { columns, inList, rows } from './raw';
import type { VendorApprovalsTable, VendorServicesTable } from './vendors.tables';

/**
 * Loading the facts the rules need, for one service or a whole organisation, in a fixed number of
 * queries (no per-service round trips). The whole-organisation path reads only the columns the
 * rules use; responsibility matrices carry their own counts of flagged areas.
 */

/** The columns of a service the rules need. */
const FACT_COLUMNS = [
  'id',
  'name',
  'kind',
  'model',
  'connection',
  'status',
  'purpose',
  'ismapRegistrationNumber',
  'registeredUntil',
  'ismapScope',
  'reliedAreas',
  'dataCountry',
  'governingLaw',
  'jurisdiction',
  'foreignDecision',
  'declaredC',
  'declaredI',
  'declaredA',
  'slaAvailability',
  'slaRtoMinutes',
  'slaRpoMinutes',
  'slaFirstReportMinutes',
  'slaExitTerms',
] as const;
type FactRow = Pick<VendorServicesTable, (typeof FACT_COLUMNS)[number]>;

/** The columns of an approval needed to tell whether it still covers the use. */
const APPROVAL_COLUMNS = ['id', 'serviceId', 'status', 'purpose', 'cLevel', 'iLevel', 'aLevel', 'assetIds'] as const;
type ApprovalFacts = Pick<VendorApprovalsTable, (typeof APPROVAL_COLUMNS)[number]>;

export interface LoadedService<R extends FactRow = VendorServicesTable, A extends ApprovalFacts = VendorApprovalsTable, S extends AssetClasses = AssetSummary> {
  row: R;
  facts: ServiceFacts;
  assets: Array<{ id: string; relation: 'handles' | 'usedBy'; summary: S | null }>;
  /** The approval in force (latest approved), if any. */
  approved: A | null;
  pending: A | null;
  declared: Classes;
}

const CHUNK = 5000;

/** The asset register's service, or a 503 naming what cannot be done without it. */
export function assetsOf(deps: Pick<AppDeps, 'services'>): AssetsService {
  const assets = deps.services.assets as AssetsService | undefined;
  if (!assets) {
    throw new AppError(503, 'assets_unavailable', { ja: '情報資産台帳を参照できないため、サービスの分類を判定できません。', en: 'The asset register is not available, so the service classes cannot be judged.' });
  }
  return assets;
}

/** Linked assets by id: every column for pages of a few services, only the classes for bulk checks. */
async function linkedAssets<S extends AssetClasses>(deps: Pick<AppDeps, 'services'>, db: Db, tenantId: string, ids: string[], full: boolean): Promise<Map<string, S>> {
  const map = new Map<string, S>();
  if (ids.length === 0) return map;
  const assets = assetsOf(deps);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const found = full ? await assets.getMany(db, tenantId, chunk) : await assets.classesOf(db, tenantId, chunk);
    for (const a of found) map.set(a.id, a as S);
  }
  return map;
}

function rankUp(a: string | null, b: string | null, rank: (x: string) => number): boolean {
  if (!a) return false;
  if (!b) return true;
  return rank(a) > rank(b);
}

/** The approval state of the current use: stale when the classes, assets or purpose go beyond what was approved. */
export function approvalState(current: { classes: Classes; assetIds: string[]; purpose: string | null }, approved: ApprovalFacts | null, pending: ApprovalFacts | null): ServiceFacts['approval'] {
  if (!approved) return pending ? 'pending' : 'none';
  const cRank = (x: string) => C_RANK[x] ?? 0;
  const nRank = (x: string) => Number(x);
  const approvedAssets = new Set(fromJson<string[]>(approved.assetIds, []));
  const stale =
    rankUp(current.classes.c, approved.cLevel, cRank) ||
    rankUp(current.classes.i, approved.iLevel, nRank) ||
    rankUp(current.classes.a, approved.aLevel, nRank) ||
    current.assetIds.some((id) => !approvedAssets.has(id)) ||
    (current.purpose ?? '') !== approved.purpose;
  if (stale) return pending ? 'pending' : 'stale';
  return 'approved';
}

type FactDeps = Pick<AppDeps, 'services'> & { handle?: AppDeps['handle']; db?: Db };

/** The bulk-read connection, when `db` is the application's own (not a transaction). */
const bulk = (deps: FactDeps, db: Db) => (deps.handle && deps.db === db ? deps.handle : undefined);

async function load<R extends FactRow, A extends ApprovalFacts, S extends AssetClasses>(
  full: boolean,
  deps: FactDeps,
  db: Db,
  tenantId: string,
  ids: string[] | null,
  today: string,
  serviceRows: R[],
  approvals: A[],
): Promise<Map<string, LoadedService<R, A, S>>> {
  const only = (col: string) => (ids ? sql` and ${sql.ref(col)} in (${inList(ids)})` : sql``);
  const since = addDays(today, -366).slice(0, 7);
  const h = bulk(deps, db);
  const [links, matrices, breaches] = await Promise.all([
    rows<{ serviceId: string; assetId: string; relation: 'handles' | 'usedBy' }>(db, h, ['serviceId', 'assetId', 'relation'], sql`select service_id, asset_id, relation from vendor_service_assets where tenant_id = ${tenantId}${only('service_id')}`),
    // Flag counts are kept on each matrix by the transaction that saves its cells.
    rows<{ id: string; serviceId: string; gapCount: number; overlapCount: number }>(db, h, ['id', 'serviceId', 'gapCount', 'overlapCount'], sql`select id, service_id, gap_count, overlap_count from vendor_matrices where tenant_id = ${tenantId} and service_id is not null${only('service_id')}`),
    rows<{ serviceId: string; n: number }>(db, h, ['serviceId', 'n'], sql`select service_id, count(*) from vendor_sla_breaches where tenant_id = ${tenantId} and superseded_at is null and month >= ${since}${only('service_id')} group by service_id`),
  ]);
  const summaries = await linkedAssets<S>(deps, db, tenantId, [...new Set(links.map((l) => l.assetId))], full);

  const matricesByService = new Map<string, Array<{ id: string; gaps: number; overlaps: number }>>();
  for (const m of matrices) {
    const list = matricesByService.get(m.serviceId as string) ?? [];
    list.push({ id: m.id, gaps: Number(m.gapCount), overlaps: Number(m.overlapCount) });
    matricesByService.set(m.serviceId as string, list);
  }
  const linksByService = new Map<string, typeof links>();
  for (const l of links) {
    const list = linksByService.get(l.serviceId);
    if (list) list.push(l);
    else linksByService.set(l.serviceId, [l]);
  }
  const approvedBy = new Map<string, A>();
  const pendingBy = new Map<string, A>();
  for (const a of approvals) (a.status === 'approved' ? approvedBy : pendingBy).set(a.serviceId, a);
  const breachBy = new Map(breaches.map((b) => [b.serviceId, Number(b.n)]));

  const out = new Map<string, LoadedService<R, A, S>>();
  for (const row of serviceRows) {
    const own = linksByService.get(row.id) ?? [];
    const assets = own.map((l) => ({ id: l.assetId, relation: l.relation, summary: summaries.get(l.assetId) ?? null }));
    const declared: Classes = { c: row.declaredC, i: row.declaredI, a: row.declaredA };
    const live: Classes[] = [declared];
    for (const a of assets) if (a.summary && a.summary.status === 'active') live.push({ c: a.summary.confidentiality, i: a.summary.integrity, a: a.summary.availability });
    const classes = highestClasses(live);
    const handled = own.map((l) => l.assetId).sort();
    const approved = approvedBy.get(row.id) ?? null;
    const pending = pendingBy.get(row.id) ?? null;
    const facts: ServiceFacts = {
      id: row.id,
      name: row.name,
      kind: row.kind,
      model: row.model,
      connection: row.connection,
      status: row.status,
      registrationNumber: row.ismapRegistrationNumber,
      registeredUntil: row.registeredUntil,
      ismapScope: fromJson<ControlAreaId[]>(row.ismapScope, []),
      reliedAreas: fromJson<ControlAreaId[]>(row.reliedAreas, []),
      dataCountry: row.dataCountry,
      governingLaw: row.governingLaw,
      jurisdiction: row.jurisdiction,
      foreignDecision: row.foreignDecision,
      classes,
      sla: { availability: row.slaAvailability, rtoMinutes: row.slaRtoMinutes, rpoMinutes: row.slaRpoMinutes, firstReportMinutes: row.slaFirstReportMinutes, exitTerms: row.slaExitTerms },
      matrices: matricesByService.get(row.id) ?? [],
      approval: approvalState({ classes, assetIds: handled, purpose: row.purpose }, approved, pending),
      openBreaches: breachBy.get(row.id) ?? 0,
    };
    out.set(row.id, { row, facts, assets, approved, pending, declared });
  }
  return out;
}

/** Services with every column (pages and documents of one or a few services). */
export async function loadServices(deps: Pick<AppDeps, 'services'>, db: Db, tenantId: string, serviceIds: string[], today: string): Promise<Map<string, LoadedService>> {
  if (serviceIds.length === 0) return new Map();
  const [full, approvals] = await Promise.all([
    db.selectFrom('vendorServices').selectAll().where('tenantId', '=', tenantId).where('id', 'in', serviceIds).execute(),
    db.selectFrom('vendorApprovals').selectAll().where('tenantId', '=', tenantId).where('serviceId', 'in', serviceIds).where('status', 'in', ['approved', 'pending']).orderBy('requestedAt').execute(),
  ]);
  return load<VendorServicesTable, VendorApprovalsTable, AssetSummary>(true, deps, db, tenantId, serviceIds, today, full, approvals);
}

/** The facts of many services (null = every service of the organisation), reading only what the rules use. */
export async function loadServiceFacts(deps: FactDeps, db: Db, tenantId: string, serviceIds: string[] | null, today: string): Promise<Map<string, LoadedService<FactRow, ApprovalFacts, AssetClasses>>> {
  if (serviceIds && serviceIds.length === 0) return new Map();
  const only = (col: string) => (serviceIds ? sql` and ${sql.ref(col)} in (${inList(serviceIds)})` : sql``);
  const h = bulk(deps, db);
  const [rowList, approvals] = await Promise.all([
    rows<FactRow>(db, h, FACT_COLUMNS, sql`select ${columns(FACT_COLUMNS)} from vendor_services where tenant_id = ${tenantId}${only('id')}`),
    rows<ApprovalFacts>(db, h, APPROVAL_COLUMNS, sql`select ${columns(APPROVAL_COLUMNS)} from vendor_approvals where tenant_id = ${tenantId} and status in ('approved', 'pending')${only('service_id')} order by requested_at`),
  ]);
  return load<FactRow, ApprovalFacts, AssetClasses>(false, deps, db, tenantId, serviceIds, today, rowList, approvals);
}
