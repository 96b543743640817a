/**
 * Where this e2e run serves and keeps its state. Parallel runs (several engineers on one machine)
 * set SHIRUBE_E2E_PORT and SHIRUBE_E2E_DIST (a build made with `node scripts/build.mjs --out DIR`).
 */
export const E2E_PORT = Number(process.env.SHIRUBE_E2E_PORT ?? 3199);
export const E2E_DIST = process.env.SHIRUBE_E2E_DIST ?? 'dist';
export const STATE_FILE = `out/e2e-${E2E_PORT}-state.json`;
export const ADMIN_STORAGE = `out/e2e-${E2E_PORT}-admin.json`;
