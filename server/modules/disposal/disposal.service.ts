import { fiscalYearOf, formatEraDate, japanDate } from '@shared/era';
import {
  DEFAULT_CERTIFICATE_DAYS,
  type DisposalState,
  type DisposalTarget,
  LEASE_WARNING_DAYS,
  MEDIA_KINDS,
  MEDIA_LABELS,
  METHOD_INFO,
  METHODS,
  type MediaKind,
  type MethodId,
  OPEN_STATES,
  PROOF_LABELS,
  type ProofKind,
  STATES,
  STORAGE_KINDS,
  STORAGE_OF_MEDIA,
  type StorageKind,
  TARGETS,
  highestConfidentiality,
} from '@shared/disposal';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db, DbKind } from '../../db/database';
import { chunkRows, containsCi, flag, fromJson, isSet, nowIso, refreshStatisticsAfterBulkInsert, snakeCase, toJson } from '../../db/sql';
import { appendAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, type Bilingual, type FieldError, bilingual, err } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { AssetSummary } from '../assets/assets.contract';
import {
  DISPOSAL,
  DateOnly,
  type DisposalScope,
  addDays,
  contractorOnly,
  inScope,
  optText,
  scopeFor,
  serialKey,
  stateConflict,
  whereScope,
} from './disposal.common';
import type { DisposalsTable } from './disposal.tables';
import { type Evaluation, RuleError, type Subject, checkMethod, choiceOutcome, evaluate, requiredProof } from './rules/disposal-rules';

// ---- inputs -------------------------------------------------------------------------------

const LEVELS = ['3A', '3B', '3C', '3', '2', '1'] as const;

/** The fields that decide the rules (shared by the single form, the bulk form and the import). */
export const SubjectFields = {
  target: z.enum(TARGETS).default('device'),
  edition: z.string().trim().min(1).max(20).optional(),
  mediaKind: z.enum(MEDIA_KINDS).nullable().optional(),
  storageKind: z.enum(STORAGE_KINDS).nullable().optional(),
  assetIds: z.array(z.uuid()).max(200).default([]),
  confidentiality: z.enum(LEVELS).nullable().optional(),
  myNumberResident: z.boolean().optional(),
};

export const EvaluateInput = z
  .object({ ...SubjectFields, sectionId: z.uuid().optional(), method: z.enum(METHODS).nullable().optional() })
  .strict();
export type EvaluateInput = z.infer<typeof EvaluateInput>;

export const DeviceFields = {
  serialNumber: optText(100),
  model: optText(200),
  description: optText(2000),
  ownership: z.enum(['owned', 'leased']).nullable().optional(),
  leaseEnd: DateOnly.nullable().optional(),
  lessor: optText(200),
};

export const CloudFields = {
  serviceId: optText(64),
  serviceName: optText(200),
  cloudTenant: optText(200),
  dataDescription: optText(2000),
  keyDescription: optText(1000),
};

export const DisposalCreateInput = z
  .object({
    ...SubjectFields,
    ...DeviceFields,
    ...CloudFields,
    sectionId: z.uuid(),
    method: z.enum(METHODS).nullable().optional(),
    contractorId: optText(64),
    contractorName: optText(200),
    certificateDays: z.number().int().min(1).max(365).default(DEFAULT_CERTIFICATE_DAYS),
    scheduledOn: DateOnly.nullable().optional(),
    notes: optText(2000),
  })
  .strict();
export type DisposalCreateInput = z.infer<typeof DisposalCreateInput>;

export const DisposalPatch = z
  .object({
    edition: SubjectFields.edition,
    mediaKind: SubjectFields.mediaKind,
    storageKind: SubjectFields.storageKind,
    assetIds: z.array(z.uuid()).max(200).optional(),
    confidentiality: SubjectFields.confidentiality,
    myNumberResident: z.boolean().optional(),
    ...DeviceFields,
    ...CloudFields,
    sectionId: z.uuid().optional(),
    method: z.enum(METHODS).nullable().optional(),
    contractorId: optText(64),
    contractorName: optText(200),
    certificateDays: z.number().int().min(1).max(365).optional(),
    scheduledOn: DateOnly.nullable().optional(),
    notes: optText(2000),
  })
  .strict();
export type DisposalPatch = z.infer<typeof DisposalPatch>;

// ---- rules against the catalog and the asset register ------------------------------------

/** The edition a disposal follows: the one asked for (it must exist and have rules) or the current one. */
export function resolveEdition(deps: Pick<AppDeps, 'services'>, edition: string | undefined, field = 'edition'): string {
  const catalog = deps.services.catalog;
  const id = edition ?? catalog?.current().id ?? 'R8.3';
  if (catalog && !catalog.hasEdition(id)) {
    throw err.validation([{ field, code: 'edition_unknown', message: { ja: `版「${id}」はカタログにありません。`, en: `Edition "${id}" is not in the catalog.` } }]);
  }
  return id;
}

const levelCache = new WeakMap<object, Map<string, string[]>>();

/** Confidentiality level ids of an edition's scheme (the catalog is fixed for the life of the process). */
function levelIds(catalog: NonNullable<AppDeps['services']['catalog']>, edition: string): string[] {
  let byEdition = levelCache.get(catalog);
  if (!byEdition) {
    byEdition = new Map();
    levelCache.set(catalog, byEdition);
  }
  let ids = byEdition.get(edition);
  if (!ids) {
    ids = catalog.classification(edition).levels.c.map((l) => l.id);
    byEdition.set(edition, ids);
  }
  return ids;
}

function levelProblem(deps: Pick<AppDeps, 'services'>, edition: string, level: string, field: string): FieldError | null {
  const catalog = deps.services.catalog;
  if (!catalog) return null;
  const ids = levelIds(catalog, edition);
  if (ids.includes(level)) return null;
  return {
    field,
    code: 'level_not_in_scheme',
    message: {
      ja: `機密性「${level}」はこの版（${edition}）の分類にありません（${ids.join('・')}）。`,
      en: `Confidentiality "${level}" is not a level of edition ${edition} (${ids.join(', ')}).`,
    },
  };
}

export interface ResolvedSubject {
  subject: Subject;
  segment: string | null;
  assets: AssetSummary[];
}

export interface SubjectDraft {
  target: DisposalTarget;
  mediaKind: MediaKind | null;
  storageKind: StorageKind | null;
  declaredConfidentiality: string | null;
  declaredMyNumberResident: boolean;
  assetIds: string[];
}

/**
 * The medium as the rules see it: its storage kind, the highest confidentiality of what it held
 * (declared, or from the linked assets — "highest wins"), and whether residents' data of the My
 * Number segment was on it. Field names are prefixed for imports and bulk rows.
 */
