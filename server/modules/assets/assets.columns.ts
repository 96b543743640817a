import { ASSET_HOSTINGS, ASSET_KINDS, ASSET_SEGMENTS, ASSET_STATUSES, type Named } from '@shared/assets';
import type { ColumnSpec } from '../../platform/tabular';

/**
 * The columns of the register as a spreadsheet, shared by export and import so that an exported
 * file imports back unchanged. Headers are Japanese first; the English and code names are accepted
 * on import too. Enumerations are written with their Japanese names and read in either language.
 */

export type ColumnKey =
  | 'code'
  | 'name'
  | 'kind'
  | 'ownerSection'
  | 'ownerSectionName'
  | 'description'
  | 'custodian'
  | 'segment'
  | 'hosting'
  | 'location'
  | 'cloudServiceId'
  | 'related'
  | 'residentData'
  | 'myNumber'
  | 'specialCare'
  | 'recordCount'
  | 'retention'
  | 'backupNote'
  | 'schemeEdition'
  | 'confidentiality'
  | 'integrity'
  | 'availability'
  | 'reason'
  | 'classifiedAt'
  | 'status';

export interface RegisterColumn extends ColumnSpec {
  key: ColumnKey;
  /** Column width in the exported workbook. */
  width: number;
  /** Written on export but not read on import (shown for people, derived from other columns). */
  exportOnly?: boolean;
  note: { ja: string; en: string };
}

export const COLUMNS: RegisterColumn[] = [
  { key: 'code', headers: ['資産コード', 'code', 'Asset code'], required: true, width: 16, note: { ja: '団体内で一意の識別子（必須）', en: 'Unique within the organisation (required)' } },
  { key: 'name', headers: ['名称', 'name', 'Name'], required: true, width: 30, note: { ja: '情報資産の名称（必須）', en: 'Name of the asset (required)' } },
  { key: 'kind', headers: ['種別', 'kind', 'Kind'], required: true, width: 16, note: { ja: 'データ・文書／情報システム／機器／記録媒体／クラウド上のデータ（必須）', en: 'Data set or document / system / device / medium / cloud data set (required)' } },
  { key: 'ownerSection', headers: ['所管課室コード', 'ownerSectionCode', 'Owner section code'], required: true, width: 14, note: { ja: '所管する課室のコード（必須）。その課室の情報セキュリティ管理者が責任を持つ', en: 'Code of the owner section (required)' } },
  { key: 'ownerSectionName', headers: ['所管課室名', 'ownerSectionName'], width: 16, exportOnly: true, note: { ja: '参考（取込みでは読みません）', en: 'For reference (not read on import)' } },
  { key: 'description', headers: ['説明', 'description'], width: 30, note: { ja: '内容の説明', en: 'Description' } },
  { key: 'custodian', headers: ['管理担当', 'custodian', '保管者'], width: 18, note: { ja: '日々の管理を行う担当・係・委託先', en: 'Who keeps it day to day' } },
  { key: 'segment', headers: ['配置セグメント', 'segment'], width: 20, note: { ja: 'マイナンバー利用事務系／LGWAN接続系／インターネット接続系／閉域・スタンドアロン', en: 'My Number / LGWAN / internet / closed' } },
  { key: 'hosting', headers: ['設置形態', 'hosting'], width: 14, note: { ja: '庁内／データセンター／クラウドサービス', en: 'On premises / data centre / cloud service' } },
  { key: 'location', headers: ['設置場所・サービス名', 'location'], width: 22, note: { ja: 'サーバ室・データセンター・クラウドサービスの名称', en: 'Server room, data centre or cloud service name' } },
  { key: 'cloudServiceId', headers: ['外部サービスID', 'cloudServiceId'], width: 14, note: { ja: '外部サービス台帳のID', en: 'Id in the external-service register' } },
  { key: 'related', headers: ['関連システム', 'relatedSystems', '関連システム（資産コード）'], width: 22, note: { ja: '関連する情報システムの資産コード（複数は「;」で区切る）', en: 'Asset codes of related systems, separated by ";"' } },
  { key: 'residentData', headers: ['住民情報', 'residentData'], width: 10, note: { ja: 'はい／いいえ', en: 'Yes / no' } },
  { key: 'myNumber', headers: ['マイナンバー', 'myNumber'], width: 12, note: { ja: 'はい／いいえ（個人番号を含むか）', en: 'Yes / no (contains individual numbers)' } },
  { key: 'specialCare', headers: ['要配慮個人情報', 'specialCare'], width: 14, note: { ja: 'はい／いいえ', en: 'Yes / no' } },
  { key: 'recordCount', headers: ['件数', 'recordCount'], width: 10, note: { ja: '記録の件数（整数）', en: 'Number of records (integer)' } },
  { key: 'retention', headers: ['保存期間', 'retention'], width: 10, note: { ja: '例: 5年、常用、永年', en: 'e.g. 5 years, permanent' } },
  { key: 'backupNote', headers: ['バックアップ', 'backupNote'], width: 24, note: { ja: 'バックアップの方法（取得先・頻度・復旧の目安）', en: 'How it is backed up' } },
  { key: 'schemeEdition', headers: ['分類の版', 'schemeEdition'], width: 10, note: { ja: '分類に使ったガイドラインの版（空欄は現行の版）', en: 'Guideline edition of the scheme (blank: current)' } },
  { key: 'confidentiality', headers: ['機密性', 'confidentiality'], width: 8, note: { ja: '3A／3B／3C／2／1（令和6年10月版より前は 3／2／1）', en: '3A/3B/3C/2/1 (3/2/1 before R6.10)' } },
  { key: 'integrity', headers: ['完全性', 'integrity'], width: 8, note: { ja: '2／1', en: '2/1' } },
  { key: 'availability', headers: ['可用性', 'availability'], width: 8, note: { ja: '2／1', en: '2/1' } },
  { key: 'reason', headers: ['分類の理由', 'classificationReason', 'reason'], width: 24, note: { ja: '分類をこの区分にした理由（履歴に残る）', en: 'Why the asset has these levels (kept in the history)' } },
  { key: 'classifiedAt', headers: ['分類日', 'classifiedAt'], width: 12, exportOnly: true, note: { ja: '参考（取込みでは読みません）', en: 'For reference (not read on import)' } },
  { key: 'status', headers: ['状態', 'status'], width: 8, note: { ja: '使用中／廃止（空欄は使用中）', en: 'In use / retired (blank: in use)' } },
];

