import { defineConfig } from '@playwright/test';
import { ADMIN_STORAGE, E2E_PORT } from './e2e/env';

/**
 * End-to-end tests against the built app (dist/), served by e2e/global-setup.ts on a fresh data
 * directory, in Debian's Chromium — never a downloaded browser.
 */
const CHROMIUM = process.env.SHIRUBE_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  outputDir: `./out/pw-results-${E2E_PORT}`,
  timeout: 60_000,
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    browserName: 'chromium',
    trace: 'off',
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    { name: 'chromium', testMatch: /.*\.spec\.ts/, dependencies: ['setup'], use: { storageState: ADMIN_STORAGE } },
  ],
});
