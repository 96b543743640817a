import { SEGMENT_LABELS, type SegmentId } from '@shared/network';
import { CLS, SEG, SEG_IDS } from '../model/build';
import type { Analysis, ResolvedAsset } from './analysis';
import { defineRule, type Rule } from './engine';
import { both, elementOf, L, zoneOf } from './helpers';

/** Where information assets of each class may be placed. */

function names(list: ResolvedAsset[]): { ja: string; en: string } {
  return { ja: list.map((x) => x.name).join('、'), en: list.map((x) => x.name).join(', ') };
}

/** Hosted in a cloud: Government Cloud or a cloud service. */
function onCloud(a: Analysis, v: number): boolean {
  const c = a.g.vCls[v];
  return c === CLS.hosted || c === CLS.cloud;
}

function onInternetSide(a: Analysis, v: number): boolean {
  return a.seg[v] === SEG.internet || a.g.vCls[v] === CLS.internet;
}

function nodesWithAssets(a: Analysis, each: (v: number, assets: ResolvedAsset[]) => void): void {
  const g = a.g;
  for (let v = g.zoneCount; v < g.n; v++) {
    const assets = a.assetsOf(v);
    if (assets.length > 0) each(v, assets);
  }
}

export const assetMyNumber = defineRule({
  id: 'NW-AS-01',
  severity: 'error',
  title: L('マイナンバーを含む情報資産はマイナンバー利用事務系に置く', 'Assets with My Number data stay in the My Number segment'),
  explanation: L(
    '個人番号を含む情報資産は、分離されたマイナンバー利用事務系（推定された領域を含む）の中で扱います。ほかのセグメントやクラウドサービスに置くと、分離の意味がなくなります。',
    'Information assets containing My Numbers are handled inside the separated My Number segment (including inferred areas). Placing them in other segments or cloud services defeats the separation.',
  ),
  remedy: L('この資産をマイナンバー利用事務系のシステムへ移してください。', 'Move the asset to a system in the My Number segment.'),
  catalog: [{ id: 'KB-3.1.1' }, { id: 'KB-2.2.6' }],
  provisional: true,
  provisionalNote: L('資産の置き場所をセグメントで判定するのは、しるべの解釈です。', 'Judging where an asset may be by segment is Shirube’s reading.'),
  check(a, emit) {
    nodesWithAssets(a, (v, assets) => {
      if (a.seg[v] === SEG.mynumber || a.g.vCls[v] === CLS.designated) return;
      const bad = assets.filter((x) => x.myNumber);
      if (bad.length === 0) return;
      const self = both(a.g, v);
      const n = names(bad);
      emit({ element: elementOf(a.g, v), message: L(`マイナンバーを含む情報資産（${n.ja}）が、マイナンバー利用事務系ではない${self.ja}にあります。`, `Assets with My Number data (${n.en}) are on ${self.en}, outside the My Number segment.`) });
    });
  },
});

export const asset3A = defineRule({
  id: 'NW-AS-02',
  severity: 'error',
  title: L('自治体機密性3Aの情報はクラウドやインターネット側に置かない', 'Confidentiality 3A stays off cloud services and the internet side'),
  explanation: L(
    '自治体機密性3Aは国の秘密文書に相当する情報で、ガバメントクラウドの対象外です。しるべは、どのクラウドサービスにも、インターネット接続系にも置かない扱いにしています。',
    'Confidentiality 3A matches the state’s secret documents and is outside the scope of the Government Cloud. Shirube keeps it off every cloud service and out of the internet segment.',
  ),
  remedy: L('この資産をマイナンバー利用事務系かLGWAN接続系の庁内のシステムへ移してください。', 'Move the asset to an on-premises system in the My Number or LGWAN segment.'),
  catalog: [{ id: 'KB-2.1' }, { id: 'KB-8.3.2' }],
  provisional: true,
  provisionalNote: L('ガバメントクラウドの対象外であることは確認済みですが、すべてのクラウドに広げるのは、しるべの解釈です。', 'Exclusion from the Government Cloud is confirmed; extending it to every cloud is Shirube’s reading.'),
  check(a, emit) {
    nodesWithAssets(a, (v, assets) => {
      if (!onCloud(a, v) && !onInternetSide(a, v)) return;
      const bad = assets.filter((x) => x.confidentiality === '3A');
      if (bad.length === 0) return;
      const self = both(a.g, v);
      const n = names(bad);
      const where = onCloud(a, v) ? L('クラウド上', 'on a cloud') : L('インターネット側', 'on the internet side');
      emit({ element: elementOf(a.g, v), message: L(`機密性3Aの情報資産（${n.ja}）が${where.ja}の${self.ja}にあります。`, `Confidentiality 3A assets (${n.en}) are on ${self.en}, ${where.en}.`) });
    });
  },
});

