import type { CatalogNode, ClassificationScheme, EditionMeta } from '@shared/catalog';
import {
  type ArticleLevel,
  DOC_TEMPLATE_LABELS,
  type DocKind,
  type DocTemplate,
  NETWORK_MODEL_LABELS,
  type PolicyChoices,
  localLabel,
} from '@shared/documents';
import { type Condition, MODEL_TEXTS, type ModelText, PROCEDURE_MODELS, type Variant } from './templates';

/**
 * Generation of a policy from a catalog edition and the organisation's choices: one model article
 * per catalog node (chapters and sections as headings, items with Shirube's model wording), plus
 * the procedures. Pure: the catalog is passed in, nothing is stored here.
 */

/** What generation needs from the catalog (a subset of CatalogService). */
export interface CatalogSource {
  editions(): EditionMeta[];
  edition(id: string): EditionMeta;
  nodes(editionId: string): CatalogNode[];
  classification(editionId: string): ClassificationScheme;
}

export interface GenArticle {
  key: string;
  parentKey: string | null;
  level: ArticleLevel;
  /** Guideline numbering of the catalog node ("6.1(13)"); null for procedure steps. */
  number: string | null;
  label: string;
  heading: string;
  body: string;
  catalogIds: string[];
  included: boolean;
  omitReason: string | null;
  sortOrder: number;
  /** Which variant of the model wording was used (for the editor), when not the base text. */
  variant: { ja: string; en: string } | null;
}

export interface GenDocument {
  template: DocTemplate;
  kind: DocKind;
  title: string;
  isPublic: boolean;
  sortOrder: number;
  implements: string[];
  articles: GenArticle[];
}

const KIND_LEVEL: Record<CatalogNode['kind'], ArticleLevel> = {
  part: 'part',
  chapter: 'chapter',
  section: 'section',
  item: 'item',
  subItem: 'subItem',
  basicPolicy: 'article',
  cloudProvision: 'item',
};

/** The head of an organisation from the ending of its name (市 → 市長). */
export function headTitleFor(orgName: string): string {
  if (/(都|道|府|県)$/.test(orgName)) return '知事';
  if (/市$/.test(orgName)) return '市長';
  if (/町$/.test(orgName)) return '町長';
  if (/村$/.test(orgName)) return '村長';
  if (/区$/.test(orgName)) return '区長';
  return '長';
}

/** Defaults for a new policy: names from the organisation, the α model, standard size. */
export function defaultChoices(orgName: string): PolicyChoices {
  const head = headTitleFor(orgName);
  const deputy = head === '長' ? '副管理者' : `副${head}`;
  return {
    orgName,
    headTitle: head,
    roleHolders: {
      cio: deputy,
      ciso: deputy,
      deputyCiso: '',
      chiefSecurityManager: '情報政策を担当する部長',
      securityOfficer: '各部局の長',
      securityManager: '各課室の長',
      systemManager: '情報システムを所管する課室の長',
      auditLead: 'CISOが指名する者',
    },
    committeeName: '情報セキュリティ委員会',
    networkModel: 'alpha',
    externalServicesConfidential: true,
    wirelessLan: false,
    orgSize: 'standard',
    cloudProvisions: true,
    optional: {},
  };
}

export class Generator {
  private readonly order = new Map<string, number>();

  constructor(private readonly catalog: CatalogSource) {
    for (const e of catalog.editions()) this.order.set(e.id, e.order);
  }

  editionOrder(id: string): number {
    const o = this.order.get(id);
    if (o === undefined) throw new Error(`unknown edition ${id}`);
    return o;
  }

  holds(cond: Condition, edition: string, choices: PolicyChoices): boolean {
    if (cond.wirelessLan !== undefined && cond.wirelessLan !== choices.wirelessLan) return false;
    if (cond.orgSize !== undefined && cond.orgSize !== choices.orgSize) return false;
    if (cond.externalServicesConfidential !== undefined && cond.externalServicesConfidential !== choices.externalServicesConfidential) return false;
    if (cond.networkModels && !cond.networkModels.includes(choices.networkModel)) return false;
    if (cond.since !== undefined && this.editionOrder(edition) < this.editionOrder(cond.since)) return false;
    if (cond.until !== undefined && this.editionOrder(edition) > this.editionOrder(cond.until)) return false;
    return true;
  }

  pickText(model: { text: string[]; variants?: Variant[] }, edition: string, choices: PolicyChoices): { text: string[]; variant: Variant | null } {
    for (const v of model.variants ?? []) if (this.holds(v.when, edition, choices)) return { text: v.text, variant: v };
    return { text: model.text, variant: null };
  }

