import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createOrg, createTestApp, createUser, type Session, sessionFor, type TestApp } from '../helpers/app';

/** Found by the OpenAPI fuzzer: a cut-short or boundary-less multipart form answered 500. */

let t: TestApp;
let s: Session;
const b = 'fuzzBOUNDARY';
const part = `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nコード,名称\r\nA-1,試験\r\n`;

beforeAll(async () => {
  t = await createTestApp();
  const org = await createOrg(t.app);
  s = await sessionFor(t.app, await createUser(t.app, org.id, { roles: ['chiefSecurityManager'], mfa: true }));
});
afterAll(async () => {
  await t?.close();
});

describe('unreadable multipart forms', () => {
  for (const [label, contentType, payload] of [
    ['cut short before the closing boundary', `multipart/form-data; boundary=${b}`, part],
    ['closing boundary without its final dashes', `multipart/form-data; boundary=${b}`, `${part}--${b}`],
    ['no boundary in the content type', 'multipart/form-data', `${part}--${b}--\r\n`],
  ] as const) {
    it(`answer 400 multipart_malformed: ${label}`, async () => {
      const res = await as(t.app, s, { method: 'POST', url: '/api/assets/import?dryRun=true', payload, headers: { 'content-type': contentType } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'multipart_malformed' });
    });
  }
});
