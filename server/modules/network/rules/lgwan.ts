import { NODE_KIND_LABELS, PURPOSE_LABELS, SANITISERS_FOR_PURPOSE, type SanitiserKind } from '@shared/network';
import { CLS, type Graph, SEG, VIA } from '../model/build';
import { type Analysis, examplePaths, isCloudSide, isInternetSide, REACH } from './analysis';
import { defineRule, joinLabels, type Rule } from './engine';
import { both, elementOf, L, pathText, purposeOf, zoneOf } from './helpers';

/** LGWAN接続系: the split from the internet segment, sanitisation, the α′ model, the security cloud. */

const SAN_BIT: Record<SanitiserKind, number> = { mailSanitiser: VIA.mailSanitiser, screenTransfer: VIA.screenTransfer, fileSanitiser: VIA.fileSanitiser };

/** A link between the LGWAN segment and the internet side or a cloud service. */
function lgwanCrossing(a: Analysis, i: number): { lgwan: number; other: number; side: 'internet' | 'cloud' } | null {
  const g = a.g;
  const f = g.lFrom[i];
  const t = g.lTo[i];
  const lf = a.seg[f] === SEG.lgwan;
  const lt = a.seg[t] === SEG.lgwan;
  if (lf === lt) return null;
  const lgwan = lf ? f : t;
  const other = lf ? t : f;
  if (isInternetSide(a, other)) return { lgwan, other, side: 'internet' };
  if (isCloudSide(a, other)) return { lgwan, other, side: 'cloud' };
  return null;
}

/** Whether the link carries the sanitisation that fits its purpose. */
function fittingSanitiser(g: Graph, i: number): boolean {
  const accepted = SANITISERS_FOR_PURPOSE[purposeOf(g, i)];
  if (!accepted) return false;
  for (const k of accepted) if ((g.lViaBits[i] & SAN_BIT[k]) !== 0) return true;
  return false;
}

/** The cloud service zone a cloud-side vertex belongs to. */
function cloudZone(a: Analysis, v: number) {
  return a.g.vCls[v] === CLS.cloud ? a.g.zones[v] : zoneOf(a.g, v);
}

export const lgNoInternetPath = defineRule({
  id: 'NW-LG-01',
  severity: 'error',
  title: L('LGWAN接続系からインターネットへ無害化なしで通じる経路がない', 'No unsanitised path from the LGWAN segment to the internet'),
  explanation: L(
    'LGWAN接続系はインターネット接続系から分割し、インターネットから来るものは無害化通信を経てからでなければ入れません。クラウド上の領域などを経由していても、無害化なしでインターネット側にたどり着ける経路があれば分割は成り立ちません。',
    'The LGWAN segment is split from the internet segment; what comes from the internet enters only through sanitisation. A route that reaches the internet side without sanitisation, even through cloud areas, breaks the split.',
  ),
  remedy: L('示した経路のどこかに、用途に合った無害化を入れるか、接続をなくしてください。', 'Put the sanitisation that fits the purpose on the path shown, or remove a link on it.'),
  catalog: [{ id: 'KB-3.2.1' }],
  provisional: false,
  check(a, emit) {
    const bad = new Set<number>();
    for (let v = 0; v < a.g.n; v++) {
      const bits = a.compBits[v];
      if (a.comp[v] === v && bits & REACH.lgwan && bits & (REACH.internetSeg | REACH.internet)) bad.add(v);
    }
    if (bad.size === 0) return;
    const paths = examplePaths(
      a,
      (v) => a.seg[v] === SEG.lgwan && bad.has(a.comp[v]),
      (w) => isInternetSide(a, w),
    );
    for (const root of bad) {
      const path = paths.get(root);
      if (!path) continue;
      const p = pathText(a.g, path);
      emit({
        element: elementOf(a.g, path[0]),
        path,
        message: L(`LGWAN接続系から無害化を経ずにインターネット側へ通じる経路があります: ${p.ja}`, `A route leads from the LGWAN segment to the internet side without sanitisation: ${p.en}`),
      });
    }
  },
});

