/**
 * Equipment, media and cloud-data disposal (機器の廃棄等): the vocabulary shared by the server and
 * the web UI. The rules that decide which method a class allows live in
 * server/modules/disposal/rules/ as data keyed by guideline edition; this file only names things.
 *
 * Every label here is Shirube's own wording.
 */

export interface Label {
  ja: string;
  en: string;
}

/** What is being disposed of. */
export const TARGETS = ['device', 'cloud'] as const;
export type DisposalTarget = (typeof TARGETS)[number];

/** The kind of device or medium (the list, plus PCs, which hold an HDD or SSD). */
export const MEDIA_KINDS = ['hdd', 'ssd', 'usb', 'optical', 'paper', 'mfp', 'mobile', 'server', 'pc'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export const MEDIA_LABELS: Record<MediaKind | 'cloud', Label> = {
  hdd: { ja: 'ハードディスク（HDD）', en: 'Hard disk (HDD)' },
  ssd: { ja: 'SSD', en: 'SSD' },
  usb: { ja: 'USBメモリ', en: 'USB memory' },
  optical: { ja: '光ディスク（CD・DVD・BD）', en: 'Optical disc (CD, DVD, BD)' },
  paper: { ja: '紙媒体', en: 'Paper' },
  mfp: { ja: '複合機', en: 'Multifunction printer' },
  mobile: { ja: 'スマートフォン・タブレット', en: 'Smartphone or tablet' },
  server: { ja: 'サーバ', en: 'Server' },
  pc: { ja: 'パソコン', en: 'PC' },
  cloud: { ja: 'クラウド上のデータ', en: 'Cloud data' },
};

/**
 * The storage the rules look at. Devices that contain a drive (PC, server, multifunction printer)
 * name which one; the others have a fixed storage kind.
 */
export const STORAGE_KINDS = ['hdd', 'ssd', 'usb', 'optical', 'paper', 'embeddedFlash'] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];

export const STORAGE_LABELS: Record<StorageKind, Label> = {
  hdd: { ja: 'HDD（磁気ディスク）', en: 'HDD (magnetic disk)' },
  ssd: { ja: 'SSD（フラッシュメモリ）', en: 'SSD (flash)' },
  usb: { ja: 'USBメモリ', en: 'USB memory' },
  optical: { ja: '光ディスク', en: 'Optical disc' },
  paper: { ja: '紙', en: 'Paper' },
  embeddedFlash: { ja: '内蔵フラッシュメモリ', en: 'Built-in flash memory' },
};

/** Storage kinds each media kind may declare; the first is the default. */
export const STORAGE_OF_MEDIA: Record<MediaKind, readonly StorageKind[]> = {
  hdd: ['hdd'],
  ssd: ['ssd'],
  usb: ['usb'],
  optical: ['optical'],
  paper: ['paper'],
  mfp: ['hdd', 'ssd'],
  mobile: ['embeddedFlash'],
  server: ['hdd', 'ssd'],
  pc: ['ssd', 'hdd'],
};

/** Disposal methods across all editions (each edition's rules use a subset). */
export const METHODS = [
  'physicalDestruction',
  'degauss',
  'overwriteAll',
  'blockErase',
  'cryptoErase',
  'overwriteOsReachable',
  'format',
  'hddShred',
  'hddDrill',
  'flashChipDestroy',
  'opticalShred',
  'ataSecurityEraseEnhanced',
  'ataBlockErase',
  'scsiSanitize',
  'scsiFormat',
  'nvmeFormat',
  'nvmeSanitize',
  'providerDeletion',
] as const;
export type MethodId = (typeof METHODS)[number];

/** destroy: no reuse; purge: lab-level recovery resisted, reuse possible; clear: ordinary tools defeated; cloud: provider-side. */
export type MethodFamily = 'destroy' | 'purge' | 'clear' | 'cloud' | 'insufficient';

