import { editionAtLeast } from '@shared/network';
import { SEG } from '../model/build';
import { examplePaths, isInternetSide, REACH } from './analysis';
import { defineRule, joinLabels, type Rule } from './engine';
import { both, elementOf, exceptionGaps, kindOf, L, mfa, myNumberBoundary, nodeOf, pathText } from './helpers';

/** マイナンバー利用事務系: separation, designated communication, MFA, no export, screen transfer. */

export const mnNoInternetPath = defineRule({
  id: 'NW-MN-01',
  severity: 'error',
  title: L('マイナンバー利用事務系からインターネットへの経路がない', 'No path from the My Number segment to the internet'),
  explanation: L(
    'マイナンバー利用事務系は、住民の情報を守るためにほかの領域から切り離しておく必要があります。無害化も特定通信も経ずに、インターネット接続系やインターネットまでたどり着ける経路が一つでもあれば、分離は成り立ちません。',
    'The My Number segment must stay cut off from the other segments to protect residents’ data. If any route reaches the internet segment or the internet without sanitisation or a designated communication, the separation does not hold.',
  ),
  remedy: L(
    '示した経路のどこかの接続をなくすか、特定通信の接続先を経由する形に改めてください。',
    'Remove a link on the path shown, or route the traffic through a designated destination instead.',
  ),
  catalog: [{ id: 'KB-3.1.1' }],
  provisional: false,
  check(a, emit) {
    const bad = new Set<number>();
    const { n } = a.g;
    for (let v = 0; v < n; v++) {
      const bits = a.compBits[v];
      if (a.comp[v] === v && bits & REACH.mynumber && bits & (REACH.internetSeg | REACH.internet)) bad.add(v);
    }
    if (bad.size === 0) return;
    const paths = examplePaths(
      a,
      (v) => a.seg[v] === SEG.mynumber && bad.has(a.comp[v]),
      (w) => isInternetSide(a, w),
    );
    for (const root of bad) {
      const path = paths.get(root);
      if (!path) continue;
      const p = pathText(a.g, path);
      emit({
        element: elementOf(a.g, path[0]),
        path,
        message: L(`マイナンバー利用事務系からインターネット側へ通じる経路があります: ${p.ja}`, `A route leads from the My Number segment to the internet side: ${p.en}`),
      });
    }
  },
});

export const mnBoundaryLinks = defineRule({
  id: 'NW-MN-02',
  severity: 'error',
  title: L('マイナンバー利用事務系の外との通信は特定通信に限る', 'Traffic leaving the My Number segment is designated communication only'),
  explanation: L(
    'マイナンバー利用事務系がほかの領域や外部とやり取りしてよいのは、住基ネット・中間サーバー・eLTAXなど国が認めた接続先との特定通信だけです（令和7年3月版からは、条件付きで画面転送も認められています）。それ以外の接続は、無害化をしていても分離を崩します。',
    'The My Number segment may exchange traffic only with the destinations the state recognises for designated communication (Juki-net, the intermediate server, eLTAX …); from R7.3 screen transfer is also possible under conditions. Any other link breaks the separation, sanitised or not.',
  ),
  remedy: L(
    'この接続をなくすか、接続先を特定通信の接続先（designated のゾーン）に改めてください。',
    'Remove this link, or make its far end a designated destination (a zone of kind designated).',
  ),
  catalog: [{ id: 'KB-3.1.1' }],
  provisional: false,
  check(a, emit) {
    const g = a.g;
    for (let i = 0; i < g.linkCount; i++) {
      const b = myNumberBoundary(a, i);
      if (b.kind !== 'other') continue;
      // A complete, approved exception is reported by NW-MN-08 instead (never silently).
      if (g.links[i].exception && exceptionGaps(g, i, a.approvals).length === 0) continue;
      const inside = both(g, b.inside);
      const outside = both(g, b.outside);
      emit({
        element: { type: 'link', index: i },
        message: L(
          `マイナンバー利用事務系の${inside.ja}と、特定通信の接続先ではない${outside.ja}がつながっています。`,
          `${inside.en} in the My Number segment is linked to ${outside.en}, which is not a designated destination.`,
        ),
      });
    }
  },
});

