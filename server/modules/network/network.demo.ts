import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import type { DemoSeeder } from '../tenancy/demo';
import { addVersion, createModel } from './network.service';

/**
 * The demo municipality's network (【デモ】しるべ市): an α design in two versions. The first has a
 * few problems; the second fixes some of them and leaves two (a wireless access point without
 * client certificates and a server that bypasses the security cloud) so the diagram has marks.
 * Every name says デモ; nothing here describes a real network.
 */

const V1 = `# 【デモ】しるべ市の庁内ネットワーク（架空）
format: shirube-network/1
model: alpha
edition: R8.3
organization:
  name: 【デモ】しるべ市
  csirt: true

zones:
  - { id: mynumber, kind: segment, segment: mynumber, name: マイナンバー利用事務系 }
  - { id: lgwan-seg, kind: segment, segment: lgwan, name: LGWAN接続系 }
  - { id: internet-seg, kind: segment, segment: internet, name: インターネット接続系 }
  - { id: lgwan, kind: lgwan, name: LGWAN }
  - { id: sec-cloud, kind: securityCloud, name: デモ県自治体情報セキュリティクラウド }
  - { id: internet, kind: internet, name: インターネット }
  - { id: juki, kind: designated, destination: jukiNet, name: 住基ネット }
  - { id: chukan, kind: designated, destination: intermediateServer, name: 中間サーバー }
  - { id: jlis, kind: designated, destination: jlisPlatform, name: 自治体情報セキュリティ向上プラットフォーム }
  - { id: asp, kind: lgwanAsp, name: LGWAN-ASP（デモ） }
  - { id: gov-cloud, kind: govCloud, name: ガバメントクラウド, adminAuth: [password, otpToken] }

nodes:
  - { id: mn-terminals, kind: terminal, zone: mynumber, name: 市民課・税務課の端末（デモ）, count: 30, auth: [password], mediaExportBlocked: true }
  - { id: mn-fw, kind: gateway, zone: mynumber, name: 特定通信用ファイアウォール（デモ） }
  - { id: mn-juki-cs, kind: server, zone: mynumber, name: 住基CS（デモ） }
  - { id: mn-relay, kind: updateServer, zone: mynumber, name: 更新中継サーバ（デモ） }
  - id: gc-kikan
    kind: cloudArea
    zone: gov-cloud
    name: 標準準拠システム（デモ）
    standardised: true
    assets:
      - { name: 住民基本台帳データ（デモ）, confidentiality: 3B, residentData: true, myNumber: true }
  - { id: lg-terminals, kind: terminal, zone: lgwan-seg, name: 業務端末（デモ）, count: 150, auth: [password, icCard] }
  - { id: lg-mail, kind: server, zone: lgwan-seg, name: LGWANメールサーバ（デモ） }
  - { id: lg-file, kind: server, zone: lgwan-seg, name: ファイルサーバ（デモ）, assets: [{ name: 庁内文書（デモ）, confidentiality: '2' }] }
  - { id: lg-relay, kind: updateServer, zone: lgwan-seg, name: WSUSサーバ（デモ） }
  - { id: lg-ap, kind: accessPoint, zone: lgwan-seg, name: 会議室の無線LAN（デモ）, wireless: { security: wpa2Enterprise, ieee8021x: true } }
  - { id: inet-vdi, kind: server, zone: internet-seg, name: 閲覧用の仮想端末（デモ） }
  - { id: inet-mail, kind: server, zone: internet-seg, name: インターネットメールサーバ（デモ） }
  - { id: inet-web, kind: server, zone: internet-seg, name: ホームページ管理サーバ（デモ） }
  - { id: screen, kind: screenTransfer, zone: internet-seg, name: 画面転送装置（デモ） }
  - { id: file-san, kind: fileSanitiser, zone: internet-seg, name: ファイル無害化装置（デモ） }
  - { id: mail-san, kind: mailSanitiser, zone: sec-cloud, name: メール無害化（デモ） }

links:
  - { id: mn-use, from: mn-terminals, to: mn-juki-cs, purpose: business }
  - { id: mn-kikan, from: mn-terminals, to: gc-kikan, purpose: business, encrypted: true }
  - { id: mn-juki, from: mn-juki-cs, to: juki, purpose: designated, via: [mn-fw], ports: [443], restriction: { addresses: true, ports: true } }
  - { id: mn-chukan, from: gc-kikan, to: chukan, purpose: designated, ports: [443], restriction: { addresses: true } }
  - { id: mn-updates, from: mn-relay, to: jlis, purpose: updates, via: [mn-fw], restriction: { addresses: true, ports: true } }
  - { id: mn-updates-in, from: mn-terminals, to: mn-relay, purpose: updates }
  - { id: lg-mail-use, from: lg-terminals, to: lg-mail, purpose: mail }
  - { id: lg-file-use, from: lg-terminals, to: lg-file, purpose: business, via: [lg-ap] }
  - { id: lg-lgwan, from: lg-mail, to: lgwan, purpose: mail }
  - { id: lg-updates, from: lg-relay, to: internet, purpose: updates }
  - { id: lg-updates-in, from: lg-terminals, to: lg-relay, purpose: updates }
  - { id: web, from: lg-terminals, to: inet-vdi, purpose: web, via: [screen] }
  - { id: mail-in, from: inet-mail, to: lg-mail, purpose: mail, via: [mail-san] }
  - { id: file-in, from: inet-vdi, to: lg-file, purpose: fileTransfer, via: [file-san] }
  - { id: out-web, from: inet-vdi, to: sec-cloud, purpose: web }
  - { id: out-mail, from: inet-mail, to: sec-cloud, purpose: mail }
  - { id: out-site, from: inet-web, to: internet, purpose: web }
  - { id: sc-out, from: sec-cloud, to: internet, purpose: web }
`;

/** Version 2: MFA on My Number terminals, port restriction to the intermediate server, WSUS from LGWAN-ASP. */
const V2 = V1.replace('count: 30, auth: [password],', 'count: 30, auth: [password, icCard],')
  .replace('restriction: { addresses: true } }', 'restriction: { addresses: true, ports: true } }')
  .replace('{ id: lg-updates, from: lg-relay, to: internet, purpose: updates }', '{ id: lg-updates, from: lg-relay, to: asp, purpose: updates }');

export const DEMO_NETWORK_SOURCES = { V1, V2 };

export const seedDemoNetwork: DemoSeeder = async (deps: AppDeps, ctx: Ctx) => {
  const m = await createModel(deps, ctx, {
    name: '【デモ】しるべ市 庁内ネットワーク（αモデル）',
    description: 'デモ用の架空の構成です。実在の団体のネットワークではありません。',
    source: V1,
    format: 'yaml',
    comment: '初版（デモ）',
    filename: 'demo-network.yaml',
  });
  await addVersion(deps, ctx, m.id, { source: V2, format: 'yaml', comment: '多要素認証・特定通信のポート制限・更新経路を改善（デモ）', filename: 'demo-network.yaml' });
};
