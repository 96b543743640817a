import {
  CATEGORY_LABELS,
  type DisposalCategory,
  type DisposalTarget,
  type Label,
  METHOD_INFO,
  METHODS,
  type MethodFamily,
  type MethodId,
  type MediaKind,
  PROOF_LABELS,
  type ProofKind,
  STORAGE_LABELS,
  type StorageKind,
  isConfidentiality2Plus,
} from '@shared/disposal';

/**
 * Which disposal methods a medium's class allows, and what proves the disposal happened — as data
 * tables keyed by guideline edition. Every row cites the catalog ids it rests on and says whether
 * the fact was seen in a source (verified) or comes from practitioners' knowledge (provisional).
 *
 * Sources (see ../shared/product/GUIDELINE-FACTS.md §6):
 *  - Up to R7.3: 対策基準 4.1(7) — residents' data in the My Number segment is destroyed physically;
 *    confidentiality 2+ media use one of five lab-resistant methods; confidentiality 1 may also be
 *    overwritten over every OS-reachable area; formatting is never enough (seed 004, MEXT table).
 *  - R8.3: the destroy / purge table by media type (MIC deck slide 17, 図表41 excerpt).
 *  - Cloud data: provider deletion or cryptographic erase with evidence (facts §6.3, unverified).
 *
 * The tables are the only place these rules live; server and UI read them through evaluate().
 */

/** Which band of the rule a medium falls in, from its class and segment. */
export type Band = 'myNumberResident' | 'conf2plus' | 'conf1';

export interface Subject {
  target: DisposalTarget;
  /** For devices; null for cloud data. */
  mediaKind: MediaKind | null;
  storage: StorageKind | null;
  /** Highest confidentiality level of the information it held ('3A' … '1', or legacy '3'). */
  confidentiality: string;
  /** Held residents' data in the My Number segment. */
  myNumberResident: boolean;
}

interface Provenance {
  refs: string[];
  provisional: boolean;
  /** Where the fact comes from. */
  source: string;
  note?: Label;
}

export interface MethodRule extends Provenance {
  method: MethodId;
  categories: DisposalCategory[];
  /** Storage kinds the row names; 'any' when the rule does not depend on the medium. */
  storage: StorageKind[] | 'any';
}

export interface RefusalRule extends Provenance {
  /** Methods the row explains; 'any' matches every method. */
  methods: MethodId[] | 'any';
  categories?: DisposalCategory[];
  storage?: StorageKind[];
  target?: DisposalTarget;
  reason: Label;
}

export interface ProofRule extends Provenance {
  proof: ProofKind;
  targets: DisposalTarget[];
  bands: Band[];
  level: 'required' | 'recommended';
  /** Only when the chosen method is one of these. */
  whenMethods?: MethodId[];
}

/**
 * Proof that may be given in more than one way: the disposal is proven when every kind of one option
 * is met. `example: true` marks the ways the source names; any other option is accepted only with a
 * recorded reason (the close note), so a departure from the text is never silent.
 */
export interface ProofChoice extends Provenance {
  id: string;
  label: Label;
  targets: DisposalTarget[];
  bands: Band[];
  options: Array<{ id: string; kinds: ProofKind[]; example: boolean; label: Label }>;
}

export interface RuleSet {
  id: string;
  label: Label;
  /** Catalog editions this table applies to. */
  editions: string[];
  methods: MethodRule[];
  /** Checked in order when a method is not allowed; the first match explains why. */
  refusals: RefusalRule[];
  proof: ProofRule[];
  proofChoices: ProofChoice[];
  /** Refs cited for every evaluation under this rule set. */
  baseRefs: string[];
}

// ---- shared rows --------------------------------------------------------------------------

/** The notice seed 004 quotes for the table's right-hand column (確実な履行を担保する方法). */
const NOTICE_SOURCE = 'seed 004 table rows (1)-(3), quoting MIC notice 総行情第77号 of 2020-05-22 (facts Corrections of 2026-12 no.3)';

const OTHER_WAY: Label = { ja: '表の例以外の確認方法（完了時に理由の記録が必要）', en: 'A confirmation other than the example (needs a recorded reason at closing)' };
const DEVICE_REF = 'KB-4.1.7';
const ASSET_DISPOSAL_REF = 'KB-2.2.10';
const MFP_REF = 'KB-6.1.11';
const CLOUD_REFS = ['KB-8.3.7', 'CP-4.2'];

