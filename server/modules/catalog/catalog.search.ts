import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { SearchHit, SearchResult } from '@shared/catalog';
import type { Db } from '../../db/database';
import { chunkRows, escapeLike, nowIso } from '../../db/sql';
import type { CatalogData, MaterialisedEdition } from './catalog.loader';

/**
 * Japanese full-text search that behaves the same on SQLite and PostgreSQL: every catalog text is
 * NFKC-normalised and lower-cased, cut into character bigrams, and stored in catalog_search_grams.
 * A query narrows candidates by its bigrams (so two-character words such as 廃棄 work) and then
 * verifies each term with LIKE on the normalised text. The index is rebuilt only when the catalog's
 * content hash changes (recorded in catalog_meta).
 */

const INDEX_VERSION = '1';
const META_KEY = 'search_index';
export const MAX_TERMS = 8;

/** NFKC, lower case, whitespace collapsed: the same on both sides of the search. */
export function normaliseText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Distinct character bigrams of a normalised text, skipping pairs that contain whitespace. */
export function bigrams(s: string): string[] {
  const chars = Array.from(s);
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i];
    const b = chars[i + 1];
    if (a === ' ' || b === ' ') continue;
    out.add(a + b);
  }
  return [...out];
}

/** Query terms: normalised, split on whitespace, de-duplicated, at most MAX_TERMS. */
export function queryTerms(q: string): string[] {
  return [...new Set(normaliseText(q).split(' ').filter(Boolean))].slice(0, MAX_TERMS);
}

interface SearchDoc {
  docId: string;
  kind: string;
  sortOrder: number;
  body: string;
}

function docsOf(ed: MaterialisedEdition): SearchDoc[] {
  const docs: SearchDoc[] = [];
  ed.nodes.forEach((n, i) => {
    docs.push({
      docId: n.id,
      kind: n.kind,
      sortOrder: i,
      body: normaliseText([n.id, n.number, n.title, n.titleEn, n.summary.ja, n.summary.en].join('\n')),
    });
  });
  ed.auditItems.forEach((a, i) => {
    docs.push({
      docId: a.id,
      kind: 'auditItem',
      sortOrder: 100_000 + i,
      body: normaliseText(
        [a.id, a.heading, a.title, a.exampleRefs, a.expectation.ja, a.expectation.en, a.howToAudit.ja, a.howToAudit.en, ...a.evidenceExamples.flatMap((e) => [e.ja, e.en])].join('\n'),
      ),
    });
  });
  return docs;
}

function indexKey(data: CatalogData): string {
  return `${INDEX_VERSION}:${data.contentHash}`;
}

const building = new WeakMap<Db, { key: string; promise: Promise<{ rebuilt: boolean; ms: number }> }>();

/** Make sure the index matches the loaded catalog; cheap when it already does. */
export function ensureSearchIndex(db: Db, data: CatalogData): Promise<{ rebuilt: boolean; ms: number }> {
  const key = indexKey(data);
  const running = building.get(db);
  if (running && running.key === key) return running.promise;
  const promise = syncIndex(db, data, key).catch((e) => {
    building.delete(db);
    throw e;
  });
  building.set(db, { key, promise });
  return promise;
}

/** Whether the index in the database was built from this catalog content (one small query). */
export async function isSearchIndexCurrent(db: Db, data: CatalogData): Promise<boolean> {
  return (await currentKey(db)) === indexKey(data);
}

async function currentKey(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('catalogMeta').select('value').where('key', '=', META_KEY).executeTakeFirst();
  return row?.value;
}

async function syncIndex(db: Db, data: CatalogData, key: string): Promise<{ rebuilt: boolean; ms: number }> {
  const started = performance.now();
  if ((await currentKey(db)) === key) return { rebuilt: false, ms: performance.now() - started };

  const texts = new Map<string, string>();
  const docRows: Array<{ editionId: string; docId: string; kind: string; textKey: string; sortOrder: number }> = [];
  for (const ed of data.editions) {
    for (const d of docsOf(ed)) {
      const textKey = createHash('sha256').update(d.body).digest('hex').slice(0, 40);
      texts.set(textKey, d.body);
      docRows.push({ editionId: ed.meta.id, docId: d.docId, kind: d.kind, textKey, sortOrder: d.sortOrder });
    }
  }
  const textRows = [...texts].map(([textKey, body]) => ({ textKey, body }));
  const gramRows: Array<{ gram: string; textKey: string }> = [];
  for (const [textKey, body] of texts) for (const gram of bigrams(body)) gramRows.push({ gram, textKey });

  try {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('catalogSearchDocs').execute();
      await trx.deleteFrom('catalogSearchGrams').execute();
      await trx.deleteFrom('catalogSearchTexts').execute();
      for (const chunk of chunkRows(textRows, 2, 10_000)) await trx.insertInto('catalogSearchTexts').values(chunk).execute();
      for (const chunk of chunkRows(gramRows, 2)) await trx.insertInto('catalogSearchGrams').values(chunk).execute();
      for (const chunk of chunkRows(docRows, 5)) await trx.insertInto('catalogSearchDocs').values(chunk).execute();
      await trx
        .insertInto('catalogMeta')
        .values({ key: META_KEY, value: key, updatedAt: nowIso() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: key, updatedAt: nowIso() }))
        .execute();
    });
  } catch (e) {
    // Another process may have built the same index at the same moment; that is fine.
    if ((await currentKey(db).catch(() => undefined)) === key) return { rebuilt: false, ms: performance.now() - started };
    throw e;
  }
  return { rebuilt: true, ms: performance.now() - started };
}