export const lgSanitised = defineRule({
  id: 'NW-LG-02',
  severity: 'error',
  title: L('LGWAN接続系とインターネット側の間は用途に合った無害化を経る', 'Traffic between LGWAN and the internet side passes the sanitisation fitting its purpose'),
  explanation: L(
    'LGWAN接続系とインターネット側の間で通してよいのは、無害化した通信だけです。メールはメール無害化（添付を外しテキストにする）、ファイルはファイル無害化を経ます。画面だけを送る画面転送は、ウェブ閲覧や業務システムの操作に使えます。特定通信など無害化できない用途の通信は通せません（更新とリモートアクセスは別の規則で判定します）。',
    'Only sanitised traffic may pass between the LGWAN segment and the internet side: mail through a mail sanitiser (attachments removed, text only), files through a file sanitiser. Screen transfer, which sends only a screen, serves web browsing and operating business systems. Traffic that cannot be sanitised may not pass (updates and remote access are judged by their own rules).',
  ),
  remedy: L('用途に合った無害化装置を via に加えるか、この接続をなくしてください。', 'Add the sanitiser fitting the purpose to via, or remove this link.'),
  catalog: [{ id: 'KB-3.2.1' }],
  provisional: false,
  check(a, emit) {
    const g = a.g;
    for (let i = 0; i < g.linkCount; i++) {
      const c = lgwanCrossing(a, i);
      if (c?.side !== 'internet') continue;
      const purpose = purposeOf(g, i);
      if (purpose === 'web' || purpose === 'updates' || purpose === 'remoteAccess') continue;
      const other = both(g, c.other);
      const p = PURPOSE_LABELS[purpose];
      const accepted = SANITISERS_FOR_PURPOSE[purpose];
      if (!accepted) {
        emit({
          element: { type: 'link', index: i },
          message: L(`LGWAN接続系とインターネット側の${other.ja}の間に、無害化できない用途（${p.ja}）の通信があります。`, `There is ${p.en.toLowerCase()} traffic between the LGWAN segment and ${other.en} on the internet side, which cannot be sanitised.`),
        });
      } else if (!fittingSanitiser(g, i)) {
        const ja = accepted.map((k) => NODE_KIND_LABELS[k].ja).join('か');
        const en = accepted.map((k) => NODE_KIND_LABELS[k].en.toLowerCase()).join(' or ');
        emit({
          element: { type: 'link', index: i },
          message: L(`${other.ja}との${p.ja}の通信が${ja}を経ていません。`, `${p.en} traffic with ${other.en} passes no ${en}.`),
        });
      }
    }
  },
});

export const lgWebViaScreenTransfer = defineRule({
  id: 'NW-LG-03',
  severity: 'error',
  title: L('LGWAN接続系の端末から直接ウェブを閲覧しない', 'No direct web browsing from LGWAN terminals'),
  explanation: L(
    'αモデルでは業務端末がLGWAN接続系にあり、インターネットのウェブは画面転送（インターネット接続系の仮想端末の画面だけを受け取る方式）で見ます。LGWAN接続系からインターネット側へ直接ウェブ閲覧の通信を出すことはできません。',
    'In the α model business terminals sit in the LGWAN segment and see the web through screen transfer (only the screen of a virtual desktop in the internet segment arrives). Web traffic may not go straight from the LGWAN segment to the internet side.',
  ),
  remedy: L('ウェブ閲覧は画面転送の装置（screenTransfer）を経由させてください。', 'Route web browsing through a screen-transfer node (screenTransfer).'),
  catalog: [{ id: 'KB-3.2.1' }],
  provisional: false,
  check(a, emit) {
    const g = a.g;
    for (let i = 0; i < g.linkCount; i++) {
      if (purposeOf(g, i) !== 'web') continue;
      const c = lgwanCrossing(a, i);
      if (c?.side !== 'internet' || fittingSanitiser(g, i)) continue;
      const lg = both(g, c.lgwan);
      const other = both(g, c.other);
      emit({
        element: { type: 'link', index: i },
        message: L(`LGWAN接続系の${lg.ja}が${other.ja}へ画面転送を経ずにウェブ閲覧の通信を出しています。`, `${lg.en} in the LGWAN segment browses ${other.en} without screen transfer.`),
      });
    }
  },
});

