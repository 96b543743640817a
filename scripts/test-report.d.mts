export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  brokenFiles: Array<{ file: string; message: string }>;
}
export function countVitest(report: {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  testResults?: Array<{ name?: string; status?: string; message?: string; assertionResults?: Array<{ status?: string }> }>;
}): Counts;
export function countPlaywright(report: {
  stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number };
  errors?: Array<{ message?: string }>;
}): Counts;