const CLOUD_METHODS: MethodRule[] = [
  {
    method: 'cryptoErase',
    categories: ['cloud'],
    storage: 'any',
    refs: CLOUD_REFS,
    provisional: true,
    source: 'facts §6.3; seed 004 (study-group question on crypto erase in cloud)',
    note: {
      ja: 'クラウドでの暗号化消去の扱いは確定版の本文で確かめられていないため暫定です。',
      en: 'How the final text treats crypto erase in cloud is unverified, so this is provisional.',
    },
  },
  {
    method: 'providerDeletion',
    categories: ['cloud'],
    storage: 'any',
    refs: CLOUD_REFS,
    provisional: true,
    source: 'facts §6.3; KB-8.3.7',
    note: {
      ja: '契約にもとづく事業者の削除と、その証跡の受領による。確定版の文言は未確認のため暫定です。',
      en: 'Contractual deletion by the provider with evidence received; the final wording is unverified, so provisional.',
    },
  },
];

const COMMON_REFUSALS: RefusalRule[] = [
  {
    methods: ['format'],
    reason: {
      ja: '初期化（フォーマット）では記憶領域にデータが残るため、どの分類でも廃棄の方法として認められません。',
      en: 'Formatting leaves the data on the storage, so it is never an acceptable disposal method for any class.',
    },
    refs: [DEVICE_REF],
    provisional: false,
    source: 'seed 004 (4.1(7) note on formatting); MEXT handbook table (facts §6.1)',
  },
  {
    methods: ['providerDeletion'],
    target: 'device',
    reason: {
      ja: '事業者による削除はクラウド上のデータにだけ使えます。手元の機器・媒体には使えません。',
      en: 'Provider deletion applies only to data held in a cloud service, not to a device or medium in hand.',
    },
    refs: [DEVICE_REF, ...CLOUD_REFS],
    provisional: true,
    source: 'facts §6.3',
  },
  {
    methods: 'any',
    target: 'cloud',
    reason: {
      ja: 'クラウド事業者の記憶媒体は団体が物理的に扱えないため、暗号化消去か事業者による削除（証跡つき）を選びます。',
      en: "A cloud provider's media cannot be handled by the organisation, so choose cryptographic erase or provider deletion with evidence.",
    },
    refs: CLOUD_REFS,
    provisional: true,
    source: 'facts §6.3; seed 004',
  },
];

// ---- up to R7.3 ---------------------------------------------------------------------------

const PRE_R8_FIVE: MethodId[] = ['degauss', 'overwriteAll', 'blockErase', 'cryptoErase'];
const R8_ONLY: MethodId[] = [
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
];

const PRE_R8: RuleSet = {
  id: 'preR8',
  label: { ja: '令和7年3月版までの規定（分類に応じた方法）', en: 'Rule up to March 2025 (methods by class)' },
  editions: ['R5.3', 'R6.10', 'R7.3'],
  baseRefs: [DEVICE_REF, ASSET_DISPOSAL_REF],
  methods: [
    {
      method: 'physicalDestruction',
      categories: ['myNumberResident', 'conf2plus', 'conf1'],
      storage: 'any',
      refs: [DEVICE_REF],
      provisional: false,
      source: 'seed 004 table (1)-(3); MEXT handbook ① (facts §6.1)',
    },
    ...PRE_R8_FIVE.map(
      (method): MethodRule => ({
        method,
        categories: ['conf2plus', 'conf1'],
        storage: 'any',
        refs: [DEVICE_REF],
        provisional: false,
        source: 'seed 004 table (2) ②–⑤; MEXT handbook (facts §6.1)',
      }),
    ),
    {
      method: 'overwriteOsReachable',
      categories: ['conf1'],
      storage: 'any',
      refs: [DEVICE_REF],
      provisional: false,
      source: 'seed 004 table (3); MEXT handbook ⑥ (facts §6.1)',
    },
    ...CLOUD_METHODS,
  ],
  refusals: [
    ...COMMON_REFUSALS,
    {
      methods: R8_ONLY,
      reason: {
        ja: 'この方法は令和8年3月版の「破壊・除去」の表で使う区分です。この版では、物理的な破壊・磁気的な破壊・上書き消去・ブロック消去・暗号化消去の区分から選びます。',
        en: 'This method belongs to the R8.3 destroy/purge table. Under this edition choose from physical destruction, degaussing, overwriting, block erase or cryptographic erase.',
      },
      refs: [DEVICE_REF],
      provisional: false,
      source: 'facts §6.1 and §6.2',
    },
    {
      methods: 'any',
      categories: ['myNumberResident'],
      reason: {
        ja: 'マイナンバー利用事務系で住民情報を記録した媒体は、物理的な破壊に限られます。',
        en: "Media holding residents' data in the My Number segment may only be physically destroyed.",
      },
      refs: [DEVICE_REF],
      provisional: false,
      source: `seed 002 (2019 request); ${NOTICE_SOURCE}`,
    },
    {
      methods: ['overwriteOsReachable'],
      categories: ['conf2plus'],
      reason: {
        ja: 'OSから触れる領域だけの上書きは機密性1向けです。機密性2以上には研究所レベルの復元にも耐える方法（破壊・消磁・全領域の上書き・ブロック消去・暗号化消去）が必要です。',
        en: 'Overwriting only OS-reachable areas is for confidentiality 1. Confidentiality 2+ needs a method that resists lab-level recovery (destruction, degaussing, full overwrite, block erase, crypto erase).',
      },
      refs: [DEVICE_REF],
      provisional: false,
      source: 'seed 004 table (2)/(3); facts §6.1',
    },
  ],
  proof: proofRows(true),
  proofChoices: proofChoices(true),
};

