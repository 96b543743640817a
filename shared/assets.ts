/**
 * Information assets (情報資産): the enumerations of the register and their Japanese and English
 * names, shared by the server (validation, Excel in and out) and the web pages.
 */

export interface Named<T extends string> {
  id: T;
  ja: string;
  en: string;
}

export const ASSET_KINDS = [
  { id: 'dataset', ja: 'データ・文書', en: 'Data set or document' },
  { id: 'system', ja: '情報システム', en: 'Information system' },
  { id: 'device', ja: '機器', en: 'Device' },
  { id: 'medium', ja: '記録媒体', en: 'Storage medium' },
  { id: 'cloudData', ja: 'クラウド上のデータ', en: 'Cloud data set' },
] as const satisfies ReadonlyArray<Named<string>>;
export type AssetKindId = (typeof ASSET_KINDS)[number]['id'];
export const ASSET_KIND_IDS = ASSET_KINDS.map((k) => k.id) as unknown as readonly [AssetKindId, ...AssetKindId[]];

/** Where the asset lives in the three-layer model; `closed` is a stand-alone network or device. */
export const ASSET_SEGMENTS = [
  { id: 'mynumber', ja: 'マイナンバー利用事務系', en: 'My Number segment' },
  { id: 'lgwan', ja: 'LGWAN接続系', en: 'LGWAN segment' },
  { id: 'internet', ja: 'インターネット接続系', en: 'Internet segment' },
  { id: 'closed', ja: '閉域・スタンドアロン', en: 'Closed or stand-alone' },
] as const satisfies ReadonlyArray<Named<string>>;
export type AssetSegmentId = (typeof ASSET_SEGMENTS)[number]['id'];
export const ASSET_SEGMENT_IDS = ASSET_SEGMENTS.map((k) => k.id) as unknown as readonly [AssetSegmentId, ...AssetSegmentId[]];

export const ASSET_HOSTINGS = [
  { id: 'onPremises', ja: '庁内', en: 'On premises' },
  { id: 'dataCentre', ja: 'データセンター', en: 'Data centre' },
  { id: 'cloud', ja: 'クラウドサービス', en: 'Cloud service' },
] as const satisfies ReadonlyArray<Named<string>>;
export type AssetHostingId = (typeof ASSET_HOSTINGS)[number]['id'];
export const ASSET_HOSTING_IDS = ASSET_HOSTINGS.map((k) => k.id) as unknown as readonly [AssetHostingId, ...AssetHostingId[]];

export const ASSET_STATUSES = [
  { id: 'active', ja: '使用中', en: 'In use' },
  { id: 'retired', ja: '廃止', en: 'Retired' },
] as const satisfies ReadonlyArray<Named<string>>;
export type AssetStatusId = (typeof ASSET_STATUSES)[number]['id'];
export const ASSET_STATUS_IDS = ASSET_STATUSES.map((k) => k.id) as unknown as readonly [AssetStatusId, ...AssetStatusId[]];

/** Personal-data flags of an asset. */
export const ASSET_FLAGS = [
  { id: 'residentData', ja: '住民情報', en: 'Resident information' },
  { id: 'myNumber', ja: 'マイナンバー（個人番号）', en: 'My Number data' },
  { id: 'specialCare', ja: '要配慮個人情報', en: 'Special care-required personal information' },
] as const satisfies ReadonlyArray<Named<string>>;
export type AssetFlagId = (typeof ASSET_FLAGS)[number]['id'];

/** Every confidentiality level id any scheme uses, in order from strictest. */
export const CONFIDENTIALITY_IDS = ['3A', '3B', '3C', '3', '2', '1'] as const;
export const BINARY_LEVEL_IDS = ['2', '1'] as const;

/**
 * Rank of a confidentiality level across schemes, for "highest wins" when assets classified under
 * different schemes are combined. The older scheme's 3 may be any of 3A, 3B or 3C, so it is taken
 * at the strictest of them (3A); on a tie the level of the newer scheme is kept.
 */
export const CONFIDENTIALITY_RANK: Record<string, number> = { '3A': 5, '3B': 4, '3C': 3, '3': 5, '2': 2, '1': 1 };
export const BINARY_RANK: Record<string, number> = { '2': 2, '1': 1 };

export const SORTS = ['code', '-code', 'name', '-name', 'confidentiality', '-confidentiality'] as const;
export type AssetSort = (typeof SORTS)[number];

export function named<T extends string>(list: ReadonlyArray<Named<T>>, id: string | null | undefined, lang: 'ja' | 'en' = 'ja'): string {
  if (!id) return '';
  const e = list.find((x) => x.id === id);
  return e ? e[lang] : id;
}
