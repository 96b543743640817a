import type { Actor, Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { addArticle, approveVersion, createDraft, createPolicy, getVersionDetail, patchArticle } from './documents.service';

/**
 * Demo records for `shirube serve --demo`: the demo city's policy on the R7.3 edition, version 1
 * approved and in force, and version 2 drafted with a few local changes — ready to be compared
 * and brought up to R8.3. Everything names the clearly fictional demo city.
 */
export async function seedDemoPolicy(deps: AppDeps, ctx: Ctx): Promise<void> {
  const org = await deps.db.selectFrom('organizations').select('name').where('id', '=', ctx.tenantId).executeTakeFirstOrThrow();
  const { policyId, versionId } = await createPolicy(deps, ctx, {
    edition: 'R7.3',
    note: '【デモ】令和7年3月版のガイドラインに沿って全部改正',
    choices: {
      orgName: org.name,
      roleHolders: { ciso: '副市長', cio: '副市長', chiefSecurityManager: '総務部長', deputyCiso: '', auditLead: '総務部長が指名する職員' },
      networkModel: 'alpha',
      externalServicesConfidential: true,
      wirelessLan: true,
      orgSize: 'standard',
    },
  });
  const ciso = await deps.db.selectFrom('users').select(['id', 'email', 'displayName']).where('tenantId', '=', ctx.tenantId).where('email', '=', 'ciso@demo.shirube.invalid').executeTakeFirst();
  const approver: Ctx = ciso
    ? {
        ...ctx,
        actor: { via: 'session', userId: ciso.id, tenantId: ctx.tenantId, orgKind: 'municipality', email: ciso.email, displayName: ciso.displayName, sectionId: null, assignments: [], stage: 'full' } satisfies Actor,
        audit: { ...ctx.audit, actorId: ciso.id, actorLabel: `${ciso.email} (demo)` },
      }
    : ctx;
  await approveVersion(deps, approver, versionId, { decisionRef: '令和7年6月20日 情報セキュリティ委員会決定（デモ）', effectiveFrom: '2025-07-01' });

  const draft = await createDraft(deps, ctx, policyId, { note: '【デモ】テレワークの規定の追加と、CSIRTの外部支援の明記' });
  const detail = await getVersionDetail(deps, ctx, draft.versionId);
  const standards = detail.documents.find((d) => d.template === 'standards');
  const csirt = standards?.articles.find((a) => a.key === 'KB-1.9');
  if (standards && csirt) {
    await patchArticle(deps, ctx, csirt.id, {
      revision: csirt.revision,
      body: `${csirt.body}\n4　CSIRTは、夜間と休日の連絡体制を定め、外部の専門事業者と支援の契約を結んでおく。`,
    });
    await addArticle(deps, ctx, draft.versionId, {
      documentId: standards.id,
      afterKey: 'KB-6.2.2',
      heading: 'テレワークの実施',
      body: '1　職員等が自宅等でテレワークを行うときは、情報セキュリティ管理者の許可を得て、支給した端末だけを使う。\n2　テレワークでは、自治体機密性3A、3B及び3Cの情報を扱わない。',
      catalogIds: [],
    });
  }
}