export const IMPORT_COLUMNS = COLUMNS.filter((c) => !c.exportOnly);

export const YES = 'はい';
export const NO = 'いいえ';

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');

/** Words accepted for an enumeration: its id, Japanese and English names (normalised). */
export function enumWords<T extends string>(list: ReadonlyArray<Named<T>>): Map<string, T> {
  const m = new Map<string, T>();
  for (const e of list) {
    m.set(norm(e.id), e.id);
    m.set(norm(e.ja), e.id);
    m.set(norm(e.en), e.id);
  }
  return m;
}

export const KIND_WORDS = enumWords(ASSET_KINDS);
export const SEGMENT_WORDS = enumWords(ASSET_SEGMENTS);
export const HOSTING_WORDS = enumWords(ASSET_HOSTINGS);
export const STATUS_WORDS = enumWords(ASSET_STATUSES);
// A few spellings people use in registers.
SEGMENT_WORDS.set(norm('マイナンバー系'), 'mynumber');
SEGMENT_WORDS.set(norm('LGWAN系'), 'lgwan');
SEGMENT_WORDS.set(norm('インターネット系'), 'internet');
SEGMENT_WORDS.set(norm('閉域'), 'closed');
SEGMENT_WORDS.set(norm('スタンドアロン'), 'closed');

const TRUE_WORDS = new Set(['はい', '○', '〇', '◯', 'yes', 'y', 'true', '1', '有', 'あり'].map(norm));
const FALSE_WORDS = new Set(['いいえ', '×', '✕', '-', 'no', 'n', 'false', '0', '無', 'なし'].map(norm));

/** A yes/no cell; blank is no. Undefined when the text is neither. */
export function parseFlag(text: string): boolean | undefined {
  if (text === '') return false;
  const t = norm(text);
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return undefined;
}

export function lookup<T extends string>(words: Map<string, T>, text: string): T | undefined {
  return words.get(norm(text));
}

/** Level ids as people write them: full-width digits and lower-case letters are accepted. */
export function normaliseLevel(text: string): string {
  return text.normalize('NFKC').trim().toUpperCase();
}
