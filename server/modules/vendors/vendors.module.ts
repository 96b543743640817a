import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database';
import { demoSeeders } from '../tenancy/demo';
import { seedVendorsDemo } from './demo';
import { expirySource, sheetSource } from './reminders';
import type { VendorContractorSummary, VendorServiceSummary, VendorsService } from './vendors.contract';
import { registerVendorRoutes } from './vendors.routes';
import { providerFromScans } from '../tasks/tasks.adapters';
import './vendors.tables';

/**
 * The vendors module: contractors and external services, their checks, responsibility matrices,
 * SLAs, check sheets and approvals. Registers its service, routes, reminder sources and the demo
 * seeder.
 */

async function summaries(db: Db, tenantId: string, serviceId?: string): Promise<VendorServiceSummary[]> {
  let q = db
    .selectFrom('vendorServices as s')
    .select(['s.id', 's.name', 's.providerName', 's.kind', 's.model', 's.status', 's.slaFirstReportMinutes'])
    .select((eb) =>
      eb
        .exists(eb.selectFrom('vendorApprovals as a').select('a.id').whereRef('a.tenantId', '=', 's.tenantId').whereRef('a.serviceId', '=', 's.id').where('a.status', '=', 'approved'))
        .as('approved'),
    )
    .where('s.tenantId', '=', tenantId);
  if (serviceId) q = q.where('s.id', '=', serviceId);
  const rows = await q.orderBy('s.name').execute();
  return rows.map((r) => ({ ...r, approved: r.approved === true || Number(r.approved) === 1 }));
}

export const vendorsService: VendorsService = {
  async hasContractor(db, tenantId, contractorId) {
    const row = await db.selectFrom('vendorContractors').select('id').where('tenantId', '=', tenantId).where('id', '=', contractorId).executeTakeFirst();
    return row !== undefined;
  },
  async service(db, tenantId, serviceId) {
    return (await summaries(db, tenantId, serviceId))[0];
  },
  services: (db, tenantId) => summaries(db, tenantId),
  async contractors(db, tenantId) {
    const rows = await db.selectFrom('vendorContractors').select(['id', 'name', 'status']).where('tenantId', '=', tenantId).orderBy('name').execute();
    const contacts = await db.selectFrom('vendorContacts').select(['contractorId', 'name', 'phone', 'email', 'isPrimary']).where('tenantId', '=', tenantId).orderBy('isPrimary', 'desc').orderBy('createdAt').execute();
    return rows.map((r): VendorContractorSummary => {
      const c = contacts.find((x) => x.contractorId === r.id);
      return { ...r, contact: c ? { name: c.name, phone: c.phone, email: c.email } : null };
    });
  },
  async contract(db, tenantId, contractId) {
    return db.selectFrom('vendorContracts').select(['id', 'contractorId', 'title', 'serviceId', 'status']).where('tenantId', '=', tenantId).where('id', '=', contractId).executeTakeFirst();
  },
};

export function registerVendors(app: FastifyInstance): void {
  const { deps } = app;
  deps.services.vendors = vendorsService;
  registerVendorRoutes(app);
  // Expiring certificates and registrations, check sheets and evidence requests are open work on the to-do list.
  deps.services.tasks?.registerProvider(providerFromScans('vendors', { ja: '委託先・外部サービス', en: 'Vendors' }, [expirySource, sheetSource]));
  if (!demoSeeders.includes(seedVendorsDemo)) demoSeeders.push(seedVendorsDemo);
}
