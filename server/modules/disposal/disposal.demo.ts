import { japanDate } from '@shared/era';
import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { addDays } from './disposal.common';
import { createProject } from './disposal.projects';
import { createDisposal } from './disposal.service';
import * as wf from './disposal.workflow';
import { samplePdf, samplePng } from './samples';


/**
 * Sample disposals for `shirube serve --demo`. Everything is clearly fictional: the contractor and
 * lessor names carry 【デモ】, serial numbers start with DEMO-, and the certificate and photo files
 * say they are samples. Steps go through the same services as real use (rules and proof apply);
 * afterwards the timestamps are moved back so the timeline reads like weeks of work.
 */

/** Named only: contractor ids must exist in the vendors register, which has its own demo records. */
const CONTRACTOR = { contractorName: '【デモ】しるべリサイクル株式会社' };

function daysAgo(n: number, hhmm = '10:00'): string {
  return new Date(`${addDays(japanDate(), -n)}T${hhmm}:00+09:00`).toISOString();
}

async function backdate(deps: AppDeps, ctx: Ctx, id: string, requestedDaysAgo: number, approvedDaysAgo: number | null) {
  const { db } = deps;
  await db
    .updateTable('disposals')
    .set({ requestedAt: daysAgo(requestedDaysAgo, '09:00'), ...(approvedDaysAgo !== null ? { approvedAt: daysAgo(approvedDaysAgo, '15:00') } : {}) })
    .where('tenantId', '=', ctx.tenantId)
    .where('id', '=', id)
    .execute();
  await db.updateTable('disposalEvents').set({ occurredAt: daysAgo(requestedDaysAgo, '09:00') }).where('tenantId', '=', ctx.tenantId).where('disposalId', '=', id).where('kind', '=', 'requested').execute();
  if (approvedDaysAgo !== null) {
    await db.updateTable('disposalEvents').set({ occurredAt: daysAgo(approvedDaysAgo, '15:00') }).where('tenantId', '=', ctx.tenantId).where('disposalId', '=', id).where('kind', '=', 'approved').execute();
  }
}

