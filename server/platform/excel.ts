import type ExcelJSModule from 'exceljs';

/**
 * exceljs takes a third of a second to load, which would fall on every start; it is loaded the
 * first time a workbook is read or written instead.
 */
let loading: Promise<typeof ExcelJSModule> | null = null;

export function loadExcel(): Promise<typeof ExcelJSModule> {
  loading ??= import('exceljs').then((m) => (m as unknown as { default?: typeof ExcelJSModule }).default ?? (m as unknown as typeof ExcelJSModule));
  return loading;
}
