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
    basis = { ja: `旧区分「${a.confidentiality}」に対応する区分は一つだけです。`, en: `The old level "${a.confidentiality}" has a single counterpart.` };
  } else if ((a.flags.myNumber || (a.flags.residentData && a.segment === 'mynumber')) && has('3B')) {
    c = '3B';
    basis = {
      ja: 'マイナンバー利用事務系の住民情報または個人番号を含むため、3Bの例（住民記録・税などの住民の個人情報）にあたります。',
      en: "It holds resident data in the My Number segment or individual numbers, the 3B example (residents' personal data in resident-registry and tax systems).",
    };
  } else if (personal && has('3B')) {
    c = '3B';
    basis = {
      ja: '住民情報または要配慮個人情報を含むため、慎重な扱いを要する3Bを提案します。保護の必要が3Bほど高くなければ3Cを選んでください。',
      en: 'It holds resident or special care-required personal data, so 3B is proposed; choose 3C if it needs less protection than 3B.',
    };
  } else if (personal && has('3C')) {
    c = '3C';
    basis = { ja: '個人情報を含み、公表を前提としないため3Cを提案します。', en: 'It holds personal data not meant for publication, so 3C is proposed.' };
  } else if (a.confidentiality === '2' && has('2')) {
    c = '2';
    basis = { ja: '個人情報の印がなく、旧機密性2と同じ区分を提案します。', en: 'No personal-data flag; the same level as the old 2 is proposed.' };
  } else {
    basis = {
      ja: '秘密文書（3A）か、慎重な扱いを要する情報（3B・3C）かは台帳の項目から判断できません。候補から選んでください。',
      en: 'The register cannot tell whether it is a secret document (3A) or information needing careful handling (3B or 3C); choose from the candidates.',
    };
  }
  return { from, candidates, proposed: { confidentiality: c, ...base }, basis };
}
