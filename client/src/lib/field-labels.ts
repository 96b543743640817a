/**
 * The words a form shows for the fields the server names in its errors (issue 21): an error
 * says 「所管課室: 選んでください。」, never `ownerSectionId: …`. Looked up by the whole path first
 * (organization.name), then by its last part (name). A field not listed here is shown without a
 * label rather than by its internal name.
 */
const LABELS: Record<string, { ja: string; en: string }> = {
  'organization.name': { ja: '団体名', en: 'Organisation name' },
  'organization.lgCode': { ja: '全国地方公共団体コード', en: 'Local government code' },
  'organization.prefectureCode': { ja: '都道府県', en: 'Prefecture' },
  'admin.email': { ja: 'メールアドレス', en: 'E-mail address' },
  'admin.displayName': { ja: '氏名', en: 'Name' },
  'admin.password': { ja: 'パスワード', en: 'Password' },
  name: { ja: '名称', en: 'Name' },
  code: { ja: 'コード', en: 'Code' },
  email: { ja: 'メールアドレス', en: 'E-mail address' },
  displayName: { ja: '氏名', en: 'Name' },
  displayNameKana: { ja: '氏名（かな）', en: 'Name (kana)' },
  password: { ja: 'パスワード', en: 'Password' },
  newPassword: { ja: '新しいパスワード', en: 'New password' },
  currentPassword: { ja: '現在のパスワード', en: 'Current password' },
  ownerSectionId: { ja: '所管課室', en: 'Owning section' },
  sectionId: { ja: '所属課室', en: 'Section' },
  parentId: { ja: '所属する部局', en: 'Department' },
  description: { ja: '説明', en: 'Description' },
  custodian: { ja: '管理者', en: 'Custodian' },
  location: { ja: '保管場所', en: 'Location' },
  recordCount: { ja: '件数', en: 'Number of records' },
  kind: { ja: '種別', en: 'Kind' },
  segment: { ja: '配置セグメント', en: 'Segment' },
  reason: { ja: '理由', en: 'Reason' },
  by: { ja: '実施者', en: 'Done by' },
  at: { ja: '日付', en: 'Date' },
  file: { ja: 'ファイル', en: 'File' },
  lgCode: { ja: '全国地方公共団体コード', en: 'Local government code' },
  prefectureCode: { ja: '都道府県', en: 'Prefecture' },
  title: { ja: '件名', en: 'Title' },
  status: { ja: '状態', en: 'Status' },
  note: { ja: '備考', en: 'Note' },
  code6: { ja: '確認コード', en: 'Code' },
};

export function fieldLabel(field: string | undefined, lang: string): string | null {
  if (!field) return null;
  const hit = LABELS[field] ?? LABELS[field.split('.').pop() ?? ''];
  return hit ? (lang === 'en' ? hit.en : hit.ja) : null;
}