export const mnDesignatedRestricted = defineRule({
  id: 'NW-MN-03',
  severity: 'error',
  title: L('特定通信は接続先とポートの両方で限定する', 'Designated communication is restricted by address and by port'),
  explanation: L(
    '特定通信は、通信の経路を接続先の機器（MACアドレス・IPアドレス）で限り、さらにアプリケーションの通信（ポート）でも限ったものでなければなりません。どちらか一方だけでは特定通信とはいえません。',
    'A designated communication must be limited both to the destination devices (MAC or IP address) and to the application protocol (port). Limiting only one of the two does not make it a designated communication.',
  ),
  remedy: L(
    '経路の制御装置で接続先アドレスとポートを限定し、モデルの restriction に addresses: true と ports: true を記録してください。',
    'Restrict the destination addresses and ports on the routing devices and record restriction: { addresses: true, ports: true } in the model.',
  ),
  catalog: [{ id: 'KB-3.1.1' }, { id: 'KB-6.1.8' }],
  provisional: false,
  check(a, emit) {
    const g = a.g;
    for (let i = 0; i < g.linkCount; i++) {
      const b = myNumberBoundary(a, i);
      if (b.kind !== 'designated') continue;
      const r = g.links[i].restriction;
      const missing = [];
      if (r?.addresses !== true) missing.push(L('接続先アドレス', 'destination address'));
      if (r?.ports !== true) missing.push(L('ポート', 'port'));
      if (missing.length === 0) continue;
      const m = joinLabels(missing);
      const outside = both(g, b.outside);
      emit({
        element: { type: 'link', index: i },
        message: L(`${outside.ja}への特定通信が${m.ja}で限定されていません。`, `The designated communication to ${outside.en} is not restricted by ${m.en}.`),
      });
    }
  },
});

export const mnInferred = defineRule({
  id: 'NW-MN-04',
  severity: 'info',
  title: L('マイナンバー利用事務系とつながる領域はマイナンバー利用事務系として扱う', 'What connects to My Number nodes is part of the My Number segment'),
  explanation: L(
    'マイナンバー利用事務系の端末やサーバとつながるクラウド上の領域（標準準拠システムのガバメントクラウド上の領域など）は、マイナンバー利用事務系の一部として扱い、同じ規則を守る必要があります。しるべは、そうした要素をつながりから推定して示します。',
    'Cloud areas connected to My Number terminals or servers (such as the Government Cloud areas of standardised systems) are part of the My Number segment and follow its rules. Shirube infers such elements from their links and shows them.',
  ),
  remedy: L(
    '推定が正しいか確かめてください。このセグメントの規則（多要素認証、特定通信、更新の経路など）がこの要素にも当てはまります。',
    'Confirm the inference. The rules of this segment (multi-factor authentication, designated communication, update routes …) apply to this element too.',
  ),
  catalog: [{ id: 'KB-3.1.1' }, { id: 'CP-3.1' }],
  provisional: false,
  check(a, emit) {
    const g = a.g;
    for (let v = 0; v < g.n; v++) {
      if (!a.inferred[v]) continue;
      const self = both(g, v);
      const from = both(g, a.inferredFrom[v]);
      emit({
        element: elementOf(g, v),
        message: L(
          `${self.ja}はマイナンバー利用事務系の${from.ja}とつながっているため、マイナンバー利用事務系として扱います（推定）。`,
          `${self.en} is linked to ${from.en} in the My Number segment, so it is treated as part of that segment (inferred).`,
        ),
      });
    }
  },
});

export const mnMfa = defineRule({
  id: 'NW-MN-05',
  severity: 'error',
  title: L('マイナンバー利用事務系には多要素認証で入る', 'Multi-factor authentication to reach My Number systems'),
  explanation: L(
    'マイナンバー利用事務系のシステムを使うには、知識（パスワード等）・所持（ICカード等）・生体のうち二種類以上を組み合わせた認証が必要です。画面転送で他の領域から入る場合も同じです。',
    'Using My Number systems requires authentication combining at least two kinds of factor: knowledge (password …), possession (IC card …) or biometrics. The same holds when entering by screen transfer from another segment.',
  ),
  remedy: L(
    '端末（または画面転送の接続）の auth に、種類の異なる二つ以上の認証方式を設定してください（例: password と icCard）。',
    'Give the terminal (or the screen-transfer link) two or more authentication methods of different kinds in auth (e.g. password and icCard).',
  ),
  catalog: [{ id: 'KB-3.1.2' }, { id: 'KB-4.4.2' }],
  provisional: false,
  check(a, emit) {
    const g = a.g;
    for (let v = g.zoneCount; v < g.n; v++) {
      if (a.seg[v] !== SEG.mynumber || kindOf(g, v) !== 'terminal') continue;
      if (mfa(nodeOf(g, v)?.auth)) continue;
      const self = both(g, v);
      emit({ element: elementOf(g, v), message: L(`マイナンバー利用事務系の端末${self.ja}が多要素認証になっていません。`, `The My Number terminal ${self.en} does not use multi-factor authentication.`) });
    }
    for (let i = 0; i < g.linkCount; i++) {
      const b = myNumberBoundary(a, i);
      if (b.kind !== 'screen') continue;
      if (mfa(g.links[i].auth) || mfa(nodeOf(g, b.outside)?.auth)) continue;
      const outside = both(g, b.outside);
      emit({
        element: { type: 'link', index: i },
        message: L(`${outside.ja}から画面転送でマイナンバー利用事務系に入る接続が多要素認証になっていません。`, `Screen transfer from ${outside.en} into the My Number segment is not protected by multi-factor authentication.`),
      });
    }
  },
});

