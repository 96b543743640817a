import type { Ctx } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import type { DemoSeeder } from '../tenancy/demo';
import type { z } from 'zod';
import { AssetCreateInput, createAsset } from './assets.service';

/**
 * Sample assets of the demo municipality (【デモ】しるべ市). Every name carries "（デモ）" and the
 * codes start with DEMO-, so nothing can be taken for a real register. A few are deliberately
 * inconsistent, and one still uses the older scheme, so the checks and the reclassification page
 * have something to show.
 */

type Sample = Omit<z.input<typeof AssetCreateInput>, 'ownerSectionId' | 'relatedIds'> & { section: string; related?: string[] };

const SAMPLES: Sample[] = [
  {
    code: 'DEMO-SYS-JUKI',
    name: '住民記録システム（デモ）',
    kind: 'system',
    section: 'S-SHIMIN',
    segment: 'mynumber',
    hosting: 'dataCentre',
    location: '架空第一データセンター',
    custodian: '市民課 住民記録係',
    backupNote: '毎日夜間に別拠点へ複製。4時間以内に復旧。',
    flags: { residentData: true, myNumber: true },
    classification: { confidentiality: '3B', integrity: '2', availability: '2', reason: '住民の個人情報と個人番号を保存するため（デモ）' },
  },
  {
    code: 'DEMO-DS-JUKI',
    name: '住民基本台帳データ（デモ）',
    kind: 'dataset',
    section: 'S-SHIMIN',
    segment: 'mynumber',
    hosting: 'dataCentre',
    location: '架空第一データセンター',
    recordCount: 48210,
    retention: '永年',
    backupNote: '住民記録システムのバックアップに含まれる。',
    flags: { residentData: true, myNumber: true },
    related: ['DEMO-SYS-JUKI'],
    classification: { confidentiality: '3B', integrity: '2', availability: '2', reason: '住民記録の本体（デモ）' },
  },
  {
    code: 'DEMO-SYS-ZEI',
    name: '住民税システム（デモ）',
    kind: 'system',
    section: 'S-ZEIMU',
    segment: 'mynumber',
    hosting: 'dataCentre',
    location: '架空第一データセンター',
    flags: { residentData: true, myNumber: true },
    classification: { confidentiality: '3B', integrity: '2', availability: '2', reason: '課税情報を扱うため（デモ）' },
  },
  {
    code: 'DEMO-DS-KAZEI',
    name: '課税台帳の抜粋（デモ）',
    kind: 'dataset',
    section: 'S-ZEIMU',
    segment: 'lgwan',
    hosting: 'onPremises',
    location: '本庁舎サーバ室（架空）',
    recordCount: 3120,
    retention: '5年',
    flags: { residentData: true },
    related: ['DEMO-SYS-ZEI'],
    classification: { confidentiality: '2', integrity: '2', availability: '1', reason: '集計用の抜粋として分類（デモ：見直しが必要な例）' },
  },
  {
    code: 'DEMO-MED-USB-01',
    name: '窓口用USBメモリ 1号（デモ）',
    kind: 'medium',
    section: 'S-SHIMIN',
    segment: 'lgwan',
    hosting: 'onPremises',
    location: '市民課 施錠キャビネット（架空）',
    custodian: '市民課 庶務係',
    classification: { confidentiality: '3C', integrity: '1', availability: '1', reason: '職員の属性に基づく個人情報を一時的に運ぶため（デモ）' },
  },
  {
    code: 'DEMO-CLD-WEB',
    name: 'Web会議の議事録（デモ）',
    kind: 'cloudData',
    section: 'S-JOHO',
    segment: 'internet',
    hosting: 'cloud',
    location: '架空Web会議サービス',
    classification: { confidentiality: '2', integrity: '1', availability: '1', reason: '公表前の検討資料を含むため（デモ：外部サービスの登録がない例）' },
  },
  {
    code: 'DEMO-DS-KOHO',
    name: '広報誌の原稿（デモ）',
    kind: 'dataset',
    section: 'S-SOMU',
    segment: 'lgwan',
    hosting: 'onPremises',
    classification: { confidentiality: '1', integrity: '1', availability: '1', reason: '公表を前提とする情報（デモ）' },
  },
  {
    code: 'DEMO-DS-NYUSATSU',
    name: '入札予定価格の調書（デモ）',
    kind: 'dataset',
    section: 'S-SOMU',
    segment: 'lgwan',
    hosting: 'onPremises',
    retention: '10年',
    classification: { confidentiality: '3C', integrity: '2', availability: '1', reason: '公表を前提としない情報（デモ）' },
    backupNote: 'ファイルサーバの週次バックアップ（架空）',
  },
  {
    code: 'DEMO-DS-KAIGO',
    name: '要介護認定の資料（デモ）',
    kind: 'dataset',
    section: 'S-KAIGO',
    segment: 'mynumber',
    hosting: 'dataCentre',
    flags: { residentData: true, specialCare: true },
    classification: { schemeEdition: 'R5.3', confidentiality: '2', integrity: '2', availability: '2', reason: '旧台帳からの移行（デモ：再分類が必要な例。住民の個人情報は旧機密性2）' },
    backupNote: '介護保険システムのバックアップに含まれる（架空）',
  },
  {
    code: 'DEMO-DEV-PC-12',
    name: '窓口端末 12号機（デモ）',
    kind: 'device',
    section: 'S-SHIMIN',
    segment: 'mynumber',
    hosting: 'onPremises',
  },
];

export const seedDemoAssets: DemoSeeder = async (deps: AppDeps, ctx: Ctx, units: Map<string, string>) => {
  const ids = new Map<string, string>();
  for (const s of SAMPLES) {
    const { section, related, ...input } = s;
    const ownerSectionId = units.get(section);
    if (!ownerSectionId) continue;
    const relatedIds = (related ?? []).map((c) => ids.get(c)).filter((x): x is string => Boolean(x));
    const view = await createAsset(deps, ctx, AssetCreateInput.parse({ ...input, ownerSectionId, relatedIds }));
    ids.set(s.code, view.id);
  }
};