export function resolveSubject(
  deps: Pick<AppDeps, 'services'>,
  edition: string,
  d: SubjectDraft,
  assetsById: Map<string, AssetSummary>,
  prefix = '',
): { resolved?: ResolvedSubject; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const f = (name: string) => `${prefix}${name}`;
  let storage: StorageKind | null = null;
  if (d.target === 'device') {
    if (!d.mediaKind) {
      problems.push({ field: f('mediaKind'), code: 'required', message: { ja: '機器・媒体の種類を指定してください。', en: 'Give the kind of device or medium.' } });
    } else {
      const options = STORAGE_OF_MEDIA[d.mediaKind];
      storage = d.storageKind ?? options[0];
      if (!options.includes(storage)) {
        problems.push({
          field: f('storageKind'),
          code: 'storage_mismatch',
          message: {
            ja: `${MEDIA_LABELS[d.mediaKind].ja}の記憶装置には ${options.join('・')} のいずれかを指定してください。`,
            en: `The storage of a ${MEDIA_LABELS[d.mediaKind].en} must be one of: ${options.join(', ')}.`,
          },
        });
      }
    }
  } else if (d.mediaKind || d.storageKind) {
    problems.push({ field: f('mediaKind'), code: 'not_for_cloud', message: { ja: 'クラウド上のデータには機器の種類を指定しません。', en: 'Cloud data has no device kind.' } });
  }
  const assets: AssetSummary[] = [];
  d.assetIds.forEach((id, i) => {
    const a = assetsById.get(id);
    if (a) assets.push(a);
    else problems.push({ field: f(`assetIds.${i}`), code: 'asset_unknown', message: { ja: `情報資産「${id}」が見つかりません。`, en: `Information asset "${id}" was not found.` } });
  });
  if (d.declaredConfidentiality) {
    const p = levelProblem(deps, edition, d.declaredConfidentiality, f('confidentiality'));
    if (p) problems.push(p);
  }
  const level = highestConfidentiality([d.declaredConfidentiality, ...assets.map((a) => a.confidentiality)]);
  if (!level) {
    problems.push({
      field: f('confidentiality'),
      code: 'class_unknown',
      message: {
        ja: '記録されていた情報の機密性がわかりません。分類済みの情報資産を指定するか、機密性を入力してください。',
        en: 'The confidentiality of the data it held is unknown. Link classified assets or give the level.',
      },
    });
  }
  const segments = assets.map((a) => a.segment).filter((s): s is NonNullable<typeof s> => s !== null);
  const segment = segments.includes('mynumber') ? 'mynumber' : (segments[0] ?? null);
  const fromAssets = assets.some((a) => a.segment === 'mynumber' && (a.flags.residentData || a.flags.myNumber));
  if (problems.length || !level) return { problems };
  return {
    problems,
    resolved: {
      subject: { target: d.target, mediaKind: d.target === 'device' ? d.mediaKind : null, storage, confidentiality: level, myNumberResident: d.declaredMyNumberResident || fromAssets },
      segment: d.declaredMyNumberResident && !segment ? 'mynumber' : segment,
      assets,
    },
  };
}

export function evaluateOrThrow(edition: string, subject: Subject, method: MethodId | null | undefined, field = 'edition'): Evaluation {
  try {
    return evaluate(edition, subject, method ?? null);
  } catch (e) {
    if (e instanceof RuleError) throw err.validation([{ field, code: e.code, message: e.messages }]);
    throw e;
  }
}

/** Refuse a method the rules do not allow, with the reason and the catalog reference. */
export function methodProblem(ev: Evaluation, method: MethodId, field = 'method'): FieldError | null {
  const check = checkMethod(ev, method);
  if (check.ok) return null;
  const refs = check.refused.refs.join('・');
  return {
    field,
    code: 'method_not_allowed',
    message: {
      ja: `「${METHOD_INFO[method].label.ja}」は認められません。${check.refused.reason.ja}（根拠: ${refs}${check.refused.provisional ? '・暫定' : ''}）`,
      en: `"${METHOD_INFO[method].label.en}" is not allowed. ${check.refused.reason.en} (basis: ${refs.replaceAll('・', ', ')}${check.refused.provisional ? ', provisional' : ''})`,
    },
  };
}

export function methodNotAllowed(ev: Evaluation, method: MethodId, field = 'method'): AppError {
  const problem = methodProblem(ev, method, field)!;
  const refused = ev.refused.find((r) => r.method === method)!;
  return new AppError(
    422,
    'method_not_allowed',
    {
      ja: `この分類・媒体では「${METHOD_INFO[method].label.ja}」は認められません。`,
      en: `"${METHOD_INFO[method].label.en}" is not allowed for this class and medium.`,
    },
    [problem],
    { method, edition: ev.edition, reason: refused.reason, refs: refused.refs, provisional: refused.provisional },
  );
}

export async function loadAssets(deps: AppDeps, db: Db, tenantId: string, ids: string[]): Promise<Map<string, AssetSummary>> {
  const unique = [...new Set(ids)];
  const map = new Map<string, AssetSummary>();
  if (unique.length === 0) return map;
  const svc = deps.services.assets;
  if (!svc) {
    throw new AppError(503, 'assets_unavailable', { ja: '情報資産台帳が利用できません。', en: 'The asset register is not available.' });
  }
  for (let i = 0; i < unique.length; i += 500) {
    for (const a of await svc.getMany(db, tenantId, unique.slice(i, i + 500))) map.set(a.id, a);
  }
  return map;
}

// ---- codes --------------------------------------------------------------------------------

/** Reserve `n` consecutive numbers for this fiscal year; codes read D2026-000123 / P2026-0012. */
export async function allocateCodes(trx: Db, tenantId: string, kind: 'disposal' | 'project', n: number): Promise<string[]> {
  const fy = fiscalYearOf();
  let last: number | undefined;
  for (let attempt = 0; attempt < 3 && last === undefined; attempt++) {
    const bumped = await trx
      .updateTable('disposalCounters')
      .set({ last: sql`last + ${n}` })
      .where('tenantId', '=', tenantId)
      .where('kind', '=', kind)
      .where('fiscalYear', '=', fy)
      .returning('last')
      .executeTakeFirst();
    if (bumped) last = Number(bumped.last);
    else {
      const ins = await trx
        .insertInto('disposalCounters')
        .values({ tenantId, kind, fiscalYear: fy, last: n })
        .onConflict((oc) => oc.columns(['tenantId', 'kind', 'fiscalYear']).doNothing())
        .returning('last')
        .executeTakeFirst();
      if (ins) last = n;
    }
  }
  if (last === undefined) throw new Error('could not allocate disposal codes');
  const first = last - n + 1;
  const prefix = kind === 'disposal' ? 'D' : 'P';
  const width = kind === 'disposal' ? 6 : 4;
  return Array.from({ length: n }, (_, i) => `${prefix}${fy}-${String(first + i).padStart(width, '0')}`);
}

// ---- serial numbers -----------------------------------------------------------------------

/** Open disposals already holding any of these serial keys (excluding `exceptId`). */
export async function openSerials(db: Db, tenantId: string, keys: string[], exceptId?: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += 1000) {
    let q = db
      .selectFrom('disposals')
      .select(['serialKey', 'code'])
      .where('tenantId', '=', tenantId)
      .where('serialKey', 'in', unique.slice(i, i + 1000))
      .where('state', 'not in', ['closed', 'cancelled']);
    if (exceptId) q = q.where('id', '!=', exceptId);
    for (const r of await q.execute()) if (r.serialKey) out.set(r.serialKey, r.code);
  }
  return out;
}