  /** Fill placeholders; throws on an unknown one so a template mistake cannot reach a document. */
  render(lines: string[], edition: string, choices: PolicyChoices): string {
    const scheme = this.catalog.classification(edition);
    const legacy = scheme.id === 'legacy3';
    const h = choices.roleHolders;
    const values: Record<string, string> = {
      org: choices.orgName,
      head: choices.headTitle,
      deputyHead: choices.headTitle === '長' ? '副管理者' : `副${choices.headTitle}`,
      committee: choices.committeeName,
      cio: h.cio,
      ciso: h.ciso,
      deputyCiso: h.deputyCiso,
      chiefSecurityManager: h.chiefSecurityManager,
      securityOfficer: h.securityOfficer,
      securityManager: h.securityManager,
      systemManager: h.systemManager,
      auditLead: h.auditLead,
      conf2: legacy ? '機密性2以上' : '自治体機密性2以上',
      conf3: legacy ? '機密性3' : '自治体機密性3A、3B及び3C',
      modelName: NETWORK_MODEL_LABELS[choices.networkModel].ja,
    };
    const out: string[] = [];
    for (let line of lines) {
      const cond = /^\[\[(\w+)\]\]/.exec(line);
      if (cond) {
        if (!values[cond[1]]?.trim()) continue;
        line = line.slice(cond[0].length);
      }
      if (line === '{classList}') {
        out.push(...classList(scheme));
        continue;
      }
      if (line === '{handlingRules}') {
        out.push(...handlingLines(scheme));
        continue;
      }
      out.push(
        line.replace(/\{(\w+)\}/g, (_m, name: string) => {
          const v = values[name];
          if (v === undefined) throw new Error(`unknown placeholder {${name}} in model text`);
          return v;
        }),
      );
    }
    return out.join('\n');
  }

  /** Whether a catalog node applies under the choices, and why not. */
  applicability(node: CatalogNode, byId: Map<string, CatalogNode>, model: ModelText | undefined, edition: string, choices: PolicyChoices): string | null {
    const t = node.tags;
    if (node.part === 'cloud' && !choices.cloudProvisions) return '標準準拠システム等をクラウドサービスで利用しないため（第4編特則の対象外）';
    if (t.networkModels.length > 0 && !t.networkModels.includes(choices.networkModel)) {
      const models = t.networkModels.map((m) => NETWORK_MODEL_LABELS[m].ja).join('・');
      return `${NETWORK_MODEL_LABELS[choices.networkModel].ja}を採用しており、${models}を採用していないため`;
    }
    if (!choices.externalServicesConfidential && isConfidentialCloud(node, byId)) return '外部サービスで自治体機密性2以上の情報を取り扱わないため';
    if (t.orgSize === 'large' && choices.orgSize === 'small') return '小規模団体向けの構成では対象外とされている項目のため';
    if (t.orgSize === 'small' && choices.orgSize !== 'small') return '小規模団体向けの項目のため';
    if (model?.requires && !this.holds(model.requires, edition, choices)) return model.requires.reason;
    if (node.obligation === 'recommended' && t.networkModels.length === 0) {
      const on = choices.optional[node.id] ?? !model?.defaultOff;
      if (!on) return '推奨事項のうち採用しないと団体が選んだため';
    }
    return null;
  }

  private readonly memo = new Map<string, GenDocument[]>();

  /**
   * The model documents for an edition and choices. Results are kept for the last few inputs
   * (the same version is shown, compared and exported many times); callers must not mutate them.
   */
  generate(edition: string, choices: PolicyChoices): GenDocument[] {
    const key = `${edition}|${JSON.stringify(choices)}`;
    const hit = this.memo.get(key);
    if (hit) {
      this.memo.delete(key);
      this.memo.set(key, hit);
      return hit;
    }
    const out = this.build(edition, choices);
    this.memo.set(key, out);
    if (this.memo.size > 32) this.memo.delete(this.memo.keys().next().value as string);
    return out;
  }

