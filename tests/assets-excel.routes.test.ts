import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createOrg, createTestApp, createUnit, createUser, type Session, sessionFor, type TestApp } from './helpers/app';
import { testDbKind } from './helpers/db';
import { makeService } from './helpers/vendors';

/** Excel and CSV in and out: preview, per-row errors, all-or-nothing commit, encodings, round trip, formula neutralisation. */

let t: TestApp;
let org: string;
let secA: string;
let secB: string;
let chief: Session;
let managerA: Session;
let staffA: Session;

beforeAll(async () => {
  t = await createTestApp({ SHIRUBE_IMPORT_LIMIT_MB: '1' });
  org = (await createOrg(t.app)).id;
  const dept = await createUnit(t.app, org, 'department');
  secA = await createUnit(t.app, org, 'section', dept, 'X-A');
  secB = await createUnit(t.app, org, 'section', dept, 'X-B');
  chief = await sessionFor(t.app, await createUser(t.app, org, { roles: ['chiefSecurityManager'], mfa: true }));
  managerA = await sessionFor(t.app, await createUser(t.app, org, { roles: [['securityManager', secA]], sectionId: secA }));
  staffA = await sessionFor(t.app, await createUser(t.app, org, { roles: [['staff', secA]], sectionId: secA }));
});
afterAll(() => t?.close());

