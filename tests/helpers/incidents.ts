import type { FastifyInstance } from 'fastify';
import { systemCtx } from '../../server/platform/context';
import { IncidentInput, reportIncident } from '../../server/modules/incidents/incident.service';
import { addMeasure, MeasureInput } from '../../server/modules/incidents/measures.service';
import { ContactInput, createContact, createMember, MemberInput } from '../../server/modules/incidents/roster.service';

/** Fixtures for the incidents module, made through its own services (so its rules apply). */

const ctxOf = (tenantId: string) => systemCtx(tenantId, 'fixture');
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

export async function makeIncident(app: FastifyInstance, tenantId: string, fields: Record<string, unknown> = {}): Promise<string> {
  const input = IncidentInput.parse({ title: '試験のインシデント', description: '試験', occurredAt: hoursAgo(5), discoveredAt: hoursAgo(4), knewAt: hoursAgo(3), detection: 'internal', category: 'mistake', personalData: true, personsCount: 150, ...fields });
  return (await reportIncident(app.deps, ctxOf(tenantId), input)).id;
}

export async function makeObligation(app: FastifyInstance, tenantId: string): Promise<{ incidentId: string; obligationId: string }> {
  const incidentId = await makeIncident(app, tenantId);
  const o = await app.deps.db.selectFrom('incidentObligations').select('id').where('tenantId', '=', tenantId).where('incidentId', '=', incidentId).executeTakeFirstOrThrow();
  return { incidentId, obligationId: o.id };
}

export async function makeMeasure(app: FastifyInstance, tenantId: string): Promise<string> {
  const incidentId = await makeIncident(app, tenantId);
  return (await addMeasure(app.deps, ctxOf(tenantId), incidentId, MeasureInput.parse({ title: '対策', ownerName: '情報政策課', dueDate: '2027-03-31' }))).id;
}

export async function makeCsirtMember(app: FastifyInstance, tenantId: string): Promise<string> {
  return (await createMember(app.deps.db, ctxOf(tenantId), MemberInput.parse({ role: 'handler', holderName: '対応 花子', validFrom: '2026-04-01' }))).id;
}

export async function makeIncidentContact(app: FastifyInstance, tenantId: string): Promise<string> {
  return (await createContact(app.deps, app.deps.db, ctxOf(tenantId), ContactInput.parse({ body: 'police', name: '県警 サイバー犯罪相談窓口' }))).id;
}
