import type { FastifyInstance } from 'fastify';
import { systemCtx } from '../../server/platform/context';
import { createModel } from '../../server/modules/network/network.service';

/** A small valid network model, and a helper that saves it for an organisation. */
export const SMALL_MODEL = `format: shirube-network/1
model: alpha
zones:
  - { id: mn, kind: segment, segment: mynumber }
  - { id: lg, kind: segment, segment: lgwan }
  - { id: juki, kind: designated, destination: jukiNet }
nodes:
  - { id: mn-t, kind: terminal, zone: mn, auth: [password], mediaExportBlocked: true }
  - { id: mn-s, kind: server, zone: mn }
  - { id: lg-t, kind: terminal, zone: lg }
links:
  - { id: use, from: mn-t, to: mn-s, purpose: business }
  - { id: juki-link, from: mn-s, to: juki, purpose: designated, restriction: { addresses: true, ports: true } }
`;

export async function makeNetworkModel(app: FastifyInstance, tenantId: string, name = '構成（テスト）'): Promise<{ modelId: string; versionId: string }> {
  const m = await createModel(app.deps, systemCtx(tenantId, 'system:test'), { name, source: SMALL_MODEL, format: 'yaml', comment: 'テスト' });
  return { modelId: m.id, versionId: m.current!.id };
}