// ---- R8.3 ---------------------------------------------------------------------------------

const R8_SOURCE = 'MIC deck slide 17, 図表41 excerpt (facts §6.2)';
const R8_CATEGORIES: DisposalCategory[] = ['myNumberResident', 'conf2plus', 'conf1'];

function r8(method: MethodId, storage: StorageKind[], provisional = false, note?: Label): MethodRule {
  return { method, categories: R8_CATEGORIES, storage, refs: [DEVICE_REF], provisional, source: R8_SOURCE, note };
}

const MOBILE_NOTE: Label = {
  ja: '図表41はスマートフォン・タブレットの内蔵メモリを挙げていないため、同じフラッシュメモリのSSD・USBメモリの区分を当てはめています（暫定）。',
  en: "Table 41 does not name phones' and tablets' built-in memory; Shirube applies the rows for flash (SSD, USB memory) — provisional.",
};

const R8_3: RuleSet = {
  id: 'R8.3',
  label: { ja: '令和8年3月版の規定（媒体の種類ごとの破壊・除去）', en: 'Rule of March 2026 (destroy or purge by media type)' },
  editions: ['R8.3'],
  baseRefs: [DEVICE_REF, ASSET_DISPOSAL_REF],
  methods: [
    // 破壊 (destroy; no reuse)
    r8('hddShred', ['hdd']),
    r8('hddDrill', ['hdd'], false, {
      ja: '穿孔は専用装置で複数箇所、最下段のプラッタまで貫くこと（規格外の大きさのプラッタを持つHDDがあるため）。',
      en: 'Drill at several points with a dedicated device through to the lowest platter (some drives have non-standard platter sizes).',
    }),
    r8('flashChipDestroy', ['ssd', 'usb'], false, {
      ja: 'HDD用の破砕の細かさではフラッシュメモリには足りないため、チップを専用装置で壊します。',
      en: 'HDD shredding is too coarse for flash, so the chips are destroyed with a dedicated device.',
    }),
    r8('flashChipDestroy', ['embeddedFlash'], true, MOBILE_NOTE),
    r8('opticalShred', ['optical']),
    // 除去 (purge; reuse possible)
    r8('cryptoErase', ['hdd', 'ssd']),
    r8('cryptoErase', ['embeddedFlash'], true, MOBILE_NOTE),
    r8('ataSecurityEraseEnhanced', ['hdd']),
    r8('scsiSanitize', ['hdd', 'ssd']),
    r8('scsiFormat', ['hdd', 'ssd']),
    r8('degauss', ['hdd'], false, {
      ja: '消磁すると再利用できなくなることがあります。',
      en: 'Degaussing may leave the drive unusable.',
    }),
    r8('ataBlockErase', ['ssd']),
    r8('nvmeFormat', ['ssd']),
    r8('nvmeSanitize', ['ssd']),
    // Paper is outside table 41; destruction carries over.
    {
      method: 'physicalDestruction',
      categories: R8_CATEGORIES,
      storage: ['paper'],
      refs: [DEVICE_REF, ASSET_DISPOSAL_REF],
      provisional: true,
      source: 'facts §6.1 carried forward; paper is not in the 図表41 excerpt',
      note: {
        ja: '紙媒体は図表41の抜粋にないため、裁断・溶解・焼却などの物理的な破壊を当てはめています（暫定）。',
        en: 'Paper is not in the table 41 excerpt; Shirube applies physical destruction (shredding, pulping, burning) — provisional.',
      },
    },
    // Confidentiality 1: the pre-R8 overwrite of OS-reachable areas, assumed to continue.
    {
      method: 'overwriteOsReachable',
      categories: ['conf1'],
      storage: ['hdd', 'ssd', 'usb', 'embeddedFlash'],
      refs: [DEVICE_REF],
      provisional: true,
      source: 'facts §6.1 (pre-R8 rule for lower classes); R8.3 text for class 1 not seen',
      note: {
        ja: '図表41は機密性2以上と住民情報の媒体の表です。機密性1の上書き消去は従前の規定を引き継ぐものとして扱っています（暫定）。',
        en: "Table 41 covers confidentiality 2+ and residents' data; overwriting for confidentiality 1 is assumed to carry over from the earlier rule (provisional).",
      },
    },
    ...CLOUD_METHODS,
  ],
  refusals: [
    ...COMMON_REFUSALS,
    {
      methods: 'any',
      storage: ['paper'],
      reason: {
        ja: '紙媒体は物理的な破壊（裁断・溶解・焼却など）で廃棄します。',
        en: 'Paper is disposed of by physical destruction (shredding, pulping, burning).',
      },
      refs: [DEVICE_REF, ASSET_DISPOSAL_REF],
      provisional: true,
      source: 'facts §6.1 carried forward',
    },
    {
      methods: ['physicalDestruction', 'overwriteAll', 'blockErase'],
      reason: {
        ja: '令和8年3月版では、媒体の種類ごとに挙げられた破壊・除去の方法から選びます（例：HDDは破砕・穿孔・暗号化消去・ATA SECURITY ERASE UNIT など、SSDはチップの破壊・暗号化消去・ATA BLOCK ERASE・NVMe Sanitize など）。',
        en: 'Under R8.3 choose the destroy or purge method listed for the media type (e.g. HDD: shredding, drilling, crypto erase, ATA SECURITY ERASE UNIT; SSD: chip destruction, crypto erase, ATA BLOCK ERASE, NVMe Sanitize).',
      },
      refs: [DEVICE_REF],
      provisional: false,
      source: R8_SOURCE,
    },
    {
      methods: 'any',
      storage: ['usb', 'optical'],
      reason: {
        ja: 'USBメモリと光ディスクは、その媒体向けの「破壊」だけが認められています（USBメモリはメモリチップの破壊、光ディスクは記録層の裁断・粉砕。除去・上書きは不可）。',
        en: 'USB memory and optical discs may only be destroyed in the way made for them (chip destruction for USB memory, shredding the recording layer for discs; no purge or overwrite).',
      },
      refs: [DEVICE_REF],
      provisional: false,
      source: R8_SOURCE,
    },
    {
      methods: ['overwriteOsReachable'],
      categories: ['myNumberResident', 'conf2plus'],
      reason: {
        ja: 'OSから触れる領域だけの上書きでは、住民情報や機密性2以上の媒体には足りません。表にある破壊か除去の方法を選びます。',
        en: "Overwriting only OS-reachable areas is not enough for residents' data or confidentiality 2+ media; choose a destroy or purge method from the table.",
      },
      refs: [DEVICE_REF],
      provisional: false,
      source: R8_SOURCE,
    },
  ],
  proof: proofRows(false),
  proofChoices: proofChoices(false),
};


