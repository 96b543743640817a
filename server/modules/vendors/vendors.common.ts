import { type ExpressionBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Action } from '@shared/permissions';
import { BIN_LEVELS, C_LEVELS, corporateNumberProblem, normaliseCorporateNumber } from '@shared/vendors';
import type { Db } from '../../db/database';
import type { Database } from '../../db/schema';
import { type Ctx, grantFor } from '../../platform/context';
import { type Bilingual, bilingual, err } from '../../platform/errors';
import { sectionsOfDepartments } from '../tenancy/tenancy.service';

/**
 * What an actor may see or change in the vendors module, from the permission table:
 * the whole organisation, some sections (records whose 所管課 is one of them), or — for contractor
 * accounts — its own company's check sheets, evidence requests and reports.
 */
export interface VendorScope {
  all: boolean;
  sections: string[];
  contractorIds: string[];
}

export async function scopeFor(db: Db, ctx: Ctx, action: Action): Promise<VendorScope> {
  const g = grantFor(ctx.actor, action);
  if (!g) throw err.forbidden();
  if (g.all) return { all: true, sections: [], contractorIds: [] };
  return { all: false, sections: [...g.sectionIds, ...(await sectionsOfDepartments(db, ctx.tenantId, g.departmentIds))], contractorIds: g.contractorIds };
}

export const NONE = '00000000-0000-0000-0000-000000000000';
const nonEmpty = (list: string[]) => (list.length > 0 ? list : [NONE]);

type Eb<T extends keyof Database> = ExpressionBuilder<Database, T>;

/**
 * Staff visibility of a contractor: its own 所管課, or a contract of it owned by one of the
 * sections. Contractor accounts never see the staff registers (they use the portal), so the
 * contractor part of a scope does not count here.
 */
export function contractorVisible(scope: VendorScope, tenantId: string) {
  return (eb: Eb<'vendorContractors'>) => {
    if (scope.all) return sql<boolean>`1 = 1`;
    return eb.or([
      eb('vendorContractors.ownerSectionId', 'in', nonEmpty(scope.sections)),
      eb(
        'vendorContractors.id',
        'in',
        eb.selectFrom('vendorContracts').select('vendorContracts.contractorId').where('vendorContracts.tenantId', '=', tenantId).where('vendorContracts.ownerSectionId', 'in', nonEmpty(scope.sections)),
      ),
    ]);
  };
}

/** Contractor ids a scoped actor reaches (null = every contractor). */
export async function visibleContractorIds(db: Db, ctx: Ctx, scope: VendorScope): Promise<string[] | null> {
  if (scope.all) return null;
  const rows = await db.selectFrom('vendorContractors').select('id').where('tenantId', '=', ctx.tenantId).where(contractorVisible(scope, ctx.tenantId)).execute();
  return rows.map((r) => r.id);
}

export function sectionVisible(scope: VendorScope, ownerSectionId: string | null): boolean {
  return scope.all || (ownerSectionId !== null && scope.sections.includes(ownerSectionId));
}

// ---- input helpers -------------------------------------------------------------------------------

export const text = (max: number) => z.string().trim().min(1).max(max);
export const optText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v === '' ? null : v));
export const isoDate = z.iso.date();
export const optDate = isoDate.nullable().optional();
export const cLevel = z.enum([...C_LEVELS, '3']);
export const binLevel = z.enum(BIN_LEVELS);
export const countryCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .superRefine((v, c) => {
    if (!/^[A-Z]{2}$/.test(v)) c.addIssue({ code: 'custom', ...bilingual('国は2文字の国コード（例: JP）で指定してください。', 'Use a two-letter country code (e.g. JP).') });
  });

export const corporateNumber = z
  .string()
  .transform((v) => normaliseCorporateNumber(v))
  .superRefine((v, c) => {
    const p = corporateNumberProblem(v);
    if (p === 'format') c.addIssue({ code: 'custom', ...bilingual('法人番号は13桁の数字で入力してください。', 'The corporate number must be 13 digits.') });
    if (p === 'checkDigit') c.addIssue({ code: 'custom', ...bilingual('法人番号のチェックデジット（先頭の1桁）が合いません。番号を確かめてください。', 'The check digit (first digit) of the corporate number does not match; check the number.') });
  });

/** A refinement for objects with a start and an end date: the end may not come before the start. */
export function endNotBeforeStart<T extends Record<string, unknown>>(startKey: keyof T & string, endKey: keyof T & string) {
  return (value: T, c: z.RefinementCtx) => {
    const a = value[startKey];
    const b = value[endKey];
    if (typeof a === 'string' && typeof b === 'string' && b < a) {
      c.addIssue({ code: 'custom', path: [endKey], ...bilingual(`終了日（${b}）が開始日（${a}）より前になっています。`, `The end date (${b}) is before the start date (${a}).`) });
    }
  };
}

export function notFound(kind: Bilingual, id: string) {
  return err.notFound(kind, id);
}

export const KINDS = {
  contractor: { ja: '委託事業者', en: 'Contractor' },
  contact: { ja: '連絡先', en: 'Contact' },
  certification: { ja: '認証', en: 'Certification' },
  contract: { ja: '契約', en: 'Contract' },
  subcontract: { ja: '再委託', en: 'Subcontract' },
  service: { ja: '外部サービス', en: 'External service' },
  matrix: { ja: '責任分界表', en: 'Responsibility matrix' },
  approval: { ja: '利用承認', en: 'Approval' },
  sheet: { ja: 'チェックシート', en: 'Check sheet' },
  request: { ja: '証跡の提出依頼', en: 'Evidence request' },
  report: { ja: '報告', en: 'Report' },
  evidence: { ja: '証跡ファイル', en: 'Evidence file' },
} satisfies Record<string, Bilingual>;

/** Check that a section id names an active section and that a section-scoped writer owns it. */
export async function checkOwnerSection(db: Db, ctx: Ctx, scope: VendorScope, sectionId: string | null | undefined, field = 'ownerSectionId'): Promise<void> {
  if (sectionId) {
    const s = await db.selectFrom('orgUnits').select(['kind', 'status']).where('tenantId', '=', ctx.tenantId).where('id', '=', sectionId).executeTakeFirst();
    if (s?.kind !== 'section' || s.status !== 'active') {
      throw err.validation([{ field, code: 'section_unknown', message: { ja: '所管課が見つかりません。', en: 'The owning section was not found.' } }]);
    }
  }
  if (!scope.all && (!sectionId || !scope.sections.includes(sectionId))) {
    throw err.validation([
      { field, code: 'section_out_of_scope', message: { ja: '自分の担当する課室を所管課に指定してください。', en: 'Choose one of your own sections as the owning section.' } },
    ]);
  }
}

export const actorLabel = (ctx: Ctx) => ctx.actor?.displayName ?? ctx.audit.actorLabel;
