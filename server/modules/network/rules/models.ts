import { editionAtLeast, MODEL_LABELS, type NetworkModelId } from '@shared/network';
import { SEG } from '../model/build';
import type { CatalogRef, Rule } from './engine';
import { defineRule, joinLabels } from './engine';
import { both, elementOf, kindOf, L, nodeOf } from './helpers';

/** The α′, β and β′ models: when they exist, and what adopting them requires. */

const MODEL_SINCE: Partial<Record<NetworkModelId, string>> = { alphaPrime: 'R6.10', beta: 'R2.12', betaPrime: 'R2.12' };

export const modelInEdition = defineRule({
  id: 'NW-MODEL-01',
  severity: 'error',
  title: L('モデルが検査する版にある', 'The model exists in the edition checked'),
  explanation: L(
    'βモデルとβ′モデルは令和2年12月版で、α′モデルは令和6年10月版で設けられました。それより前の版を基準にするなら、その版にあるモデルで設計する必要があります。',
    'The β and β′ models came with the R2.12 edition and the α′ model with R6.10. When checking against an earlier edition, the design must use a model that edition has.',
  ),
  remedy: L('検査する版を新しくするか、その版にあるモデル（αモデルなど）にしてください。', 'Check against a newer edition, or use a model that the edition has (such as α).'),
  catalog: [{ id: 'KB-3' }],
  provisional: false,
  check(a, emit) {
    const since = MODEL_SINCE[a.model];
    if (!since || editionAtLeast(a.edition, since)) return;
    const m = MODEL_LABELS[a.model];
    emit({ element: { type: 'model', index: 0 }, message: L(`${m.ja}は${a.edition}版にはありません（${since}版から）。`, `The ${m.en} does not exist in edition ${a.edition} (it starts with ${since}).`) });
  },
});

export const externalAudit = defineRule({
  id: 'NW-AUD-01',
  severity: 'error',
  title: L('α′・β・β′モデルは外部監査を受けJ-LISに報告する', 'α′, β and β′ adopters undergo an external audit reported to J-LIS'),
  explanation: L(
    'α′・β・β′モデルを採る団体は、外部の監査を受け、その監査報告をJ-LIS（地方公共団体情報システム機構）に提出する必要があります。',
    'Organisations adopting the α′, β or β′ model must undergo an external audit and submit the audit report to J-LIS.',
  ),
  remedy: L(
    '外部監査の実施日と J-LIS への報告日を organization.externalAudit（conductedOn・reportedToJlisOn）に記録してください。',
    'Record the audit date and the date of the report to J-LIS in organization.externalAudit (conductedOn, reportedToJlisOn).',
  ),
  catalog: [{ id: 'KB-9.1.1' }, { id: 'KB-3.3.3' }],
  provisional: false,
  models: ['alphaPrime', 'beta', 'betaPrime'],
  check(a, emit) {
    const audit = a.g.doc.organization?.externalAudit;
    const missing = [];
    if (!audit?.conductedOn) missing.push(L('外部監査の実施', 'the external audit'));
    if (!audit?.reportedToJlisOn) missing.push(L('J-LISへの報告', 'the report to J-LIS'));
    if (missing.length === 0) return;
    const m = joinLabels(missing);
    const model = MODEL_LABELS[a.model];
    const catalog: CatalogRef[] = a.model === 'alphaPrime' ? [{ id: 'KB-9.1.1' }, { id: 'KB-3.2.3', since: 'R6.10' }] : [{ id: 'KB-9.1.1' }, { id: 'KB-3.3.3' }];
    emit({ element: { type: 'model', index: 0 }, catalog, message: L(`${model.ja}を採っていますが、${m.ja}が記録されていません。`, `The ${model.en} is adopted but ${m.en} is not recorded.`) });
  },
});