export async function seedDisposalDemo(deps: AppDeps, ctx: Ctx, units: Map<string, string>): Promise<void> {
  const shimin = units.get('S-SHIMIN');
  const zeimu = units.get('S-ZEIMU');
  const joho = units.get('S-JOHO');
  if (!shimin || !zeimu || !joho) return;
  const edition = deps.services.catalog?.current().id ?? 'R8.3';

  // 1. A closed disposal of a server disk that held residents' data (My Number segment).
  const mn = await createDisposal(deps, ctx, {
    target: 'device',
    edition,
    sectionId: shimin,
    mediaKind: 'server',
    storageKind: 'hdd',
    serialNumber: 'DEMO-HDD-0001',
    model: '【デモ】住民記録システム旧サーバ 内蔵HDD',
    ownership: 'leased',
    leaseEnd: addDays(japanDate(), -10),
    lessor: '【デモ】しるべリース株式会社',
    assetIds: [],
    confidentiality: '3B',
    myNumberResident: true,
    method: 'hddShred',
    certificateDays: 14,
    ...CONTRACTOR,
    notes: 'デモ用の記録です。',
  });
  await wf.approve(deps, ctx, mn.id, { note: null });
  await backdate(deps, ctx, mn.id, 30, 25);
  await wf.eraseInBuilding(deps, ctx, mn.id, { at: daysAgo(20), by: '情報政策課 職員（デモ）', note: '消去ソフトウェアによる全領域の上書き' });
  await wf.handOver(deps, ctx, mn.id, { at: daysAgo(19, '13:00'), receivedBy: '回収担当 架空太郎', place: '【デモ】しるべ市役所 地下搬出口', note: null });
  await wf.recordCustody(deps, ctx, mn.id, { at: daysAgo(19, '15:00'), from: '回収担当 架空太郎', to: '【デモ】しるべリサイクル 破砕工場', place: '【デモ】破砕工場', note: '施錠車両で輸送' });
  await wf.recordCompletion(deps, ctx, mn.id, { at: daysAgo(18, '11:00'), place: '【デモ】破砕工場', note: null }, 'staff');
  await wf.recordWitness(deps, ctx, mn.id, { userId: null, name: '情報政策課 立会職員（デモ）', from: daysAgo(18, '10:00'), until: daysAgo(18, '11:30'), note: null });
  await wf.storeEvidence(deps, ctx, mn.id, { buffer: samplePdf(['SAMPLE - Shirube demo', 'Certificate of destruction (fictional)', 'Serial: DEMO-HDD-0001']), filename: 'demo-certificate.pdf', kind: 'certificate' }, 'staff');
  await wf.storeEvidence(deps, ctx, mn.id, { buffer: await samplePng('SAMPLE PHOTO - Shirube demo - DEMO-HDD-0001'), filename: 'demo-photo.png', kind: 'photo' }, 'staff');
  await wf.checkCertificate(deps, ctx, mn.id, { note: null });
  await wf.closeDisposal(deps, ctx, mn.id, { note: null });

  // 2. An SSD handed over 40 days ago whose certificate is overdue.
  const ssd = await createDisposal(deps, ctx, {
    target: 'device',
    edition,
    sectionId: zeimu,
    mediaKind: 'pc',
    storageKind: 'ssd',
    serialNumber: 'DEMO-PC-0100',
    model: '【デモ】税務課 窓口端末',
    ownership: 'owned',
    assetIds: [],
    confidentiality: '3C',
    method: 'flashChipDestroy',
    certificateDays: 30,
    ...CONTRACTOR,
  });
  await wf.approve(deps, ctx, ssd.id, { note: null });
  await backdate(deps, ctx, ssd.id, 45, 42);
  await wf.handOver(deps, ctx, ssd.id, { at: daysAgo(40), receivedBy: '回収担当 架空花子', place: null, note: null });

  // 3. Cloud data erased cryptographically; waiting for the provider's deletion certificate.
  const cloud = await createDisposal(deps, ctx, {
    target: 'cloud',
    edition,
    sectionId: joho,
    assetIds: [],
    confidentiality: '2',
    serviceName: '【デモ】しるべ文書共有クラウド',
    cloudTenant: 'demo-tenant-001',
    dataDescription: '旧文書管理システムの添付ファイル一式（デモ）',
    keyDescription: '利用者管理の暗号鍵 demo-key-2019',
    method: 'cryptoErase',
    contractorName: '【デモ】しるべクラウド株式会社',
    certificateDays: 30,
  });
  await wf.approve(deps, ctx, cloud.id, { note: null });
  await backdate(deps, ctx, cloud.id, 10, 8);
  await wf.handOver(deps, ctx, cloud.id, { at: daysAgo(7), receivedBy: '【デモ】サポート窓口', place: null, note: 'データ削除と鍵消去を依頼' });
  await wf.recordKeyDestruction(deps, ctx, cloud.id, { at: daysAgo(6), keyReference: 'demo-key-2019', note: '鍵管理サービスで削除（デモ）' });

  // 4. A USB memory just requested.
  await createDisposal(deps, ctx, {
    target: 'device',
    edition,
    sectionId: zeimu,
    mediaKind: 'usb',
    serialNumber: 'DEMO-USB-0007',
    model: '【デモ】暗号化USBメモリ',
    ownership: 'owned',
    assetIds: [],
    confidentiality: '2',
    method: 'flashChipDestroy',
    certificateDays: 30,
  });

  // 5. A PC replacement project: twenty leased PCs whose lease ends in 45 days.
  await createProject(deps, ctx, {
    name: '【デモ】業務用パソコン更新（市民部）',
    description: 'リース満了に伴う更新。旧端末はすべてメモリチップを破壊する。',
    sectionId: shimin,
    edition,
    ...CONTRACTOR,
    certificateDays: 21,
    scheduledOn: addDays(japanDate(), 40),
    defaults: { mediaKind: 'pc', storageKind: 'ssd', ownership: 'leased', leaseEnd: addDays(japanDate(), 45), lessor: '【デモ】しるべリース株式会社', confidentiality: '3B', method: 'flashChipDestroy', model: '【デモ】業務用ノートPC 2021年型' },
    items: Array.from({ length: 20 }, (_, i) => ({ serialNumber: `DEMO-NB-${String(i + 1).padStart(4, '0')}` })),
  });
}
