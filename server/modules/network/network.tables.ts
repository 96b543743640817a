/** Network models (三層の対策の構成) and their versions, per organisation. */
export interface NetworkModelsTable {
  tenantId: string;
  id: string;
  name: string;
  description: string | null;
  /** The newest version (null only inside the transaction that creates the model). */
  currentVersionId: string | null;
  versionCount: number;
  createdAt: string;
  updatedAt: string;
}

/** One saved version of a model: the file as written, never changed after it is saved. */
export interface NetworkModelVersionsTable {
  tenantId: string;
  id: string;
  modelId: string;
  /** 1, 2, 3 … within the model. */
  versionNo: number;
  format: 'yaml' | 'json';
  /** The model file as the user wrote it (YAML or JSON text). */
  source: string;
  sizeBytes: number;
  sha256: string;
  comment: string | null;
  /** The file name it came from, when imported. */
  filename: string | null;
  /** α / α′ / β / β′ as declared in the file. */
  networkModel: string;
  /** The edition it was checked against when saved. */
  edition: string;
  /** JSON: { zones, nodes, links }. */
  counts: string;
  /** JSON: { error, warning, info, total } at save time. */
  summary: string;
  createdBy: string | null;
  createdByLabel: string;
  createdAt: string;
}

declare module '../../db/schema' {
  interface Database {
    networkModels: NetworkModelsTable;
    networkModelVersions: NetworkModelVersionsTable;
  }
}