export const mnNoExport = defineRule({
  id: 'NW-MN-06',
  severity: 'error',
  title: L('マイナンバー利用事務系の端末は持ち出し不可に設定する', 'My Number terminals cannot write data out to media'),
  explanation: L(
    'マイナンバー利用事務系の端末は、USBメモリなどの電磁的記録媒体へデータを書き出せない設定にしておく必要があります。',
    'My Number terminals must be set so that data cannot be written out to USB memory and other removable media.',
  ),
  remedy: L('端末で外部媒体への書き出しを禁止し、モデルに mediaExportBlocked: true を記録してください。', 'Block writing to removable media on the terminal and record mediaExportBlocked: true.'),
  catalog: [{ id: 'KB-3.1.2' }, { id: 'KB-4.4.5' }],
  provisional: false,
  check(a, emit) {
    const g = a.g;
    for (let v = g.zoneCount; v < g.n; v++) {
      if (a.seg[v] !== SEG.mynumber || kindOf(g, v) !== 'terminal') continue;
      if (nodeOf(g, v)?.mediaExportBlocked === true) continue;
      const self = both(g, v);
      emit({ element: elementOf(g, v), message: L(`マイナンバー利用事務系の端末${self.ja}が持ち出し不可に設定されていません。`, `The My Number terminal ${self.en} is not set to block export to media.`) });
    }
  },
});

export const mnScreenTransfer = defineRule({
  id: 'NW-MN-07',
  severity: 'error',
  title: L('画面転送でマイナンバー利用事務系に入る条件', 'Conditions for screen transfer into the My Number segment'),
  explanation: L(
    '令和7年3月版から、他の領域の端末から画面転送でマイナンバー利用事務系のシステムを使う方式を、団体の判断で採れるようになりました。マルウェアと盗聴のリスクを検討したうえで、信頼できる特定の接続先に限ります。それより前の版にはこの方式はありません。インターネット接続系の端末からの画面転送の扱いは、しるべの解釈です。',
    'From R7.3 a municipality may let terminals of another segment use My Number systems by screen transfer, after weighing malware and eavesdropping risks, and only towards trusted specific destinations. Earlier editions have no such option. How screen transfer from internet-segment terminals is treated is Shirube’s reading.',
  ),
  remedy: L(
    '接続先を特定のシステムに限定して restriction に addresses: true を記録してください。令和7年3月版より前の版で検査する場合は、この接続を設けないでください。',
    'Limit the connection to specific systems and record restriction: { addresses: true }. When checking against an edition before R7.3, do not have this link.',
  ),
  catalog: [{ id: 'KB-3.1.3', since: 'R7.3' }, { id: 'KB-3.1.1' }],
  provisional: true,
  provisionalNote: L('インターネット接続系の端末からの画面転送を「注意」とする扱いは、しるべの解釈です。', 'Treating screen transfer from internet-segment terminals as a warning is Shirube’s reading.'),
  check(a, emit) {
    const g = a.g;
    const allowed = editionAtLeast(a.edition, 'R7.3');
    for (let i = 0; i < g.linkCount; i++) {
      const b = myNumberBoundary(a, i);
      if (b.kind !== 'screen') continue;
      const outside = both(g, b.outside);
      if (!allowed) {
        emit({
          element: { type: 'link', index: i },
          message: L(`${a.edition}版には、${outside.ja}から画面転送でマイナンバー利用事務系に入る方式がありません。`, `Edition ${a.edition} has no screen transfer into the My Number segment (from ${outside.en}).`),
        });
        continue;
      }
      if (g.links[i].restriction?.addresses !== true) {
        emit({
          element: { type: 'link', index: i },
          message: L(`${outside.ja}からの画面転送が特定の接続先に限定されていません。`, `Screen transfer from ${outside.en} is not limited to specific destinations.`),
        });
      } else if (a.seg[b.outside] === SEG.internet) {
        emit({
          element: { type: 'link', index: i },
          severity: 'warning',
          message: L(`インターネット接続系の端末${outside.ja}から画面転送でマイナンバー利用事務系に入っています。リスクの検討結果を確かめてください。`, `The internet-segment terminal ${outside.en} enters the My Number segment by screen transfer; check the risk assessment.`),
        });
      }
    }
  },
});

