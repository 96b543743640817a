import type { FileKind } from './files.contract';

export interface StoredFilesTable {
  tenantId: string;
  id: string;
  sha256: string;
  size: number;
  contentType: string;
  kind: FileKind;
  filename: string;
  createdBy: string | null;
  createdAt: string;
  data: Buffer;
}

declare module '../../db/schema' {
  interface Database {
    storedFiles: StoredFilesTable;
  }
}
