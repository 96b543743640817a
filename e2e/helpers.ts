import AxeBuilder from '@axe-core/playwright';
import { type Page, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { STATE_FILE } from './env';

export const ADMIN = { email: 'admin@e2e.shirube.test', password: 'hachioji-river-lantern-2026', name: '統括 太郎' };

export function state(): { setupUrl: string; dataDir: string; totpSecret?: string } {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8'));
}

/** Fail on any serious or critical accessibility violation (WCAG 2.1 A/AA). */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`),
    `axe on ${label}`,
  ).toEqual([]);
}
