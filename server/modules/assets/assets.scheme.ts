import type { Axis, ClassificationLevel, ClassificationScheme, EditionMeta } from '@shared/catalog';
import { CONFIDENTIALITY_IDS } from '@shared/assets';
import type { AppDeps } from '../../platform/deps';
import { AppError, type Bilingual } from '../../platform/errors';
import type { CatalogService } from '../catalog/catalog.contract';

/**
 * The classification scheme behind a catalog edition, as the asset register uses it: which level
 * ids exist on each axis, and how a level id that does not fit is explained.
 */

export const AXIS_NAMES: Record<Axis, Bilingual> = {
  c: { ja: '機密性', en: 'Confidentiality' },
  i: { ja: '完全性', en: 'Integrity' },
  a: { ja: '可用性', en: 'Availability' },
};

export const AXIS_FIELDS: Record<Axis, 'confidentiality' | 'integrity' | 'availability'> = {
  c: 'confidentiality',
  i: 'integrity',
  a: 'availability',
};

/** Sort key stored with each asset: strictest first when sorted descending; 0 when unclassified. */
const SORT_RANK: Record<string, number> = { '3A': 6, '3': 5, '3B': 4, '3C': 3, '2': 2, '1': 1 };
export const sortRank = (c: string | null | undefined): number => (c ? (SORT_RANK[c] ?? 0) : 0);

export function catalogOf(deps: Pick<AppDeps, 'services'>): CatalogService {
  const catalog = deps.services.catalog;
  if (!catalog) {
    throw new AppError(503, 'catalog_unavailable', {
      ja: 'ガイドラインカタログを読み込めていないため、分類を扱えません。',
      en: 'The guideline catalog is not loaded, so classifications cannot be handled.',
    });
  }
  return catalog;
}

export interface SchemeView {
  edition: EditionMeta;
  scheme: ClassificationScheme;
  /** Level ids per axis, strictest first. */
  ids: Record<Axis, string[]>;
  level(axis: Axis, id: string): ClassificationLevel | undefined;
}

/** Schemes by edition, cached per catalog instance (the catalog is immutable once loaded). */
const cache = new WeakMap<CatalogService, Map<string, SchemeView>>();

export function schemeOf(catalog: CatalogService, editionId: string): SchemeView | undefined {
  let perCatalog = cache.get(catalog);
  if (!perCatalog) {
    perCatalog = new Map();
    cache.set(catalog, perCatalog);
  }
  const hit = perCatalog.get(editionId);
  if (hit) return hit;
  if (!catalog.hasEdition(editionId)) return undefined;
  const edition = catalog.edition(editionId);
  const scheme = catalog.classification(editionId);
  const sorted = (axis: Axis) => [...scheme.levels[axis]].sort((a, b) => b.rank - a.rank);
  const ids = { c: sorted('c').map((l) => l.id), i: sorted('i').map((l) => l.id), a: sorted('a').map((l) => l.id) };
  const view: SchemeView = {
    edition,
    scheme,
    ids,
    level: (axis, id) => scheme.levels[axis].find((l) => l.id === id),
  };
  perCatalog.set(editionId, view);
  return view;
}

export interface LevelProblem {
  code: 'level_unknown' | 'level_not_in_scheme';
  message: Bilingual;
}

/**
 * Why a level id does not fit an edition's scheme, or null when it does. Ids that no scheme uses
 * are "unknown"; ids of another scheme (3 under R8.3, 3A under R5.3) "do not exist in the edition".
 */
export function levelProblem(view: SchemeView, axis: Axis, id: string): LevelProblem | null {
  if (view.ids[axis].includes(id)) return null;
  const allowed = view.ids[axis].join('・');
  const known = axis === 'c' ? (CONFIDENTIALITY_IDS as readonly string[]).includes(id) : false;
  if (known) {
    return {
      code: 'level_not_in_scheme',
      message: {
        ja: `${AXIS_NAMES[axis].ja}「${id}」は${view.edition.label}版（${view.edition.id}）の分類にはありません。使える値: ${allowed}`,
        en: `${AXIS_NAMES[axis].en} "${id}" does not exist in the ${view.edition.id} scheme. Allowed: ${allowed.replaceAll('・', ', ')}`,
      },
    };
  }
  return {
    code: 'level_unknown',
    message: {
      ja: `${AXIS_NAMES[axis].ja}「${id}」という区分はありません。使える値: ${allowed}`,
      en: `There is no ${AXIS_NAMES[axis].en.toLowerCase()} level "${id}". Allowed: ${allowed.replaceAll('・', ', ')}`,
    },
  };
}

/** Editions whose scheme differs from the current edition's (assets under them need reclassifying). */
export function olderSchemeEditions(catalog: CatalogService): string[] {
  const current = catalog.current();
  return catalog
    .editions()
    .filter((e) => e.classificationScheme !== current.classificationScheme)
    .map((e) => e.id);
}
