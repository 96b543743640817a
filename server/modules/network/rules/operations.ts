import { editionAtLeast } from '@shared/network';
import { SEG } from '../model/build';
import { isCloudSide, isInternetSide } from './analysis';
import { defineRule, joinLabels, type Rule } from './engine';
import { approvalGap, both, elementOf, kindOf, L, mfa, nodeOf, purposeOf, viaOf, zoneOf } from './helpers';

/** Updates, wireless LAN, remote access and cloud administration. */

export const updatesNotFromInternet = defineRule({
  id: 'NW-UP-01',
  severity: 'error',
  title: L('修正プログラムとパターンファイルはインターネットから直接取らない', 'Patches and malware definitions never come straight from the internet'),
  explanation: L(
    'マイナンバー利用事務系とLGWAN接続系では、OSやアプリケーションの修正プログラム、ウイルス対策ソフトのパターンファイルの取得であっても、インターネットに接続してはいけません。J-LISのプラットフォーム、LGWAN-ASP、庁内の中継サーバなどから取得します。更新配信サーバ（WSUSなど）も同じです。',
    'The My Number and LGWAN segments do not connect to the internet even to fetch operating-system or application patches or malware definitions; they take them from the J-LIS platform, LGWAN-ASP or an internal relay. Update servers (WSUS and the like) are no exception.',
  ),
  remedy: L('更新の取得元を、J-LISのプラットフォーム・LGWAN-ASP・同じセグメントの中継サーバに改めてください。', 'Take updates from the J-LIS platform, LGWAN-ASP or a relay server in the same segment instead.'),
  catalog: [{ id: 'KB-3.4.3' }, { id: 'KB-6.6.1' }],
  provisional: false,
  check(a, emit) {
    const g = a.g;
    for (let i = 0; i < g.linkCount; i++) {
      if (purposeOf(g, i) !== 'updates') continue;
      const f = g.lFrom[i];
      const t = g.lTo[i];
      let inner = -1;
      let outer = -1;
      for (const [x, y] of [
        [f, t],
        [t, f],
      ]) {
        if ((a.seg[x] === SEG.mynumber || a.seg[x] === SEG.lgwan) && (isInternetSide(a, y) || isCloudSide(a, y))) {
          inner = x;
          outer = y;
          break;
        }
      }
      if (inner < 0) continue;
      const self = both(g, inner);
      const other = both(g, outer);
      emit({
        element: { type: 'link', index: i },
        message: L(`${self.ja}が更新を${other.ja}（インターネット側）から取得しています。`, `${self.en} takes updates from ${other.en} on the internet side.`),
      });
    }
  },
});

const ENTERPRISE = new Set(['wpa2Enterprise', 'wpa3Enterprise']);

export const wirelessLgwan = defineRule({
  id: 'NW-WL-01',
  severity: 'error',
  title: L('LGWAN接続系の無線LANの要件', 'Wireless LAN requirements in the LGWAN segment'),
  explanation: L(
    'LGWAN接続系で無線LANを使うには、WPA2またはWPA3のエンタープライズ方式で、IEEE 802.1Xの認証サーバによる認証を行います。令和7年3月版からは、IDとパスワードではなく、クライアント証明書による機器の認証（EAP-TLSなど）も必須です。',
    'Wireless LAN in the LGWAN segment uses WPA2 or WPA3 Enterprise with IEEE 802.1X authentication by an authentication server. From R7.3 device authentication by client certificate (EAP-TLS and the like, not ID and password) is also required.',
  ),
  remedy: L('アクセスポイントの wireless に、security（wpa2Enterprise か wpa3Enterprise）、ieee8021x: true、（令和7年3月版から）clientCertificates: true を設定してください。', 'Set wireless.security to wpa2Enterprise or wpa3Enterprise, ieee8021x: true and (from R7.3) clientCertificates: true on the access point.'),
  catalog: [{ id: 'KB-6.1.13' }],
  provisional: false,
  check(a, emit) {
    const g = a.g;
    const certs = editionAtLeast(a.edition, 'R7.3');
    for (let v = g.zoneCount; v < g.n; v++) {
      if (a.seg[v] !== SEG.lgwan || kindOf(g, v) !== 'accessPoint') continue;
      const w = nodeOf(g, v)?.wireless;
      const missing = [];
      if (!w || !ENTERPRISE.has(w.security)) missing.push(L('WPA2/WPA3エンタープライズ', 'WPA2/WPA3-Enterprise'));
      if (w?.ieee8021x !== true) missing.push(L('IEEE 802.1X認証', 'IEEE 802.1X authentication'));
      if (certs && w?.clientCertificates !== true) missing.push(L('クライアント証明書による認証', 'client-certificate authentication'));
      if (missing.length === 0) continue;
      const m = joinLabels(missing);
      const self = both(g, v);
      emit({ element: elementOf(g, v), message: L(`LGWAN接続系の無線LANアクセスポイント${self.ja}に${m.ja}がありません。`, `The LGWAN access point ${self.en} lacks ${m.en}.`) });
    }
  },
});

