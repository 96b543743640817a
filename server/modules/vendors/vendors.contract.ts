import type { ServiceKind, ServiceModel, ServiceStatus } from '@shared/vendors';
import type { Db } from '../../db/database';

/**
 * What other modules may ask of the vendors module (through deps.services.vendors): the external
 * services of an organisation, e.g. for the asset register's "lives on" field or for disposing of
 * cloud data. Reads are by tenant; callers keep their own access checks.
 */
export interface VendorServiceSummary {
  id: string;
  name: string;
  providerName: string;
  kind: ServiceKind;
  model: ServiceModel;
  status: ServiceStatus;
  /** An approval of use (利用承認) is on record. */
  approved: boolean;
  /** SLA: minutes within which the provider makes its first incident report; null when not agreed. */
  slaFirstReportMinutes: number | null;
}

export interface VendorContractorSummary {
  id: string;
  name: string;
  status: 'active' | 'archived';
  /** The primary contact (name, phone, e-mail), when one is recorded. */
  contact: { name: string; phone: string | null; email: string | null } | null;
}

export interface VendorContractSummary {
  id: string;
  contractorId: string;
  title: string;
  serviceId: string | null;
  status: 'active' | 'ended';
}

export interface VendorsService {
  /** Whether a contractor of this organisation exists (identity checks contractor role grants with it). */
  hasContractor(db: Db, tenantId: string, contractorId: string): Promise<boolean>;
  service(db: Db, tenantId: string, serviceId: string): Promise<VendorServiceSummary | undefined>;
  services(db: Db, tenantId: string): Promise<VendorServiceSummary[]>;
  /** Contractors of the organisation with their primary contact (for the CSIRT's contact directory). */
  contractors(db: Db, tenantId: string): Promise<VendorContractorSummary[]>;
  contract(db: Db, tenantId: string, contractId: string): Promise<VendorContractSummary | undefined>;
}

declare module '../../platform/deps' {
  interface Services {
    vendors: VendorsService;
  }
}