/** A short excerpt around the first match, from the record's display text. */
function snippetOf(text: string, terms: string[], width = 60): string {
  const display = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const lower = display.toLowerCase();
  let at = -1;
  let len = 0;
  for (const t of terms) {
    const i = lower.indexOf(t);
    if (i >= 0 && (at < 0 || i < at)) {
      at = i;
      len = t.length;
    }
  }
  if (at < 0) return Array.from(display).slice(0, width).join('') + (display.length > width ? '…' : '');
  const start = Math.max(0, at - Math.floor((width - len) / 2));
  const end = Math.min(display.length, start + width);
  return `${start > 0 ? '…' : ''}${display.slice(start, end)}${end < display.length ? '…' : ''}`;
}

export async function searchCatalog(db: Db, data: CatalogData, ed: MaterialisedEdition, q: string, limit: number): Promise<SearchResult> {
  const terms = queryTerms(q);
  if (terms.length === 0) return { edition: ed.meta.id, q, total: 0, hits: [] };
  await ensureSearchIndex(db, data);

  const grams = [...new Set(terms.flatMap((t) => bigrams(t)))];
  let query = db
    .selectFrom('catalogSearchDocs as d')
    .innerJoin('catalogSearchTexts as t', 't.textKey', 'd.textKey')
    .select(['d.docId', 'd.kind', 'd.sortOrder', 't.body'])
    .where('d.editionId', '=', ed.meta.id);
  if (grams.length) {
    query = query.where(
      'd.textKey',
      'in',
      db
        .selectFrom('catalogSearchGrams')
        .select('textKey')
        .where('gram', 'in', grams)
        .groupBy('textKey')
        .having((eb) => eb.fn.countAll(), '=', grams.length),
    );
  }
  for (const t of terms) query = query.where(sql<boolean>`t.body like ${`%${escapeLike(t)}%`} escape '\\'`);
  const rows = await query.execute();

  const scored = rows.map((r) => {
    let score = 0;
    const title = normaliseText(r.kind === 'auditItem' ? (ed.auditById.get(r.docId)?.title ?? '') : (ed.byId.get(r.docId)?.title ?? ''));
    const number = normaliseText(ed.byId.get(r.docId)?.number ?? '');
    for (const t of terms) {
      if (t === r.docId.toLowerCase() || t === number) score += 100;
      if (title.includes(t)) score += 20;
      if (title === t) score += 20;
      let n = 0;
      let i = r.body.indexOf(t);
      while (i >= 0 && n < 5) {
        n++;
        i = r.body.indexOf(t, i + t.length);
      }
      score += n;
    }
    if (r.kind === 'item' || r.kind === 'subItem' || r.kind === 'cloudProvision') score += 2;
    return { r, score };
  });
  scored.sort((a, b) => b.score - a.score || a.r.sortOrder - b.r.sortOrder);

  const hits: SearchHit[] = scored.slice(0, limit).map(({ r, score }) => {
    if (r.kind === 'auditItem') {
      const a = ed.auditById.get(r.docId);
      return {
        id: r.docId,
        kind: 'auditItem',
        number: a?.exampleRefs ?? '',
        title: a?.title ?? r.docId,
        snippet: snippetOf(a ? `${a.title} ${a.expectation.ja} ${a.howToAudit.ja} ${a.expectation.en}` : r.body, terms),
        score,
      };
    }
    const n = ed.byId.get(r.docId);
    return {
      id: r.docId,
      kind: (n?.kind ?? 'item') as SearchHit['kind'],
      number: n?.number ?? '',
      title: n?.title ?? r.docId,
      snippet: snippetOf(n ? `${n.title} ${n.summary.ja} ${n.titleEn} ${n.summary.en}` : r.body, terms),
      score,
    };
  });
  return { edition: ed.meta.id, q, total: rows.length, hits };
}