/** A unique-index violation on open serial numbers (two requests at the same moment) as a clear 409. */
export function asSerialConflict(e: unknown): unknown {
  const msg = String((e as { message?: string })?.message ?? '');
  if (msg.includes('disposals_open_serial') || msg.includes('disposals.serial_key')) {
    return err.conflict('serial_in_open_disposal', {
      ja: '同じ製造番号の廃棄記録が同時に登録されました。一覧を確認してください。',
      en: 'A disposal with the same serial number was recorded at the same moment. Check the register.',
    });
  }
  return e;
}

export function serialProblem(serial: string, code: string, field = 'serialNumber'): FieldError {
  return {
    field,
    code: 'serial_in_open_disposal',
    message: {
      ja: `製造番号「${serial}」は、完了していない廃棄記録 ${code} に登録されています。`,
      en: `Serial number "${serial}" is already in open disposal ${code}.`,
    },
  };
}

// ---- device / cloud field checks ----------------------------------------------------------

const SERIAL_REQUIRED: readonly MediaKind[] = ['hdd', 'ssd', 'mfp', 'mobile', 'server', 'pc'];

export function fieldProblems(
  target: DisposalTarget,
  v: {
    mediaKind?: MediaKind | null;
    serialNumber?: string | null;
    ownership?: string | null;
    leaseEnd?: string | null;
    serviceName?: string | null;
    dataDescription?: string | null;
    contractorId?: string | null;
    contractorName?: string | null;
  },
  prefix = '',
): FieldError[] {
  const out: FieldError[] = [];
  const f = (n: string) => `${prefix}${n}`;
  const req = (field: string, ja: string, en: string) => out.push({ field: f(field), code: 'required', message: { ja, en } });
  if (target === 'device') {
    if (v.mediaKind && SERIAL_REQUIRED.includes(v.mediaKind) && !v.serialNumber) req('serialNumber', '製造番号を入力してください。', 'Give the serial number.');
    if (v.ownership === 'leased' && !v.leaseEnd) req('leaseEnd', 'リース機器はリース終了日を入力してください。', 'Give the lease end date of a leased device.');
    if (v.ownership !== 'leased' && v.leaseEnd) {
      out.push({ field: f('leaseEnd'), code: 'not_leased', message: { ja: 'リース終了日はリース機器にだけ入力します。', en: 'A lease end date applies only to leased devices.' } });
    }
    if (v.serviceName || v.dataDescription) {
      out.push({ field: f('serviceName'), code: 'not_for_device', message: { ja: 'クラウドサービスの項目は機器には入力しません。', en: 'Cloud service fields do not apply to a device.' } });
    }
  } else {
    if (!v.serviceName) req('serviceName', 'クラウドサービス名を入力してください。', 'Give the cloud service.');
    if (!v.dataDescription) req('dataDescription', '消去するデータを入力してください。', 'Describe the data to be erased.');
    if (v.serialNumber || v.ownership) {
      out.push({ field: f('serialNumber'), code: 'not_for_cloud', message: { ja: '製造番号・所有形態はクラウド上のデータには入力しません。', en: 'Serial number and ownership do not apply to cloud data.' } });
    }
  }
  if (v.contractorId && !v.contractorName) req('contractorName', '委託事業者の名称を入力してください。', "Give the contractor's name.");
  return out;
}

async function checkSection(db: Db, tenantId: string, scope: DisposalScope, sectionId: string, field = 'sectionId'): Promise<FieldError | null> {
  const s = await db.selectFrom('orgUnits').select(['kind', 'status']).where('tenantId', '=', tenantId).where('id', '=', sectionId).executeTakeFirst();
  if (s?.kind !== 'section' || s.status !== 'active') {
    return { field, code: 'section_unknown', message: { ja: '所管課室が見つかりません。', en: 'The section was not found.' } };
  }
  if (!scope.all && !scope.sections.includes(sectionId)) {
    return { field, code: 'section_out_of_scope', message: { ja: 'この課室の廃棄を登録する権限がありません。', en: 'You may not record disposals for this section.' } };
  }
  return null;
}

// ---- contractors and services (vendors module) --------------------------------------------

/** A contractor id must name a contractor of this organisation in the vendors register. */
export async function contractorProblem(deps: AppDeps, db: Db, tenantId: string, contractorId: string | null | undefined, field = 'contractorId'): Promise<FieldError | null> {
  if (!contractorId) return null;
  const vendors = deps.services.vendors;
  if (!vendors) return null; // without the vendors module the id is kept as given
  if (await vendors.hasContractor(db, tenantId, contractorId)) return null;
  return {
    field,
    code: 'contractor_unknown',
    message: { ja: '委託事業者が委託先台帳に見つかりません。', en: 'The contractor is not in the vendor register.' },
  };
}

/**
 * Cloud data names its external service from the vendors register: the id must exist there, and its
 * name (and provider, as the party that deletes) fill in what the form left empty.
 */
export async function resolveService<T extends { serviceId?: string | null; serviceName?: string | null; contractorName?: string | null }>(
  deps: AppDeps,
  db: Db,
  tenantId: string,
  input: T,
): Promise<{ value: T; problem: FieldError | null }> {
  if (!input.serviceId || !deps.services.vendors) return { value: input, problem: null };
  const svc = await deps.services.vendors.service(db, tenantId, input.serviceId);
  if (!svc) {
    return { value: input, problem: { field: 'serviceId', code: 'service_unknown', message: { ja: '外部サービスが委託先・外部サービス台帳に見つかりません。', en: 'The external service is not in the vendor register.' } } };
  }
  return { value: { ...input, serviceName: input.serviceName ?? svc.name, contractorName: input.contractorName ?? svc.providerName }, problem: null };
}

// ---- evaluate (no write) ------------------------------------------------------------------

export async function evaluateDraft(deps: AppDeps, ctx: Ctx, input: EvaluateInput) {
  const edition = resolveEdition(deps, input.edition);
  const assets = await loadAssets(deps, deps.db, ctx.tenantId, input.assetIds);
  const r = resolveSubject(
    deps,
    edition,
    {
      target: input.target,
      mediaKind: input.mediaKind ?? null,
      storageKind: input.storageKind ?? null,
      declaredConfidentiality: input.confidentiality ?? null,
      declaredMyNumberResident: input.myNumberResident ?? false,
      assetIds: input.assetIds,
    },
    assets,
  );
  if (!r.resolved) throw err.validation(r.problems);
  const ev = evaluateOrThrow(edition, r.resolved.subject, input.method);
  return {
    evaluation: ev,
    subject: r.resolved.subject,
    segment: r.resolved.segment,
    assets: r.resolved.assets.map(assetSnapshot),
    methodCheck: input.method ? (methodProblem(ev, input.method) ?? null) : null,
  };
}

function assetSnapshot(a: AssetSummary) {
  return { id: a.id, code: a.code, name: a.name, confidentiality: a.confidentiality, segment: a.segment, residentData: a.flags.residentData, myNumber: a.flags.myNumber };
}

// ---- create -------------------------------------------------------------------------------

export interface NewDisposalRow {
  row: DisposalsTable;
  assets: AssetSummary[];
}

