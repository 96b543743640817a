import type { Bilingual, ClassificationScheme } from '@shared/catalog';
import type { AssetHostingId, AssetKindId, AssetSegmentId } from '@shared/assets';

/**
 * Contradiction checks on an asset's classification, as data. Each rule is a condition written in
 * the small vocabulary below (no code per rule), with its severity, the catalog items it rests on,
 * an explanation and a remedy in Japanese and English, and whether the facts behind it are
 * provisional. evaluate() runs the table against one asset.
 */

export type Severity = 'high' | 'medium' | 'low';

/** What the checks look at: the asset's register fields and its classification. */
export interface AssetFacts {
  kind: AssetKindId;
  segment: AssetSegmentId | null;
  hosting: AssetHostingId | null;
  cloudServiceId: string | null;
  flags: { residentData: boolean; myNumber: boolean; specialCare: boolean };
  confidentiality: string | null;
  integrity: string | null;
  availability: string | null;
  schemeEdition: string | null;
  backupNote: string | null;
}

/** The scheme the asset's levels belong to, and the one new classifications use. */
export interface CheckContext {
  /** Scheme of the asset's own edition (undefined when unclassified or the edition is unknown). */
  scheme: ClassificationScheme | undefined;
  currentScheme: ClassificationScheme['id'];
  currentEdition: string;
}

type SchemeLevels = Partial<Record<ClassificationScheme['id'], string>>;

/** The vocabulary of conditions. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { flag: keyof AssetFacts['flags'] }
  | { segmentIn: AssetSegmentId[] }
  | { hostingIn: AssetHostingId[] }
  | { kindIn: AssetKindId[] }
  | { classified: true }
  /** Confidentiality strictly below the named level of the asset's own scheme (per scheme id). */
  | { confidentialityBelow: SchemeLevels }
  /** Confidentiality at or above the named level of the asset's own scheme. */
  | { confidentialityAtLeast: SchemeLevels }
  | { confidentialityIs: string[] }
  | { integrityIs: string[] }
  | { availabilityIs: string[] }
  | { empty: 'backupNote' | 'cloudServiceId' }
  /** The asset's levels belong to a scheme other than the current edition's. */
  | { olderScheme: true };

export interface CheckRule {
  /** Stable id shown to users and kept in docs (AC-01 …). */
  id: string;
  severity: Severity;
  title: Bilingual;
  /** The asset violates the rule when this holds. */
  when: Condition;
  /** Catalog node ids the rule rests on (of the current edition). */
  refs: string[];
  explanation: Bilingual;
  remedy: Bilingual;
  /** True when the facts behind the rule are provisional (practitioners' knowledge, not re-read in the guideline). */
  provisional: boolean;
  provisionalNote?: Bilingual;
}