export const betaTerminals = defineRule({
  id: 'NW-BT-01',
  severity: 'error',
  title: L('β・β′モデルのインターネット接続系の端末の対策', 'Controls on internet-segment terminals in the β and β′ models'),
  explanation: L(
    'β・β′モデルでは業務端末をインターネット接続系に置くため、端末でのふるまいの検知と対処（EDR）と、端末のログの収集・監視が必要です。',
    'The β and β′ models place business terminals in the internet segment, so the terminals need endpoint detection and response (EDR) and collection and monitoring of their logs.',
  ),
  remedy: L('端末にEDRを入れ（edr: true）、ログを収集して監視してください（logCollection: true）。', 'Deploy EDR on the terminals (edr: true) and collect and monitor their logs (logCollection: true).'),
  catalog: [{ id: 'KB-3.3.3' }],
  provisional: true,
  provisionalNote: L('β・β′の条件の細目は総務省の概要資料によるもので、ガイドライン本文の列挙は確かめていません。', 'The detailed β/β′ conditions come from MIC’s overview deck; the list in the guideline text itself was not re-read.'),
  models: ['beta', 'betaPrime'],
  check(a, emit) {
    const g = a.g;
    for (let v = g.zoneCount; v < g.n; v++) {
      if (a.seg[v] !== SEG.internet || kindOf(g, v) !== 'terminal') continue;
      const node = nodeOf(g, v);
      const missing = [];
      if (node?.edr !== true) missing.push(L('EDR', 'EDR'));
      if (node?.logCollection !== true) missing.push(L('ログの収集・監視', 'log collection and monitoring'));
      if (missing.length === 0) continue;
      const m = joinLabels(missing);
      const self = both(g, v);
      emit({ element: elementOf(g, v), message: L(`インターネット接続系の端末${self.ja}に${m.ja}がありません。`, `The internet-segment terminal ${self.en} lacks ${m.en}.`) });
    }
  },
});

export const betaOrganisation = defineRule({
  id: 'NW-BT-02',
  severity: 'error',
  title: L('β・β′モデルの組織的な体制', 'Organisational set-up for the β and β′ models'),
  explanation: L(
    'β・β′モデルを採るには、CSIRTなど緊急時にすぐ対応できる体制が必要です。β′モデルではさらに、継続的な検知・監視の体制が求められます（24時間365日の監視はその方法の一つで、資料の言葉ではありません）。',
    'Adopting β or β′ requires a rapid-response set-up such as a CSIRT. β′ also requires continuous detection and monitoring (round-the-clock monitoring is one way of providing it, not the source’s wording).',
  ),
  remedy: L(
    'CSIRTを設けて organization.csirt: true を、β′では継続的な検知・監視の体制を整えて organization.continuousMonitoring: true を記録してください。',
    'Establish a CSIRT (organization.csirt: true); for β′ arrange continuous detection and monitoring (organization.continuousMonitoring: true).',
  ),
  catalog: [{ id: 'KB-3.3.3' }, { id: 'KB-1.9' }],
  provisional: false,
  models: ['beta', 'betaPrime'],
  check(a, emit) {
    const org = a.g.doc.organization;
    const missing = [];
    if (org?.csirt !== true) missing.push(L('CSIRT', 'a CSIRT'));
    // MIC deck p.15 asks for continuous detection and monitoring (facts Corrections of 2026-12 no.7).
    if (a.model === 'betaPrime' && org?.continuousMonitoring !== true && org?.monitoring247 !== true) missing.push(L('継続的な検知・監視', 'continuous detection and monitoring'));
    if (missing.length === 0) return;
    const m = joinLabels(missing);
    const model = MODEL_LABELS[a.model];
    emit({ element: { type: 'model', index: 0 }, message: L(`${model.ja}に必要な${m.ja}が記録されていません。`, `${m.en} required by the ${model.en} is not recorded.`) });
  },
});

/** An attestation counts when it says when and by whom (a later training register fills the same fields). */
function attested(x: { attestedOn?: string; attestedBy?: string } | undefined): boolean {
  return !!x?.attestedOn && !!x.attestedBy;
}

export const betaHumanMeasures = defineRule({
  id: 'NW-BT-05',
  severity: 'error',
  title: L('β・β′モデルの人的・組織的な対策', 'Human and organisational measures for the β and β′ models'),
  explanation: L(
    'βモデルでは技術的な対策に加えて、研修などによる職員のリテラシーの確保といった人的・組織的な対策が必要です。β′モデルではさらに、組織として対策基準を守っていることが求められます。研修の記録機能ができるまでは、確認した日と確認者を記録します。',
    'Besides technical controls, the β model needs human and organisational measures such as staff literacy through training. β′ also requires the organisation to comply with its standards. Until a training register exists, record when and by whom this was confirmed.',
  ),
  remedy: L(
    'organization.staffLiteracy に attestedOn（確認日）と attestedBy（確認者）を、β′では organization.standardsCompliance にも同じく記録してください。',
    'Record attestedOn and attestedBy in organization.staffLiteracy, and for β′ also in organization.standardsCompliance.',
  ),
  catalog: [{ id: 'KB-3.3.3' }, { id: 'KB-5.2.2' }],
  provisional: false,
  models: ['beta', 'betaPrime'],
  check(a, emit) {
    const org = a.g.doc.organization;
    const missing = [];
    // seed 002 II-1(2): staff literacy; MIC deck p.15: compliance with the organisation's standards for β′.
    if (!attested(org?.staffLiteracy)) missing.push(L('職員のリテラシー確保（研修）の確認', 'confirmation of staff literacy (training)'));
    if (a.model === 'betaPrime' && !attested(org?.standardsCompliance)) missing.push(L('対策基準の遵守の確認', 'confirmation of compliance with the standards'));
    if (missing.length === 0) return;
    const m = joinLabels(missing);
    const model = MODEL_LABELS[a.model];
    emit({ element: { type: 'model', index: 0 }, message: L(`${model.ja}に必要な${m.ja}が記録されていません（確認日と確認者）。`, `${m.en} required by the ${model.en} is not recorded (date and who).`) });
  },
});