export const wirelessMyNumber = defineRule({
  id: 'NW-WL-02',
  severity: 'error',
  title: L('マイナンバー利用事務系の無線LAN', 'Wireless LAN in the My Number segment'),
  explanation: L(
    '令和7年3月版より前は、マイナンバー利用事務系で無線LANは使えません。令和7年3月版からは、LGWAN接続系と同じ要件（エンタープライズ方式、802.1X、クライアント証明書）に加えて、アクセスログを取得して確認し、機器のファームウェアやOSを最新に保つことを条件に使えます。',
    'Before R7.3 the My Number segment may not use wireless LAN. From R7.3 it may, with the LGWAN requirements (Enterprise mode, 802.1X, client certificates) plus capturing and reviewing access logs and keeping firmware and operating systems current.',
  ),
  remedy: L(
    '令和7年3月版より前の版ではアクセスポイントをなくしてください。以降の版では、wireless に accessLogReview: true と firmwareCurrent: true を含む要件を満たしてください。',
    'Before R7.3 remove the access point. From R7.3 meet the requirements, including accessLogReview: true and firmwareCurrent: true in wireless.',
  ),
  catalog: [{ id: 'KB-6.1.13' }, { id: 'KB-3.1.4', since: 'R7.3' }],
  provisional: false,
  check(a, emit) {
    const g = a.g;
    const allowed = editionAtLeast(a.edition, 'R7.3');
    for (let v = g.zoneCount; v < g.n; v++) {
      if (a.seg[v] !== SEG.mynumber || kindOf(g, v) !== 'accessPoint') continue;
      const self = both(g, v);
      if (!allowed) {
        emit({ element: elementOf(g, v), message: L(`${a.edition}版では、マイナンバー利用事務系に無線LAN（${self.ja}）を置けません。`, `Edition ${a.edition} allows no wireless LAN in the My Number segment (${self.en}).`) });
        continue;
      }
      const w = nodeOf(g, v)?.wireless;
      const missing = [];
      if (!w || !ENTERPRISE.has(w.security)) missing.push(L('WPA2/WPA3エンタープライズ', 'WPA2/WPA3-Enterprise'));
      if (w?.ieee8021x !== true) missing.push(L('IEEE 802.1X認証', 'IEEE 802.1X authentication'));
      if (w?.clientCertificates !== true) missing.push(L('クライアント証明書による認証', 'client-certificate authentication'));
      if (w?.accessLogReview !== true) missing.push(L('アクセスログの取得と確認', 'access-log capture and review'));
      if (w?.firmwareCurrent !== true) missing.push(L('ファームウェア・OSの更新', 'current firmware and OS'));
      if (missing.length === 0) continue;
      const m = joinLabels(missing);
      emit({ element: elementOf(g, v), message: L(`マイナンバー利用事務系の無線LANアクセスポイント${self.ja}に${m.ja}がありません。`, `The My Number access point ${self.en} lacks ${m.en}.`) });
    }
  },
});

export const remoteAccess = defineRule({
  id: 'NW-RA-01',
  severity: 'error',
  title: L('リモートアクセスは承認された装置・多要素認証・暗号化で', 'Remote access through an approved gateway, with MFA and encryption'),
  explanation: L(
    '外部から庁内のネットワークへのアクセスは、統括情報セキュリティ責任者が認めたリモートアクセス装置を経由し、多要素認証と暗号化した通信で行います。',
    'Access to internal networks from outside goes through a remote-access gateway approved by the chief security manager, with multi-factor authentication and encrypted traffic.',
  ),
  remedy: L('承認済み（approved: true）のリモートアクセス装置を via に入れ、多要素の auth と encrypted: true を設定してください。', 'Put an approved remote-access gateway (approved: true) in via, and set multi-factor auth and encrypted: true.'),
  catalog: [{ id: 'KB-6.2.2' }],
  provisional: true,
  provisionalNote: L('リモートアクセスの条件の細目は実務の知識によるもので、ガイドライン本文では確かめていません。', 'The detailed remote-access conditions come from practitioners’ knowledge and were not checked against the guideline text.'),
  check(a, emit) {
    const g = a.g;
    for (let i = 0; i < g.linkCount; i++) {
      if (purposeOf(g, i) !== 'remoteAccess') continue;
      const link = g.links[i];
      let gateway: number | null = null;
      for (const v of viaOf(g, i)) {
        if (kindOf(g, v) === 'remoteAccessGateway' && nodeOf(g, v)?.approved === true) gateway = v;
      }
      const missing = [];
      if (gateway === null) missing.push(L('承認されたリモートアクセス装置の経由', 'an approved remote-access gateway'));
      const approval = approvalGap(a.approvals, link.approvalId);
      if (approval) missing.push(approval);
      if (!mfa(link.auth) && !(gateway !== null && mfa(nodeOf(g, gateway)?.auth))) missing.push(L('多要素認証', 'multi-factor authentication'));
      if (link.encrypted !== true) missing.push(L('暗号化', 'encryption'));
      if (missing.length === 0) continue;
      const m = joinLabels(missing);
      const to = both(g, g.lTo[i]);
      emit({ element: { type: 'link', index: i }, message: L(`${to.ja}へのリモートアクセスに${m.ja}がありません。`, `Remote access to ${to.en} lacks ${m.en}.`) });
    }
  },
});