export const apDirectCloud = defineRule({
  id: 'NW-AP-01',
  severity: 'error',
  title: L('α′モデルの直接接続の条件', 'Conditions of direct cloud connections in the α′ model'),
  explanation: L(
    'α′モデルでは、LGWAN接続系の端末からWeb会議などの特定のクラウドサービスへ直接つなぐことができます。ただし、接続先はISMAPに登録されたサービスに限り、接続先を限定し、経路を暗号化します（ISMAP-LIUの扱いは NW-AP-03 で別に示します）。',
    'In the α′ model LGWAN terminals may connect directly to specific cloud services such as web meetings, but only to ISMAP-registered services, with the destinations restricted and the path encrypted (ISMAP-LIU is reported separately by NW-AP-03).',
  ),
  remedy: L(
    'ISMAPに登録されたサービスを選び（ゾーンの ismap）、接続先を限定し（restriction.addresses）、暗号化した経路（encrypted）にしてください。',
    'Use an ISMAP-registered service (ismap on the zone), restrict the destination (restriction.addresses) and encrypt the path (encrypted).',
  ),
  catalog: [{ id: 'KB-3.2.3', since: 'R6.10' }, { id: 'KB-8.3.2' }],
  provisional: false,
  models: ['alphaPrime'],
  check(a, emit) {
    const g = a.g;
    for (let i = 0; i < g.linkCount; i++) {
      const c = lgwanCrossing(a, i);
      if (c?.side !== 'cloud' || fittingSanitiser(g, i)) continue;
      const zone = cloudZone(a, c.other);
      const link = g.links[i];
      const missing = [];
      if (zone?.ismap !== 'ismap' && zone?.ismap !== 'ismapLiu') missing.push(L('ISMAPへの登録', 'ISMAP registration'));
      if (link.restriction?.addresses !== true) missing.push(L('接続先の限定', 'destination restriction'));
      if (link.encrypted !== true) missing.push(L('経路の暗号化', 'an encrypted path'));
      if (missing.length === 0) continue;
      const m = joinLabels(missing);
      const other = both(g, c.other);
      emit({
        element: { type: 'link', index: i },
        message: L(`${other.ja}への直接接続に、${m.ja}がありません。`, `The direct connection to ${other.en} lacks ${m.en}.`),
      });
    }
  },
});

export const apLiu = defineRule({
  id: 'NW-AP-03',
  severity: 'warning',
  title: L('α′モデルの接続先がISMAP-LIUのサービス', 'α′ direct connection to an ISMAP-LIU service'),
  explanation: L(
    '総務省の資料（令和8年度版 p.16）が直接接続の接続先として挙げるのはISMAPに登録されたサービスです。ISMAP-LIUに登録されたサービスで足りるかは資料に書かれておらず、しるべはこれを認めたものとは扱いません。',
    'MIC’s deck (p.16) names ISMAP-registered services as destinations of direct connections. Whether an ISMAP-LIU service suffices is not stated, so Shirube does not treat it as accepted.',
  ),
  remedy: L('ISMAPに登録されたサービスにするか、ISMAP-LIUで足りるとした判断を記録して見直してください。', 'Use an ISMAP-registered service, or record and review the decision that ISMAP-LIU suffices.'),
  catalog: [{ id: 'KB-3.2.3', since: 'R6.10' }, { id: 'KB-8.3.2' }],
  provisional: true,
  provisionalNote: L('ISMAP-LIUを受け入れるかどうかは出典にありません（facts 2026-12 訂正 7）。', 'Accepting ISMAP-LIU is not in the source (facts, Corrections of 2026-12 no.7).'),
  models: ['alphaPrime'],
  check(a, emit) {
    const g = a.g;
    for (let i = 0; i < g.linkCount; i++) {
      const c = lgwanCrossing(a, i);
      if (c?.side !== 'cloud' || fittingSanitiser(g, i)) continue;
      if (cloudZone(a, c.other)?.ismap !== 'ismapLiu') continue;
      const other = both(g, c.other);
      emit({ element: { type: 'link', index: i }, message: L(`${other.ja}への直接接続の接続先はISMAP-LIUのサービスです。`, `The direct connection to ${other.en} goes to an ISMAP-LIU service.`) });
    }
  },
});

