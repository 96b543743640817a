/**
 * 全国地方公共団体コード: 2-digit prefecture + 3-digit body + 1 check digit.
 * The check digit is the last digit of 11 − (Σ digit × weight mod 11), weights 6,5,4,3,2.
 */

export function lgCheckDigit(firstFive: string): number {
  const weights = [6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += Number(firstFive[i]) * weights[i];
  return (11 - (sum % 11)) % 10;
}

export function withCheckDigit(firstFive: string): string {
  return `${firstFive}${lgCheckDigit(firstFive)}`;
}

export type LgCodeProblem = 'format' | 'prefecture' | 'checkDigit';

export function lgCodeProblem(code: string): LgCodeProblem | null {
  if (!/^\d{6}$/.test(code)) return 'format';
  const pref = Number(code.slice(0, 2));
  if (pref < 1 || pref > 47) return 'prefecture';
  if (lgCheckDigit(code.slice(0, 5)) !== Number(code[5])) return 'checkDigit';
  return null;
}

export const LG_CODE_MESSAGES: Record<LgCodeProblem, { ja: string; en: string }> = {
  format: { ja: '団体コードは6桁の数字で指定してください。', en: 'The local government code must be 6 digits.' },
  prefecture: {
    ja: '団体コードの上2桁（都道府県コード）は01〜47です。',
    en: 'The first two digits (prefecture) must be 01–47.',
  },
  checkDigit: {
    ja: '団体コードの検査数字（6桁目）が正しくありません。',
    en: 'The check digit (6th digit) of the local government code is wrong.',
  },
};
