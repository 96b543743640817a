import type { FastifyInstance } from 'fastify';
import { systemCtx } from '../../server/platform/context';
import { openRequest } from '../../server/modules/approvals/approvals.service';

/** A pending take-out request written through the engine (no session needed), for fixtures. */
export async function makeApproval(app: FastifyInstance, tenantId: string): Promise<string> {
  const { deps } = app;
  const row = await deps.db.transaction().execute((trx) =>
    openRequest(deps, trx, systemCtx(tenantId, 'fixture'), {
      subjectType: 'offsite_equipment',
      title: '出張先での端末の使用',
      assetIds: [],
      validUntil: '2099-03-31',
      details: { equipment: 'ノートPC', location: '県庁', purpose: '会議資料の説明', measures: ['画面ロック'] },
    }),
  );
  return row.id;
}