/** Build the row for a new disposal (shared by single and bulk creation); throws on nothing. */
export function buildRow(
  ctx: Ctx,
  args: {
    id: string;
    code: string;
    projectId: string | null;
    input: Omit<DisposalCreateInput, 'assetIds' | 'edition' | 'confidentiality' | 'myNumberResident' | 'target' | 'mediaKind' | 'storageKind'> & {
      target: DisposalTarget;
      confidentiality?: string | null;
      myNumberResident?: boolean;
    };
    edition: string;
    resolved: ResolvedSubject;
    evaluation: Evaluation;
    /** Precomputed JSON columns for this evaluation (bulk creation). */
    columns?: { evaluation: string; requiredProof: string };
    now: string;
  },
): DisposalsTable {
  const { input, resolved, evaluation: ev, now } = args;
  const columns = args.columns ?? evaluationColumns(ev);
  const method = input.method ?? null;
  return {
    tenantId: ctx.tenantId,
    id: args.id,
    code: args.code,
    projectId: args.projectId,
    target: input.target,
    mediaKind: resolved.subject.mediaKind,
    storageKind: resolved.subject.storage,
    serialNumber: input.serialNumber ?? null,
    serialKey: serialKey(input.serialNumber),
    model: input.model ?? null,
    description: input.description ?? null,
    ownership: input.ownership ?? null,
    leaseEnd: input.leaseEnd ?? null,
    lessor: input.lessor ?? null,
    sectionId: input.sectionId,
    serviceId: input.serviceId ?? null,
    serviceName: input.serviceName ?? null,
    cloudTenant: input.cloudTenant ?? null,
    dataDescription: input.dataDescription ?? null,
    keyDescription: input.keyDescription ?? null,
    edition: args.edition,
    confidentiality: resolved.subject.confidentiality,
    declaredConfidentiality: input.confidentiality ?? null,
    myNumberResident: flag(resolved.subject.myNumberResident),
    declaredMyNumberResident: flag(input.myNumberResident),
    segment: resolved.segment,
    category: ev.category,
    method,
    methodFamily: method ? (ev.allowed.find((a) => a.method === method)?.family ?? null) : null,
    evaluation: columns.evaluation,
    requiredProof: columns.requiredProof,
    state: 'requested',
    contractorId: input.contractorId ?? null,
    contractorName: input.contractorName ?? null,
    certificateDays: input.certificateDays ?? DEFAULT_CERTIFICATE_DAYS,
    certificateDueOn: null,
    scheduledOn: input.scheduledOn ?? null,
    requestedBy: ctx.audit.actorId,
    requestedAt: now,
    approvedBy: null,
    approvedAt: null,
    erasedInBuildingAt: null,
    erasedInBuildingBy: null,
    handedOverAt: null,
    handedOverBy: null,
    handedTo: null,
    destroyedAt: null,
    destroyedPlace: null,
    certificateReceivedAt: null,
    certificateCheckedAt: null,
    certificateCheckedBy: null,
    staffCheckedAt: null,
    staffCheckedBy: null,
    keyDestroyedAt: null,
    keyReference: null,
    closedAt: null,
    closedBy: null,
    cancelledAt: null,
    cancelledBy: null,
    cancelReason: null,
    notes: input.notes ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The stored snapshot of the evaluation the method was checked against: the rule set, what was
 * allowed and the proof (labels and refusal reasons are recomputed from the rule tables on read).
 */
export function compactEvaluation(ev: Evaluation) {
  return {
    edition: ev.edition,
    ruleSet: ev.ruleSet.id,
    category: ev.category,
    band: ev.band,
    storage: ev.storage,
    allowed: ev.allowed.map((a) => a.method),
    proof: ev.proof.map((p) => [p.kind, p.level]),
    refs: ev.refs,
    provisional: ev.provisional,
  };
}

/** The two JSON columns derived from an evaluation (bulk creation computes them once per distinct case). */
export function evaluationColumns(ev: Evaluation): { evaluation: string; requiredProof: string } {
  return { evaluation: toJson(compactEvaluation(ev)), requiredProof: toJson(requiredProof(ev)) };
}

export function assetRows(tenantId: string, disposalId: string, assets: AssetSummary[]) {
  return assets.map((a) => ({
    tenantId,
    disposalId,
    assetId: a.id,
    code: a.code,
    name: a.name,
    confidentiality: a.confidentiality,
    segment: a.segment,
    residentData: flag(a.flags.residentData),
    myNumber: flag(a.flags.myNumber),
  }));
}

/**
 * Insert many rows. SQLite takes multi-row inserts well; on PostgreSQL thousands of bind
 * parameters cost more than one JSON document per chunk, so rows travel as JSON and the server
 * expands them (json_populate_recordset) — same rows, same constraints, one statement per chunk.
 */
export async function bulkInsert(trx: Db, kind: DbKind, table: 'disposals' | 'disposalAssets' | 'disposalEvents' | 'disposalEvidence', rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  if (kind === 'postgres' && rows.length > 50) {
    const name = snakeCase(table);
    for (let i = 0; i < rows.length; i += 2000) {
      const json = JSON.stringify(rows.slice(i, i + 2000).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [snakeCase(k), v]))));
      await sql`insert into ${sql.table(name)} select * from json_populate_recordset(null::${sql.table(name)}, ${json})`.execute(trx);
    }
    return;
  }
  const cols = Object.keys(rows[0]).length;
  // biome-ignore lint/suspicious/noExplicitAny: one helper for the module's tables
  for (const chunk of chunkRows(rows, cols)) await trx.insertInto(table as any).values(chunk as any).execute();
}

export async function insertDisposals(trx: Db, kind: DbKind, rows: DisposalsTable[], links: ReturnType<typeof assetRows>, events: Array<Record<string, unknown>>): Promise<void> {
  await bulkInsert(trx, kind, 'disposals', rows);
  // The links and events reference the new disposals (see the helper for why this matters).
  await refreshStatisticsAfterBulkInsert(trx, kind, 'disposals', rows.length);
  await bulkInsert(trx, kind, 'disposalAssets', links);
  await bulkInsert(trx, kind, 'disposalEvents', events);
}

export function eventRow(ctx: Ctx, disposalId: string, kind: string, occurredAt: string, extra: { fromParty?: string | null; toParty?: string | null; place?: string | null; note?: string | null; fileId?: string | null } = {}) {
  return {
    tenantId: ctx.tenantId,
    id: newId(),
    disposalId,
    kind,
    occurredAt,
    recordedAt: nowIso(),
    actorId: ctx.audit.actorId,
    actorLabel: ctx.audit.actorLabel,
    fromParty: extra.fromParty ?? null,
    toParty: extra.toParty ?? null,
    place: extra.place ?? null,
    note: extra.note ?? null,
    fileId: extra.fileId ?? null,
  };
}