/**
 * What proves a disposal (seed 004 rows (1)–(3), corrected 2026-12): row (1) is proven EITHER by a
 * staff witness until the destruction is complete OR by erasing in the building, handing over and
 * the contractor's completion certificate; photos and a submission deadline are desirable (望ましい),
 * so they are recommended with a warning. Rows (2) and (3) give their confirmation as examples
 * (「など適切な方法」). The pre-R8 rows are quoted in seed 004 (verified); R8 "clarified the scope of
 * staff witnessing" without the wording being seen, so under R8.3 the same rows are provisional.
 */
function proofRows(preR8: boolean): ProofRule[] {
  const src = preR8 ? NOTICE_SOURCE : `${NOTICE_SOURCE}; carried to R8.3, whose witnessing scope is not seen (facts §6.1)`;
  const p = !preR8;
  const refs = [DEVICE_REF, ASSET_DISPOSAL_REF];
  const desirable: Label = { ja: '望ましいとされる事項です。欠けていても完了にできますが、警告を表示します。', en: 'Described as desirable: closing is possible without it, with a warning.' };
  return [
    {
      proof: 'photos',
      targets: ['device'],
      bands: ['myNumberResident'],
      level: 'recommended',
      refs,
      provisional: p,
      source: src,
      note: { ja: '完了証明書に破壊の写真を添えることが望ましいとされます。欠けていても完了にできますが、警告を表示します。', en: 'Photos of the destruction attached to the certificate are desirable; closing is possible without them, with a warning.' },
    },
    { proof: 'certificateDeadline', targets: ['device'], bands: ['myNumberResident'], level: 'recommended', refs, provisional: p, source: src, note: desirable },
    { proof: 'inBuildingErase', targets: ['device'], bands: ['conf2plus', 'conf1'], level: 'recommended', refs, provisional: p, source: src },
    { proof: 'certificateDeadline', targets: ['device'], bands: ['conf2plus'], level: 'recommended', refs, provisional: p, source: src },
    // Cloud data
    { proof: 'certificate', targets: ['cloud'], bands: ['myNumberResident', 'conf2plus'], level: 'required', refs: CLOUD_REFS, provisional: true, source: 'facts §6.3' },
    { proof: 'certificateDeadline', targets: ['cloud'], bands: ['myNumberResident', 'conf2plus'], level: 'recommended', refs: CLOUD_REFS, provisional: true, source: 'facts §6.3' },
    { proof: 'staffCheck', targets: ['cloud'], bands: ['conf1'], level: 'required', refs: CLOUD_REFS, provisional: true, source: 'facts §6.3' },
    { proof: 'certificate', targets: ['cloud'], bands: ['conf1'], level: 'recommended', refs: CLOUD_REFS, provisional: true, source: 'facts §6.3' },
    {
      proof: 'keyDestruction',
      targets: ['cloud'],
      bands: ['myNumberResident', 'conf2plus', 'conf1'],
      level: 'required',
      whenMethods: ['cryptoErase'],
      refs: CLOUD_REFS,
      provisional: true,
      source: 'facts §6.3; seed 004 (crypto erase = destroying the key)',
    },
  ];
}


