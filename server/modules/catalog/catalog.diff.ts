import type { AuditItem, Axis, CatalogNode, ClassificationLevel, EditionDiff, EditionDiffEntry, NodeHistoryEntry } from '@shared/catalog';
import type { CatalogData, MaterialisedEdition } from './catalog.loader';

/**
 * Edition comparison: which nodes, audit items and classification levels were added, removed or
 * changed between two materialised editions, with the changed fields side by side.
 */

/** The fields of a node that count as content (derived fields such as children are left out). */
export function nodeFields(n: CatalogNode): Record<string, unknown> {
  const links = (fw: 'annexA' | 'cld' | 'ordinance') => n.mappings[fw].map((m) => `${m.target} ${m.relation}`);
  return {
    number: n.number,
    parentId: n.parentId,
    title: n.title,
    titleEn: n.titleEn,
    'summary.ja': n.summary.ja,
    'summary.en': n.summary.en,
    obligation: n.obligation,
    'tags.segments': n.tags.segments,
    'tags.networkModels': n.tags.networkModels,
    'tags.cloud': n.tags.cloud,
    'tags.infoClasses': n.tags.infoClasses,
    'tags.orgSize': n.tags.orgSize,
    roles: n.roles,
    'mappings.annexA': links('annexA'),
    'mappings.cld': links('cld'),
    'mappings.ordinance': links('ordinance'),
    annexANone: n.annexANone ?? null,
    extends: n.extends ?? [],
    'provenance.confidence': n.provenance.confidence,
  };
}

export function auditFields(a: AuditItem): Record<string, unknown> {
  return {
    no: a.no,
    mandatory: a.mandatory,
    heading: a.heading,
    title: a.title,
    'expectation.ja': a.expectation.ja,
    'expectation.en': a.expectation.en,
    evidenceExamples: a.evidenceExamples,
    'howToAudit.ja': a.howToAudit.ja,
    'howToAudit.en': a.howToAudit.en,
    exampleRefs: a.exampleRefs,
    nodeIds: a.nodeIds,
    jisQ27002: a.jisQ27002,
    'provenance.confidence': a.provenance.confidence,
  };
}

function levelFields(l: ClassificationLevel): Record<string, unknown> {
  return {
    label: l.label,
    rank: l.rank,
    'meaning.ja': l.meaning.ja,
    disposalFamily: l.disposalFamily,
    handling: l.handling.map((h) => `${h.topic}: ${h.text.ja}`),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): EditionDiffEntry['fields'] {
  const out: EditionDiffEntry['fields'] = [];
  for (const key of Object.keys(after)) {
    if (!same(before[key], after[key])) out.push({ field: key, before: before[key], after: after[key] });
  }
  return out;
}

function compare<T>(
  kind: NonNullable<EditionDiffEntry['kind']>,
  older: T[],
  newer: T[],
  id: (x: T) => string,
  fields: (x: T) => Record<string, unknown>,
  label: (x: T) => { title: string; number?: string },
): EditionDiffEntry[] {
  const oldMap = new Map(older.map((x) => [id(x), x]));
  const newMap = new Map(newer.map((x) => [id(x), x]));
  const entries: EditionDiffEntry[] = [];
  // Newer order first (so additions sit where they appear), then removals in older order.
  for (const x of newer) {
    const prev = oldMap.get(id(x));
    if (!prev) {
      entries.push({ id: id(x), kind, change: 'added', fields: Object.entries(fields(x)).map(([field, after]) => ({ field, before: null, after })), ...label(x) });
      continue;
    }
    const f = changedFields(fields(prev), fields(x));
    if (f.length) entries.push({ id: id(x), kind, change: 'changed', fields: f, ...label(x) });
  }
  for (const x of older) {
    if (!newMap.has(id(x))) {
      entries.push({ id: id(x), kind, change: 'removed', fields: Object.entries(fields(x)).map(([field, before]) => ({ field, before, after: null })), ...label(x) });
    }
  }
  return entries;
}

export function diffEditions(a: MaterialisedEdition, b: MaterialisedEdition): EditionDiff {
  const entries: EditionDiffEntry[] = [
    ...compare('node', a.nodes, b.nodes, (n) => n.id, nodeFields, (n) => ({ title: n.title, number: n.number })),
    ...compare('auditItem', a.auditItems, b.auditItems, (x) => x.id, auditFields, (x) => ({ title: x.title, number: x.exampleRefs })),
  ];
  const levels = (ed: MaterialisedEdition) =>
    (['c', 'i', 'a'] as Axis[]).flatMap((axis) => ed.classification.levels[axis].map((l) => ({ key: `classification:${axis}.${l.id}`, l })));
  entries.push(
    ...compare('classification', levels(a), levels(b), (x) => x.key, (x) => levelFields(x.l), (x) => ({ title: x.l.label, number: x.l.id })),
  );
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const e of entries) counts[e.change]++;
  return { from: a.meta, to: b.meta, counts, entries };
}

/** A node across every edition of the catalog, oldest first. */
export function nodeHistory(data: CatalogData, nodeId: string): NodeHistoryEntry[] {
  const out: NodeHistoryEntry[] = [];
  let prev: CatalogNode | undefined;
  data.editions.forEach((ed, i) => {
    const n = ed.byId.get(nodeId);
    let status: NodeHistoryEntry['status'];
    let changed: string[] = [];
    if (i === 0) status = n ? 'baseline' : 'absent';
    else if (n && !prev) status = 'added';
    else if (!n && prev) status = 'removed';
    else if (!n) status = 'absent';
    else {
      changed = changedFields(nodeFields(prev as CatalogNode), nodeFields(n)).map((f) => f.field);
      status = changed.length ? 'changed' : 'unchanged';
    }
    const entry: NodeHistoryEntry = { edition: ed.meta.id, label: ed.meta.label, present: !!n, status, changedFields: changed };
    if (n) {
      entry.number = n.number;
      entry.title = n.title;
    }
    out.push(entry);
    prev = n;
  });
  return out;
}
