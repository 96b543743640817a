import type { FastifyInstance } from 'fastify';
import { systemCtx } from '../../server/platform/context';
import { nowIso } from '../../server/db/sql';
import { newId } from '../../server/platform/ids';
import { createUnit } from './app';

/** An improvement action raised through the service, in a fresh section of the organisation. */
export async function makeImprovement(app: FastifyInstance, tenantId: string, dueDate = '2027-03-31') {
  const dept = await createUnit(app, tenantId, 'department');
  const section = await createUnit(app, tenantId, 'section', dept);
  const action = await app.deps.db.transaction().execute((trx) =>
    app.deps.services.improvements.raise(trx, systemCtx(tenantId), { source: 'audit_finding', sourceRef: { type: 'test', id: newId() }, title: '試験用の改善措置', ownerSectionId: section, dueDate }),
  );
  return { id: action.id, section, dept };
}

export async function makeImprovementEvidence(app: FastifyInstance, tenantId: string) {
  const { id } = await makeImprovement(app, tenantId);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const evidenceId = newId();
  await app.deps.db.transaction().execute(async (trx) => {
    const meta = await app.deps.services.files.store(trx, systemCtx(tenantId), { buffer: pdf, filename: '証跡.pdf', accept: ['pdf'] });
    await trx
      .insertInto('improvementEvidence')
      .values({ tenantId, id: evidenceId, actionId: id, fileId: meta.id, filename: meta.filename, sha256: meta.sha256, size: meta.size, uploadedBy: null, uploadedByLabel: 'system', uploadedAt: nowIso() })
      .execute();
  });
  return { id, evidenceId };
}
