import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import type { Bilingual } from '../../platform/errors';

/**
 * Passwords follow NIST SP 800-63B: at least 12 characters, no composition rules, and a check
 * against a bundled list of common and breached passwords (zxcvbn-ts's list of ~49,000).
 */

/** @node-rs/argon2's Algorithm.Argon2id (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

export interface PasswordCost {
  memoryKiB: number;
  iterations: number;
}

export function hashPassword(password: string, cost: PasswordCost): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: cost.memoryKiB, timeCost: cost.iterations, parallelism: 1 });
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal it. */
let dummy: Promise<string> | null = null;
export function dummyHash(cost: PasswordCost): Promise<string> {
  dummy ??= hashPassword('shirube-dummy-password-for-timing', cost);
  return dummy;
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: { email?: string; displayName?: string } = {}): Bilingual | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return { ja: `パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください。`, en: `Use at least ${MIN_PASSWORD_LENGTH} characters.` };
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return { ja: `パスワードは${MAX_PASSWORD_LENGTH}文字以内にしてください。`, en: `Use at most ${MAX_PASSWORD_LENGTH} characters.` };
  }
  const lower = password.toLowerCase();
  const list = commonPasswords();
  // The password itself, or a listed password padded with digits or symbols at the end.
  const stripped = lower.replace(/[\d\W_]+$/u, '');
  if (list.has(lower) || (stripped.length >= 6 && list.has(stripped))) {
    return {
      ja: 'よく使われている、または漏えいが知られているパスワードです。別のものにしてください。',
      en: 'This password is common or known to be breached. Choose another.',
    };
  }
  if (/^(.)\1+$/u.test(password) || isSequence(lower)) {
    return { ja: '同じ文字や連続した文字だけのパスワードは使えません。', en: 'Repeated or sequential characters alone are not allowed.' };
  }
  const local = context.email?.split('@')[0]?.toLowerCase();
  if ((local && local.length >= 4 && lower.includes(local)) || lower.includes('shirube') || lower.includes('しるべ')) {
    return {
      ja: 'メールアドレスやサービス名を含むパスワードは使えません。',
      en: 'The password must not contain your e-mail name or the service name.',
    };
  }
  return null;
}

function isSequence(s: string): boolean {
  if (s.length < 4) return false;
  let up = true;
  let down = true;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    if (d !== 1) up = false;
    if (d !== -1) down = false;
  }
  return up || down;
}

/** A random password for accounts created from the command line (shown once, must be changed). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return `${out.slice(0, 5)}-${out.slice(5, 10)}-${out.slice(10, 15)}-${out.slice(15, 20)}`;
}