export const apOnlyInAlphaPrime = defineRule({
  id: 'NW-AP-02',
  severity: 'error',
  title: L('LGWAN接続系からクラウドサービスへの直接接続はα′モデルだけ', 'Direct LGWAN-to-cloud connections exist only in the α′ model'),
  explanation: L(
    'LGWAN接続系の端末からクラウドサービスへ無害化なしで直接つなぐ方式は、α′モデルとして令和6年10月版で設けられたものです。ほかのモデルでは、クラウドサービスもインターネット側として扱い、無害化を経ます。',
    'Connecting LGWAN terminals directly to cloud services without sanitisation is the α′ model, introduced in R6.10. Under the other models a cloud service is on the internet side and traffic to it is sanitised.',
  ),
  remedy: L('用途に合った無害化を経由させるか、α′モデルの条件を満たしたうえでモデルを alphaPrime にしてください。', 'Route the traffic through the fitting sanitisation, or meet the α′ conditions and set the model to alphaPrime.'),
  catalog: [{ id: 'KB-3.2.1' }, { id: 'KB-3.2.3', since: 'R6.10' }],
  provisional: false,
  models: ['alpha', 'beta', 'betaPrime'],
  check(a, emit) {
    const g = a.g;
    for (let i = 0; i < g.linkCount; i++) {
      const c = lgwanCrossing(a, i);
      if (c?.side !== 'cloud' || fittingSanitiser(g, i)) continue;
      const lg = both(g, c.lgwan);
      const other = both(g, c.other);
      emit({
        element: { type: 'link', index: i },
        message: L(`LGWAN接続系の${lg.ja}がクラウドサービス${other.ja}へ直接つながっていますが、モデルはα′ではありません。`, `${lg.en} in the LGWAN segment connects directly to the cloud service ${other.en}, but the model is not α′.`),
      });
    }
  },
});

export const scSecurityCloud = defineRule({
  id: 'NW-SC-01',
  severity: 'warning',
  title: L('インターネットへの出口は自治体情報セキュリティクラウドに集約する', 'Internet access goes through the prefecture security cloud'),
  explanation: L(
    'インターネット接続系は、都道府県ごとにインターネットとの接続口を集約した自治体情報セキュリティクラウドに参加し、そこで監視を受けます。インターネット接続系から直接インターネットへ出る接続は、この集約の外にあります。',
    'The internet segment joins the prefecture security cloud, which gathers each prefecture’s internet connections and monitors them. A link from the internet segment straight to the internet sits outside that arrangement.',
  ),
  remedy: L('インターネットへの接続を自治体情報セキュリティクラウド（securityCloud のゾーン）経由にしてください。', 'Route the internet connection through the security cloud (a zone of kind securityCloud).'),
  catalog: [{ id: 'KB-3.3.2' }],
  provisional: false,
  check(a, emit) {
    const g = a.g;
    for (let i = 0; i < g.linkCount; i++) {
      // Remote access arrives through its own gateway (NW-RA-01), not through the exit.
      if (purposeOf(g, i) === 'remoteAccess') continue;
      const f = g.lFrom[i];
      const t = g.lTo[i];
      const inSeg = a.seg[f] === SEG.internet ? f : a.seg[t] === SEG.internet ? t : -1;
      if (inSeg < 0) continue;
      const other = inSeg === f ? t : f;
      if (zoneOf(g, other)?.kind !== 'internet') continue;
      if ((g.lViaBits[i] & VIA.securityCloud) !== 0) continue;
      const self = both(g, inSeg);
      emit({
        element: { type: 'link', index: i },
        message: L(`インターネット接続系の${self.ja}が自治体情報セキュリティクラウドを経ずにインターネットへ出ています。`, `${self.en} in the internet segment reaches the internet without the security cloud.`),
      });
    }
  },
});

export const lgwanRules: Rule[] = [lgNoInternetPath, lgSanitised, lgWebViaScreenTransfer, apDirectCloud, apOnlyInAlphaPrime, scSecurityCloud, apLiu];