export const mnManagedServiceException = defineRule({
  id: 'NW-MN-08',
  severity: 'error',
  title: L('マネージドサービスのための例外接続は承認を記録する', 'A managed-service exception into the My Number segment is approved and recorded'),
  explanation: L(
    'クラウド上の標準準拠システムの運用・保守にマネージドサービスを使うため、インターネットからマイナンバー利用事務系へ限定的に接続する案が検討会の論点に挙がっています（指針の方向性、論点②）。しるべはこれを例外として扱い、承認者・承認日・決裁番号・条件と、接続元・ポートの限定、暗号化、多要素認証がそろった接続だけを分離の違反から外し、その旨を毎回ここに示します。',
    'A limited connection from the internet into the My Number segment, for managed services operating standard-compliant systems in the cloud, is a question raised by the study group (論点②). Shirube treats it as an exception: only a link with who approved it, when, the reference and conditions, plus address and port restriction, encryption and MFA, is taken out of the separation findings — and it is reported here every time.',
  ),
  remedy: L(
    'link.exception に approvedBy・approvedOn・reference・conditions を記録し、restriction（addresses・ports）、encrypted、多要素の auth を設定してください。承認できないなら接続をなくしてください。',
    'Record approvedBy, approvedOn, reference and conditions in link.exception, and set restriction (addresses, ports), encrypted and multi-factor auth. If it cannot be approved, remove the link.',
  ),
  catalog: [{ id: 'KB-3.1.1' }, { id: 'KB-3.4.3' }],
  provisional: true,
  provisionalNote: L('論点②は検討中の問いで、認めるかどうかと条件は確定していません（seed 004）。', '論点② is an open question of the study group; whether and under which conditions it is allowed is not settled (seed 004).'),
  check(a, emit) {
    const g = a.g;
    for (let i = 0; i < g.linkCount; i++) {
      const e = g.links[i].exception;
      if (!e) continue;
      const b = myNumberBoundary(a, i);
      const from = both(g, g.lFrom[i]);
      const to = both(g, g.lTo[i]);
      if (b.kind === 'none') {
        emit({ element: { type: 'link', index: i }, message: L(`${from.ja}と${to.ja}の接続はマイナンバー利用事務系の境界を越えないため、この例外は当てはまりません。`, `The link between ${from.en} and ${to.en} does not cross the My Number boundary, so this exception does not apply.`) });
        continue;
      }
      const gaps = exceptionGaps(g, i, a.approvals);
      if (gaps.length) {
        const m = joinLabels(gaps);
        emit({ element: { type: 'link', index: i }, message: L(`例外として記録された接続（${from.ja} → ${to.ja}）に${m.ja}がありません。分離の違反として扱います。`, `The exception link (${from.en} → ${to.en}) lacks ${m.en}; it is treated as breaking the separation.`) });
        continue;
      }
      emit({
        element: { type: 'link', index: i },
        severity: 'info',
        message: L(
          `承認済みの例外です（${from.ja} → ${to.ja}）: ${e.approvedBy}が${e.approvedOn}に承認（${e.reference}）。条件: ${(e.conditions ?? []).join('／')}`,
          `Approved exception (${from.en} → ${to.en}): approved by ${e.approvedBy} on ${e.approvedOn} (${e.reference}). Conditions: ${(e.conditions ?? []).join(' / ')}`,
        ),
      });
    }
  },
});

export const myNumberRules: Rule[] = [mnNoInternetPath, mnBoundaryLinks, mnDesignatedRestricted, mnInferred, mnMfa, mnNoExport, mnScreenTransfer, mnManagedServiceException];
