import { z } from 'zod';

/**
 * The shapes of the catalog's YAML files (see docs/catalog.md). Every object is strict, so a
 * misspelt key is an error naming the file and the record rather than a silently ignored field.
 */

export const RELATIONS = ['equal', 'subset', 'superset', 'related'] as const;
export const SEGMENTS = ['mynumber', 'lgwan', 'internet'] as const;
export const NETWORK_MODELS = ['alpha', 'alphaPrime', 'beta', 'betaPrime'] as const;
export const NODE_KINDS = ['part', 'chapter', 'section', 'item', 'subItem', 'basicPolicy', 'cloudProvision'] as const;
export const HANDLING_TOPICS = [
  'storage',
  'transmission',
  'copying',
  'takeOut',
  'printing',
  'disposal',
  'backup',
  'terminal',
  'labelling',
  'cloud',
] as const;

const text = z.string().trim().min(1);
export const BilingualSchema = z.strictObject({ ja: text, en: text });

/** "A.5.15 subset": the target id and the relation, read from the catalog node's side. */
export const MappingString = z
  .string()
  .regex(/^\S+ (equal|subset|superset|related)$/, 'expected "<control id> <equal|subset|superset|related>"');

export const EDITION_ID = /^R\d{1,2}\.\d{1,2}$/;
export const NODE_ID = /^(KB-\d+(\.\d+){0,3}|BP-\d+|GR(-\d+(\.\d+)?)?|CP(-\d+(\.\d+)?)?)$/;
export const AUDIT_ID = /^AI-S?\d+$/;

const confidence = z.enum(['verified', 'provisional']);
/** source and note may be null to clear a file default. */
const optText = text.nullable().optional();

export const ProvenanceFields = {
  confidence: confidence.optional(),
  source: optText,
  note: optText,
  since: z.string().regex(EDITION_ID).optional(),
};

export const FileDefaults = z
  .strictObject({
    confidence: confidence.optional(),
    source: text.optional(),
    note: text.optional(),
    since: z.string().regex(EDITION_ID).optional(),
  })
  .optional();

export const TagsSchema = z.strictObject({
  segments: z.array(z.enum(SEGMENTS)).optional(),
  networkModels: z.array(z.enum(NETWORK_MODELS)).optional(),
  cloud: z.boolean().optional(),
  infoClasses: z.array(z.string().min(1)).optional(),
  orgSize: z.enum(['all', 'small', 'large']).optional(),
});

/**
 * A graded rule (e.g. personal devices by place and act, seed 003): what is allowed where, so that
 * approvals can apply the grade rather than a blanket ban.
 */
export const GradeSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'expected a camelCase id'),
  place: BilingualSchema,
  act: BilingualSchema,
  rule: z.enum(['prohibited', 'approvalRequired', 'permitted']),
  confidence,
  source: text,
});

const nodeBody = {
  number: text.optional(),
  title: text,
  titleEn: text,
  summary: BilingualSchema,
  obligation: z.enum(['mandatory', 'recommended']).optional(),
  tags: TagsSchema.optional(),
  roles: z.array(z.string().min(1)).optional(),
  annexA: z.array(MappingString).optional(),
  cld: z.array(MappingString).optional(),
  ordinance: z.array(MappingString).optional(),
  annexANone: BilingualSchema.optional(),
  extends: z.array(z.string().min(1)).optional(),
  grades: z.array(GradeSchema).optional(),
};

export const NodeSchema = z.strictObject({
  id: z.string().regex(NODE_ID, 'expected an id such as KB-6.1.13, BP-3, CP-5.2 or GR-4.2'),
  parent: z.string().min(1).nullable().optional(),
  kind: z.enum(NODE_KINDS),
  ...nodeBody,
  ...ProvenanceFields,
});
export type RawNode = z.infer<typeof NodeSchema>;

export const NodeFileSchema = z.strictObject({
  defaults: FileDefaults,
  nodes: z.array(NodeSchema).min(1),
});

export const AuditItemSchema = z.strictObject({
  id: z.string().regex(AUDIT_ID, 'expected AI-<No.> or AI-S<n>'),
  no: z.number().int().positive(),
  numbering: z.enum(['mic', 'shirube']),
  mandatory: z.boolean().nullable(),
  heading: text,
  title: text,
  expectation: BilingualSchema,
  evidence: z.array(BilingualSchema),
  howToAudit: BilingualSchema,
  exampleRefs: text,
  nodes: z.array(z.string().min(1)).min(1),
  jisQ27002: z.array(z.string().regex(/^\d+\.\d+$/, 'expected a JIS Q 27002:2022 number such as 5.15')),
  ...ProvenanceFields,
});
export type RawAuditItem = z.infer<typeof AuditItemSchema>;

export const AuditFileSchema = z.strictObject({
  defaults: FileDefaults,
  auditItems: z.array(AuditItemSchema).min(1),
});

