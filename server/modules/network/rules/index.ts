import { assetRules } from './assets';
import type { Rule } from './engine';
import { lgwanRules } from './lgwan';
import { modelRules } from './models';
import { myNumberRules } from './mynumber';
import { operationRules } from './operations';

/** Every rule of the checker, in the order findings are reported. */
export const RULES: readonly Rule[] = [...myNumberRules, ...lgwanRules, ...modelRules, ...operationRules, ...assetRules];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