export const CHECK_RULES: CheckRule[] = [
  {
    id: 'AC-01',
    severity: 'high',
    title: { ja: 'マイナンバー利用事務系の住民情報が3B未満', en: 'Resident information in the My Number segment below 3B' },
    when: { all: [{ flag: 'residentData' }, { segmentIn: ['mynumber'] }, { confidentialityBelow: { jichitai5: '3B', legacy3: '2' } }] },
    refs: ['KB-2.1', 'KB-3.1'],
    explanation: {
      ja: '住民記録や税などマイナンバー利用事務系のシステムに保存される住民の個人情報は、自治体機密性3Bの代表例として示されています（令和6年10月版より前の分類では機密性2。旧機密性3は秘密文書だけの区分でした）。これより低い区分では、必要な保護が取扱制限に現れません。',
      en: "Residents' personal data held in My Number segment systems such as the resident registry or tax is the model example of municipal confidentiality 3B (2 in the scheme before R6.10, whose level 3 held secret documents only). A lower class leaves the needed protection out of the handling rules.",
    },
    remedy: {
      ja: '機密性を3B以上に見直してください。国から受け取った秘密文書にあたる場合は3Aです。',
      en: 'Raise confidentiality to 3B or above; use 3A when it is a secret document received from the state.',
    },
    provisional: false,
  },
  {
    id: 'AC-02',
    severity: 'high',
    title: { ja: 'マイナンバーを含む情報が3B未満', en: 'My Number data below 3B' },
    when: { all: [{ flag: 'myNumber' }, { confidentialityBelow: { jichitai5: '3B', legacy3: '2' } }] },
    refs: ['KB-2.1', 'KB-3.1.2'],
    explanation: {
      ja: '個人番号を含む情報は、漏えいすると個人の権利利益を大きく損なう情報であり、住民の個人情報と同じく3B以上で扱うのが自然です。',
      en: 'Data containing individual numbers would seriously harm individuals if leaked; like other residents’ personal data it belongs in 3B or above.',
    },
    remedy: { ja: '機密性を3B以上にしてください。', en: 'Classify confidentiality as 3B or above.' },
    provisional: true,
    provisionalNote: {
      ja: 'マイナンバーを含む情報を3Bとする明示の記述は確認できておらず、3Bの例（住民記録・税などの住民の個人情報）からのしるべの推論です。',
      en: "No explicit statement that My Number data is 3B was verified; Shirube infers it from the 3B example (residents' personal data in resident-registry and tax systems).",
    },
  },
  {
    id: 'AC-03',
    severity: 'high',
    title: { ja: 'マイナンバーを含む情報がマイナンバー利用事務系の外にある', en: 'My Number data outside the My Number segment' },
    when: { all: [{ flag: 'myNumber' }, { segmentIn: ['lgwan', 'internet'] }] },
    refs: ['KB-3.1.1', 'KB-3.1.2'],
    explanation: {
      ja: '個人番号を扱う事務はマイナンバー利用事務系で行い、他の領域から分離し、端末から外部へ持ち出せないように設定することが求められています。LGWAN接続系やインターネット接続系に置かれていると、この分離と矛盾します。',
      en: 'Work with individual numbers is done in the My Number segment, separated from the other segments, with terminals set so data cannot be taken out. Holding it in the LGWAN or internet segment contradicts that separation.',
    },
    remedy: {
      ja: '配置セグメントを確認し、マイナンバー利用事務系へ移すか、個人番号を除いたデータであればフラグを外してください。',
      en: 'Check the segment: move the asset into the My Number segment, or clear the flag if the data no longer carries individual numbers.',
    },
    provisional: false,
  },
  {
    id: 'AC-04',
    severity: 'high',
    title: { ja: '機密性3Aの情報がクラウドサービス上にある', en: 'Confidentiality 3A on a cloud service' },
    when: { all: [{ confidentialityIs: ['3A'] }, { any: [{ hostingIn: ['cloud'] }, { kindIn: ['cloudData'] }] }] },
    refs: ['KB-2.1', 'KB-8.3'],
    explanation: {
      ja: '自治体機密性3Aは国の秘密文書にあたる情報で、ガバメントクラウドの対象外とされています。クラウドに置くこと自体が個別の慎重な判断を要します。',
      en: 'Municipal confidentiality 3A corresponds to the state’s secret documents and is out of scope for the Government Cloud; placing it on any cloud needs a careful, case-by-case decision.',
    },
    remedy: {
      ja: '庁内やデータセンターへの移設を検討するか、CISOの判断と例外の記録を残してください。分類が過大であれば見直してください。',
      en: 'Consider moving it on premises or to a data centre, or record the CISO’s decision as an exception; reclassify if 3A overstates it.',
    },
    provisional: false,
  },
  {
    id: 'AC-05',
    severity: 'medium',
    title: { ja: '機密性2以上の情報を置くクラウドサービスが登録されていない', en: 'Cloud service for confidentiality 2+ not registered' },
    when: {
      all: [
        { confidentialityAtLeast: { jichitai5: '2', legacy3: '2' } },
        { any: [{ hostingIn: ['cloud'] }, { kindIn: ['cloudData'] }] },
        { empty: 'cloudServiceId' },
      ],
    },
    refs: ['KB-8.3', 'KB-8.3.2', 'KB-8.3.4'],
    explanation: {
      ja: '自治体機密性2以上の情報を外部サービスで扱うときは、サービスを選定基準に照らして選び、利用の承認を得ることが求められます。約款だけで提供される一般向けサービスでは原則として扱えません。どのサービスか分からないと、選定と承認を確かめられません。',
      en: 'Handling confidentiality 2+ on an external service needs the service to be selected against the criteria and its use approved; public services offered only on uniform terms are in principle excluded. Without knowing the service, neither can be checked.',
    },
    remedy: {
      ja: '外部サービスの台帳に登録したサービスを資産に結び付けてください。',
      en: 'Link the asset to the service in the external-service register.',
    },
    provisional: false,
  },
  {
    id: 'AC-06',
    severity: 'medium',
    title: { ja: '可用性2なのにバックアップの記載がない', en: 'Availability 2 without a backup note' },
    when: { all: [{ availabilityIs: ['2'] }, { empty: 'backupNote' }] },
    refs: ['KB-6.1.2', 'KB-4.1.2'],
    explanation: {
      ja: '可用性2の情報は、失われると住民の権利や事務の継続に大きく響くため、バックアップを取り、決めた時間内に戻せるようにしておくことが取扱制限の中心です。台帳にその方法が書かれていません。',
      en: 'Availability 2 information would seriously affect residents or continuity if lost, so backing it up and restoring it within a set time is at the heart of its handling rules. The register does not say how that is done.',
    },
    remedy: {
      ja: 'バックアップの方法（取得先・頻度・復旧の目安）を記入してください。',
      en: 'Describe the backup: where to, how often, and how quickly it can be restored.',
    },
    provisional: true,
    provisionalNote: {
      ja: '完全性・可用性の定義と取扱制限は政府統一基準に倣った整理で、ガイドライン本文では未確認です。',
      en: 'The integrity and availability definitions and handling rules follow the national standard and were not re-read in the guideline.',
    },
  },
  {
    id: 'AC-07',
    severity: 'low',
    title: { ja: '完全性2なのにバックアップの記載がない', en: 'Integrity 2 without a backup note' },
    when: { all: [{ integrityIs: ['2'] }, { empty: 'backupNote' }] },
    refs: ['KB-6.1.2', 'KB-6.1.16'],
    explanation: {
      ja: '完全性2の情報は、改ざんや破損があったときに正しい状態へ戻せることが求められ、バックアップと必要に応じた電子署名が取扱制限にあたります。台帳にバックアップの記載がありません。',
      en: 'Integrity 2 information must be recoverable to a correct state after tampering or corruption; backups, and electronic signatures where needed, are its handling rules. The register has no backup note.',
    },
    remedy: { ja: 'バックアップの方法を記入してください。', en: 'Describe how the asset is backed up.' },
    provisional: true,
    provisionalNote: {
      ja: '完全性・可用性の定義と取扱制限は政府統一基準に倣った整理で、ガイドライン本文では未確認です。',
      en: 'The integrity and availability definitions and handling rules follow the national standard and were not re-read in the guideline.',
    },
  },
  {
    id: 'AC-08',
    severity: 'medium',
    title: { ja: '個人情報を含む情報が公表前提の区分', en: 'Personal information in a class meant for disclosure' },
    when: {
      all: [{ any: [{ flag: 'residentData' }, { flag: 'specialCare' }] }, { confidentialityBelow: { jichitai5: '3C', legacy3: '2' } }],
    },
    refs: ['KB-2.1'],
    explanation: {
      ja: '住民情報や要配慮個人情報は公表を前提としない情報です。自治体機密性3Cは「基本的に公表を前提としない情報」とされ、機密性2・1はそれより緩い扱いになります。',
      en: 'Resident and special care-required personal information is not meant for publication. Municipal 3C is the class for information basically not meant to be published; 2 and 1 are looser.',
    },
    remedy: {
      ja: '機密性を3C以上に見直してください（住民記録・税などのシステムに保存されるものは3B）。',
      en: 'Raise confidentiality to 3C or above (3B when held in resident-registry, tax or similar systems).',
    },
    provisional: true,
    provisionalNote: {
      ja: '3Cの例は職員の個人情報と入札予定価格で、住民の個人情報一般を3C以上とする記述は確認できていません。しるべの推論です。',
      en: "The 3C examples are staff personal data and planned bid prices; no statement that all resident personal data is 3C or above was verified. This is Shirube's inference.",
    },
  },
  {
    id: 'AC-09',
    severity: 'medium',
    title: { ja: '旧分類（機密性3・2・1）のまま', en: 'Still classified under the older scheme (3, 2, 1)' },
    when: { all: [{ classified: true }, { olderScheme: true }] },
    refs: ['KB-2.1'],
    explanation: {
      ja: '令和6年10月版から、機密性3は3A・3B・3Cに分かれました。旧分類のままでは、取扱制限やクラウド利用の判断が現行の版と合いません。',
      en: 'Since the October 2024 edition, confidentiality 3 is split into 3A, 3B and 3C. An asset left in the older scheme does not line up with the current handling rules or cloud decisions.',
    },
    remedy: { ja: '再分類の画面で現行の区分に分類し直してください。', en: 'Reclassify it under the current scheme from the reclassification page.' },
    provisional: false,
  },
  {
    id: 'AC-10',
    severity: 'low',
    title: { ja: '分類が決まっていない', en: 'Not classified' },
    when: { not: { classified: true } },
    refs: ['KB-2.1', 'KB-2.2.1'],
    explanation: {
      ja: '情報資産は機密性・完全性・可用性で分類し、その分類に応じて取り扱うことが求められます。分類がないと取扱制限を示せません。',
      en: 'Information assets are classified by confidentiality, integrity and availability and handled accordingly; without a class no handling rules can be shown.',
    },
    remedy: { ja: '所管課室の情報セキュリティ管理者が分類を決めてください。', en: "The owner section's security manager should classify it." },
    provisional: false,
  },
  {
    id: 'AC-11',
    severity: 'low',
    title: { ja: 'クラウド上のデータなのに設置形態がクラウドではない', en: 'Cloud data set not hosted on a cloud service' },
    when: { all: [{ kindIn: ['cloudData'] }, { hostingIn: ['onPremises', 'dataCentre'] }] },
    refs: ['KB-8.3'],
    explanation: {
      ja: '種別が「クラウド上のデータ」なのに、設置形態が庁内またはデータセンターになっています。どちらかが誤っていると、外部サービスに関する確認が漏れます。',
      en: 'The kind says cloud data set but the hosting says on premises or data centre; if either is wrong, the external-service checks are missed.',
    },
    remedy: { ja: '種別か設置形態を直してください。', en: 'Correct the kind or the hosting.' },
    provisional: false,
  },
];

