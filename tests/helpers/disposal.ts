import type { FastifyInstance } from 'fastify';
import { systemCtx } from '../../server/platform/context';
import { samplePdf, samplePng } from '../../server/modules/disposal/samples';
import { createProject } from '../../server/modules/disposal/disposal.projects';
import { createDisposal } from '../../server/modules/disposal/disposal.service';
import * as wf from '../../server/modules/disposal/disposal.workflow';
import { createUnit } from './app';

/** Fixtures for the disposal module, made through its own services (rules and proof apply). */

let serial = 0;
const nextSerial = () => `FX-${Date.now().toString(36)}-${++serial}`;

async function section(app: FastifyInstance, tenantId: string): Promise<string> {
  const dept = await createUnit(app, tenantId, 'department');
  return createUnit(app, tenantId, 'section', dept);
}

export async function makeDisposal(app: FastifyInstance, tenantId: string, sectionId?: string): Promise<string> {
  const d = await createDisposal(app.deps, systemCtx(tenantId, 'fixture'), {
    target: 'device',
    sectionId: sectionId ?? (await section(app, tenantId)),
    mediaKind: 'hdd',
    serialNumber: nextSerial(),
    assetIds: [],
    confidentiality: '2',
    method: 'hddShred',
    certificateDays: 30,
  });
  return d.id;
}

/** A disposal handed to a contractor (named only) with a certificate on file; returns both ids. */
export async function makeEvidence(app: FastifyInstance, tenantId: string): Promise<{ disposalId: string; evidenceId: string }> {
  const ctx = systemCtx(tenantId, 'fixture');
  const id = await makeDisposal(app, tenantId);
  await wf.approve(app.deps, ctx, id, { note: null });
  await wf.handOver(app.deps, ctx, id, { at: new Date().toISOString(), contractorName: '試験回収株式会社', receivedBy: '受領者', place: null, note: null });
  const r = await wf.storeEvidence(app.deps, ctx, id, { buffer: samplePdf(['fixture certificate']), filename: 'fixture.pdf', kind: 'certificate' }, 'staff');
  return { disposalId: id, evidenceId: r.evidenceId };
}

export async function makeProject(app: FastifyInstance, tenantId: string): Promise<string> {
  const p = await createProject(app.deps, systemCtx(tenantId, 'fixture'), {
    name: 'テストプロジェクト',
    sectionId: await section(app, tenantId),
    certificateDays: 30,
    defaults: { mediaKind: 'pc', storageKind: 'ssd', confidentiality: '2', method: 'flashChipDestroy' },
    items: [{ serialNumber: nextSerial() }],
  });
  return p.id;
}

export { samplePdf, samplePng };