export const asset3B = defineRule({
  id: 'NW-AS-03',
  severity: 'error',
  title: L('自治体機密性3Bの住民情報は認められた場所に置く', 'Confidentiality 3B resident data stays where it is allowed'),
  explanation: L(
    '自治体機密性3Bは、住民記録や税のシステムにある住民の個人情報のように、漏れれば住民の権利を大きく損なう情報です。しるべは、マイナンバー利用事務系・LGWAN接続系・ガバメントクラウド上の領域・ISMAPに登録されたクラウドサービスに限って置ける扱いにしています（旧方式の機密性3も同じ扱い）。',
    'Confidentiality 3B is information such as residents’ personal data in resident-registry and tax systems, whose leak would seriously harm residents. Shirube allows it only in the My Number and LGWAN segments, Government Cloud areas and ISMAP-registered cloud services (the older scheme’s confidentiality 3 likewise).',
  ),
  remedy: L('この資産を上の場所のいずれかへ移すか、利用するクラウドサービスをISMAPに登録されたものにしてください。', 'Move the asset to one of those places, or use an ISMAP-registered cloud service.'),
  catalog: [{ id: 'KB-2.1' }, { id: 'KB-2.2.6' }],
  provisional: true,
  provisionalNote: L('3Bを置ける場所の範囲は、しるべの解釈です。', 'Where 3B may be placed is Shirube’s reading.'),
  check(a, emit) {
    nodesWithAssets(a, (v, assets) => {
      const g = a.g;
      const s = a.seg[v];
      if (s === SEG.mynumber || s === SEG.lgwan || g.vCls[v] === CLS.designated) return;
      const zone = zoneOf(g, v);
      if (zone?.kind === 'govCloud') return;
      if (zone?.kind === 'cloudService' && zone.ismap === 'ismap') return;
      const bad = assets.filter((x) => x.confidentiality === '3B' || x.confidentiality === '3');
      if (bad.length === 0) return;
      const self = both(g, v);
      const n = names(bad);
      emit({ element: elementOf(g, v), message: L(`機密性3Bの情報資産（${n.ja}）が、置くことのできない${self.ja}にあります。`, `Confidentiality 3B assets (${n.en}) are on ${self.en}, where they may not be placed.`) });
    });
  },
});

const CONF_2_PLUS = new Set(['3A', '3B', '3C', '3', '2']);

export const assetUniformTerms = defineRule({
  id: 'NW-AS-04',
  severity: 'error',
  title: L('約款型のクラウドサービスで機密性2以上の情報を扱わない', 'No confidentiality 2+ on cloud services offered on uniform terms'),
  explanation: L(
    '利用者ごとにセキュリティやデータの扱いを約束しない、約款だけで提供されるクラウドサービスは、機密性2以上の情報を扱う要件を満たせないため、原則としてそうした情報を扱いません。',
    'Cloud services offered only on uniform terms, with no individual commitments on security or data handling, cannot meet the requirements for confidentiality 2 and above, so such information is, in principle, not handled on them.',
  ),
  remedy: L('個別に契約してセキュリティ要件を約束するサービスに移すか、この資産をサービスから外してください。', 'Move to a service contracted with individual security commitments, or take the asset off the service.'),
  catalog: [{ id: 'KB-8.3.2' }, { id: 'KB-8.4.2' }],
  provisional: false,
  check(a, emit) {
    nodesWithAssets(a, (v, assets) => {
      const zone = zoneOf(a.g, v);
      if (zone?.kind !== 'cloudService' || zone.uniformTerms !== true) return;
      const bad = assets.filter((x) => x.confidentiality !== null && CONF_2_PLUS.has(x.confidentiality));
      if (bad.length === 0) return;
      const self = both(a.g, v);
      const n = names(bad);
      emit({ element: elementOf(a.g, v), message: L(`約款型のクラウドサービス上の${self.ja}に機密性2以上の情報資産（${n.ja}）があります。`, `${self.en} on a uniform-terms cloud service holds assets of confidentiality 2 or above (${n.en}).`) });
    });
  },
});

export const assetRegisterSegment = defineRule({
  id: 'NW-AS-05',
  severity: 'warning',
  title: L('情報資産台帳のセグメントと構成が一致する', 'The asset register and the network model agree on segments'),
  explanation: L(
    '情報資産台帳には資産のあるセグメントが記録されています。構成モデルでその資産を持つ要素が別のセグメントにあるなら、どちらかが実態と合っていません。',
    'The asset register records the segment each asset lives in. When the element holding it in the network model is in another segment, one of the two does not match reality.',
  ),
  remedy: L('台帳とモデルのどちらが正しいか確かめ、誤っている方を直してください。', 'Find out which is right and correct the other.'),
  catalog: [{ id: 'KB-4.3.1' }],
  provisional: false,
  check(a, emit) {
    nodesWithAssets(a, (v, assets) => {
      const s = SEG_IDS[a.seg[v]];
      if (!s) return;
      for (const x of assets) {
        const r = x.registerSegment;
        if (x.source !== 'register' || !r || r === s || !(r in SEGMENT_LABELS)) continue;
        const self = both(a.g, v);
        const reg = SEGMENT_LABELS[r as SegmentId];
        const here = SEGMENT_LABELS[s];
        emit({
          element: elementOf(a.g, v),
          message: L(`台帳では「${x.name}」は${reg.ja}にありますが、モデルでは${here.ja}の${self.ja}にあります。`, `The register places "${x.name}" in the ${reg.en}, but the model has it on ${self.en} in the ${here.en}.`),
        });
      }
    });
  },
});

export const assetRules: Rule[] = [assetMyNumber, asset3A, asset3B, assetUniformTerms, assetRegisterSegment];
