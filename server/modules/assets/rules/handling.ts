import type { Axis, Bilingual, ClassificationLevel, ClassificationScheme, HandlingTopic } from '@shared/catalog';

/**
 * 取扱制限: what follows from an asset's levels, read from the catalog's classification scheme.
 * Every topic the register promises (storage, transmission and encryption, copying, take-out,
 * printing, disposal) is listed; a topic the catalog has no rule for says so instead of being
 * left out, so a blank is never mistaken for "anything goes".
 */

export const HANDLING_TOPICS: Array<{ topic: HandlingTopic; label: Bilingual; always: boolean }> = [
  { topic: 'storage', label: { ja: '保管', en: 'Storage' }, always: true },
  { topic: 'transmission', label: { ja: '送信・暗号化', en: 'Transmission and encryption' }, always: true },
  { topic: 'copying', label: { ja: '複製・配布', en: 'Copying and distribution' }, always: true },
  { topic: 'takeOut', label: { ja: '持ち出し・運搬（許可）', en: 'Take-out and carriage (approval)' }, always: true },
  { topic: 'printing', label: { ja: '印刷', en: 'Printing' }, always: true },
  { topic: 'disposal', label: { ja: '廃棄', en: 'Disposal' }, always: true },
  { topic: 'backup', label: { ja: 'バックアップ', en: 'Backup' }, always: false },
  { topic: 'terminal', label: { ja: '端末', en: 'Terminals' }, always: false },
  { topic: 'labelling', label: { ja: '分類の表示', en: 'Labelling' }, always: false },
  { topic: 'cloud', label: { ja: 'クラウドサービス', en: 'Cloud services' }, always: false },
];

export const DISPOSAL_FAMILIES: Record<ClassificationLevel['disposalFamily'], { label: Bilingual; explanation: Bilingual }> = {
  destroy: {
    label: { ja: '破壊', en: 'Destroy' },
    explanation: { ja: '媒体を物理的に壊し、再利用しない方法。', en: 'Physically destroying the medium; it is not reused.' },
  },
  purge: {
    label: { ja: '除去（または破壊）', en: 'Purge (or destroy)' },
    explanation: {
      ja: '研究所レベルの復元にも耐える消去（暗号化消去・ブロック消去・OSから見えない領域を含む上書きなど）か、物理的な破壊。方法は廃棄の画面で媒体ごとに選ぶ。',
      en: 'Erasure that resists laboratory recovery (cryptographic erase, block erase, overwriting including areas the OS cannot see) or physical destruction; the method is chosen per medium on the disposal page.',
    },
  },
  clear: {
    label: { ja: '消去（上書き）', en: 'Clear (overwrite)' },
    explanation: {
      ja: 'OSから見える全領域の上書きなどによる消去。初期化（フォーマット）だけでは足りない。',
      en: 'Overwriting every area visible to the OS or better; formatting alone is not enough.',
    },
  },
  none: {
    label: { ja: '定めなし', en: 'No rule' },
    explanation: { ja: 'この区分から決まる廃棄方法はない。', en: 'This level sets no disposal method.' },
  },
};

const FAMILY_ORDER: Array<ClassificationLevel['disposalFamily']> = ['destroy', 'purge', 'clear', 'none'];

export interface HandlingItem {
  text: Bilingual;
  refs: string[];
  provisional: boolean;
  /** The axis and level the rule comes from. */
  from: { axis: Axis; level: string; label: string };
}

export interface HandlingTopicView {
  topic: HandlingTopic;
  label: Bilingual;
  items: HandlingItem[];
  /** Set when the catalog has no rule for this topic at these levels. */
  none?: Bilingual;
}

export interface HandlingView {
  schemeId: ClassificationScheme['id'];
  levels: Record<Axis, { id: string; label: string; labelEn: string } | null>;
  topics: HandlingTopicView[];
  disposal: {
    family: ClassificationLevel['disposalFamily'];
    label: Bilingual;
    explanation: Bilingual;
    /** The resident information of the My Number segment is destroyed or purged whatever its class. */
    myNumberSegmentMedia: boolean;
  };
  provisional: boolean;
}

/** Handling rules for a classification: the union of the rules of its three levels, by topic. */
export function deriveHandling(
  scheme: ClassificationScheme,
  levels: { c: string | null; i: string | null; a: string | null },
  opts: { myNumberSegmentResidentData?: boolean } = {},
): HandlingView {
  const picked: Record<Axis, ClassificationLevel | null> = {
    c: levels.c ? (scheme.levels.c.find((l) => l.id === levels.c) ?? null) : null,
    i: levels.i ? (scheme.levels.i.find((l) => l.id === levels.i) ?? null) : null,
    a: levels.a ? (scheme.levels.a.find((l) => l.id === levels.a) ?? null) : null,
  };
  const topics: HandlingTopicView[] = [];
  for (const t of HANDLING_TOPICS) {
    const items: HandlingItem[] = [];
    for (const axis of ['c', 'i', 'a'] as Axis[]) {
      const lv = picked[axis];
      if (!lv) continue;
      for (const h of lv.handling) {
        if (h.topic !== t.topic) continue;
        if (items.some((x) => x.text.ja === h.text.ja)) continue;
        items.push({ text: h.text, refs: h.refs, provisional: h.provenance.confidence === 'provisional', from: { axis, level: lv.id, label: lv.label } });
      }
    }
    if (items.length === 0 && !t.always) continue;
    topics.push(
      items.length
        ? { topic: t.topic, label: t.label, items }
        : {
            topic: t.topic,
            label: t.label,
            items,
            none: {
              ja: 'この区分についてカタログに定めはありません。団体の実施手順に従ってください。',
              en: 'The catalog sets no rule for these levels; follow the organisation’s procedures.',
            },
          },
    );
  }
  let family: ClassificationLevel['disposalFamily'] = 'none';
  for (const lv of Object.values(picked)) {
    if (lv && FAMILY_ORDER.indexOf(lv.disposalFamily) < FAMILY_ORDER.indexOf(family)) family = lv.disposalFamily;
  }
  const provisional = topics.some((t) => t.items.some((i) => i.provisional)) || Object.values(picked).some((l) => l?.provenance.confidence === 'provisional');
  const summary = (lv: ClassificationLevel | null) => (lv ? { id: lv.id, label: lv.label, labelEn: lv.labelEn } : null);
  return {
    schemeId: scheme.id,
    levels: { c: summary(picked.c), i: summary(picked.i), a: summary(picked.a) },
    topics,
    disposal: { family, ...DISPOSAL_FAMILIES[family], myNumberSegmentMedia: opts.myNumberSegmentResidentData === true },
    provisional,
  };
}
