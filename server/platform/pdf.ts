import { AppError } from './errors';

/**
 * PDF printed by Debian's Chromium through playwright-core, from HTML that a module renders
 * (policy documents, disposal reports). The page runs no scripts and gets no network at all
 * (every request but data: URLs is aborted), so a document cannot reach outside the closed
 * network. One print at a time: the machine is small and Chromium is heavy.
 */

/** Default Chromium; buildApp sets it from SHIRUBE_CHROMIUM. */
export let CHROMIUM_PATH = '/usr/bin/chromium';

export function configurePdf(executablePath: string): void {
  CHROMIUM_PATH = executablePath;
}
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let queue: Promise<unknown> = Promise.resolve();

export function htmlToPdf(html: string, opts: { executablePath?: string; footerTitle?: string } = {}): Promise<Buffer> {
  const run = queue.then(() => print(html, opts));
  queue = run.catch(() => undefined);
  return run;
}

async function print(html: string, opts: { executablePath?: string; footerTitle?: string }): Promise<Buffer> {
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw unavailable('playwright-core is not installed');
  }
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({ executablePath: opts.executablePath ?? CHROMIUM_PATH, args: CHROMIUM_ARGS });
  } catch (e) {
    throw unavailable((e as Error).message.split('\n')[0]);
  }
  try {
    const context = await browser.newContext({ locale: 'ja-JP', javaScriptEnabled: false });
    await context.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const footerTitle = (opts.footerTitle ?? '').replace(/[&<>"']/g, '');
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: `<div style="font-size:8px;width:100%;text-align:right;padding-right:20mm;color:#555">${footerTitle}</div>`,
      footerTemplate: '<div style="font-size:9px;width:100%;text-align:center">- <span class="pageNumber"></span> -</div>',
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}

function unavailable(detail: string): AppError {
  return new AppError(
    503,
    'pdf_unavailable',
    {
      ja: `PDFを作成できません。サーバーにChromium（${CHROMIUM_PATH}、設定 SHIRUBE_CHROMIUM）が導入されているか確認してください。Word形式では出力できます。`,
      en: `The PDF cannot be produced. Check that Chromium (${CHROMIUM_PATH}, setting SHIRUBE_CHROMIUM) is installed on the server. The Word export still works.`,
    },
    [],
    { detail },
  );
}
