import { sql } from 'kysely';
import { japanDate } from '@shared/era';
import type { Action } from '@shared/permissions';
import { z } from 'zod';
import type { Db } from '../../db/database';
import { type Ctx, grantFor } from '../../platform/context';
import { type AppError, type Bilingual, type FieldError, bilingual, err } from '../../platform/errors';
import { sectionsOfDepartments } from '../tenancy/tenancy.service';
import type { DisposalsTable } from './disposal.tables';

export const DISPOSAL: Bilingual = { ja: '廃棄記録', en: 'Disposal' };
export const PROJECT: Bilingual = { ja: '廃棄プロジェクト', en: 'Disposal project' };

/** What an actor may reach for one action: everything, some sections, or what was handed to its company. */
export interface DisposalScope {
  all: boolean;
  sections: string[];
  contractors: string[];
}

export async function scopeFor(db: Db, ctx: Ctx, action: Action): Promise<DisposalScope | null> {
  const g = grantFor(ctx.actor, action);
  if (!g) return null;
  if (g.all) return { all: true, sections: [], contractors: [] };
  const sections = [...g.sectionIds, ...(await sectionsOfDepartments(db, ctx.tenantId, g.departmentIds))];
  return { all: false, sections, contractors: g.contractorIds };
}

/** Contractors see a disposal only once it has been handed to their company. */
export function contractorSees(row: Pick<DisposalsTable, 'contractorId' | 'handedOverAt'>, contractors: string[]): boolean {
  return row.contractorId !== null && row.handedOverAt !== null && contractors.includes(row.contractorId);
}

export function inScope(scope: DisposalScope | null, row: Pick<DisposalsTable, 'sectionId' | 'contractorId' | 'handedOverAt'>): boolean {
  if (!scope) return false;
  if (scope.all) return true;
  if (scope.sections.includes(row.sectionId)) return true;
  return contractorSees(row, scope.contractors);
}

/** Kysely filter for a scope on the disposals table (alias-free column names). */
// biome-ignore lint/suspicious/noExplicitAny: the query builder type differs per query shape
export function whereScope<Q extends { where: (...args: any[]) => Q }>(q: Q, scope: DisposalScope, prefix = ''): Q {
  if (scope.all) return q;
  const col = (c: string) => `${prefix}${c}`;
  // biome-ignore lint/suspicious/noExplicitAny: expression builder of a generic query
  return q.where((eb: any) => {
    const parts = [];
    if (scope.sections.length) parts.push(eb(col('sectionId'), 'in', scope.sections));
    if (scope.contractors.length) parts.push(eb.and([eb(col('contractorId'), 'in', scope.contractors), eb(col('handedOverAt'), 'is not', null)]));
    return parts.length ? eb.or(parts) : sql<boolean>`1 = 0`;
  });
}

/** Whether the actor's access to disposals comes only from a contractor assignment. */
export function contractorOnly(scope: DisposalScope | null): boolean {
  return scope !== null && !scope.all && scope.sections.length === 0 && scope.contractors.length > 0;
}

// ---- dates --------------------------------------------------------------------------------

const WHEN_RE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * When a step happened: 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM' (Japan time) or a full ISO instant.
 * Stored as an ISO instant in UTC.
 */
export const When = z
  .string()
  .trim()
  .regex(WHEN_RE, bilingual('日付（YYYY-MM-DD）または日時（YYYY-MM-DDTHH:MM）で入力してください。', 'Give a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM).'))
  .transform((v, c) => {
    const m = WHEN_RE.exec(v)!;
    const day = new Date(`${m[1]}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== m[1]) {
      c.addIssue({ code: 'custom', ...bilingual('存在しない日付です。', 'This date does not exist.') });
      return z.NEVER;
    }
    const iso = !m[2] ? `${m[1]}T00:00:00+09:00` : `${m[1]}T${m[2]}:00${m[3] ?? '+09:00'}`;
    const d = new Date(m[3] ? v.replace(' ', 'T') : iso);
    if (Number.isNaN(d.getTime())) {
      c.addIssue({ code: 'custom', ...bilingual('存在しない日時です。', 'This date and time does not exist.') });
      return z.NEVER;
    }
    return d.toISOString();
  });

export const DateOnly = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, bilingual('日付は YYYY-MM-DD で入力してください。', 'Use the date format YYYY-MM-DD.'))
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, bilingual('存在しない日付です。', 'This date does not exist.'));

/** Tolerance for clocks of the people recording a step. */
const FUTURE_SLACK_MS = 2 * 60_000;

export function futureError(field: string): FieldError {
  return {
    field,
    code: 'date_in_future',
    message: { ja: '完了した作業の日時に未来の日時は指定できません。', en: 'A completed step cannot be dated in the future.' },
  };
}

export function checkNotFuture(at: string, field: string, now = Date.now()): FieldError | null {
  return Date.parse(at) > now + FUTURE_SLACK_MS ? futureError(field) : null;
}

export function checkNotBefore(at: string, earlier: string | null, field: string, what: Bilingual): FieldError | null {
  if (!earlier) return null;
  if (japanDate(at) >= japanDate(earlier)) return null;
  return {
    field,
    code: 'date_before_previous_step',
    message: {
      ja: `${what.ja}（${japanDate(earlier)}）より前の日付は指定できません。`,
      en: `The date cannot be earlier than ${what.en} (${japanDate(earlier)}).`,
    },
  };
}

export function throwIfAny(problems: Array<FieldError | null>): void {
  const list = problems.filter((p): p is FieldError => p !== null);
  if (list.length) throw err.validation(list);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// ---- misc ---------------------------------------------------------------------------------

/** Serial numbers compared without case, spaces or hyphens (labels print them differently). */
export function serialKey(serial: string | null | undefined): string | null {
  if (!serial) return null;
  const k = serial.normalize('NFKC').toUpperCase().replace(/[\s\-_.]/g, '');
  return k === '' ? null : k;
}

export function stateConflict(state: string, wanted: Bilingual): AppError {
  return err.conflict(
    'invalid_state',
    {
      ja: `この廃棄記録は現在の状態（${state}）では「${wanted.ja}」を行えません。`,
      en: `This disposal cannot "${wanted.en}" in its current state (${state}).`,
    },
    { state },
  );
}

/** Optional text: blank means "none" (null); the key may be left out. */
export const optText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.string().trim().max(max).nullable().optional());