function proofChoices(preR8: boolean): ProofChoice[] {
  const source = preR8 ? NOTICE_SOURCE : `${NOTICE_SOURCE}; carried to R8.3, whose witnessing scope is not seen (facts §6.1)`;
  const provisional = !preR8;
  const refs = [DEVICE_REF, ASSET_DISPOSAL_REF];
  return [
    {
      id: 'row1',
      label: { ja: '表の(1) マイナンバー利用事務系の住民情報の媒体: 次のいずれかで確認', en: "Row (1), My Number segment media with residents' data: proven by either" },
      targets: ['device'],
      bands: ['myNumberResident'],
      options: [
        { id: 'witness', kinds: ['witness'], example: true, label: { ja: '破壊の完了まで職員が立ち会う', en: 'Staff witness until the destruction is complete' } },
        {
          id: 'inBuildingCertificate',
          kinds: ['inBuildingErase', 'certificate'],
          example: true,
          label: { ja: '庁舎内で(3)の水準まで消去してから引き渡し、事業者の完了証明書で確認', en: "Erase in the building to row (3)'s level, hand over, confirm with the contractor's completion certificate" },
        },
      ],
      refs,
      provisional,
      source,
      note: {
        ja: '庁舎内などに置く機器（ハウジング・プライベートクラウドを含む）を想定した行です。リース機器では、記憶媒体を物理的に破壊することを仕様書と契約に書いておくことが望ましいとされます。',
        en: 'The row assumes on-premises equipment (including housing and private cloud). For leased equipment, writing physical destruction of the media into the specification and the contract is desirable.',
      },
    },
    {
      id: 'row2',
      label: { ja: '表の(2) 機密性2以上の媒体: 適切な方法で確認', en: 'Row (2), confidentiality 2+ media: confirmed in an appropriate way' },
      targets: ['device'],
      bands: ['conf2plus'],
      options: [
        { id: 'certificate', kinds: ['certificate'], example: true, label: { ja: '完了証明書で確認（庁舎内で消去してから引き渡すのが表の例）', en: 'Confirmed by a completion certificate (the example: erase in the building first, then hand over)' } },
        { id: 'witness', kinds: ['witness'], example: false, label: OTHER_WAY },
        { id: 'staffCheck', kinds: ['staffCheck'], example: false, label: OTHER_WAY },
      ],
      refs,
      provisional,
      source,
      note: { ja: '表は「など適切な方法」として例を挙げています。例以外の方法で確認したときは、その理由を完了時に記録します。', en: 'The table gives an example of an appropriate method; closing with another one records why.' },
    },
    {
      id: 'row3',
      label: { ja: '表の(3) その他の媒体: 適切な方法で確認', en: 'Row (3), other media: confirmed in an appropriate way' },
      targets: ['device'],
      bands: ['conf1'],
      options: [
        { id: 'staffCheck', kinds: ['staffCheck'], example: true, label: { ja: '職員が確認（庁舎内で消去して職員が確かめるのが表の例）', en: 'Confirmed by staff (the example: erase in the building and have staff confirm it)' } },
        { id: 'certificate', kinds: ['certificate'], example: false, label: OTHER_WAY },
        { id: 'witness', kinds: ['witness'], example: false, label: OTHER_WAY },
      ],
      refs,
      provisional,
      source,
      note: { ja: '表は「など適切な方法」として例を挙げています。例以外の方法で確認したときは、その理由を完了時に記録します。', en: 'The table gives an example of an appropriate method; closing with another one records why.' },
    },
  ];
}

