import path from 'node:path';
import { loadCatalog } from '../catalog/catalog.loader';
import { CatalogServiceImpl } from '../catalog/catalog.service';

/** The real guideline catalog of the repository, for unit tests and benchmarks of this module. */
export function realCatalog(): CatalogServiceImpl {
  const dir = path.resolve(import.meta.dirname, '..', '..', '..', 'catalog');
  return new CatalogServiceImpl(loadCatalog({ dir }));
}
