import { C_RANK, type Bilingual, type ServiceConnection, type ServiceKind, type ServiceModel, cLabel } from '@shared/vendors';
import type { Classes } from './model';

/**
 * Security requirements for a procurement specification (調達仕様書), chosen from the service's
 * classes and use. Each requirement is Shirube's wording with the catalog items it rests on.
 */

export interface Requirement {
  text: Bilingual;
  refs: string[];
  provisional?: boolean;
}

export interface RequirementSection {
  id: string;
  heading: Bilingual;
  items: Requirement[];
}

export interface ProcurementInput {
  serviceName: string;
  purpose: string | null;
  kind: ServiceKind;
  model: ServiceModel;
  connection: ServiceConnection;
  classes: Classes;
  firstReportMinutes: number | null;
}

const R = (ja: string, en: string, refs: string[], provisional = false): Requirement => ({ text: { ja, en }, refs, ...(provisional ? { provisional } : {}) });

export function procurementRequirements(p: ProcurementInput): RequirementSection[] {
  const c = C_RANK[p.classes.c ?? ''] ?? 0;
  const hours = p.firstReportMinutes !== null ? Math.max(1, Math.round(p.firstReportMinutes / 60)) : null;
  const sections: RequirementSection[] = [];

  sections.push({
    id: 'governance',
    heading: { ja: '情報セキュリティの管理体制', en: 'Security management' },
    items: [
      R('受注者は情報セキュリティの責任者を定め、本業務の管理体制を書面で示すこと。', 'The supplier names a security lead and shows in writing how the work is managed.', ['KB-8.1.2']),
      R('本業務に従事する者から秘密保持の誓約を得ること。契約終了後も同様とする。', 'Everyone working on the contract signs a confidentiality undertaking that survives the contract.', ['KB-8.1.2', 'A.6.6']),
      R('再委託は発注者の事前の書面承認を得た場合に限り、再委託先にも本仕様と同等の義務を課すこと。', 'Subcontracting only with the buyer’s prior written approval, passing on the same duties.', ['KB-8.1.2', 'A.5.21']),
      R('本業務に従事する者に情報セキュリティの教育を行い、その記録を求めに応じて提出すること。', 'Staff on the contract are trained in information security, with records on request.', ['KB-5.2.1', 'A.6.3']),
      R('懸念のある外国の支配下にないことを申告すること。', 'Declare that the supplier is not under the control of a foreign entity of concern.', ['KB-6.3.9'], true),
      R(
        '本業務で使うパッケージソフト（製品名・版・提供元）と、標準準拠システムとそれ以外の部分の境界（連携・カスタマイズの範囲）を示し、変更するときは事前に知らせること。',
        'Disclose the package software used (product, version, supplier) and the boundary between the standard-compliant system and the rest (interfaces, customisation), and announce changes in advance.',
        ['KB-8.2.1', 'KB-8.1.2'],
        true,
      ),
    ],
  });

  sections.push({
    id: 'incident',
    heading: { ja: '事故時の対応', en: 'Incidents' },
    items: [
      R(
        hours ? `情報セキュリティ事故やその疑いを知ったときは、${hours}時間以内に発注者へ第一報を入れ、その後の経過と再発防止策を報告すること。` : '情報セキュリティ事故やその疑いを知ったときは、契約で定める時間内に発注者へ第一報を入れ、その後の経過と再発防止策を報告すること。',
        hours ? `Report any incident or suspected incident to the buyer within ${hours} hour(s), followed by progress and prevention reports.` : 'Report any incident or suspected incident to the buyer within the contractual time, followed by progress and prevention reports.',
        ['CP-5.2', 'A.5.24'],
      ),
      R('事故の原因究明に必要なログその他の記録を保全し、求めに応じて提出すること。', 'Preserve logs and other records needed to investigate incidents and provide them on request.', ['CP-5.3', 'A.5.28']),
    ],
  });

  const assurance: Requirement[] = [R('発注者又は発注者が指定する者による監査・検査を受け入れること。', 'Accept audits and inspections by the buyer or its nominee.', ['KB-8.1.3', 'KB-9.1'])];
  if (c >= 2) {
    assurance.push(R('ISMAP等の登録状況、第三者認証の証明書、外部監査の報告書を提出し、有効期限の更新を知らせること。', 'Provide ISMAP listing details, certification certificates and external audit reports, and notify renewals.', ['CP-7.2', 'CP-9.1']));
    assurance.push(R('ISMAP登録の言明対象（監査を受けた管理策の範囲）を示し、対象外の管理策をどう実施するかを示すこと。', 'Show the scope of the ISMAP statement (the controls audited) and how controls outside it are carried out.', ['KB-8.3.2', 'CLD.6.3.1']));
  }
  sections.push({ id: 'assurance', heading: { ja: '監査と遵守の証明', en: 'Audit and compliance evidence' }, items: assurance });

  if (c >= 2) {
    sections.push({
      id: 'cloud',
      heading: { ja: '外部サービスの要件', en: 'Service requirements' },
      items: [
        R(`本業務で扱う情報は${cLabel(p.classes.c)}に当たる。約款のみで提供される一般向けサービスは用いないこと。`, `Information handled is ${cLabel(p.classes.c, 'en')}; services offered only under uniform public terms may not be used.`, ['KB-8.3', 'KB-8.3.2']),
        R('ISMAPクラウドサービスリストに登録されたサービスを用いること（登録番号と有効期限を示すこと）。', 'Use a service on the ISMAP cloud service list (state the registration number and validity).', ['KB-8.3.2']),
        R('データの保管・処理は日本国内で行い、契約の準拠法は日本法、管轄裁判所は日本国内の裁判所とすること。', 'Store and process data in Japan; Japanese law governs the contract and a court in Japan has jurisdiction.', ['KB-8.3.2']),
        R('管理者のアクセスには多要素認証を用い、利用者ごとのアクセス権を発注者が管理できること。', 'Administrator access uses multi-factor authentication; the buyer can manage each user’s access rights.', ['CP-6.2', 'CP-6.3', 'A.8.5']),
        R('保存時と通信時のデータを暗号化し、暗号鍵の管理方法を示すこと。', 'Encrypt data at rest and in transit, and describe key management.', ['KB-6.1.16', 'A.8.24']),
        R('操作ログ・アクセスログを取得して一定期間保存し、発注者の求めに応じて提供すること。', 'Record operation and access logs, keep them for an agreed period and provide them on request.', ['CP-6.1', 'A.8.15']),
        R('脆弱性の情報を収集し、重大な脆弱性は定めた期間内に対処して発注者に知らせること。', 'Track vulnerabilities; fix serious ones within an agreed time and inform the buyer.', ['KB-6.6.1', 'A.8.8']),
        R('管理項目ごとの役割と責任の分担（責任分界表）を発注者と合意すること。', 'Agree the responsibility split per control area with the buyer.', ['CLD.6.3.1', 'CP-1.1']),
      ],
    });
  }

  if (c >= 4) {
    sections.push({
      id: 'resident',
      heading: { ja: '住民情報を扱う場合の要件', en: 'Resident information' },
      items: [R('マイナンバー利用事務系の端末・サーバとつながる領域は、マイナンバー利用事務系として分離し、同等の対策をとること。', 'Areas connected to My Number segment terminals or servers are treated and separated as part of that segment.', ['CP-3.1', 'KB-3.1'])],
    });
  }

  if (p.classes.a === '2' || p.classes.i === '2') {
    const items: Requirement[] = [];
    if (p.classes.a === '2') {
      items.push(R('稼働率の目標値、目標復旧時間（RTO）、目標復旧時点（RPO）、サポート時間をSLAとして示し、毎月の実績を報告すること。', 'State availability, RTO, RPO and support hours as an SLA, and report actuals monthly.', ['KB-8.3.3', 'CP-4.1']));
      items.push(R('SLAを満たさなかったときの措置（減額・是正・損害賠償）と請求の手続を契約に定めること。', 'The contract states the remedies when the SLA is missed (fee reduction, correction, damages) and how to claim them.', ['KB-8.3.3'], true));
      items.push(R('サーバ等の冗長化とバックアップ（頻度・保管場所・復元の試験）を行うこと。', 'Provide redundancy and backups (frequency, location, restore tests).', ['KB-4.1.2', 'KB-6.1.2', 'A.8.13']));
    }
    if (p.classes.i === '2') items.push(R('データの改ざん・誤りを防ぐため、変更の管理と記録を行うこと。', 'Control and record changes to prevent tampering and errors in data.', ['KB-6.3.6', 'A.8.32']));
    sections.push({ id: 'availability', heading: { ja: '可用性・完全性', en: 'Availability and integrity' }, items });
  }

  const exit: Requirement[] = [R('契約終了時には発注者のデータを定めた形式で返却し、複製を含めて消去して、消去証明書を提出すること。', 'At the end, return the buyer’s data in an agreed format, erase all copies and submit a deletion certificate.', ['KB-8.1.4', 'KB-8.3.7', 'CLD.8.1.5'])];
  exit.push(R('クラウド上のデータは、暗号化消去（暗号鍵の消去）など復元できない方法で消去し、その方法を示すこと。', 'Erase cloud data in an unrecoverable way such as cryptographic erase (key destruction), and describe the method.', ['CP-4.2', 'KB-8.3.7'], true));
  if (c >= 4) {
    // seed 004 row (1): for leased equipment, physical destruction of the media is desirable in the specification and contract.
    exit.push(R('リース機器を返却するときは、住民情報を記録した記憶媒体を物理的に破壊し、媒体は返却しないこと。', 'When leased equipment is returned, storage media that held residents’ data are physically destroyed and not returned.', ['KB-4.1.7']));
  }
  sections.push({ id: 'exit', heading: { ja: '契約終了時の措置', en: 'At the end of the contract' }, items: exit });

  const special: Requirement[] = [];
  if (p.connection === 'alphaPrime') special.push(R('LGWAN接続系から直接接続するため、ISMAPに登録されたサービスであること（ISMAP-LIUで足りるかは出典になく、団体の判断による）。', 'As LGWAN terminals connect directly, the service must be ISMAP-listed (whether ISMAP-LIU suffices is not in the source and is the organisation’s decision).', ['KB-3.2.3'], true));
  if (p.kind === 'govCloud') special.push(R('ガバメントクラウドの利用では、団体・アプリケーション事業者・運用管理補助者・クラウド事業者（デジタル庁）の責任分担を明示すること。', 'On the Government Cloud, state the split of responsibilities among the organisation, application vendor, operation assistant and cloud provider (Digital Agency).', ['CP-1.1', 'CLD.6.3.1'], true));
  if (p.model === 'IaaS' || p.model === 'PaaS') special.push(R('基盤（IaaS・PaaS）の上で受注者が行う設定（アクセス制御・暗号化・ログ）の内容を文書で示すこと。', 'Document the settings the supplier makes on the IaaS/PaaS platform (access control, encryption, logging).', ['KB-8.3.5', 'CLD.9.5.2']));
  if (special.length) sections.push({ id: 'special', heading: { ja: 'このサービスに固有の要件', en: 'Requirements specific to this service' }, items: special });

  return sections;
}
