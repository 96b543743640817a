import {
  CATALOG_PARTS,
  type CatalogNode,
  type CatalogStats,
  type CatalogStatsRow,
  type CatalogTree,
  type CatalogTreeNode,
  type ControlDetail,
  type ControlRef,
  type CrosswalkLink,
  type FrameworkProvision,
  type CrosswalkRow,
  type MappingFramework,
  type NodeDetail,
} from '@shared/catalog';
import type { Db } from '../../db/database';
import { err } from '../../platform/errors';
import type { CatalogService } from './catalog.contract';
import { diffEditions, nodeHistory } from './catalog.diff';
import { type CatalogData, MAPPED_KINDS, type MaterialisedEdition } from './catalog.loader';
import { searchCatalog } from './catalog.search';

/**
 * The catalog service: everything the API, the CLI and other modules ask of the loaded catalog.
 * Reads are in memory; only search goes to the database (the bigram index).
 */

const FRAMEWORKS: MappingFramework[] = ['annexA', 'cld', 'ordinance'];

export const EDITION_KIND = { ja: '版', en: 'Edition' };
export const CONTROL_KIND = { ja: '管理策', en: 'Control' };

export function nodeKindLabel(editionId: string) {
  return { ja: `版 ${editionId} の項目`, en: `Edition ${editionId} entry` };
}

const brief = (n: CatalogNode) => ({ id: n.id, number: n.number, title: n.title, kind: n.kind });

export class CatalogServiceImpl implements CatalogService {
  constructor(
    readonly data: CatalogData,
    private readonly db?: Db,
  ) {}

  /** The materialised edition, or a 404 naming it. */
  ed(id: string): MaterialisedEdition {
    const e = this.data.editionById.get(id);
    if (!e) throw err.notFound(EDITION_KIND, id);
    return e;
  }

  editions() {
    return this.data.editions.map((e) => e.meta);
  }
  current() {
    return this.data.current.meta;
  }
  edition(id: string) {
    return this.ed(id).meta;
  }
  hasEdition(id: string) {
    return this.data.editionById.has(id);
  }
  node(editionId: string, nodeId: string) {
    return this.data.editionById.get(editionId)?.byId.get(nodeId);
  }
  nodes(editionId: string) {
    return this.ed(editionId).nodes;
  }
  auditItems(editionId: string) {
    return this.ed(editionId).auditItems;
  }
  auditItem(editionId: string, id: string) {
    return this.data.editionById.get(editionId)?.auditById.get(id);
  }
  classification(editionId: string) {
    return this.ed(editionId).classification;
  }
  annexA() {
    return this.data.frameworks.annexA.controls;
  }
  controls(framework?: MappingFramework): ControlRef[] {
    return framework ? this.data.frameworks[framework].controls : FRAMEWORKS.flatMap((f) => this.data.frameworks[f].controls);
  }
  /** Rules of a framework itself, e.g. the ordinance's transitional rule and exemption (for the readiness view). */
  provisions(framework: MappingFramework): FrameworkProvision[] {
    return this.data.frameworks[framework].provisions ?? [];
  }
  control(id: string) {
    return this.data.controlById.get(id);
  }
  contentHash() {
    return this.data.contentHash;
  }

  tree(editionId: string): CatalogTree {
    const ed = this.ed(editionId);
    const build = (n: CatalogNode): CatalogTreeNode => ({
      id: n.id,
      kind: n.kind,
      number: n.number,
      title: n.title,
      titleEn: n.titleEn,
      obligation: n.obligation,
      confidence: n.provenance.confidence,
      children: (n.children ?? []).map((c) => build(ed.byId.get(c) as CatalogNode)),
    });
    return {
      edition: ed.meta,
      parts: CATALOG_PARTS.map((p) => ({
        id: p.id,
        label: p.label,
        roots: ed.nodes.filter((n) => n.part === p.id && n.parentId === null).map(build),
      })),
    };
  }

  detail(editionId: string, nodeId: string): NodeDetail {
    const ed = this.ed(editionId);
    const node = ed.byId.get(nodeId);
    if (!node) throw err.notFound(nodeKindLabel(editionId), nodeId);
    const ancestors: NodeDetail['ancestors'] = [];
    let p = node.parentId ? ed.byId.get(node.parentId) : undefined;
    while (p) {
      ancestors.unshift(brief(p));
      p = p.parentId ? ed.byId.get(p.parentId) : undefined;
    }
    const crosswalks: CrosswalkLink[] = [];
    for (const fw of FRAMEWORKS) {
      for (const m of node.mappings[fw]) {
        const control = this.data.controlById.get(m.target) as ControlRef;
        const alsoMappedBy = (ed.byControl.get(m.target) ?? [])
          .filter((l) => l.nodeId !== node.id)
          .map((l) => ed.byId.get(l.nodeId) as CatalogNode)
          .map((n) => ({ id: n.id, number: n.number, title: n.title }));
        crosswalks.push({ ...m, framework: fw, control, alsoMappedBy });
      }
    }
    return {
      edition: ed.meta,
      node,
      ancestors,
      children: (node.children ?? []).map((c) => brief(ed.byId.get(c) as CatalogNode)),
      crosswalks,
      auditItems: ed.auditByNode.get(node.id) ?? [],
      extendedBy: (ed.extendedBy.get(node.id) ?? []).map((id) => brief(ed.byId.get(id) as CatalogNode)),
      extendsNodes: (node.extends ?? []).map((id) => ed.byId.get(id)).filter((n): n is CatalogNode => !!n).map(brief),
      history: nodeHistory(this.data, node.id),
    };
  }

