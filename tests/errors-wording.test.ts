import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodToFieldErrors } from '../server/platform/errors';

/** Issue 21: validation messages in plain words, never zod's type names or "UUID". */
describe('field error wording', () => {
  const schema = z.object({ ownerSectionId: z.uuid(), email: z.email(), other: z.email(), recordCount: z.number().nullable() });
  it('names what to do, in both languages', () => {
    const r = schema.safeParse({ ownerSectionId: '', email: '', other: 'taro', recordCount: '１２３abc' });
    expect(r.success).toBe(false);
    const byField = Object.fromEntries(zodToFieldErrors(r.error as z.ZodError).map((e) => [e.field, e.message]));
    expect(byField.ownerSectionId).toEqual({ ja: '選んでください。', en: 'Choose one.' });
    expect(byField.email.ja).toContain('メールアドレスを正しい形で入力してください');
    expect(byField.other.ja).toContain('メールアドレスを正しい形で入力してください');
    expect(byField.recordCount).toEqual({ ja: '数字で入力してください。', en: 'Enter a number.' });
    for (const m of Object.values(byField) as Array<{ ja: string }>) expect(m.ja).not.toMatch(/UUID|無効|string|number/);
  });
});
