import { z } from 'zod';
import { BYOD_ACTS, BYOD_PLACES, byodGrade, REMOTE_METHODS, SUBJECT_TYPES, SUBJECTS, type SubjectType } from '@shared/approvals';
import { C_RANK } from '@shared/vendors';
import type { AppDeps } from '../../platform/deps';
import { type Bilingual, type FieldError, bilingual } from '../../platform/errors';
import type { ApprovalSettings } from './approvals.settings';

/**
 * The subject types: each has its own form (zod), its checks and what it contributes to the
 * request (validity, expected return, emergency deadline). A check either blocks the request
 * (a FieldError naming the field) or adds a condition that the approval carries.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const date = z.iso.date();

export const ExceptionForm = z
  .object({
    /** The catalog item (guideline rule) set aside, e.g. 'KB-6.1.13'. */
    catalogItemId: text(60),
    reason: text(2000),
    compensatingMeasures: z.array(text(500)).min(1).max(20),
    scope: text(1000),
    /** Emergency route (7.4(2)): the measure was already taken on `actedOn`; the report follows. */
    emergency: z.object({ actedOn: date, action: text(2000) }).strict().optional(),
  })
  .strict();

export const TakeOutForm = z
  .object({
    items: text(500),
    destination: text(300),
    purpose: text(1000),
    outOn: date,
    dueBack: date,
    encrypted: z.boolean(),
  })
  .strict();

export const ByodForm = z
  .object({
    deviceOwner: text(200),
    deviceOwnerUserId: z.uuid().optional(),
    device: text(300),
    uses: z.array(z.object({ place: z.enum(BYOD_PLACES), act: z.enum(BYOD_ACTS) }).strict()).min(1).max(20),
  })
  .strict();

export const RemoteAccessForm = z
  .object({
    user: text(200),
    userId: z.uuid().optional(),
    method: z.enum(REMOTE_METHODS),
    mfa: z.boolean(),
    terminal: text(300),
    scope: text(1000).optional(),
  })
  .strict();

export const OffsiteForm = z
  .object({
    equipment: text(300),
    location: text(300),
    purpose: text(1000),
    measures: z.array(text(500)).min(1).max(20),
  })
  .strict();

export const CloudUseForm = z
  .object({
    serviceId: z.uuid(),
    purpose: text(1000),
    /** The vendors module's automatic check at request time. */
    verdict: z.string().max(40).optional(),
  })
  .passthrough();

export const FORMS = {
  exception: ExceptionForm,
  take_out: TakeOutForm,
  byod: ByodForm,
  remote_access: RemoteAccessForm,
  offsite_equipment: OffsiteForm,
  cloud_use: CloudUseForm,
} satisfies Record<SubjectType, z.ZodType>;

export interface CheckInput {
  deps: AppDeps;
  details: unknown;
  /** Highest confidentiality of the assets involved (null when none). */
  c: string | null;
  settings: ApprovalSettings;
  validFrom: string | null;
  validUntil: string | null;
}

export interface CheckResult {
  problems: FieldError[];
  conditions: Bilingual[];
  /** What the checks looked at, kept with the request. */
  findings: Array<{ code: string; message: Bilingual }>;
  validFrom?: string | null;
  validUntil?: string | null;
  dueBack?: string | null;
  emergencyActedOn?: string | null;
}

const problem = (field: string, code: string, ja: string, en: string): FieldError => ({ field, code, message: { ja, en } });

function checkException({ deps, details }: CheckInput): CheckResult {
  const d = details as z.infer<typeof ExceptionForm>;
  const out: CheckResult = { problems: [], conditions: [], findings: [] };
  const catalog = deps.services.catalog;
  const node = catalog.node(catalog.current().id, d.catalogItemId);
  if (!node) {
    out.problems.push(problem('details.catalogItemId', 'catalog_item_unknown', `ガイドラインの項目「${d.catalogItemId}」が見つかりません。`, `The guideline item "${d.catalogItemId}" was not found.`));
  } else {
    out.findings.push({ code: 'catalog_item', message: { ja: `${node.number} ${node.title}`, en: `${node.number} ${node.titleEn}` } });
  }
  for (const m of d.compensatingMeasures) out.conditions.push({ ja: `代替措置: ${m}`, en: `Compensating measure: ${m}` });
  if (d.emergency) out.emergencyActedOn = d.emergency.actedOn;
  return out;
}