export const METHOD_INFO: Record<MethodId, { family: MethodFamily; label: Label }> = {
  physicalDestruction: {
    family: 'destroy',
    label: { ja: '物理的な破壊（分解・粉砕・溶解・焼却・細断など）', en: 'Physical destruction (dismantling, crushing, melting, burning, shredding)' },
  },
  degauss: { family: 'purge', label: { ja: '磁気的な破壊（消磁）', en: 'Magnetic destruction (degaussing)' } },
  overwriteAll: {
    family: 'purge',
    label: { ja: 'OS等から触れない領域まで含めた上書き消去', en: 'Overwrite including areas the OS cannot reach' },
  },
  blockErase: { family: 'purge', label: { ja: 'ブロック消去', en: 'Block erase' } },
  cryptoErase: { family: 'purge', label: { ja: '暗号化消去（暗号鍵の消去）', en: 'Cryptographic erase (destroying the key)' } },
  overwriteOsReachable: {
    family: 'clear',
    label: { ja: 'OS等から触れる全領域の上書き消去', en: 'Overwrite of every area the OS can reach' },
  },
  format: { family: 'insufficient', label: { ja: '初期化（フォーマット）のみ', en: 'Formatting or initialising only' } },
  hddShred: { family: 'destroy', label: { ja: 'プラッタの破砕・変形', en: 'Shredding or deforming the platters' } },
  hddDrill: {
    family: 'destroy',
    label: { ja: '専用装置による多点穿孔（最下段のプラッタまで）', en: 'Multi-point drilling to the lowest platter with a dedicated device' },
  },
  flashChipDestroy: {
    family: 'destroy',
    label: { ja: '専用装置によるメモリチップの破壊', en: 'Destroying the memory chips with a dedicated device' },
  },
  opticalShred: {
    family: 'destroy',
    label: { ja: '記録層を壊す裁断・粉砕', en: 'Shredding or crushing the recording layer' },
  },
  ataSecurityEraseEnhanced: {
    family: 'purge',
    label: { ja: 'ATA SECURITY ERASE UNIT（Enhanced Erase）', en: 'ATA SECURITY ERASE UNIT (Enhanced Erase)' },
  },
  ataBlockErase: { family: 'purge', label: { ja: 'ATA BLOCK ERASE', en: 'ATA BLOCK ERASE' } },
  scsiSanitize: { family: 'purge', label: { ja: 'SCSI SANITIZE', en: 'SCSI SANITIZE' } },
  scsiFormat: { family: 'purge', label: { ja: 'SCSI FORMAT UNIT', en: 'SCSI FORMAT UNIT' } },
  nvmeFormat: { family: 'purge', label: { ja: 'NVMe Format（消去付き）', en: 'NVMe Format (with erase)' } },
  nvmeSanitize: { family: 'purge', label: { ja: 'NVMe Sanitize', en: 'NVMe Sanitize' } },
  providerDeletion: {
    family: 'cloud',
    label: { ja: '事業者によるデータ削除（削除の証跡を受け取る）', en: 'Deletion by the provider, with evidence of deletion' },
  },
};

export const FAMILY_LABELS: Record<MethodFamily, Label> = {
  destroy: { ja: '破壊（再利用しない）', en: 'Destroy (no reuse)' },
  purge: { ja: '除去（再利用できる）', en: 'Purge (reuse possible)' },
  clear: { ja: '消去（一般的な復元ツールに耐える）', en: 'Clear (defeats ordinary recovery tools)' },
  cloud: { ja: 'クラウド上の消去', en: 'Erasure in the cloud' },
  insufficient: { ja: '不十分', en: 'Not sufficient' },
};

/** Which guideline category the medium falls into. */
export const CATEGORIES = ['myNumberResident', 'conf2plus', 'conf1', 'cloud'] as const;
export type DisposalCategory = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<DisposalCategory, Label> = {
  myNumberResident: {
    ja: 'マイナンバー利用事務系で住民情報を記録した媒体',
    en: "Media holding residents' data in the My Number segment",
  },
  conf2plus: { ja: '機密性2以上の情報を記録した媒体', en: 'Media holding confidentiality 2+ information' },
  conf1: { ja: '機密性1の情報だけを記録した媒体', en: 'Media holding only confidentiality 1 information' },
  cloud: { ja: 'クラウドサービス上のデータ', en: 'Data held in a cloud service' },
};