function multipart(filename: string, content: Buffer) {
  const boundary = '----shirube-assets-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (s: Session | null, filename: string, content: Buffer, qs = '') => as(t.app, s, { method: 'POST', url: `/api/assets/import${qs}`, ...multipart(filename, content) });

const HEAD = '資産コード,名称,種別,所管課室コード,配置セグメント,設置形態,住民情報,マイナンバー,件数,バックアップ,分類の版,機密性,完全性,可用性,分類の理由,関連システム';
const csv = (...lines: string[]) => Buffer.from(`${[HEAD, ...lines].join('\r\n')}\r\n`);

async function countAssets(): Promise<number> {
  const r = await t.app.deps.db.selectFrom('assets').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', org).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function snapshot() {
  const assets = await t.app.deps.db.selectFrom('assets').selectAll().where('tenantId', '=', org).orderBy('code').execute();
  const rel = await t.app.deps.db.selectFrom('assetRelations').selectAll().where('tenantId', '=', org).orderBy('assetId').orderBy('relatedId').execute();
  const hist = await t.app.deps.db.selectFrom('assetClassHistory').selectAll().where('tenantId', '=', org).orderBy('id').execute();
  return { assets, rel, hist };
}

describe(`asset import and export on ${testDbKind()}`, () => {
  it('answers 401 and 403 before reading the file', async () => {
    expect((await upload(null, 'a.csv', csv())).statusCode).toBe(401);
    expect((await upload(staffA, 'a.csv', csv())).statusCode).toBe(403);
  });

  it('previews a CSV without writing, then commits it in full with one audit entry', async () => {
    const file = csv(
      'SYS-1,住民記録システム,情報システム,X-A,マイナンバー利用事務系,データセンター,いいえ,いいえ,,日次バックアップ,R8.3,3B,2,2,住民情報を扱うため,',
      'DS-1,住民記録データ,データ・文書,X-A,マイナンバー利用事務系,データセンター,はい,はい,"120,000",日次バックアップ,,3B,2,2,,SYS-1',
      'DS-2,広報原稿,dataset,X-B,lgwan,onPremises,○,,5,,,,,,,',
    );
    const before = await countAssets();
    const preview = await upload(chief, '台帳.csv', file, '?dryRun=true');
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ dryRun: true, format: 'csv', encoding: 'utf-8', rows: 3, created: 3, updated: 0, unchanged: 0, reclassified: 2 });
    expect(preview.json().preview.map((p: { code: string; action: string }) => `${p.code}:${p.action}`)).toEqual(['SYS-1:create', 'DS-1:create', 'DS-2:create']);
    expect(await countAssets()).toBe(before);
    const auditBefore = await t.app.deps.db.selectFrom('auditEvents').select('seq').where('tenantId', '=', org).execute();

    const commit = await upload(chief, '台帳.csv', file);
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ dryRun: false, created: 3 });
    expect(await countAssets()).toBe(before + 3);
    const audit = await t.app.deps.db.selectFrom('auditEvents').select(['action', 'changes']).where('tenantId', '=', org).orderBy('seq').execute();
    const added = audit.slice(auditBefore.length);
    expect(added.map((a) => a.action)).toEqual(['asset.import']);
    expect(JSON.parse(added[0].changes)).toMatchObject({ file: '台帳.csv', rows: 3, created: 3 });

    const ds1 = await t.app.deps.db.selectFrom('assets').selectAll().where('tenantId', '=', org).where('code', '=', 'DS-1').executeTakeFirstOrThrow();
    expect(ds1).toMatchObject({ kind: 'dataset', segment: 'mynumber', residentData: 1, myNumber: 1, recordCount: 120000, schemeEdition: 'R8.3', confidentiality: '3B' });
    expect(ds1.classificationReason).toBe('一括取込み（台帳.csv）による分類');
    const rel = await t.app.deps.db.selectFrom('assetRelations').select('relatedId').where('assetId', '=', ds1.id).execute();
    expect(rel).toHaveLength(1);
    const ds2 = await t.app.deps.db.selectFrom('assets').selectAll().where('tenantId', '=', org).where('code', '=', 'DS-2').executeTakeFirstOrThrow();
    expect(ds2).toMatchObject({ residentData: 1, myNumber: 0, confidentiality: null, classifiedAt: null });
  });

  it('reads Shift_JIS (CP932) files', async () => {
    const file = iconv.encode(`${HEAD}\r\nSJ-1,納税通知書の控え（髙﨑）,記録媒体,X-A,LGWAN接続系,庁内,いいえ,いいえ,,,,3C,1,1,職員の個人情報を含む,\r\n`, 'cp932');
    const res = await upload(chief, 'sjis.csv', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ encoding: 'cp932', created: 1 });
    const row = await t.app.deps.db.selectFrom('assets').select(['name', 'kind', 'classificationReason']).where('tenantId', '=', org).where('code', '=', 'SJ-1').executeTakeFirstOrThrow();
    expect(row).toEqual({ name: '納税通知書の控え（髙﨑）', kind: 'medium', classificationReason: '職員の個人情報を含む' });
  });

  it('refuses bad rows with errors naming row and column, and writes nothing', async () => {
    const file = csv(
      'E-1,未知の区分,データ・文書,X-A,,,,,,,,4,1,1,,',
      'E-2,版にない区分,データ・文書,X-A,,,,,,,R5.3,3A,1,1,,',
      'E-3,新しい版に旧区分,データ・文書,X-A,,,,,,,R8.3,3,1,1,,',
      'E-4,所管なし,データ・文書,,,,,,,,,,,,,',
      'E-5,重複一,データ・文書,X-A,,,,,,,,,,,,',
      'E-5,重複二,データ・文書,X-A,,,,,,,,,,,,',
      'E-6,そろわない,宇宙船,X-Z,月面,,たぶん,,多い,,R9.9,2,,,,NOPE',
    );
    const before = await snapshot();
    const res = await upload(chief, 'bad.csv', file);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('import_invalid');
    expect(body.messages.ja).toMatch(/何も取り込んでいません/);
    const at = (row: number) => body.errors.filter((e: { row: number }) => e.row === row).map((e: { column: string; code: string }) => `${e.column}:${e.code}`);
    expect(at(2)).toEqual(['L（機密性）:level_unknown']);
    expect(at(3)).toEqual(['L（機密性）:level_not_in_scheme']);
    expect(at(4)).toEqual(['L（機密性）:level_not_in_scheme']);
    expect(at(5)).toEqual(['D（所管課室コード）:owner_required']);
    expect(at(7)).toEqual(['A（資産コード）:duplicate_code']);
    expect(body.errors.find((e: { row: number }) => e.row === 7).message.ja).toContain('6行目');
    expect(at(8)).toEqual(
      expect.arrayContaining(['C（種別）:unknown_kind', 'D（所管課室コード）:section_unknown', 'E（配置セグメント）:unknown_segment', 'G（住民情報）:invalid_flag', 'I（件数）:invalid_number', 'K（分類の版）:edition_unknown', 'M（完全性）:level_required', 'N（可用性）:level_required']),
    );
    for (const e of body.errors) {
      expect(e.message.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(e.message.en).toMatch(/[a-z]/i);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('names unknown related systems and files without the required columns', async () => {
    const res = await upload(chief, 'rel.csv', csv('R-1,参照先なし,データ・文書,X-A,,,,,,,,,,,,NO-SUCH'));
    expect(res.json().errors[0]).toMatchObject({ row: 2, column: 'P（関連システム）', code: 'related_unknown' });
    const missing = await upload(chief, 'cols.csv', Buffer.from('資産コード,名称\r\nA,B\r\n'));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { column: string }) => e.column)).toEqual(['種別', '所管課室コード']);
  });

  it('accepts an external service from the register and names one that is not there', async () => {
    const service = await makeService(t.app, org);
    const head = '資産コード,名称,種別,所管課室コード,設置形態,外部サービスID';
    const before = await countAssets();
    const bad = await upload(chief, 'cloud.csv', Buffer.from(`${head}\r\nCL-1,クラウド上の申請データ,データ・文書,X-A,クラウドサービス,${service}\r\nCL-2,別のデータ,データ・文書,X-A,クラウドサービス,no-such-service\r\n`));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors, JSON.stringify(bad.json().errors)).toHaveLength(1);
    expect(bad.json().errors[0]).toMatchObject({ row: 3, code: 'cloud_service_unknown' });
    expect(bad.json().errors[0].column).toContain('外部サービスID');
    expect(await countAssets()).toBe(before);
    const good = await upload(chief, 'cloud.csv', Buffer.from(`${head}\r\nCL-1,クラウド上の申請データ,データ・文書,X-A,クラウドサービス,${service}\r\n`));
    expect(good.statusCode, good.body).toBe(200);
    const row = await t.app.deps.db.selectFrom('assets').select(['hosting', 'cloudServiceId']).where('tenantId', '=', org).where('code', '=', 'CL-1').executeTakeFirstOrThrow();
    expect(row).toEqual({ hosting: 'cloud', cloudServiceId: service });
  });

  it('refuses a file in neither UTF-8 nor Shift_JIS, naming where it goes wrong', async () => {
    const bytes = Buffer.concat([Buffer.from(`${HEAD}\r\nW-1,`), Buffer.from([0x82, 0xff, 0xfe]), Buffer.from(',データ・文書,X-A\r\n')]);
    const res = await upload(chief, 'latin.csv', bytes);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('wrong_encoding');
    expect(res.json().errors[0]).toMatchObject({ row: 2, column: 'B' });
  });

  it('refuses a file over the size limit with 413', async () => {
    const big = Buffer.concat([csv(), Buffer.alloc(1_200_000, 0x20)]);
    const res = await upload(chief, 'big.csv', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
    expect(res.json().messages.ja).toContain('1 MB');
  });

  it("keeps a section manager's import inside the section", async () => {
    const res = await upload(managerA, 'mine.csv', csv('M-1,自課の資産,データ・文書,X-A,,,,,,,,2,1,1,,', 'M-2,他課の資産,データ・文書,X-B,,,,,,,,2,1,1,,'));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 3, column: 'D（所管課室コード）', code: 'section_out_of_scope' })]);
    const takeover = await upload(managerA, 'take.csv', csv('DS-2,他課の資産を上書き,データ・文書,X-A,,,,,,,,,,,,'));
    expect(takeover.json().errors[0]).toMatchObject({ row: 2, code: 'asset_out_of_scope' });
  });

  it('updates existing assets by code and keeps the replaced classification in the history', async () => {
    const res = await upload(chief, 'upd.csv', csv('DS-2,広報原稿（確定版）,データ・文書,X-B,LGWAN接続系,庁内,はい,いいえ,5,,,3C,1,1,公表前の原稿のため,'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 1, reclassified: 1 });
    expect(res.json().preview[0].changes).toEqual(['name', 'classification']);
    const again = await upload(chief, 'upd2.csv', csv('DS-2,広報原稿（確定版）,データ・文書,X-B,LGWAN接続系,庁内,はい,いいえ,5,,,3B,1,1,住民の個人情報を含むと判明,'));
    expect(again.json()).toMatchObject({ updated: 1, reclassified: 1 });
    const id = (await t.app.deps.db.selectFrom('assets').select('id').where('tenantId', '=', org).where('code', '=', 'DS-2').executeTakeFirstOrThrow()).id;
    const hist = (await as(t.app, chief, { method: 'GET', url: `/api/assets/${id}/history` })).json().items;
    expect(hist.map((h: { confidentiality: string; reason: string }) => `${h.confidentiality}:${h.reason}`)).toEqual(['3B:住民の個人情報を含むと判明', '3C:公表前の原稿のため']);
  });

  it('exports .xlsx with Japanese headers and drop-down lists, neutralising formulas', async () => {
    await as(t.app, chief, {
      method: 'POST',
      url: '/api/assets',
      payload: { code: 'F-1', name: '=HYPERLINK("http://example.invalid","x")', description: '@SUM(1)', custodian: '+81 係', retention: '-', kind: 'dataset', ownerSectionId: secA },
    });
    const res = await as(t.app, staffA, { method: 'GET', url: '/api/assets/export?format=xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('情報資産台帳');
    const headers = (ws.getRow(1).values as string[]).slice(1);
    expect(headers.slice(0, 4)).toEqual(['資産コード', '名称', '種別', '所管課室コード']);
    const col = (h: string) => headers.indexOf(h) + 1;
    expect(ws.getCell(2, col('機密性')).dataValidation).toMatchObject({ type: 'list', formulae: ['"3A,3B,3C,2,1,3"'] });
    expect(ws.getCell(500, col('種別')).dataValidation.formulae[0]).toContain('情報システム');
    expect(ws.getCell(2, col('住民情報')).dataValidation.formulae).toEqual(['"はい,いいえ"']);
    // Staff see their own section only.
    const codes: string[] = [];
    ws.eachRow((r, n) => n > 1 && codes.push(String(r.getCell(1).value)));
    expect(codes).toContain('F-1');
    expect(codes).not.toContain('DS-2');
    const f1 = ws.getRow(codes.indexOf('F-1') + 2);
    expect(f1.getCell(col('名称')).value).toBe('\'=HYPERLINK("http://example.invalid","x")');
    expect(f1.getCell(col('説明')).value).toBe("'@SUM(1)");
    expect(f1.getCell(col('管理担当')).value).toBe("'+81 係");
    expect(f1.getCell(col('保存期間')).value).toBe("'-");
    expect(wb.getWorksheet('記入方法')).toBeDefined();
    const csvRes = await as(t.app, chief, { method: 'GET', url: '/api/assets/export?format=csv' });
    expect(csvRes.body.charCodeAt(0)).toBe(0xfeff);
    expect(csvRes.body).toContain(`F-1,"'=HYPERLINK(""http://example.invalid"",""x"")"`);
  });

  it('round-trips: exporting and importing the register changes nothing (xlsx and csv)', async () => {
    // Retired and classified-under-an-older-scheme assets are part of the register too.
    await as(t.app, chief, { method: 'POST', url: '/api/assets', payload: { code: 'OLD-1', name: '旧分類の資産', kind: 'medium', ownerSectionId: secB, status: 'retired', classification: { schemeEdition: 'R5.3', confidentiality: '3', integrity: '2', availability: '1', reason: '旧台帳' } } });
    const before = await snapshot();
    expect(before.assets.length).toBeGreaterThan(5);
    for (const format of ['xlsx', 'csv'] as const) {
      const file = await as(t.app, chief, { method: 'GET', url: `/api/assets/export?format=${format}` });
      const res = await upload(chief, `roundtrip.${format}`, file.rawPayload);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ created: 0, updated: 0, unchanged: before.assets.length, reclassified: 0 });
      expect(await snapshot()).toEqual(before);
    }
  });
});