export async function createDisposal(deps: AppDeps, ctx: Ctx, given: DisposalCreateInput) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'disposal.write');
  if (!scope) throw err.forbidden();
  const edition = resolveEdition(deps, given.edition);
  const service = given.target === 'cloud' ? await resolveService(deps, db, ctx.tenantId, given) : { value: given, problem: null };
  const input = service.value;
  const problems: FieldError[] = [...fieldProblems(input.target, input)];
  if (service.problem) problems.push(service.problem);
  const cp = await contractorProblem(deps, db, ctx.tenantId, input.contractorId);
  if (cp) problems.push(cp);
  const sectionProblem = await checkSection(db, ctx.tenantId, scope, input.sectionId);
  if (sectionProblem) problems.push(sectionProblem);
  const assets = await loadAssets(deps, db, ctx.tenantId, input.assetIds);
  const r = resolveSubject(
    deps,
    edition,
    {
      target: input.target,
      mediaKind: input.mediaKind ?? null,
      storageKind: input.storageKind ?? null,
      declaredConfidentiality: input.confidentiality ?? null,
      declaredMyNumberResident: input.myNumberResident ?? false,
      assetIds: input.assetIds,
    },
    assets,
  );
  problems.push(...r.problems);
  if (problems.length || !r.resolved) throw err.validation(problems);
  const ev = evaluateOrThrow(edition, r.resolved.subject, input.method);
  if (input.method && !checkMethod(ev, input.method).ok) throw methodNotAllowed(ev, input.method);
  const id = newId();
  const now = nowIso();
  await db
    .transaction()
    .execute(async (trx) => {
    const key = serialKey(input.serialNumber);
    if (key) {
      const clash = (await openSerials(trx, ctx.tenantId, [key])).get(key);
      if (clash) throw err.conflict('serial_in_open_disposal', serialProblem(input.serialNumber!, clash).message, { disposal: clash });
    }
    const [code] = await allocateCodes(trx, ctx.tenantId, 'disposal', 1);
    const row = buildRow(ctx, { id, code, projectId: null, input, edition, resolved: r.resolved!, evaluation: ev, now });
    await insertDisposals(trx, deps.dbKind, [row], assetRows(ctx.tenantId, id, r.resolved!.assets), [eventRow(ctx, id, 'requested', now)]);
    await appendAudit(trx, ctx.audit, {
      action: 'disposal.create',
      targetType: 'disposal',
      targetId: id,
      changes: { code, target: row.target, mediaKind: row.mediaKind, serialNumber: row.serialNumber, sectionId: row.sectionId, edition, confidentiality: row.confidentiality, myNumberResident: row.myNumberResident === 1, method: row.method, assetIds: input.assetIds },
    });
    })
    .catch((e) => {
      throw asSerialConflict(e);
    });
  return getDisposal(deps, ctx, id);
}

// ---- update (while requested) -------------------------------------------------------------

export async function loadRow(db: Db, tenantId: string, id: string): Promise<DisposalsTable> {
  const row = await db.selectFrom('disposals').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw err.notFound(DISPOSAL, id);
  return row;
}

/** The row, when the actor's scope for `action` reaches it; otherwise 404. */
export async function reachable(db: Db, ctx: Ctx, id: string, action: Parameters<typeof scopeFor>[2]): Promise<{ row: DisposalsTable; scope: DisposalScope }> {
  const scope = await scopeFor(db, ctx, action);
  const row = await db.selectFrom('disposals').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  if (!row || !scope || !inScope(scope, row)) throw err.notFound(DISPOSAL, id);
  return { row, scope };
}

export async function updateDisposal(deps: AppDeps, ctx: Ctx, id: string, patch: DisposalPatch) {
  const { db } = deps;
  const { row, scope } = await reachable(db, ctx, id, 'disposal.write');
  if (row.state !== 'requested') throw stateConflict(row.state, { ja: '内容の変更', en: 'edit' });
  const currentAssets = (await db.selectFrom('disposalAssets').select('assetId').where('tenantId', '=', ctx.tenantId).where('disposalId', '=', id).execute()).map((a) => a.assetId);
  const merged = {
    target: row.target,
    edition: patch.edition ?? row.edition,
    mediaKind: patch.mediaKind !== undefined ? patch.mediaKind : row.mediaKind,
    storageKind: patch.storageKind !== undefined ? patch.storageKind : patch.mediaKind !== undefined ? null : row.storageKind,
    assetIds: patch.assetIds ?? currentAssets,
    confidentiality: patch.confidentiality !== undefined ? patch.confidentiality : row.declaredConfidentiality,
    myNumberResident: patch.myNumberResident ?? isSet(row.declaredMyNumberResident),
    serialNumber: patch.serialNumber !== undefined ? patch.serialNumber : row.serialNumber,
    model: patch.model !== undefined ? patch.model : row.model,
    description: patch.description !== undefined ? patch.description : row.description,
    ownership: patch.ownership !== undefined ? patch.ownership : row.ownership,
    leaseEnd: patch.leaseEnd !== undefined ? patch.leaseEnd : row.leaseEnd,
    lessor: patch.lessor !== undefined ? patch.lessor : row.lessor,
    serviceId: patch.serviceId !== undefined ? patch.serviceId : row.serviceId,
    serviceName: patch.serviceName !== undefined ? patch.serviceName : row.serviceName,
    cloudTenant: patch.cloudTenant !== undefined ? patch.cloudTenant : row.cloudTenant,
    dataDescription: patch.dataDescription !== undefined ? patch.dataDescription : row.dataDescription,
    keyDescription: patch.keyDescription !== undefined ? patch.keyDescription : row.keyDescription,
    sectionId: patch.sectionId ?? row.sectionId,
    method: patch.method !== undefined ? patch.method : row.method,
    contractorId: patch.contractorId !== undefined ? patch.contractorId : row.contractorId,
    contractorName: patch.contractorName !== undefined ? patch.contractorName : row.contractorName,
    certificateDays: patch.certificateDays ?? row.certificateDays,
    scheduledOn: patch.scheduledOn !== undefined ? patch.scheduledOn : row.scheduledOn,
    notes: patch.notes !== undefined ? patch.notes : row.notes,
  };
  const edition = resolveEdition(deps, merged.edition);
  const problems: FieldError[] = [...fieldProblems(merged.target, merged)];
  if (merged.contractorId !== row.contractorId) {
    const cp = await contractorProblem(deps, db, ctx.tenantId, merged.contractorId);
    if (cp) problems.push(cp);
  }
  if (merged.target === 'cloud' && merged.serviceId !== row.serviceId) {
    const sp = (await resolveService(deps, db, ctx.tenantId, merged)).problem;
    if (sp) problems.push(sp);
  }
  if (patch.sectionId && patch.sectionId !== row.sectionId) {
    const p = await checkSection(db, ctx.tenantId, scope, patch.sectionId);
    if (p) problems.push(p);
  }
  const assets = await loadAssets(deps, db, ctx.tenantId, merged.assetIds);
  const r = resolveSubject(
    deps,
    edition,
    {
      target: merged.target,
      mediaKind: merged.mediaKind,
      storageKind: merged.storageKind,
      declaredConfidentiality: merged.confidentiality,
      declaredMyNumberResident: merged.myNumberResident,
      assetIds: merged.assetIds,
    },
    assets,
  );
  problems.push(...r.problems);
  if (problems.length || !r.resolved) throw err.validation(problems);
  const ev = evaluateOrThrow(edition, r.resolved.subject, merged.method);
  if (merged.method && !checkMethod(ev, merged.method).ok) throw methodNotAllowed(ev, merged.method);
  const next = buildRow(ctx, {
    id,
    code: row.code,
    projectId: row.projectId,
    input: { ...merged, target: merged.target },
    edition,
    resolved: r.resolved,
    evaluation: ev,
    now: nowIso(),
  });
  const { requestedBy: _rb, requestedAt: _ra, createdAt: _ca, tenantId: _t, id: _i, code: _c, projectId: _p, ...changes } = next;
  const diff: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(changes)) {
    const before = (row as unknown as Record<string, unknown>)[k];
    if (k !== 'updatedAt' && k !== 'evaluation' && before !== v) diff[k] = [before, v];
  }
  await db.transaction().execute(async (trx) => {
    if (next.serialKey && next.serialKey !== row.serialKey) {
      const clash = (await openSerials(trx, ctx.tenantId, [next.serialKey], id)).get(next.serialKey);
      if (clash) throw err.conflict('serial_in_open_disposal', serialProblem(next.serialNumber!, clash).message, { disposal: clash });
    }
    await trx.updateTable('disposals').set(changes).where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
    if (patch.assetIds) {
      await trx.deleteFrom('disposalAssets').where('tenantId', '=', ctx.tenantId).where('disposalId', '=', id).execute();
      const links = assetRows(ctx.tenantId, id, r.resolved!.assets);
      if (links.length) await trx.insertInto('disposalAssets').values(links).execute();
    }
    await trx.insertInto('disposalEvents').values(eventRow(ctx, id, 'updated', nowIso(), { note: Object.keys(diff).join(', ') }) as never).execute();
    await appendAudit(trx, ctx.audit, { action: 'disposal.update', targetType: 'disposal', targetId: id, changes: { ...diff, ...(patch.assetIds ? { assetIds: [currentAssets, patch.assetIds] } : {}) } });
  });
  return getDisposal(deps, ctx, id);
}