/** Every rule set, newest first. */
export const RULE_SETS: readonly RuleSet[] = [R8_3, PRE_R8];

/**
 * Whether a generic method can physically work on a storage kind. The guideline lists methods
 * without saying which media each suits; this table is Shirube's technical judgement (provisional).
 */
export const TECHNICAL_FIT: Partial<Record<MethodId, readonly StorageKind[]>> = {
  physicalDestruction: ['hdd', 'ssd', 'usb', 'optical', 'paper', 'embeddedFlash'],
  degauss: ['hdd'],
  overwriteAll: ['hdd', 'ssd'],
  blockErase: ['ssd', 'usb', 'embeddedFlash'],
  cryptoErase: ['hdd', 'ssd', 'usb', 'embeddedFlash'],
  overwriteOsReachable: ['hdd', 'ssd', 'usb', 'embeddedFlash'],
};

// ---- evaluation ---------------------------------------------------------------------------

export interface AllowedMethod {
  method: MethodId;
  family: MethodFamily;
  label: Label;
  refs: string[];
  provisional: boolean;
  note?: Label;
}

export interface RefusedMethod {
  method: MethodId;
  label: Label;
  reason: Label;
  refs: string[];
  provisional: boolean;
}

export interface ProofItem {
  kind: ProofKind;
  /** 'alternative': part of an option of a proof choice (see Evaluation.proofChoices). */
  level: 'required' | 'recommended' | 'alternative';
  label: Label;
  refs: string[];
  provisional: boolean;
  note?: Label;
}

export interface Evaluation {
  edition: string;
  ruleSet: { id: string; label: Label };
  category: DisposalCategory;
  categoryLabel: Label;
  band: Band;
  storage: StorageKind | null;
  allowed: AllowedMethod[];
  refused: RefusedMethod[];
  /** For the chosen method (proof may depend on it); computed for `method` when given. */
  proof: ProofItem[];
  /** Proof that can be given in one of several ways. */
  proofChoices: ProofChoiceView[];
  refs: string[];
  provisional: boolean;
}

export interface ProofChoiceView {
  id: string;
  label: Label;
  options: Array<{ id: string; kinds: ProofKind[]; example: boolean; label: Label }>;
  refs: string[];
  provisional: boolean;
  source: string;
  note?: Label;
}

export class RuleError extends Error {
  constructor(
    readonly code: 'no_rules_for_edition' | 'storage_required' | 'storage_mismatch',
    readonly messages: Label,
  ) {
    super(messages.en);
  }
}