export const cloudAdminMfa = defineRule({
  id: 'NW-CL-01',
  severity: 'error',
  title: L('クラウドサービスの管理は多要素認証で', 'Cloud services are administered with multi-factor authentication'),
  explanation: L(
    'クラウドサービスや標準準拠システムを管理・運用する担当者に管理権限を与えるときは、多要素認証など十分に強い認証を使います。',
    'Administrators of cloud services and standardised systems sign in with sufficiently strong authentication such as multi-factor authentication.',
  ),
  remedy: L('クラウドサービスのゾーン（またはクラウド上の領域）の adminAuth に、種類の異なる二つ以上の認証方式を設定してください。', 'Set two or more authentication methods of different kinds in adminAuth on the cloud service zone (or the cloud area).'),
  catalog: [{ id: 'CP-6.3' }, { id: 'KB-8.3.6' }],
  provisional: true,
  provisionalNote: L('第4編の骨子（案）にもとづく規則で、確定した本文では確かめていません。', 'Based on the draft outline of Part 4; not checked against the final text.'),
  check(a, emit) {
    const g = a.g;
    for (let z = 0; z < g.zoneCount; z++) {
      const zone = g.zones[z];
      if (zone.kind !== 'cloudService' || mfa(zone.adminAuth)) continue;
      const self = both(g, z);
      emit({ element: elementOf(g, z), message: L(`クラウドサービス${self.ja}の管理者の認証が多要素認証になっていません。`, `Administrators of the cloud service ${self.en} do not use multi-factor authentication.`) });
    }
    for (let v = g.zoneCount; v < g.n; v++) {
      if (kindOf(g, v) !== 'cloudArea') continue;
      const node = nodeOf(g, v);
      const zone = zoneOf(g, v);
      // A cloud area without its own setting inherits its cloud service's (judged on the zone above).
      if (node?.adminAuth === undefined && zone?.kind === 'cloudService') continue;
      if (mfa(node?.adminAuth ?? zone?.adminAuth)) continue;
      const self = both(g, v);
      emit({ element: elementOf(g, v), message: L(`クラウド上の領域${self.ja}の管理者の認証が多要素認証になっていません。`, `Administrators of the cloud area ${self.en} do not use multi-factor authentication.`) });
    }
  },
});

export const remoteAccessNetwork = defineRule({
  id: 'NW-RA-02',
  severity: 'warning',
  title: L('LGWAN接続系へのリモートアクセスは閉域網かインターネットかを区別する', 'Remote access into LGWAN: closed network or internet'),
  explanation: L(
    '閉域網を使うLGWAN接続系へのリモートアクセスは技術的要件が整理されていますが、インターネットを経由するLGWAN接続系へのテレワークは、要件を別に整理すべきものとされています（seed 002 II-2(2)）。どちらの回線かを記録し、インターネット経由なら個別に判断した結果を残します。',
    'Remote access into the LGWAN segment over a closed network has technical requirements worked out, while telework into LGWAN over the internet was to be worked out separately (seed 002 II-2(2)). Record which one it is; over the internet, keep the case-by-case decision.',
  ),
  remedy: L(
    'リモートアクセスの接続に remoteAccessNetwork（closedNetwork または internet）を記録してください。internet の場合は判断の根拠を notes に残してください。',
    'Record remoteAccessNetwork (closedNetwork or internet) on the remote-access link; for internet, note the basis of the decision in notes.',
  ),
  catalog: [{ id: 'KB-6.2.2' }],
  provisional: true,
  provisionalNote: L('インターネット経由のLGWAN接続系へのテレワークの要件は、出典では整理中とされています。', 'The requirements for internet telework into LGWAN were still being worked out in the source.'),
  check(a, emit) {
    const g = a.g;
    for (let i = 0; i < g.linkCount; i++) {
      if (purposeOf(g, i) !== 'remoteAccess' || a.seg[g.lTo[i]] !== SEG.lgwan) continue;
      const link = g.links[i];
      const to = both(g, g.lTo[i]);
      if (!link.remoteAccessNetwork) {
        emit({ element: { type: 'link', index: i }, message: L(`${to.ja}へのリモートアクセスが閉域網かインターネット経由かが記録されていません。`, `Whether remote access to ${to.en} uses a closed network or the internet is not recorded.`) });
      } else if (link.remoteAccessNetwork === 'internet' && !link.notes) {
        emit({ element: { type: 'link', index: i }, message: L(`${to.ja}へのインターネット経由のリモートアクセスに、判断の根拠（notes）がありません。`, `Internet remote access to ${to.en} has no recorded basis (notes).`) });
      }
    }
  },
});

export const operationRules: Rule[] = [updatesNotFromInternet, wirelessLgwan, wirelessMyNumber, remoteAccess, cloudAdminMfa, remoteAccessNetwork];