// ---- read ---------------------------------------------------------------------------------

export const DisposalListQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    state: z.enum(STATES).optional(),
    open: z.enum(['true', 'false']).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    toPlan: z.enum(['true', 'false']).optional(),
    projectId: z.uuid().optional(),
    sectionId: z.uuid().optional(),
    target: z.enum(TARGETS).optional(),
    sort: z.enum(['code', '-code', 'leaseEnd', 'certificateDueOn', '-updatedAt']).default('-code'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();
export type DisposalListQuery = z.infer<typeof DisposalListQuery>;

export function leaseHorizon(today = japanDate()): string {
  return addDays(today, LEASE_WARNING_DAYS);
}

// biome-ignore lint/suspicious/noExplicitAny: shared filter over several query shapes
export function applyListFilters(q: any, query: Omit<DisposalListQuery, 'sort' | 'page' | 'pageSize'>, today = japanDate()): any {
  if (query.state) q = q.where('state', '=', query.state);
  if (query.open === 'true') q = q.where('state', 'in', OPEN_STATES);
  if (query.open === 'false') q = q.where('state', 'in', ['closed', 'cancelled']);
  if (query.overdue === 'true') q = overdueFilter(q, today);
  if (query.toPlan === 'true') q = toPlanFilter(q, today);
  if (query.projectId) q = q.where('projectId', '=', query.projectId);
  if (query.sectionId) q = q.where('sectionId', '=', query.sectionId);
  if (query.target) q = q.where('target', '=', query.target);
  if (query.q) {
    const term = query.q;
    // biome-ignore lint/suspicious/noExplicitAny: expression builder
    q = q.where((eb: any) => eb.or([containsCi('code', term), containsCi('serial_number', term), containsCi('model', term), containsCi('service_name', term), containsCi('contractor_name', term)]));
  }
  return q;
}

/** Certificate required, due date passed, nothing received yet. */
// biome-ignore lint/suspicious/noExplicitAny: shared filter
export function overdueFilter(q: any, today: string): any {
  return q.where('state', 'in', ['handedOver', 'destroyed']).where('certificateDueOn', '<', today).where('certificateReceivedAt', 'is', null);
}

/** Leased, not yet handed over, lease ending within the warning window (or already ended). */
// biome-ignore lint/suspicious/noExplicitAny: shared filter
export function toPlanFilter(q: any, today: string): any {
  return q.where('state', 'in', ['requested', 'approved', 'erasedInBuilding']).where('leaseEnd', 'is not', null).where('leaseEnd', '<=', leaseHorizon(today));
}

export async function listDisposals(deps: AppDeps, ctx: Ctx, query: DisposalListQuery) {
  const { db } = deps;
  const scope = await scopeFor(db, ctx, 'disposal.read');
  if (!scope) throw err.forbidden();
  let base = whereScope(db.selectFrom('disposals').where('tenantId', '=', ctx.tenantId), scope);
  base = applyListFilters(base, query);
  const order: Record<DisposalListQuery['sort'], [string, 'asc' | 'desc']> = {
    code: ['code', 'asc'],
    '-code': ['code', 'desc'],
    leaseEnd: ['leaseEnd', 'asc'],
    certificateDueOn: ['certificateDueOn', 'asc'],
    '-updatedAt': ['updatedAt', 'desc'],
  };
  const [col, dir] = order[query.sort];
  const [rows, total] = await Promise.all([
    base
      .selectAll()
      .orderBy(col as 'code', dir)
      .orderBy('code', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const names = await namesFor(db, ctx.tenantId, rows);
  const contractorView = contractorOnly(scope);
  return { items: rows.map((r) => present(r, names, contractorView)), total: Number(total.n), page: query.page, pageSize: query.pageSize };
}

export interface Names {
  sections: Map<string, string>;
  users: Map<string, string>;
  projects: Map<string, { code: string; name: string }>;
}

export async function namesFor(db: Db, tenantId: string, rows: Array<Partial<DisposalsTable>>, extraUsers: Array<string | null> = []): Promise<Names> {
  const sectionIds = [...new Set(rows.map((r) => r.sectionId).filter((x): x is string => !!x))];
  const userIds = [
    ...new Set(
      [...rows.flatMap((r) => [r.requestedBy, r.approvedBy, r.handedOverBy, r.certificateCheckedBy, r.staffCheckedBy, r.closedBy, r.cancelledBy]), ...extraUsers].filter(
        (x): x is string => !!x,
      ),
    ),
  ];
  const projectIds = [...new Set(rows.map((r) => r.projectId).filter((x): x is string => !!x))];
  const [sections, users, projects] = await Promise.all([
    sectionIds.length ? db.selectFrom('orgUnits').select(['id', 'name']).where('tenantId', '=', tenantId).where('id', 'in', sectionIds).execute() : [],
    userIds.length ? db.selectFrom('users').select(['id', 'displayName']).where('tenantId', '=', tenantId).where('id', 'in', userIds).execute() : [],
    projectIds.length ? db.selectFrom('disposalProjects').select(['id', 'code', 'name']).where('tenantId', '=', tenantId).where('id', 'in', projectIds).execute() : [],
  ]);
  return {
    sections: new Map(sections.map((s) => [s.id, s.name])),
    users: new Map(users.map((u) => [u.id, u.displayName])),
    projects: new Map(projects.map((p) => [p.id, { code: p.code, name: p.name }])),
  };
}

export function isOverdue(r: Pick<DisposalsTable, 'state' | 'certificateDueOn' | 'certificateReceivedAt'>, today = japanDate()): boolean {
  return (r.state === 'handedOver' || r.state === 'destroyed') && r.certificateDueOn !== null && r.certificateDueOn < today && r.certificateReceivedAt === null;
}

export function present(r: DisposalsTable, names: Names, contractorView = false) {
  const who = (id: string | null) => (id ? { id, name: names.users.get(id) ?? null } : null);
  const today = japanDate();
  return {
    id: r.id,
    code: r.code,
    project: r.projectId ? { id: r.projectId, ...(names.projects.get(r.projectId) ?? { code: '', name: '' }) } : null,
    target: r.target,
    mediaKind: r.mediaKind,
    storageKind: r.storageKind,
    serialNumber: r.serialNumber,
    model: r.model,
    description: r.description,
    ownership: r.ownership,
    leaseEnd: r.leaseEnd,
    lessor: r.lessor,
    section: contractorView ? null : { id: r.sectionId, name: names.sections.get(r.sectionId) ?? null },
    service: r.target === 'cloud' ? { id: r.serviceId, name: r.serviceName, tenant: r.cloudTenant, data: r.dataDescription, keys: r.keyDescription } : null,
    edition: r.edition,
    confidentiality: r.confidentiality,
    declaredConfidentiality: r.declaredConfidentiality,
    myNumberResident: isSet(r.myNumberResident),
    segment: r.segment,
    category: r.category,
    method: r.method,
    methodLabel: r.method ? METHOD_INFO[r.method].label : null,
    methodFamily: r.methodFamily,
    requiredProof: fromJson<ProofKind[]>(r.requiredProof, []),
    state: r.state,
    contractor: r.contractorId || r.contractorName ? { id: r.contractorId, name: r.contractorName } : null,
    certificateDays: r.certificateDays,
    certificateDueOn: r.certificateDueOn,
    certificateOverdue: isOverdue(r, today),
    leaseEndingSoon: r.leaseEnd !== null && ['requested', 'approved', 'erasedInBuilding'].includes(r.state) && r.leaseEnd <= leaseHorizon(today),
    scheduledOn: r.scheduledOn,
    requested: { at: r.requestedAt, by: who(r.requestedBy) },
    approved: r.approvedAt ? { at: r.approvedAt, by: who(r.approvedBy) } : null,
    erasedInBuilding: r.erasedInBuildingAt ? { at: r.erasedInBuildingAt, by: r.erasedInBuildingBy } : null,
    handedOver: r.handedOverAt ? { at: r.handedOverAt, by: who(r.handedOverBy), to: r.handedTo } : null,
    destroyed: r.destroyedAt ? { at: r.destroyedAt, place: r.destroyedPlace } : null,
    certificateReceivedAt: r.certificateReceivedAt,
    certificateChecked: r.certificateCheckedAt ? { at: r.certificateCheckedAt, by: who(r.certificateCheckedBy) } : null,
    staffChecked: r.staffCheckedAt ? { at: r.staffCheckedAt, by: who(r.staffCheckedBy) } : null,
    keyDestroyed: r.keyDestroyedAt ? { at: r.keyDestroyedAt, reference: r.keyReference } : null,
    closed: r.closedAt ? { at: r.closedAt, by: who(r.closedBy) } : null,
    cancelled: r.cancelledAt ? { at: r.cancelledAt, by: who(r.cancelledBy), reason: r.cancelReason } : null,
    notes: contractorView ? null : r.notes,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export type DisposalView = ReturnType<typeof present>;

/** The evaluation for a stored disposal, recomputed so refusal reasons are complete. */
export function evaluationOf(r: DisposalsTable): Evaluation {
  return evaluate(
    r.edition,
    { target: r.target, mediaKind: r.mediaKind, storage: r.storageKind, confidentiality: r.confidentiality, myNumberResident: isSet(r.myNumberResident) },
    r.method,
  );
}

export async function getDisposal(deps: AppDeps, ctx: Ctx, id: string) {
  const { db } = deps;
  const { row, scope } = await reachable(db, ctx, id, 'disposal.read');
  const contractorView = contractorOnly(scope);
  const [assets, events, witnesses, evidence] = await Promise.all([
    contractorView ? [] : db.selectFrom('disposalAssets').selectAll().where('tenantId', '=', ctx.tenantId).where('disposalId', '=', id).orderBy('code').execute(),
    db
      .selectFrom('disposalEvents')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('disposalId', '=', id)
      .execute()
      // By the minute the step happened, then in the order it was recorded (people enter minutes, the system seconds).
      .then((list) => list.sort((a, b) => a.occurredAt.slice(0, 16).localeCompare(b.occurredAt.slice(0, 16)) || a.recordedAt.localeCompare(b.recordedAt))),
    db.selectFrom('disposalWitnesses').selectAll().where('tenantId', '=', ctx.tenantId).where('disposalId', '=', id).orderBy('fromAt').execute(),
    db.selectFrom('disposalEvidence').selectAll().where('tenantId', '=', ctx.tenantId).where('disposalId', '=', id).orderBy('uploadedAt').execute(),
  ]);
  const names = await namesFor(db, ctx.tenantId, [row]);
  const ev = evaluationOf(row);
  const proof = proofStatus(row, ev, { witnesses, evidence });
  const view = present(row, names, contractorView);
  return {
    ...view,
    evaluation: ev,
    proof,
    proofChoices: proofChoicesStatus(ev, proof),
    proofWarnings: proofWarnings(proof),
    missingForClose: missingForClose(row, proof, ev),
    assets: assets.map((a) => ({ id: a.assetId, code: a.code, name: a.name, confidentiality: a.confidentiality, segment: a.segment, residentData: isSet(a.residentData), myNumber: isSet(a.myNumber) })),
    events: events.map((e) => ({ id: e.id, kind: e.kind, occurredAt: e.occurredAt, recordedAt: e.recordedAt, actor: e.actorLabel, from: e.fromParty, to: e.toParty, place: e.place, note: e.note, fileId: e.fileId })),
    custody: events
      .filter((e) => e.kind === 'handedOver' || e.kind === 'custodyTransfer')
      .map((e) => ({ id: e.id, at: e.occurredAt, from: e.fromParty, to: e.toParty, place: e.place, note: e.note, recordedBy: e.actorLabel })),
    witnesses: witnesses.map((w) => ({ id: w.id, userId: contractorView ? null : w.userId, name: w.name, from: w.fromAt, until: w.untilAt, note: w.note, recordedAt: w.recordedAt })),
    evidence: evidence.map((e) => ({ id: e.id, kind: e.kind, filename: e.filename, sha256: e.sha256, size: e.size, contentType: e.contentType, uploadedBy: e.uploadedByLabel, byContractor: e.contractorId !== null, uploadedAt: e.uploadedAt })),
    actions: nextActions(row, ev),
  };
}

// ---- proof --------------------------------------------------------------------------------

export interface ProofState {
  kind: ProofKind;
  level: 'required' | 'recommended' | 'alternative';
  label: Bilingual;
  provisional: boolean;
  refs: string[];
  met: boolean;
  detail: Bilingual | null;
}

type Witness = { untilAt: string; name: string };
type Evidence = { kind: string };

export function proofStatus(r: DisposalsTable, ev: Evaluation, x: { witnesses: Witness[]; evidence: Evidence[] }): ProofState[] {
  const certificates = x.evidence.filter((e) => e.kind === 'certificate').length;
  const photos = x.evidence.filter((e) => e.kind === 'photo').length;
  return ev.proof.map((p) => {
    let met = false;
    let detail: Bilingual | null = null;
    switch (p.kind) {
      case 'inBuildingErase':
        met = r.erasedInBuildingAt !== null && (r.handedOverAt === null || r.erasedInBuildingAt <= r.handedOverAt);
        if (met) detail = { ja: `${formatEraDate(r.erasedInBuildingAt!)} 庁舎内で消去`, en: `Erased in the building on ${japanDate(r.erasedInBuildingAt!)}` };
        break;
      case 'witness': {
        const done = r.destroyedAt;
        const covering = done ? x.witnesses.filter((w) => japanDate(w.untilAt) >= japanDate(done)) : [];
        met = covering.length > 0;
        if (met) detail = { ja: `立会い: ${covering.map((w) => w.name).join('、')}`, en: `Witnessed by ${covering.map((w) => w.name).join(', ')}` };
        else if (x.witnesses.length) detail = { ja: '立会いの記録が完了日まで届いていません。', en: 'The witness record does not reach the completion date.' };
        break;
      }
      case 'certificate':
        met = certificates > 0 && r.certificateCheckedAt !== null;
        detail = certificates > 0 ? (r.certificateCheckedAt ? { ja: `${certificates}件 受領・確認済み`, en: `${certificates} received and checked` } : { ja: `${certificates}件 受領（未確認）`, en: `${certificates} received, not yet checked` }) : null;
        break;
      case 'photos':
        met = photos > 0;
        detail = photos > 0 ? { ja: `${photos}枚`, en: `${photos} photo(s)` } : null;
        break;
      case 'certificateDeadline':
        met = r.certificateDueOn !== null;
        detail = r.certificateDueOn ? { ja: `期限 ${formatEraDate(r.certificateDueOn)}`, en: `Due ${r.certificateDueOn}` } : null;
        break;
      case 'staffCheck':
        met = r.staffCheckedAt !== null;
        break;
      case 'keyDestruction':
        met = r.keyDestroyedAt !== null;
        if (met) detail = { ja: `鍵: ${r.keyReference ?? '—'}`, en: `Key: ${r.keyReference ?? '—'}` };
        break;
    }
    return { kind: p.kind, level: p.level, label: p.label, provisional: p.provisional, refs: p.refs, met, detail };
  });
}

export function missingForClose(r: DisposalsTable, proof: ProofState[], ev?: Evaluation): Bilingual[] {
  const out: Bilingual[] = [];
  if (r.state !== 'destroyed' && r.state !== 'certificateChecked') {
    out.push({ ja: '破壊・消去の完了が記録されていません。', en: 'The destruction or erasure has not been recorded as done.' });
  }
  if (!r.method) out.push({ ja: '方法が決まっていません。', en: 'No method has been chosen.' });
  for (const p of proof) if (p.level === 'required' && !p.met) out.push(proofGap(r, p));
  if (ev) {
    for (const c of proofChoicesStatus(ev, proof)) {
      if (c.met) continue;
      out.push({
        ja: `${c.label.ja}: ${c.options.map((o) => o.kinds.map((k) => PROOF_LABELS[k].ja).join('＋')).join(' または ')} のどれかがそろっていません。`,
        en: `${c.label.en}: none of ${c.options.map((o) => o.kinds.map((k) => PROOF_LABELS[k].en).join(' + ')).join(' or ')} is complete.`,
      });
      const pending = uncheckedCertificate(r, proof, c.options);
      if (pending) out.push(pending);
    }
  }
  return out;
}

/** Which way each proof choice was met (or not), from the proof states. */
export function proofChoicesStatus(ev: Evaluation, proof: ProofState[]) {
  const met = new Set(proof.filter((p) => p.met).map((p) => p.kind));
  return choiceOutcome(ev, (k) => met.has(k));
}

/** Recommended proof that is missing: shown as a warning, never a refusal (e.g. photos, facts Corrections no.3). */
export function proofWarnings(proof: ProofState[]): Array<{ kind: ProofKind; message: Bilingual }> {
  return proof
    .filter((p) => p.level === 'recommended' && !p.met)
    .map((p) => ({ kind: p.kind, message: { ja: `推奨: ${p.label.ja}がありません（完了はできます）。`, en: `Recommended: ${p.label.en} is missing (closing is still possible).` } }));
}

/**
 * What is missing of one required proof, in words that name the next step (issue 21): a
 * certificate that was received but not yet checked asks for the check, not for a certificate.
 * Wording only; whether the proof is met is decided by proofStatus().
 */
export function proofGap(r: Pick<DisposalsTable, 'certificateCheckedAt'>, p: Pick<ProofState, 'kind' | 'label' | 'detail'>): Bilingual {
  if (p.kind === 'certificate' && p.detail && r.certificateCheckedAt === null) {
    return {
      ja: `完了証明書を確認済みにしてください（${p.detail.ja}）。次の手順は「証明書を確認済みにする」です。`,
      en: `Mark the certificate as checked (${p.detail.en}). The next step is “Mark the certificate as checked”.`,
    };
  }
  return { ja: `${p.label.ja}がありません。`, en: `Missing: ${p.label.en}.` };
}

/** When an unmet proof choice could be completed by a certificate that only awaits its check, that check is the next step. */
export function uncheckedCertificate(r: Pick<DisposalsTable, 'certificateCheckedAt'>, proof: ProofState[], options: ReadonlyArray<{ kinds: readonly ProofKind[] }>): Bilingual | null {
  const cert = proof.find((p) => p.kind === 'certificate');
  if (!cert || cert.met || !cert.detail || r.certificateCheckedAt !== null) return null;
  if (!options.some((o) => o.kinds.includes('certificate'))) return null;
  return proofGap(r, cert);
}

/** What can happen next, for the UI (each is checked again by the server when done). */
export function nextActions(r: DisposalsTable, ev: Evaluation): string[] {
  const required = requiredProof(ev);
  const certRequired = required.includes('certificate');
  const out: string[] = [];
  switch (r.state as DisposalState) {
    case 'requested':
      out.push('edit', 'approve', 'cancel');
      break;
    case 'approved':
      out.push('eraseInBuilding', 'handover', 'witness', 'cancel');
      if (!certRequired) out.push('complete');
      break;
    case 'erasedInBuilding':
      out.push('handover', 'witness', 'cancel');
      if (!certRequired) out.push('complete');
      break;
    case 'handedOver':
      out.push('custody', 'complete', 'witness', 'evidence');
      break;
    case 'destroyed':
      out.push('custody', 'witness', 'evidence', 'checkCertificate');
      break;
    case 'certificateChecked':
      out.push('witness', 'evidence');
      break;
    default:
      break;
  }
  if (['destroyed', 'certificateChecked'].includes(r.state)) {
    if (required.includes('staffCheck') && !r.staffCheckedAt) out.push('staffCheck');
    out.push('close');
  }
  if (r.target === 'cloud' && r.method === 'cryptoErase' && !r.keyDestroyedAt && !['requested', 'closed', 'cancelled'].includes(r.state)) out.push('keyDestruction');
  return out;
}

export { bilingual };
