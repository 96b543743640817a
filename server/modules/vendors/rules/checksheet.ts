import type { Bilingual, CatalogNode } from '@shared/catalog';

/**
 * The yearly outsourcing check sheet (外部委託先に関するセキュリティ要件のチェックシート), built from
 * the catalog's chapter 8 items of an edition. Each item gets the questions below (Shirube's own
 * wording, addressed to the contractor); an item without its own questions gets one general
 * question made from its title, so a new item in a later edition is never left out.
 */

const Q = (ja: string, en: string): Bilingual => ({ ja, en });

export const QUESTION_BANK: Record<string, Bilingual[]> = {
  'KB-8.1.1': [Q('情報セキュリティの基本方針と社内規程を定め、委託業務に従事する者に周知していますか。', 'Do you have a security policy and internal rules, made known to the staff working on the contract?')],
  'KB-8.1.2': [
    Q('情報セキュリティの責任者を定め、委託業務の管理体制を団体に示していますか。', 'Have you named a security lead and shown the organisation how the contracted work is managed?'),
    Q('委託業務に従事する者全員から秘密保持の誓約を得ていますか。', 'Has everyone working on the contract signed a confidentiality undertaking?'),
    Q('再委託をする場合は、事前に団体の書面による承認を得て、再委託先にも同じ義務を課していますか。', 'Before subcontracting, do you obtain the organisation’s written approval and pass the same duties on?'),
    Q('ISMS・プライバシーマークなどの第三者認証を取得している場合、その証明書を提出できますか。', 'If you hold third-party certifications (ISMS, PrivacyMark …), can you submit the certificates?'),
  ],
  'KB-8.1.3': [
    Q('団体から預かった情報の所在と持出し・複製を記録し、目的外に使っていませんか。', 'Do you record where the organisation’s information is kept, taken or copied, and use it only for the contract?'),
    Q('事故やその疑いを知ったときに、契約で定めた期限内に団体へ第一報を入れる手順がありますか。', 'Do you have a procedure to send the organisation a first report within the contractual deadline after an incident or suspected incident?'),
    Q('団体やその指定する者による監査・検査、報告の求めに応じられますか。', 'Can you accept audits, inspections and requests for reports by the organisation or its nominee?'),
    Q('従事者に情報セキュリティの教育を年1回以上行い、記録していますか。', 'Do you train the staff at least once a year and keep records?'),
  ],
  'KB-8.1.4': [Q('契約が終わるときに、預かった情報を返却し、複製を消去して、その証明書を提出できますか。', 'At the end of the contract, can you return the information, erase all copies and submit a certificate?')],
  'KB-8.2.1': [
    Q('調達仕様書と契約に示されたセキュリティ要件を満たしていることを、資料で示せますか。', 'Can you show with documents that you meet the security requirements of the specification and contract?'),
    Q('使っているパッケージソフト（製品名・版・提供元）と、標準準拠システムとそれ以外の部分の境界を団体に示していますか。', 'Have you shown the organisation the package software you use (product, version, supplier) and where the standard-compliant system ends and the rest begins?'),
    Q('このチェックシートの回答を裏付ける資料（規程、記録、報告書）を添付できますか。', 'Can you attach documents (rules, records, reports) that back up your answers on this sheet?'),
  ],
  'KB-8.2.2': [
    Q('開発環境と本番環境を分け、ソースコードと設定の変更を記録していますか。', 'Do you separate development from production and record changes to code and configuration?'),
    Q('意図しない機能や不正なプログラムが組み込まれないよう、開発の工程とレビューを管理していますか。', 'Do you control development and review so that no unintended function or malicious code is built in?'),
    Q('引き渡しの前に脆弱性の検査を行い、結果と対処を報告していますか。', 'Before delivery, do you test for vulnerabilities and report the results and fixes?'),
  ],
  'KB-8.2.3': [
    Q('運用・保守の作業内容と結果を記録し、定期的に団体へ報告していますか。', 'Do you record operation and maintenance work and report it to the organisation regularly?'),
    Q('付与された権限を超える変更をしないための手順と、特権IDの管理を行っていますか。', 'Do you have procedures to avoid changes beyond the granted authority, and manage privileged IDs?'),
  ],
  'KB-8.3.1': [Q('利用者が利用の可否を判断できるよう、サービスの仕様とセキュリティ対策を文書で開示していますか。', 'Do you disclose the service’s specification and security measures in writing so users can decide whether to use it?')],
  'KB-8.3.2': [
    Q('データを保管・処理する国と地域、準拠法、裁判管轄を示せますか。', 'Can you state the country and region where data is stored and processed, the governing law and the jurisdiction?'),
    Q('ISMAPのほか、JC-STAR（IoT製品）やデジタルマーケットプレイス（DMP）への登録があれば、その内容と範囲を示せますか。', 'Besides ISMAP, if the product or service is labelled under JC-STAR (IoT) or listed on the Digital Marketplace (DMP), can you show what and which scope?'),
    Q('ISMAP等に登録している場合、登録番号と、監査を受けた言明の対象範囲を示せますか。', 'If ISMAP-listed, can you show the registration number and the scope of the audited statement?'),
  ],
  'KB-8.3.3': [
    Q('稼働率、目標復旧時間・時点、サポート時間、事故時の第一報の期限をSLAとして示していますか。', 'Does your SLA state availability, recovery time and point, support hours and the first-report time for incidents?'),
    Q('SLAを満たさなかったときの措置（減額・是正・損害賠償）と請求の手続を契約で定めていますか。', 'Does the contract state the remedies when the SLA is missed (fee reduction, correction, damages) and how to claim them?'),
  ],
  'KB-8.3.4': [Q('サービス内容や提供条件を変えるときは、事前に利用者へ知らせていますか。', 'Do you tell users in advance before changing the service or its terms?')],
  'KB-8.3.5': [Q('利用者が設定すべき項目（アクセス制御、多要素認証、暗号化、ログ）の推奨設定を示していますか。', 'Do you publish recommended settings users should make (access control, MFA, encryption, logging)?')],
  'KB-8.3.6': [Q('障害、脆弱性、仕様変更を利用者に通知し、ログや証拠の提出に応じる仕組みがありますか。', 'Do you notify users of outages, vulnerabilities and changes, and provide logs and evidence on request?')],
  'KB-8.3.7': [Q('利用終了時のデータの返却方法と、消去（暗号化消去を含む）の方法と証明を示せますか。', 'Can you describe how data is returned at exit and how it is erased (including cryptographic erase), with proof?')],
};

export interface SheetItem {
  itemId: string;
  nodeId: string;
  seq: number;
  question: Bilingual;
}

export const SHEET_SECTIONS = ['KB-8.1', 'KB-8.2', 'KB-8.3'] as const;
export type SheetSection = (typeof SHEET_SECTIONS)[number];

/** The items of a check sheet for the chosen sections, in the order of the edition's nodes. */
export function buildSheetItems(nodes: readonly CatalogNode[], sections: readonly string[]): SheetItem[] {
  const items: SheetItem[] = [];
  let seq = 0;
  for (const node of nodes) {
    if (node.kind !== 'item' && node.kind !== 'subItem') continue;
    const section = sections.find((s) => node.id.startsWith(`${s}.`));
    if (!section) continue;
    const bank = QUESTION_BANK[node.id];
    const questions = bank && bank.length > 0 ? bank : [Q(`「${node.title}」（${node.number}）について、対策の実施状況を回答してください。`, `Describe what you have in place for "${node.titleEn}" (${node.number}).`)];
    questions.forEach((q, i) => {
      seq++;
      items.push({ itemId: `${node.id}#${i + 1}`, nodeId: node.id, seq, question: q });
    });
  }
  return items;
}