/** What proves that the disposal happened. */
export const PROOF_KINDS = [
  'inBuildingErase',
  'witness',
  'certificate',
  'photos',
  'certificateDeadline',
  'staffCheck',
  'keyDestruction',
] as const;
export type ProofKind = (typeof PROOF_KINDS)[number];

export const PROOF_LABELS: Record<ProofKind, Label> = {
  inBuildingErase: { ja: '引渡し前に庁舎内で消去', en: 'Erasure in the building before handover' },
  witness: { ja: '完了まで職員が立ち会う', en: 'Staff witness until completion' },
  certificate: { ja: '完了証明書（消去・破壊の証明）', en: 'Completion certificate (erasure or destruction)' },
  photos: { ja: '破壊の証拠写真', en: 'Photos of the destruction' },
  certificateDeadline: { ja: '証明書の提出期限', en: 'Deadline for the certificate' },
  staffCheck: { ja: '職員による完了の確認', en: 'Completion checked by staff' },
  keyDestruction: { ja: '暗号鍵の消去の記録', en: 'Record of the key destruction' },
};

/** The life of a disposal. */
export const STATES = [
  'requested',
  'approved',
  'erasedInBuilding',
  'handedOver',
  'destroyed',
  'certificateChecked',
  'closed',
  'cancelled',
] as const;
export type DisposalState = (typeof STATES)[number];

export const OPEN_STATES: readonly DisposalState[] = ['requested', 'approved', 'erasedInBuilding', 'handedOver', 'destroyed', 'certificateChecked'];

export const STATE_LABELS: Record<DisposalState, Label> = {
  requested: { ja: '申請中', en: 'Requested' },
  approved: { ja: '承認済み', en: 'Approved' },
  erasedInBuilding: { ja: '庁舎内で消去済み', en: 'Erased in the building' },
  handedOver: { ja: '事業者へ引渡し済み', en: 'Handed to the contractor' },
  destroyed: { ja: '破壊・消去済み', en: 'Destroyed or erased' },
  certificateChecked: { ja: '証明書確認済み', en: 'Certificate checked' },
  closed: { ja: '完了', en: 'Closed' },
  cancelled: { ja: '取消し', en: 'Cancelled' },
};

/** Cloud disposals go through the same states; these words fit them better. */
export const CLOUD_STATE_LABELS: Partial<Record<DisposalState, Label>> = {
  handedOver: { ja: '事業者へ消去を依頼済み', en: 'Deletion requested from the provider' },
  destroyed: { ja: '消去済み', en: 'Deleted' },
};

export const EVIDENCE_KINDS = ['certificate', 'photo'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Timeline entries; the custody kinds form the chain of custody. */
export const EVENT_KINDS = [
  'requested',
  'updated',
  'approved',
  'erasedInBuilding',
  'handedOver',
  'custodyTransfer',
  'destroyed',
  'witnessRecorded',
  'certificateUploaded',
  'photoUploaded',
  'certificateChecked',
  'staffChecked',
  'keyDestroyed',
  'closed',
  'cancelled',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const CUSTODY_EVENTS: readonly EventKind[] = ['handedOver', 'custodyTransfer'];

/** Days after handover by which the certificate is due when nothing else is set. */
export const DEFAULT_CERTIFICATE_DAYS = 30;
/** Leases ending within this many days make a disposal one "to plan". */
export const LEASE_WARNING_DAYS = 90;

/** Which confidentiality levels count as "2 or above" (both the 5-level and the older 3-level scheme). */
export function isConfidentiality2Plus(level: string | null | undefined): boolean {
  return level === '2' || level === '3' || level === '3A' || level === '3B' || level === '3C';
}

/** Highest of the given confidentiality levels (3A > 3B > 3C > 3 > 2 > 1). */
export function highestConfidentiality(levels: Array<string | null | undefined>): string | null {
  const order = ['1', '2', '3', '3C', '3B', '3A'];
  let best: string | null = null;
  for (const l of levels) {
    if (!l || !order.includes(l)) continue;
    if (best === null || order.indexOf(l) > order.indexOf(best)) best = l;
  }
  return best;
}
