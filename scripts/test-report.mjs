// Reading the reports that `npm test` collects (scripts/test.mjs). Kept apart so that the counting
// rules are unit-tested (tests/test-report.test.ts).

/**
 * Counts from Vitest's JSON report. A test file that failed without any failed test in it (it did
 * not load, or a beforeAll/afterAll hook threw) counts as one failure of its own, whatever else
 * failed in the run.
 * @param {{ numPassedTests?: number, numFailedTests?: number, numPendingTests?: number, numTodoTests?: number, testResults?: Array<{ name?: string, status?: string, message?: string, assertionResults?: Array<{ status?: string }> }> }} report
 * @returns {{ passed: number, failed: number, skipped: number, brokenFiles: Array<{ file: string, message: string }> }}
 */
export function countVitest(report) {
  const brokenFiles = [];
  for (const file of report.testResults ?? []) {
    if (file.status !== 'failed') continue;
    const failedTests = (file.assertionResults ?? []).filter((a) => a.status === 'failed').length;
    if (failedTests === 0) brokenFiles.push({ file: file.name ?? '(unnamed file)', message: (file.message ?? '').split('\n')[0] });
  }
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles.length,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    brokenFiles,
  };
}

/**
 * Counts from Playwright's JSON report. Errors outside any test (a spec that fails to load, a
 * global setup that throws) are listed in `errors` and count as one failure each.
 * @param {{ stats?: { expected?: number, unexpected?: number, flaky?: number, skipped?: number }, errors?: Array<{ message?: string }> }} report
 * @returns {{ passed: number, failed: number, skipped: number, brokenFiles: Array<{ file: string, message: string }> }}
 */
export function countPlaywright(report) {
  const s = report.stats ?? {};
  const brokenFiles = (report.errors ?? []).map((e) => ({ file: '(outside any test)', message: (e.message ?? '').split('\n')[0] }));
  return {
    passed: (s.expected ?? 0) + (s.flaky ?? 0),
    failed: (s.unexpected ?? 0) + brokenFiles.length,
    skipped: s.skipped ?? 0,
    brokenFiles,
  };
}