// ---- evaluation ----------------------------------------------------------------------------

function rankOf(scheme: ClassificationScheme | undefined, id: string | null): number | undefined {
  if (!scheme || id === null) return undefined;
  return scheme.levels.c.find((l) => l.id === id)?.rank;
}

function threshold(scheme: ClassificationScheme | undefined, levels: SchemeLevels): number | undefined {
  if (!scheme) return undefined;
  const id = levels[scheme.id];
  return id === undefined ? undefined : rankOf(scheme, id);
}

export function holds(c: Condition, a: AssetFacts, ctx: CheckContext): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, a, ctx));
  if ('any' in c) return c.any.some((x) => holds(x, a, ctx));
  if ('not' in c) return !holds(c.not, a, ctx);
  if ('flag' in c) return a.flags[c.flag];
  if ('segmentIn' in c) return a.segment !== null && c.segmentIn.includes(a.segment);
  if ('hostingIn' in c) return a.hosting !== null && c.hostingIn.includes(a.hosting);
  if ('kindIn' in c) return c.kindIn.includes(a.kind);
  if ('classified' in c) return a.confidentiality !== null;
  if ('confidentialityBelow' in c) {
    const r = rankOf(ctx.scheme, a.confidentiality);
    const t = threshold(ctx.scheme, c.confidentialityBelow);
    return r !== undefined && t !== undefined && r < t;
  }
  if ('confidentialityAtLeast' in c) {
    const r = rankOf(ctx.scheme, a.confidentiality);
    const t = threshold(ctx.scheme, c.confidentialityAtLeast);
    return r !== undefined && t !== undefined && r >= t;
  }
  if ('confidentialityIs' in c) return a.confidentiality !== null && c.confidentialityIs.includes(a.confidentiality);
  if ('integrityIs' in c) return a.integrity !== null && c.integrityIs.includes(a.integrity);
  if ('availabilityIs' in c) return a.availability !== null && c.availabilityIs.includes(a.availability);
  if ('empty' in c) {
    const v = a[c.empty];
    return v === null || v.trim() === '';
  }
  if ('olderScheme' in c) return ctx.scheme !== undefined && ctx.scheme.id !== ctx.currentScheme;
  return false;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  title: Bilingual;
  refs: string[];
  explanation: Bilingual;
  remedy: Bilingual;
  provisional: boolean;
  provisionalNote?: Bilingual;
}

const ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** The rules the asset violates, most severe first. */
export function evaluate(a: AssetFacts, ctx: CheckContext, rules: CheckRule[] = CHECK_RULES): Finding[] {
  return rules
    .filter((r) => holds(r.when, a, ctx))
    .map((r) => ({
      ruleId: r.id,
      severity: r.severity,
      title: r.title,
      refs: r.refs,
      explanation: r.explanation,
      remedy: r.remedy,
      provisional: r.provisional,
      ...(r.provisionalNote ? { provisionalNote: r.provisionalNote } : {}),
    }))
    .sort((x, y) => ORDER[x.severity] - ORDER[y.severity] || x.ruleId.localeCompare(y.ruleId));
}
