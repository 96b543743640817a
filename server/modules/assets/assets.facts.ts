import { isSet } from '../../db/sql';
import type { CatalogService } from '../catalog/catalog.contract';
import { schemeOf } from './assets.scheme';
import type { AssetsTable } from './assets.tables';
import { type AssetFacts, type CheckContext, evaluate, type Finding } from './rules/checks';

/** The facts the classification checks read from an asset row, and the checks run on them. */

export function factsOf(r: Pick<AssetsTable, 'kind' | 'segment' | 'hosting' | 'cloudServiceId' | 'residentData' | 'myNumber' | 'specialCare' | 'confidentiality' | 'integrity' | 'availability' | 'schemeEdition' | 'backupNote'>): AssetFacts {
  return {
    kind: r.kind,
    segment: r.segment,
    hosting: r.hosting,
    cloudServiceId: r.cloudServiceId,
    flags: { residentData: isSet(r.residentData), myNumber: isSet(r.myNumber), specialCare: isSet(r.specialCare) },
    confidentiality: r.confidentiality,
    integrity: r.integrity,
    availability: r.availability,
    schemeEdition: r.schemeEdition,
    backupNote: r.backupNote,
  };
}

export function checkContext(catalog: CatalogService, schemeEdition: string | null): CheckContext {
  const current = catalog.current();
  return {
    scheme: schemeEdition ? schemeOf(catalog, schemeEdition)?.scheme : undefined,
    currentScheme: current.classificationScheme,
    currentEdition: current.id,
  };
}

export function findingsOf(catalog: CatalogService, facts: AssetFacts): Finding[] {
  return evaluate(facts, checkContext(catalog, facts.schemeEdition));
}