/** A change replaces the fields it sets (tags merge key by key) and restates the provenance. */
export const NodeChangeSchema = z.strictObject({
  id: z.string().min(1),
  set: z.strictObject(
    Object.fromEntries(Object.entries(nodeBody).map(([k, v]) => [k, (v as z.ZodType).optional()])) as {
      [K in keyof typeof nodeBody]: z.ZodOptional<(typeof nodeBody)[K]>;
    },
  ),
  confidence,
  source: text.optional(),
  note: text.optional(),
});

const auditBody = AuditItemSchema.omit({ id: true, confidence: true, source: true, note: true, since: true }).partial();
export const AuditChangeSchema = z.strictObject({
  id: z.string().min(1),
  set: auditBody.strict(),
  confidence,
  source: text.optional(),
  note: text.optional(),
});

export const DeltaFileSchema = z.strictObject({
  defaults: FileDefaults,
  nodes: z
    .strictObject({
      add: z.array(NodeSchema).optional(),
      change: z.array(NodeChangeSchema).optional(),
      remove: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  auditItems: z
    .strictObject({
      add: z.array(AuditItemSchema).optional(),
      change: z.array(AuditChangeSchema).optional(),
      remove: z.array(z.string().min(1)).optional(),
    })
    .optional(),
});
export type DeltaFile = z.infer<typeof DeltaFileSchema>;

export const EditionSchema = z.strictObject({
  id: z.string().regex(EDITION_ID, 'expected an edition id such as R8.3'),
  label: text,
  labelEn: text,
  publishedOn: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'expected YYYY-MM-DD or YYYY-MM'),
  base: z.boolean().optional(),
  basedOn: z.string().regex(EDITION_ID).optional(),
  delta: z.string().min(1).optional(),
  current: z.boolean().optional(),
  classificationScheme: z.enum(['jichitai5', 'legacy3']),
  summary: BilingualSchema,
  confidence,
  source: text.optional(),
  note: text.optional(),
});
export type RawEdition = z.infer<typeof EditionSchema>;

export const EditionsFileSchema = z.strictObject({ editions: z.array(EditionSchema).min(1) });

export const ControlSchema = z.strictObject({
  id: z.string().regex(/^(A\.[5-8]\.\d+|CLD\.\d+\.\d+\.\d+|ORD-\d+)$/, 'expected A.5.1, CLD.6.3.1 or ORD-1'),
  theme: z.string().min(1),
  title: text,
  titleJa: text,
  /** Said explicitly when no item of the guideline corresponds (e.g. A.6.1 screening). */
  noCounterpart: BilingualSchema.optional(),
  ...ProvenanceFields,
});

/** Rules of a framework itself, e.g. the ordinance's transitional rule and exemption. */
export const ProvisionSchema = z.strictObject({
  id: z.string().regex(/^[A-Z]+-[A-Z0-9-]+$/, 'expected an id such as ORD-TRANSITIONAL'),
  kind: z.enum(['transitional', 'exemption']),
  title: BilingualSchema,
  text: BilingualSchema,
  /** Measure areas it concerns (empty: all). */
  areas: z.array(z.string().regex(/^ORD-\d+$/)).default([]),
  /** Systems and contracts existing on this date keep prior practice. */
  existingOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  ...ProvenanceFields,
});

export const FrameworkFileSchema = z.strictObject({
  framework: z.enum(['annexA', 'cld', 'ordinance']),
  label: BilingualSchema,
  defaults: FileDefaults,
  controls: z.array(ControlSchema).min(1),
  provisions: z.array(ProvisionSchema).optional(),
});

const HandlingRuleSchema = z.strictObject({
  topic: z.enum(HANDLING_TOPICS),
  text: BilingualSchema,
  refs: z.array(z.string().min(1)),
  ...ProvenanceFields,
});

const LevelSchema = z.strictObject({
  id: z.string().regex(/^(3[ABC]?|2|1)$/, 'expected 3A, 3B, 3C, 3, 2 or 1'),
  label: text,
  labelEn: text,
  rank: z.number().int().positive(),
  meaning: BilingualSchema,
  examples: z.array(BilingualSchema),
  disposalFamily: z.enum(['destroy', 'purge', 'clear', 'none']),
  includes: z.array(z.string()).optional(),
  handling: z.array(HandlingRuleSchema),
  ...ProvenanceFields,
});

export const SchemeSchema = z.strictObject({
  id: z.enum(['jichitai5', 'legacy3']),
  label: BilingualSchema,
  handlingDefaults: FileDefaults,
  migratesFrom: z
    .strictObject({
      scheme: z.literal('legacy3'),
      map: z.record(z.string(), z.array(z.string())),
      confidence: confidence.optional(),
      source: text.optional(),
      note: text.optional(),
    })
    .optional(),
  levels: z.strictObject({ c: z.array(LevelSchema).min(1), i: z.array(LevelSchema).min(1), a: z.array(LevelSchema).min(1) }),
});

export const ClassificationFileSchema = z.strictObject({ schemes: z.array(SchemeSchema).min(1) });
