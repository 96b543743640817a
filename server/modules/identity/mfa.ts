import { generateSecret, generateURI, verify } from 'otplib';
import { randomBytes } from 'node:crypto';
import { sha256 } from '../../platform/ids';

/** TOTP (RFC 6238, SHA-1, 6 digits, 30 s) as authenticator apps expect it, plus recovery codes. */

export const ISSUER = 'Shirube';

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export async function enrolmentPayload(secret: string, label: string): Promise<{ uri: string; qrSvg: string; secret: string }> {
  const uri = generateURI({ issuer: ISSUER, label, secret });
  const qrSvg = await (await import('qrcode')).default.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { uri, qrSvg, secret };
}

/**
 * Check a code, allowing one step of clock drift either way. Returns the accepted time step,
 * or null. Callers refuse a step at or below the last accepted one, so a code is used once.
 */
export async function checkTotp(secret: string, token: string, lastStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(token)) return null;
  const r = await verify({ secret, token, epochTolerance: 30 });
  if (!r.valid) return null;
  const step = (r as { timeStep?: number }).timeStep ?? Math.floor(Date.now() / 30_000);
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten single-use recovery codes such as "k7dq-m2xp-9tav". */
export function newRecoveryCodes(count = 10): string[] {
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = randomBytes(12);
    let s = '';
    for (const b of bytes) s += RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length];
    codes.push(`${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`);
  }
  return codes;
}

export function normaliseRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
}

export const hashRecoveryCode = (code: string): string => sha256(`recovery:${normaliseRecoveryCode(code)}`);