export const betaPrimeAccessControl = defineRule({
  id: 'NW-BT-03',
  severity: 'error',
  title: L('β′モデルでは重要な情報資産ごとにアクセスを制御する', 'Per-asset access control in the β′ model'),
  explanation: L(
    'β′モデルでは文書管理や財務会計などの業務システムもインターネット接続系に置くため、情報資産の単位でアクセスを制御する必要があります。',
    'The β′ model also puts business systems such as document management and finance in the internet segment, so access must be controlled per information asset.',
  ),
  remedy: L('このシステムで資産単位のアクセス制御を行い、perAssetAccessControl: true を記録してください。', 'Control access per asset on this system and record perAssetAccessControl: true.'),
  catalog: [{ id: 'KB-3.3.3' }, { id: 'KB-6.2.1.1' }],
  provisional: false,
  models: ['betaPrime'],
  check(a, emit) {
    const g = a.g;
    for (let v = g.zoneCount; v < g.n; v++) {
      if (a.seg[v] !== SEG.internet) continue;
      const kind = kindOf(g, v);
      if (kind !== 'server' && kind !== 'cloudArea') continue;
      if (a.assetsOf(v).length === 0 || nodeOf(g, v)?.perAssetAccessControl === true) continue;
      const self = both(g, v);
      emit({ element: elementOf(g, v), message: L(`インターネット接続系の${self.ja}が情報資産を持っていますが、資産単位のアクセス制御がありません。`, `${self.en} in the internet segment holds information assets without per-asset access control.`) });
    }
  },
});

export const betaImportantAssets = defineRule({
  id: 'NW-BT-04',
  severity: 'warning',
  title: L('βモデルではインターネット接続系に重要な情報資産を置かない', 'No important assets in the internet segment under the β model'),
  explanation: L(
    'βモデルは、インターネット接続系に重要な情報資産を置かない形です。機密性2以上の情報を持つシステムをインターネット接続系に置くなら、それはβ′モデルであり、その条件を満たす必要があります。どの分類から「重要」とみなすかは、しるべの解釈です。',
    'The β model keeps important information assets out of the internet segment. Placing systems with confidentiality 2 or above there makes the design β′, with its conditions. Which classes count as important is Shirube’s reading.',
  ),
  remedy: L('資産をLGWAN接続系へ移すか、モデルを betaPrime にしてβ′の条件を満たしてください。', 'Move the assets to the LGWAN segment, or set the model to betaPrime and meet the β′ conditions.'),
  catalog: [{ id: 'KB-3.3.3' }, { id: 'KB-2.1' }],
  provisional: true,
  provisionalNote: L('機密性2以上を「重要な情報資産」とみなすのは、しるべの解釈です。', 'Treating confidentiality 2 and above as important assets is Shirube’s reading.'),
  models: ['beta'],
  check(a, emit) {
    const g = a.g;
    for (let v = g.zoneCount; v < g.n; v++) {
      if (a.seg[v] !== SEG.internet) continue;
      const important = a.assetsOf(v).filter((x) => x.confidentiality === '3C' || x.confidentiality === '2');
      if (important.length === 0) continue;
      const self = both(g, v);
      const names = important.map((x) => x.name).join('、');
      emit({ element: elementOf(g, v), message: L(`インターネット接続系の${self.ja}に機密性2以上の情報資産（${names}）があります。`, `${self.en} in the internet segment holds assets of confidentiality 2 or above (${important.map((x) => x.name).join(', ')}).`) });
    }
  },
});

export const modelRules: Rule[] = [modelInEdition, externalAudit, betaTerminals, betaOrganisation, betaPrimeAccessControl, betaImportantAssets, betaHumanMeasures];
