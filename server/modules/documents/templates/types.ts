import type { NetworkModel } from '@shared/catalog';
import type { OrgSizeChoice, ProcedureTemplate } from '@shared/documents';

/**
 * Shirube's model wording (モデル文案). Every text here is written by the Shirube project in its
 * own words, following the structure of the guideline catalog; none of it is the guideline's 例文.
 *
 * Text is a list of paragraphs. Placeholders in braces are filled from the organisation's choices
 * and the catalog edition (see render.ts): {org} {head} {deputyHead} {committee} {cio} {ciso}
 * {deputyCiso} {chiefSecurityManager} {securityOfficer} {securityManager} {systemManager}
 * {auditLead} {conf2} {conf3} {classList} {handlingRules} {modelName}.
 * A paragraph that starts with "[[deputyCiso]]" is kept only when the organisation names a deputy CISO.
 */

/** When a variant of the wording applies. Every given condition must hold. */
export interface Condition {
  wirelessLan?: boolean;
  orgSize?: OrgSizeChoice;
  networkModels?: NetworkModel[];
  externalServicesConfidential?: boolean;
  /** The edition is this one or later (by the catalog's order). */
  since?: string;
  /** The edition is this one or earlier. */
  until?: string;
}

export interface Variant {
  when: Condition;
  text: string[];
  /** What makes this variant different, for the editor (e.g. "小規模団体向け"). */
  label: { ja: string; en: string };
  /** Shirube's own reading where the guideline's allowance is not confirmed. */
  provisional?: boolean;
}

export interface ModelText {
  /** The catalog id this article implements. */
  id: string;
  text: string[];
  variants?: Variant[];
  /** The article applies only when these conditions hold (otherwise it is generated as omitted). */
  requires?: Condition & { reason: string };
  /** Recommended items that start switched off (the organisation opts in). */
  defaultOff?: boolean;
}

export interface ProcedureStep {
  /** Stable within the procedure: the article key becomes "<template>:<key>". */
  key: string;
  heading: string;
  text: string[];
  variants?: Variant[];
  /** Catalog ids (standards items) this step implements. */
  implements: string[];
}

export interface ProcedureModel {
  template: ProcedureTemplate;
  /** The standards items the procedure as a whole implements. */
  implements: string[];
  steps: ProcedureStep[];
}