export function ruleSetFor(edition: string): RuleSet {
  const set = RULE_SETS.find((r) => r.editions.includes(edition));
  if (!set) {
    throw new RuleError('no_rules_for_edition', {
      ja: `版「${edition}」の廃棄の規定はしるべに登録されていません（対応: ${RULE_SETS.flatMap((r) => r.editions).join('、')}）。`,
      en: `Shirube has no disposal rules for edition "${edition}" (supported: ${RULE_SETS.flatMap((r) => r.editions).join(', ')}).`,
    });
  }
  return set;
}

export function bandOf(subject: Pick<Subject, 'confidentiality' | 'myNumberResident'>): Band {
  if (subject.myNumberResident) return 'myNumberResident';
  return isConfidentiality2Plus(subject.confidentiality) ? 'conf2plus' : 'conf1';
}

export function categoryOf(subject: Pick<Subject, 'target' | 'confidentiality' | 'myNumberResident'>): DisposalCategory {
  return subject.target === 'cloud' ? 'cloud' : bandOf(subject);
}

function rowMatches(row: MethodRule, category: DisposalCategory, storage: StorageKind | null): boolean {
  if (!row.categories.includes(category)) return false;
  if (row.storage === 'any') return true;
  return storage !== null && row.storage.includes(storage);
}

function refusalMatches(r: RefusalRule, method: MethodId, category: DisposalCategory, subject: Subject): boolean {
  if (r.methods !== 'any' && !r.methods.includes(method)) return false;
  if (r.target && r.target !== subject.target) return false;
  if (r.categories && !r.categories.includes(category)) return false;
  if (r.storage && (subject.storage === null || !r.storage.includes(subject.storage))) return false;
  return true;
}

function uniq(list: string[]): string[] {
  return [...new Set(list)];
}

/** Allowed and refused methods, and the proof, for a medium under an edition's rules. */
export function evaluate(edition: string, subject: Subject, method?: MethodId | null): Evaluation {
  const set = ruleSetFor(edition);
  if (subject.target === 'device' && subject.storage === null) {
    throw new RuleError('storage_required', { ja: '記憶装置の種類を指定してください。', en: 'Give the storage kind.' });
  }
  const category = categoryOf(subject);
  const band = bandOf(subject);
  const storage = subject.target === 'cloud' ? null : subject.storage;
  const allowed: AllowedMethod[] = [];
  const refused: RefusedMethod[] = [];
  for (const m of METHODS) {
    const rows = set.methods.filter((r) => r.method === m && rowMatches(r, category, storage));
    const fit = TECHNICAL_FIT[m];
    const technicallyFits = subject.target === 'cloud' || !fit || (storage !== null && fit.includes(storage));
    if (rows.length > 0 && technicallyFits) {
      allowed.push({
        method: m,
        family: subject.target === 'cloud' ? 'cloud' : METHOD_INFO[m].family,
        label: METHOD_INFO[m].label,
        refs: uniq(rows.flatMap((r) => r.refs)),
        provisional: rows.every((r) => r.provisional),
        note: rows.find((r) => r.note)?.note,
      });
      continue;
    }
    if (rows.length > 0 && storage !== null) {
      refused.push({
        method: m,
        label: METHOD_INFO[m].label,
        reason: {
          ja: `この方法は${STORAGE_LABELS[storage].ja}には効き目がありません（しるべの技術的な判断）。`,
          en: `This method does not work on ${STORAGE_LABELS[storage].en} (Shirube's technical judgement).`,
        },
        refs: uniq(rows.flatMap((r) => r.refs)),
        provisional: true,
      });
      continue;
    }
    const why = set.refusals.find((r) => refusalMatches(r, m, category, subject));
    refused.push({
      method: m,
      label: METHOD_INFO[m].label,
      reason: why?.reason ?? {
        ja: `この版の規定では、${CATEGORY_LABELS[category].ja}${storage ? `（${STORAGE_LABELS[storage].ja}）` : ''}に挙げられていない方法です。`,
        en: `Under this edition this method is not listed for ${CATEGORY_LABELS[category].en.toLowerCase()}${storage ? ` (${STORAGE_LABELS[storage].en})` : ''}.`,
      },
      refs: why?.refs ?? [DEVICE_REF],
      provisional: why?.provisional ?? false,
    });
  }
  const choices = set.proofChoices.filter((c) => c.targets.includes(subject.target) && c.bands.includes(band));
  const proof = proofFor(set, subject.target, band, method ?? null);
  for (const c of choices) {
    for (const kind of uniq(c.options.flatMap((o) => o.kinds)) as ProofKind[]) {
      const at = proof.findIndex((x) => x.kind === kind);
      if (at >= 0 && proof[at].level === 'required') continue;
      const item: ProofItem = { kind, level: 'alternative', label: PROOF_LABELS[kind], refs: c.refs, provisional: c.provisional };
      if (at >= 0) proof[at] = item;
      else proof.push(item);
    }
  }
  const proofChoices: ProofChoiceView[] = choices.map((c) => ({ id: c.id, label: c.label, options: c.options, refs: c.refs, provisional: c.provisional, source: c.source, note: c.note }));
  const refs = uniq([
    ...(subject.target === 'cloud' ? CLOUD_REFS : set.baseRefs),
    ...(subject.mediaKind === 'mfp' ? [MFP_REF] : []),
  ]);
  return {
    edition,
    ruleSet: { id: set.id, label: set.label },
    category,
    categoryLabel: CATEGORY_LABELS[category],
    band,
    storage,
    allowed,
    refused,
    proof,
    proofChoices,
    refs,
    provisional: allowed.some((a) => a.provisional) || proof.some((p) => p.provisional),
  };
}

