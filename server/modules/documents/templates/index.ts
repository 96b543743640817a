import { BASIC_POLICY } from './basic-policy';
import { CLOUD_PROVISIONS } from './cloud-provisions';
import { PROCEDURES } from './procedures';
import { STANDARDS_1_3 } from './standards-1-3';
import { STANDARDS_4_5 } from './standards-4-5';
import { STANDARDS_6 } from './standards-6';
import { STANDARDS_7_9 } from './standards-7-9';
import type { ModelText, ProcedureModel } from './types';

/** Every model article, keyed by the catalog id it implements. */
export const MODEL_TEXTS: ReadonlyMap<string, ModelText> = new Map(
  [...BASIC_POLICY, ...STANDARDS_1_3, ...STANDARDS_4_5, ...STANDARDS_6, ...STANDARDS_7_9, ...CLOUD_PROVISIONS].map((m) => [m.id, m]),
);

export const ALL_MODEL_TEXTS: readonly ModelText[] = [...BASIC_POLICY, ...STANDARDS_1_3, ...STANDARDS_4_5, ...STANDARDS_6, ...STANDARDS_7_9, ...CLOUD_PROVISIONS];

export const PROCEDURE_MODELS: readonly ProcedureModel[] = PROCEDURES;

export type { Condition, ModelText, ProcedureModel, ProcedureStep, Variant } from './types';
