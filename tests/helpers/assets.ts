import type { FastifyInstance } from 'fastify';
import { nowIso } from '../../server/db/sql';
import { newId } from '../../server/platform/ids';
import type { AssetsTable } from '../../server/modules/assets/assets.tables';
import { createUnit } from './app';

/**
 * An asset written straight into the register (no catalog needed), for fixtures. Route suites that
 * test the register itself go through POST /api/assets instead.
 */
export async function insertAsset(app: FastifyInstance, tenantId: string, fields: Partial<AssetsTable> = {}): Promise<AssetsTable> {
  let sectionId = fields.ownerSectionId;
  if (!sectionId) {
    const dept = await createUnit(app, tenantId, 'department');
    sectionId = await createUnit(app, tenantId, 'section', dept);
  }
  const now = nowIso();
  const id = newId();
  const row: AssetsTable = {
    tenantId,
    id,
    code: `T-${id.slice(-12)}`,
    name: `テスト資産 ${id.slice(-4)}`,
    description: null,
    kind: 'dataset',
    ownerSectionId: sectionId,
    custodian: null,
    segment: 'lgwan',
    hosting: 'onPremises',
    location: null,
    cloudServiceId: null,
    residentData: 0,
    myNumber: 0,
    specialCare: 0,
    recordCount: null,
    retention: null,
    backupNote: null,
    confidentiality: '2',
    integrity: '1',
    availability: '1',
    cRank: 2,
    schemeEdition: 'R8.3',
    classifiedAt: now,
    classifiedBy: null,
    classifiedByLabel: 'fixture',
    classificationReason: 'fixture',
    status: 'active',
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
  await app.deps.db.insertInto('assets').values(row).execute();
  return row;
}
