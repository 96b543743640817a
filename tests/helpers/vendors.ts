import type { FastifyInstance } from 'fastify';
import { systemCtx } from '../../server/platform/context';
import * as approvals from '../../server/modules/vendors/approvals.service';
import * as contractors from '../../server/modules/vendors/contractors.service';
import * as matrices from '../../server/modules/vendors/matrices.service';
import * as services from '../../server/modules/vendors/services.service';
import * as sheets from '../../server/modules/vendors/sheets.service';
import { nowIso } from '../../server/db/sql';
import { newId } from '../../server/platform/ids';

/** Fixtures for the vendors module, made through its own services (so its rules apply). */

const ctxOf = (tenantId: string) => systemCtx(tenantId, 'fixture');

export async function makeContractor(app: FastifyInstance, tenantId: string, fields: Record<string, unknown> = {}): Promise<string> {
  const c = await contractors.createContractor(app.deps.db, ctxOf(tenantId), contractors.ContractorInput.parse({ name: `試験委託株式会社 ${newId().slice(-6)}`, ...fields }));
  return c.id;
}

export async function makeContact(app: FastifyInstance, tenantId: string): Promise<string> {
  const id = await makeContractor(app, tenantId);
  return (await contractors.addContact(app.deps.db, ctxOf(tenantId), id, contractors.ContactInput.parse({ name: '担当 花子' }))).id;
}

export async function makeCertification(app: FastifyInstance, tenantId: string): Promise<string> {
  const id = await makeContractor(app, tenantId);
  return (await contractors.addCertification(app.deps.db, ctxOf(tenantId), id, contractors.CertificationInput.parse({ kind: 'isms', validFrom: '2025-04-01', validUntil: '2028-03-31' }))).id;
}

export async function makeContract(app: FastifyInstance, tenantId: string, contractorId?: string): Promise<string> {
  const id = contractorId ?? (await makeContractor(app, tenantId));
  return (await contractors.createContract(app.deps.db, ctxOf(tenantId), id, contractors.ContractInput.parse({ title: '試験契約', subject: 'operation', startsOn: '2026-04-01', endsOn: '2027-03-31', maxConfidentiality: '3B' }))).id;
}

export async function makeSubcontract(app: FastifyInstance, tenantId: string): Promise<string> {
  const prime = await makeContractor(app, tenantId);
  const sub = await makeContractor(app, tenantId);
  const contract = await makeContract(app, tenantId, prime);
  return (await contractors.addSubcontract(app.deps.db, ctxOf(tenantId), contract, contractors.SubcontractInput.parse({ parentContractorId: prime, contractorId: sub, work: '入力作業' }))).id;
}

export async function makeService(app: FastifyInstance, tenantId: string, fields: Record<string, unknown> = {}): Promise<string> {
  const s = await services.createService(app.deps, ctxOf(tenantId), services.ServiceInput.parse({ name: `試験サービス ${newId().slice(-6)}`, providerName: '試験クラウド株式会社', model: 'SaaS', kind: 'ismap', dataCountry: 'JP', governingLaw: 'JP', jurisdiction: 'JP', declaredC: '2', ...fields }));
  return s.id;
}

export async function makeMatrix(app: FastifyInstance, tenantId: string): Promise<string> {
  const serviceId = await makeService(app, tenantId);
  return (await matrices.createMatrix(app.deps, ctxOf(tenantId), matrices.MatrixInput.parse({ name: '試験の責任分界', serviceId }))).id;
}

export async function makeApproval(app: FastifyInstance, tenantId: string): Promise<string> {
  const serviceId = await makeService(app, tenantId);
  return (await approvals.requestApproval(app.deps, ctxOf(tenantId), serviceId, approvals.ApprovalRequestInput.parse({ purpose: '試験', c: '1' }))).id;
}

export async function makeSheet(app: FastifyInstance, tenantId: string, contractorId?: string, send = true): Promise<string> {
  const id = contractorId ?? (await makeContractor(app, tenantId));
  const s = await sheets.createSheet(app.deps, ctxOf(tenantId), id, sheets.SheetInput.parse({ fiscalYear: 2000 + Math.floor(Math.random() * 100) }));
  if (send) await sheets.sendSheet(app.deps, ctxOf(tenantId), s.id, sheets.SendInput.parse({}));
  return s.id;
}

export async function makeRequest(app: FastifyInstance, tenantId: string, contractorId?: string): Promise<string> {
  const id = contractorId ?? (await makeContractor(app, tenantId));
  return (await sheets.createRequest(app.deps, ctxOf(tenantId), id, sheets.RequestInput.parse({ title: '証明書の提出' }))).id;
}

/** A report as if sent by the contractor (written directly: reports come only from contractor accounts). */
export async function makeReport(app: FastifyInstance, tenantId: string, contractorId?: string): Promise<string> {
  const cid = contractorId ?? (await makeContractor(app, tenantId));
  const id = newId();
  await app.deps.db
    .insertInto('vendorReports')
    .values({ tenantId, id, contractorId: cid, kind: 'work', title: '作業報告', body: null, serviceId: null, submittedBy: null, submittedByLabel: 'fixture', submittedAt: nowIso() })
    .execute();
  return id;
}

/** A stored evidence file on a certification. */
export async function makeEvidence(app: FastifyInstance, tenantId: string): Promise<string> {
  const certId = await makeCertification(app, tenantId);
  const ctx = ctxOf(tenantId);
  const id = newId();
  await app.deps.db.transaction().execute(async (trx) => {
    const meta = await app.deps.services.files.store(trx, ctx, { buffer: samplePdf(), filename: 'cert.pdf', accept: ['pdf'] });
    await trx
      .insertInto('vendorEvidence')
      .values({ tenantId, id, contractorId: null, subjectType: 'certification', subjectId: certId, itemId: null, fileId: meta.id, title: '証明書', validUntil: null, sha256: meta.sha256, size: meta.size, contentType: meta.contentType, filename: meta.filename, uploadedBy: null, uploadedByLabel: 'fixture', uploadedAt: nowIso() })
      .execute();
  });
  return id;
}

/** A small, valid PDF (one page, one line of text). */
export function samplePdf(text = 'Shirube test certificate'): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 10 Tf 10 50 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 10 Tf 10 50 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A 1×1 PNG. */
export const samplePng = (): Buffer =>
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

/** A multipart/form-data body with one file and optional fields. */
export function multipart(file: Buffer, filename: string, fields: Record<string, string> = {}, contentType = 'application/octet-stream') {
  const boundary = `----shirube${newId().replace(/-/g, '')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`));
  parts.push(file);
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