function checkTakeOut({ details, c, settings }: CheckInput): CheckResult {
  const d = details as z.infer<typeof TakeOutForm>;
  const out: CheckResult = { problems: [], conditions: [], findings: [], validFrom: d.outOn, validUntil: d.dueBack, dueBack: d.dueBack };
  if (d.dueBack < d.outOn) out.problems.push(problem('details.dueBack', 'return_before_out', `返却予定日（${d.dueBack}）が持ち出し日（${d.outOn}）より前です。`, `The expected return (${d.dueBack}) is before the take-out date (${d.outOn}).`));
  if (c && settings.prohibitedTakeOut.includes(c)) {
    out.problems.push(problem('assetIds', 'take_out_prohibited', `機密性${c}の情報資産は、組織の定めにより持ち出せません。`, `Information assets of confidentiality ${c} may not be taken out under the organisation's rules.`));
  }
  if (c && (C_RANK[c] ?? 0) >= 2) {
    out.conditions.push({ ja: `機密性${c}の情報を含むため、暗号化して持ち出すこと。`, en: `Contains confidentiality ${c} information: encrypt it for the take-out.` });
    if (!d.encrypted) out.findings.push({ code: 'encryption_missing', message: { ja: '申請では暗号化しないとされています。承認には暗号化が条件となります。', en: 'The request says the data is not encrypted; encryption becomes a condition.' } });
  }
  return out;
}

function checkByod({ details }: CheckInput): CheckResult {
  const d = details as z.infer<typeof ByodForm>;
  const out: CheckResult = { problems: [], conditions: [], findings: [] };
  d.uses.forEach((u, i) => {
    const rule = byodGrade(u.place, u.act);
    out.findings.push({ code: `byod.${u.place}.${u.act}.${rule.grade}`, message: rule.note });
    if (rule.grade === 'prohibited') out.problems.push({ field: `details.uses.${i}`, code: 'byod_prohibited', message: rule.note });
    if (rule.grade === 'conditional') out.conditions.push(rule.note);
  });
  return out;
}

function checkRemote({ details }: CheckInput): CheckResult {
  const d = details as z.infer<typeof RemoteAccessForm>;
  const out: CheckResult = { problems: [], conditions: [], findings: [] };
  if (!d.mfa) out.problems.push(problem('details.mfa', 'mfa_required', '外部からのアクセスには多要素認証が必要です。', 'Access from outside requires multi-factor authentication.'));
  if (d.method === 'internet_vpn') out.conditions.push({ ja: 'インターネットVPNの通信は暗号化し、接続先を業務に必要な範囲に限ること。', en: 'Encrypt the internet VPN and limit it to what the work needs.' });
  if (d.method === 'screen_transfer') out.conditions.push({ ja: '画面転送に限り、端末へのファイル保存を禁止すること。', en: 'Screen transfer only; no files saved on the terminal.' });
  return out;
}

function checkOffsite({ details, c }: CheckInput): CheckResult {
  const d = details as z.infer<typeof OffsiteForm>;
  const out: CheckResult = { problems: [], conditions: d.measures.map((m) => ({ ja: `措置: ${m}`, en: `Measure: ${m}` })), findings: [] };
  if (c && (C_RANK[c] ?? 0) >= 2) out.conditions.push({ ja: `機密性${c}の情報を扱うため、盗難・のぞき見の対策をとること。`, en: `Handles confidentiality ${c} information: guard against theft and shoulder surfing.` });
  return out;
}

function checkCloud(): CheckResult {
  // The vendors module runs its automatic checks (8.3) before it opens the request.
  return { problems: [], conditions: [], findings: [] };
}

export const CHECKS: Record<SubjectType, (input: CheckInput) => CheckResult> = {
  exception: checkException,
  take_out: checkTakeOut,
  byod: checkByod,
  remote_access: checkRemote,
  offsite_equipment: checkOffsite,
  cloud_use: checkCloud,
};

/** Subject types that need an end of validity (per occasion or until expiry). */
export const NEEDS_EXPIRY: ReadonlySet<string> = new Set(['exception', 'byod', 'remote_access', 'offsite_equipment']);

export function isBuiltIn(t: string): t is SubjectType {
  return (SUBJECT_TYPES as readonly string[]).includes(t);
}

export function subjectLabel(t: string): Bilingual {
  return isBuiltIn(t) ? { ja: SUBJECTS[t].ja, en: SUBJECTS[t].en } : { ja: t, en: t };
}

export const unknownSubject = (t: string): FieldError => ({
  field: 'subjectType',
  code: 'subject_type_unknown',
  message: bilingual(`承認の種類「${t}」はありません。`, `There is no approval subject type "${t}".`).params,
});
