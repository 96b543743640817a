import type { FastifyInstance } from 'fastify';
import { systemCtx } from '../../server/platform/context';
import { createPolicy } from '../../server/modules/documents/documents.service';

/** A generated policy (one draft version) in an organisation, for the authorization matrix. */
export async function makePolicy(app: FastifyInstance, tenantId: string): Promise<{ policyId: string; versionId: string }> {
  return createPolicy(app.deps, systemCtx(tenantId, 'test'), { edition: 'R8.3' });
}

export async function makePolicyArticle(app: FastifyInstance, tenantId: string): Promise<string> {
  const { versionId } = await makePolicy(app, tenantId);
  const row = await app.deps.db.selectFrom('policyArticles').select('id').where('tenantId', '=', tenantId).where('versionId', '=', versionId).where('key', '=', 'KB-1.1').executeTakeFirstOrThrow();
  return row.id;
}

export async function makePolicyDocument(app: FastifyInstance, tenantId: string): Promise<string> {
  const { versionId } = await makePolicy(app, tenantId);
  const row = await app.deps.db.selectFrom('policyDocuments').select('id').where('tenantId', '=', tenantId).where('versionId', '=', versionId).where('template', '=', 'standards').executeTakeFirstOrThrow();
  return row.id;
}
