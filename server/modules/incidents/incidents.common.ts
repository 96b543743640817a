import { z } from 'zod';
import type { Action } from '@shared/permissions';
import type { Db } from '../../db/database';
import { fromJson, nowIso } from '../../db/sql';
import { BusinessCalendar } from '../../platform/calendar';
import { type Ctx, grantFor } from '../../platform/context';
import type { AppDeps, Services } from '../../platform/deps';
import { type AppError, type Bilingual, err, type FieldError } from '../../platform/errors';
import { DEFAULT_SETTINGS, type IncidentSettings } from './rules/obligations';
import type { IncidentsTable } from './incidents.tables';

/**
 * What the incident use cases share: who sees which incidents, loading one, the organisation's
 * settings and calendar, and field errors in both languages.
 */

export const INCIDENT: Bilingual = { ja: 'インシデント', en: 'Incident' };

export interface IncidentScope {
  all: boolean;
  contractorIds: string[];
}

/** CSIRT and oversight roles see every incident; a contractor account only those of its own company. */
export function incidentScope(ctx: Ctx, action: Action = 'incident.read'): IncidentScope {
  const g = grantFor(ctx.actor, action);
  if (!g) throw err.forbidden();
  return { all: g.all, contractorIds: g.contractorIds };
}

export async function loadIncident(db: Db, ctx: Ctx, id: string, action: Action = 'incident.read'): Promise<IncidentsTable> {
  const scope = incidentScope(ctx, action);
  const row = await db.selectFrom('incidents').selectAll().where('tenantId', '=', ctx.tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw err.notFound(INCIDENT, id);
  if (!scope.all && (row.contractorId === null || !scope.contractorIds.includes(row.contractorId))) throw err.notFound(INCIDENT, id);
  return row;
}

export function fieldError(field: string, code: string, ja: string, en: string): FieldError {
  return { field, code, message: { ja, en } };
}

export function invalid(field: string, code: string, ja: string, en: string): AppError {
  return err.validation([fieldError(field, code, ja, en)], { ja: `入力内容に誤りがあります（${field}）: ${ja}`, en: `Invalid input (${field}): ${en}` });
}

export const SettingsSchema = z
  .object({
    ppcPromptDays: z.number().int().min(1).max(5),
    prefecture: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('nextBusinessDayAt'), time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/) }),
      z.object({ kind: z.literal('hours'), hours: z.number().int().min(1).max(168) }),
    ]),
    prefectureScope: z.enum(['all', 'significant']),
  })
  .strict();

export async function settingsOf(db: Db, tenantId: string): Promise<IncidentSettings> {
  const row = await db.selectFrom('incidentSettings').select('settings').where('tenantId', '=', tenantId).executeTakeFirst();
  const parsed = SettingsSchema.safeParse(fromJson(row?.settings, null));
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/** The organisation's business calendar; the national one until the calendar service exists. */
export async function calendarOf(deps: AppDeps, db: Db, tenantId: string): Promise<BusinessCalendar> {
  const cal = (deps.services as Partial<Services>).calendar;
  return cal ? cal.forTenant(db, tenantId) : new BusinessCalendar();
}

/** Instants arrive as ISO strings with an offset (or date-only, read as Japan midnight). */
export const Instant = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(new Date(normaliseInstant(v)).getTime()), {
    params: { ja: '日時は 2026-04-01T09:30+09:00 の形式で指定してください。', en: 'Use a date-time such as 2026-04-01T09:30+09:00.' },
  })
  .transform((v) => new Date(normaliseInstant(v)).toISOString());

function normaliseInstant(v: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T00:00:00+09:00`;
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(v)) return `${v.replace(' ', 'T')}+09:00`;
  return v;
}

/** Allow a minute of clock skew between browser and server. */
export function assertNotFuture(field: string, iso: string): void {
  if (new Date(iso).getTime() > Date.now() + 60_000)
    throw invalid(field, 'in_future', '未来の日時は指定できません。', 'The date-time must not be in the future.');
}

export const now = nowIso;

export const json = <T>(v: string | null | undefined, fallback: T) => fromJson<T>(v, fallback);