  history(nodeId: string) {
    if (!this.data.editions.some((e) => e.byId.has(nodeId))) throw err.notFound({ ja: '項目', en: 'Catalog entry' }, nodeId);
    return nodeHistory(this.data, nodeId);
  }

  diff(fromId: string, toId: string) {
    return diffEditions(this.ed(fromId), this.ed(toId));
  }

  controlDetail(editionId: string, controlId: string): ControlDetail {
    const ed = this.ed(editionId);
    const control = this.data.controlById.get(controlId);
    if (!control) throw err.notFound(CONTROL_KIND, controlId);
    const nodes = (ed.byControl.get(controlId) ?? []).map((l) => {
      const n = ed.byId.get(l.nodeId) as CatalogNode;
      return { ...brief(n), relation: l.relation, basis: l.basis };
    });
    const jis = controlId.startsWith('A.') ? controlId.slice(2) : null;
    const auditItems = jis ? ed.auditItems.filter((a) => a.jisQ27002.includes(jis)).map((a) => ({ id: a.id, title: a.title })) : [];
    return { edition: ed.meta, control, nodes, auditItems };
  }

  crosswalks(editionId: string, framework?: MappingFramework): CrosswalkRow[] {
    const ed = this.ed(editionId);
    const rows: CrosswalkRow[] = [];
    for (const n of ed.nodes) {
      for (const fw of framework ? [framework] : FRAMEWORKS) {
        for (const m of n.mappings[fw]) {
          const c = this.data.controlById.get(m.target);
          rows.push({
            nodeId: n.id,
            number: n.number,
            title: n.title,
            framework: fw,
            target: m.target,
            targetTitle: c ? `${c.title}${c.titleJa ? ` / ${c.titleJa}` : ''}` : m.target,
            relation: m.relation,
            basis: m.basis ?? 'shirube',
          });
        }
      }
    }
    return rows;
  }

  stats(editionId: string): CatalogStats {
    const ed = this.ed(editionId);
    const subtree = (root: CatalogNode): CatalogNode[] => {
      const out: CatalogNode[] = [root];
      for (let i = 0; i < out.length; i++) for (const c of out[i].children ?? []) out.push(ed.byId.get(c) as CatalogNode);
      return out;
    };
    const row = (id: string, number: string, title: string, members: CatalogNode[]): CatalogStatsRow => {
      const ids = new Set(members.map((n) => n.id));
      const audits = ed.auditItems.filter((a) => a.nodeIds.some((x) => ids.has(x)));
      const mapped = members.filter((n) => MAPPED_KINDS.has(n.kind));
      return {
        id,
        number,
        title,
        sections: members.filter((n) => n.kind === 'section' || (n.kind === 'chapter' && n.id !== id)).length,
        items: members.filter((n) => n.kind === 'item' || n.kind === 'basicPolicy' || n.kind === 'cloudProvision').length,
        subItems: members.filter((n) => n.kind === 'subItem').length,
        auditItems: audits.length,
        mappedItems: mapped.filter((n) => n.mappings.annexA.length > 0).length,
        annexANone: mapped.filter((n) => n.annexANone).length,
        provisional: members.filter((n) => n.provenance.confidence === 'provisional').length + audits.filter((a) => a.provenance.confidence === 'provisional').length,
      };
    };
    const chapters = ed.nodes.filter((n) => n.part === 'standards' && n.kind === 'chapter').map((c) => row(c.id, c.number, c.title, subtree(c)));
    const others: CatalogStatsRow[] = [];
    const bp = ed.nodes.filter((n) => n.part === 'basicPolicy');
    if (bp.length) others.push(row('BP', 'BP', '情報セキュリティ基本方針', bp));
    for (const rootId of ['CP', 'GR']) {
      const root = ed.byId.get(rootId);
      if (root) others.push(row(root.id, root.number, root.title, subtree(root)));
    }
    const all = [...chapters, ...others];
    const sum = (k: keyof Omit<CatalogStatsRow, 'id' | 'number' | 'title'>) => all.reduce((s, r) => s + r[k], 0);
    // Audit items can span chapters; count each once in the totals.
    const provisionalAudits = ed.auditItems.filter((a) => a.provenance.confidence === 'provisional').length;
    return {
      edition: ed.meta,
      chapters,
      others,
      totals: {
        sections: sum('sections'),
        items: sum('items'),
        subItems: sum('subItems'),
        auditItems: ed.auditItems.length,
        mappedItems: sum('mappedItems'),
        annexANone: sum('annexANone'),
        provisional: ed.nodes.filter((n) => n.provenance.confidence === 'provisional').length + provisionalAudits,
        nodes: ed.nodes.length,
        controls: {
          annexA: this.data.frameworks.annexA.controls.length,
          cld: this.data.frameworks.cld.controls.length,
          ordinance: this.data.frameworks.ordinance.controls.length,
        },
      },
    };
  }

  async search(editionId: string, q: string, limit = 20) {
    const ed = this.ed(editionId);
    if (!this.db) throw new Error('catalog search needs a database');
    return searchCatalog(this.db, this.data, ed, q, limit);
  }
}