  private build(edition: string, choices: PolicyChoices): GenDocument[] {
    const meta = this.catalog.edition(edition);
    const nodes = this.catalog.nodes(meta.id);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const docs: GenDocument[] = [];

    const basic: GenArticle[] = [];
    const standards: GenArticle[] = [];
    const omitted = new Map<string, string>();
    let order = 0;
    for (const node of nodes) {
      if (node.part === 'general') continue;
      const model = MODEL_TEXTS.get(node.id);
      const parentReason = node.parentId ? omitted.get(node.parentId) : undefined;
      const reason = parentReason ?? this.applicability(node, byId, model, meta.id, choices);
      if (reason) omitted.set(node.id, reason);
      const picked = model ? this.pickText(model, meta.id, choices) : null;
      const level = KIND_LEVEL[node.kind];
      order += 100;
      const article: GenArticle = {
        key: node.id,
        parentKey: node.part === 'basicPolicy' ? null : node.parentId,
        level,
        number: node.number,
        label: labelFor(node),
        heading: node.title,
        body: picked ? this.render(picked.text, meta.id, choices) : '',
        catalogIds: [node.id],
        included: reason === null || reason === undefined,
        omitReason: reason ?? null,
        sortOrder: order,
        variant: picked?.variant ? picked.variant.label : null,
      };
      if (node.part === 'basicPolicy') basic.push(article);
      else standards.push(article);
    }
    docs.push({
      template: 'basicPolicy',
      kind: 'basicPolicy',
      title: `${choices.orgName}${DOC_TEMPLATE_LABELS.basicPolicy.ja}`,
      isPublic: true,
      sortOrder: 1,
      implements: [],
      articles: basic,
    });
    docs.push({
      template: 'standards',
      kind: 'standards',
      title: `${choices.orgName}${DOC_TEMPLATE_LABELS.standards.ja}`,
      isPublic: false,
      sortOrder: 2,
      implements: [],
      articles: standards,
    });
    for (const [i, proc] of PROCEDURE_MODELS.entries()) docs.push(this.procedure(proc.template, meta.id, choices, byId, 3 + i));
    return docs;
  }

  procedure(template: DocTemplate, edition: string, choices: PolicyChoices, byId: Map<string, CatalogNode>, sortOrder: number): GenDocument {
    const proc = PROCEDURE_MODELS.find((p) => p.template === template);
    if (!proc) throw new Error(`unknown procedure template ${template}`);
    const articles: GenArticle[] = proc.steps.map((step, i) => {
      const picked = this.pickText(step, edition, choices);
      return {
        key: `${proc.template}:${step.key}`,
        parentKey: null,
        level: 'article',
        number: null,
        label: `第${i + 1}条`,
        heading: step.heading,
        body: this.render(picked.text, edition, choices),
        catalogIds: step.implements.filter((id) => byId.has(id)),
        included: true,
        omitReason: null,
        sortOrder: (i + 1) * 100,
        variant: picked.variant ? picked.variant.label : null,
      };
    });
    return {
      template: proc.template,
      kind: 'procedure',
      title: DOC_TEMPLATE_LABELS[proc.template].ja,
      isPublic: false,
      sortOrder,
      implements: proc.implements.filter((id) => byId.has(id)),
      articles,
    };
  }
}

/** Cloud items that only apply when external services hold 自治体機密性2+ (8.3 and its items). */
function isConfidentialCloud(node: CatalogNode, byId: Map<string, CatalogNode>): boolean {
  let n: CatalogNode | undefined = node;
  while (n) {
    const c = n.tags.infoClasses;
    if (n.tags.cloud && n.part === 'standards' && c.length > 0 && !c.includes('1')) return true;
    n = n.parentId ? byId.get(n.parentId) : undefined;
  }
  return false;
}

/** The label printed before a heading, following the guideline's numbering. */
export function labelFor(node: CatalogNode): string {
  if (node.part === 'cloud') {
    if (node.kind === 'part') return '第4編';
    const m = /^CP-(\d+)(?:\.(\d+))?/.exec(node.id);
    if (!m) return node.number;
    return m[2] ? `(${m[2]})` : `特則${m[1]}.`;
  }
  if (node.part === 'basicPolicy') return node.number || node.id.replace(/^BP-/, '');
  const level = KIND_LEVEL[node.kind];
  if (node.number) return localLabel(level, node.number);
  return node.id.replace(/^KB-/, '');
}

function classList(scheme: ClassificationScheme): string[] {
  const axes: Array<['c' | 'i' | 'a', string]> = [
    ['c', '機密性'],
    ['i', '完全性'],
    ['a', '可用性'],
  ];
  const out: string[] = [];
  for (const [axis, name] of axes) {
    const levels = [...scheme.levels[axis]].sort((a, b) => b.rank - a.rank);
    out.push(`（${name}）`);
    for (const l of levels) out.push(`${l.label}　${l.meaning.ja}`);
  }
  return out;
}

function handlingLines(scheme: ClassificationScheme): string[] {
  const out: string[] = [];
  for (const axis of ['c', 'i', 'a'] as const) {
    for (const l of [...scheme.levels[axis]].sort((a, b) => b.rank - a.rank)) {
      if (l.handling.length === 0) continue;
      out.push(`（${l.label}）`);
      for (const h of l.handling) out.push(`・${h.text.ja}`);
    }
  }
  return out;
}