function proofFor(set: RuleSet, target: DisposalTarget, band: Band, method: MethodId | null): ProofItem[] {
  const out: ProofItem[] = [];
  for (const row of set.proof) {
    if (!row.targets.includes(target) || !row.bands.includes(band)) continue;
    if (row.whenMethods && (method === null || !row.whenMethods.includes(method))) continue;
    if (out.some((p) => p.kind === row.proof && p.level === 'required')) continue;
    const existing = out.findIndex((p) => p.kind === row.proof);
    const item: ProofItem = { kind: row.proof, level: row.level, label: PROOF_LABELS[row.proof], refs: row.refs, provisional: row.provisional, note: row.note };
    if (existing >= 0) out[existing] = item;
    else out.push(item);
  }
  return out;
}

export type MethodCheck = { ok: true; allowed: AllowedMethod } | { ok: false; refused: RefusedMethod };

export function checkMethod(evaluation: Evaluation, method: MethodId): MethodCheck {
  const a = evaluation.allowed.find((x) => x.method === method);
  if (a) return { ok: true, allowed: a };
  const r = evaluation.refused.find((x) => x.method === method);
  if (!r) throw new Error(`method ${method} is neither allowed nor refused`);
  return { ok: false, refused: r };
}

export function requiredProof(evaluation: Evaluation): ProofKind[] {
  return evaluation.proof.filter((p) => p.level === 'required').map((p) => p.kind);
}

/** Kinds that are required or part of an option (e.g. whether a certificate deadline is set). */
export function proofInPlay(evaluation: Evaluation): ProofKind[] {
  return evaluation.proof.filter((p) => p.level !== 'recommended').map((p) => p.kind);
}

/** For each proof choice, the first option whose kinds are all met (null when none is). */
export function choiceOutcome(evaluation: Evaluation, met: (kind: ProofKind) => boolean) {
  return evaluation.proofChoices.map((c) => {
    const option = c.options.find((o) => o.kinds.every(met)) ?? null;
    return { id: c.id, label: c.label, met: option !== null, option: option ? { id: option.id, example: option.example, label: option.label } : null, options: c.options, refs: c.refs, provisional: c.provisional, source: c.source, note: c.note ?? null };
  });
}

/** Every catalog id any rule cites, per edition (for the test that they exist in the catalog). */
export function citedRefs(): Array<{ edition: string; ruleSet: string; ref: string }> {
  const out: Array<{ edition: string; ruleSet: string; ref: string }> = [];
  for (const set of RULE_SETS) {
    const refs = uniq([
      ...set.baseRefs,
      MFP_REF,
      ...CLOUD_REFS,
      ...set.methods.flatMap((r) => r.refs),
      ...set.refusals.flatMap((r) => r.refs),
      ...set.proof.flatMap((r) => r.refs),
      ...set.proofChoices.flatMap((r) => r.refs),
    ]);
    for (const edition of set.editions) for (const ref of refs) out.push({ edition, ruleSet: set.id, ref });
  }
  return out;
}
