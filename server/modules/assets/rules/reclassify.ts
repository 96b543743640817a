import type { Bilingual, ClassificationScheme } from '@shared/catalog';
import type { AssetFacts } from './checks';

/**
 * Help for reclassifying an asset when the scheme changes (older 3/2/1 → 3A/3B/3C/2/1): the
 * candidates the catalog's migration map allows, and one proposal where the asset's own facts
 * point to it. The person classifying decides; a proposal is never applied on its own.
 */

export interface Proposal {
  from: { confidentiality: string | null; integrity: string | null; availability: string | null };
  candidates: string[];
  /** Null when the facts do not single out one candidate. */
  proposed: { confidentiality: string | null; integrity: string | null; availability: string | null };
  basis: Bilingual;
}

export function proposeReclassification(target: ClassificationScheme, a: AssetFacts): Proposal {
  const from = { confidentiality: a.confidentiality, integrity: a.integrity, availability: a.availability };
  const keep = (axis: 'i' | 'a', v: string | null) => (v !== null && target.levels[axis].some((l) => l.id === v) ? v : null);
  const base = { integrity: keep('i', a.integrity), availability: keep('a', a.availability) };
  const map = target.migratesFrom?.map ?? {};
  const candidates = a.confidentiality === null ? [] : (map[a.confidentiality] ?? []);
  const has = (id: string) => candidates.includes(id);
  const personal = a.flags.residentData || a.flags.myNumber || a.flags.specialCare;
  let c: string | null = null;
  let basis: Bilingual;
  if (candidates.length === 1) {
    c = candidates[0];
    basis =
      a.confidentiality === '3' && personal
        ? {
            ja: '旧機密性3は秘密文書だけの区分で、対応する区分は3Aです。住民の個人情報の印があるため、旧区分が実際より高く付けられていた可能性があります。内容を確かめてください（住民の個人情報なら3B）。',
            en: 'Old 3 held secret documents only, so its counterpart is 3A. The asset is flagged as personal data, so the old level may have been set higher than the scheme asked; check it (residents\' personal data is 3B).',
          }
        : { ja: `旧区分「${a.confidentiality}」に対応する区分は一つだけです。`, en: `The old level "${a.confidentiality}" has a single counterpart.` };
  } else if ((a.flags.myNumber || a.flags.residentData) && has('3B')) {
    // Residents' personal data sat in old 2 and moved to 3B (never 3C): facts Corrections 2026-12 no.1.
    c = '3B';
    basis = {
      ja: '住民の個人情報（または個人番号）を含むため、3Bの例（住民記録・税などのシステムに保存された住民の個人情報）にあたります。旧機密性2にあった住民の個人情報は3Bへ移ります。',
      en: "It holds residents' personal data (or individual numbers): the 3B example (residents' personal data in resident-registry and tax systems). Residents' data under old 2 moves to 3B.",
    };
  } else if (a.flags.specialCare && has('3B')) {
    c = '3B';
    basis = {
      ja: '要配慮個人情報を含むため、慎重な扱いを要する3Bを提案します。職員の属性に基づく個人情報など、3Bほどの保護が要らなければ3Cを選んでください。',
      en: 'It holds special care-required personal data, so 3B is proposed; choose 3C if it needs less protection, e.g. attribute-based staff personal data.',
    };
  } else if (a.confidentiality === '2' && has('2')) {
    c = '2';
    basis = {
      ja: '個人情報の印がなく、旧機密性2と同じ区分を提案します。職員の属性に基づく個人情報を含むなら3Cを選んでください。',
      en: 'No personal-data flag; the same level as the old 2 is proposed. Choose 3C if it holds attribute-based staff personal data.',
    };
  } else {
    basis = {
      ja: '台帳の項目から区分を一つに決められません。候補から選んでください。',
      en: 'The register cannot single out one level; choose from the candidates.',
    };
  }
  return { from, candidates, proposed: { confidentiality: c, ...base }, basis };
}
