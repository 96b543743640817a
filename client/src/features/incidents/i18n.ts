import { addDictionary } from '../../lib/i18n';

/** Strings of the incident and CSIRT pages (namespace "incidents"), Japanese first. */

const ja = {
  nav: { incidents: 'インシデント', csirt: 'CSIRT体制', stats: 'インシデント統計', report: 'インシデントの報告' },
  list: { title: 'インシデント', description: '発生した情報セキュリティインシデントと、期限のある外部への報告を管理します。', caption: 'インシデントの一覧', todo: 'CSIRTのやること（期限のある報告）', todoCaption: '期限のある報告', none: '期限のある報告はありません。', new: 'インシデントを報告する', export: '台帳を出力（Excel）' },
  col: { code: '番号', title: '件名', category: '分類', severity: '重大度', status: '状態', knew: '知った日時', persons: '本人の数', due: '期限', obligation: '報告先・内容', left: '残り' },
  form: {
    title: '件名', description: '発生した事象', occurredAt: '発生日時', discoveredAt: '発見日時', knewAt: '組織が知った日時（報告期限の起点）', detection: '発見の経緯', category: '分類', severity: '重大度', personalData: '個人情報が含まれる', personsCount: '本人の数', specialCare: '要配慮個人情報', myNumber: '特定個人情報（マイナンバー）', ordinanceSpecial: '条例要配慮個人情報', stronglyEncrypted: '高度な暗号化等で保護されている', propertyDamage: '財産的被害のおそれ', improperPurpose: '不正の目的によるおそれ', unspecifiedExposure: '不特定多数が閲覧できる状態', crime: '犯罪のおそれ', lgwan: 'LGWANに関係する', contractId: '契約（委託事業者の場合）', submit: '報告する',
  },
  detail: { obligations: '外部への報告', timeline: '経過', addEntry: '経過を記録する', at: '日時', kind: '種別', text: '内容', file: '証跡ファイル（任意）', measures: '再発防止策', addMeasure: '再発防止策を記録する', measureTitle: '対策', owner: '担当', dueDate: '期限', reports: '報告書', download: '下書き', freeze: '送付版として保存', frozen: '保存した報告書', status: '状態を変更', change: '変更', sent: '送付済みにする', sentAt: '送付日時', reference: '受付番号など', na: '対象外にする', reason: '理由', provisional: '暫定', triggers: '該当する理由', overdue: '期限超過', settled: '記録済み', reg: '関係する資産', none: 'なし' },
  csirt: { title: 'CSIRT体制', description: 'CSIRTの役割・担当者・代理者と、外部機関の連絡先（いつ・どう連絡するか）を管理します。', readiness: '準備状況', roster: 'CSIRTの役割', contacts: '外部機関の連絡先', addMember: '役割を登録する', addContact: '連絡先を登録する', role: '役割', holder: '担当者', deputy: '代理者', phone: '24時間連絡先', validFrom: '開始日', body: '機関', name: '名称', channel: '連絡方法', when: '連絡する場合', confirmed: '最終確認日', confirm: '確認済みにする', sheet: '緊急連絡表（PDF）', sheetDocx: '緊急連絡表（Word）', fromVendors: '委託先台帳から' },
  stats: { title: 'インシデント統計', description: '年度ごとの件数を分類・原因・セグメント別に示します。', fiscalYear: '年度', byCategory: '分類別', byCause: '原因別', bySegment: 'セグメント別', total: '件数', chart: '分類別の件数（グラフ）', half: '半期の公表一覧', export: '台帳を出力（Excel）' },
  dashboard: { title: 'インシデント', due: '期限のある報告', overdue: '期限超過' },
};
const en: typeof ja = {
  nav: { incidents: 'Incidents', csirt: 'CSIRT', stats: 'Incident statistics', report: 'Report an incident' },
  list: { title: 'Incidents', description: 'Security incidents and the reports to outside bodies that have deadlines.', caption: 'Incidents', todo: 'CSIRT to-do (reports due)', todoCaption: 'Reports due', none: 'No report is due.', new: 'Report an incident', export: 'Export the register (Excel)' },
  col: { code: 'No.', title: 'Title', category: 'Category', severity: 'Severity', status: 'Status', knew: 'Known at', persons: 'Persons', due: 'Due', obligation: 'Recipient and report', left: 'Left' },
  form: {
    title: 'Title', description: 'What happened', occurredAt: 'Occurred at', discoveredAt: 'Discovered at', knewAt: 'Known to the organisation at (deadline clock start)', detection: 'How detected', category: 'Category', severity: 'Severity', personalData: 'Personal data involved', personsCount: 'Number of persons', specialCare: 'Sensitive personal information', myNumber: 'Specific personal information (My Number)', ordinanceSpecial: 'Ordinance-defined sensitive information', stronglyEncrypted: 'Protected by strong encryption', propertyDamage: 'Risk of property damage', improperPurpose: 'Possibly an improper purpose', unspecifiedExposure: 'Viewable by an unspecified number of people', crime: 'Possible crime', lgwan: 'Touches LGWAN', contractId: 'Contract (for contractors)', submit: 'Report',
  },
  detail: { obligations: 'Reports to outside bodies', timeline: 'Timeline', addEntry: 'Add to the timeline', at: 'Date-time', kind: 'Kind', text: 'Text', file: 'Evidence file (optional)', measures: 'Recurrence prevention', addMeasure: 'Record a measure', measureTitle: 'Measure', owner: 'Owner', dueDate: 'Due date', reports: 'Reports', download: 'Draft', freeze: 'Keep as sent', frozen: 'Reports kept', status: 'Change status', change: 'Change', sent: 'Mark sent', sentAt: 'Sent at', reference: 'Reference no.', na: 'Not applicable', reason: 'Reason', provisional: 'Provisional', triggers: 'Why it applies', overdue: 'Overdue', settled: 'Recorded', reg: 'Assets concerned', none: 'None' },
  csirt: { title: 'CSIRT', description: 'Roles, holders and deputies of the CSIRT, and the outside bodies with when and how each is told.', readiness: 'Readiness', roster: 'CSIRT roles', contacts: 'Outside bodies', addMember: 'Add a role holder', addContact: 'Add a contact', role: 'Role', holder: 'Holder', deputy: 'Deputy', phone: '24-hour contact', validFrom: 'From', body: 'Body', name: 'Name', channel: 'How', when: 'When', confirmed: 'Last confirmed', confirm: 'Mark confirmed', sheet: 'Contact sheet (PDF)', sheetDocx: 'Contact sheet (Word)', fromVendors: 'From the vendors register' },
  stats: { title: 'Incident statistics', description: 'Counts per fiscal year by category, cause and segment.', fiscalYear: 'Fiscal year', byCategory: 'By category', byCause: 'By cause', bySegment: 'By segment', total: 'Count', chart: 'Incidents by category (chart)', half: 'Half-year publication list', export: 'Export the register (Excel)' },
  dashboard: { title: 'Incidents', due: 'Reports due', overdue: 'Overdue' },
};

addDictionary('incidents', { ja, en });
