import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db/database';
import { CatalogInvalidError } from '../server/modules/catalog/catalog.loader';
import { patched, removeDir, writeFixtureCatalog } from './catalog-fixtures';

/** SHIRUBE_CATALOG_DIR chooses the catalog; the server refuses to start on an invalid one. */

const cleanup: string[] = [];
afterEach(() => {
  for (const d of cleanup.splice(0)) removeDir(d);
});

function configFor(catalogDir: string) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shirube-start-'));
  cleanup.push(dataDir, catalogDir);
  return loadConfig({ SHIRUBE_DATA_DIR: dataDir, SHIRUBE_LOG_LEVEL: 'silent', SHIRUBE_SCHEDULER: 'false', SHIRUBE_CATALOG_DIR: catalogDir });
}

describe('catalog at start-up', () => {
  it('loads the catalog named by SHIRUBE_CATALOG_DIR and caches the parsed files in the data directory', async () => {
    const config = configFor(writeFixtureCatalog());
    const handle = openDatabase({ kind: 'sqlite', sqlitePath: ':memory:' });
    const app = await buildApp(config, { handle, logger: false });
    try {
      expect(app.deps.services.catalog.editions().map((e) => e.id)).toEqual(['R1.1', 'R1.2']);
      expect(app.deps.services.catalog.current().id).toBe('R1.2');
      const hits = await app.deps.services.catalog.search('R1.2', '廃棄');
      expect(hits.hits.map((h) => h.id)).toEqual(['KB-2.1.1']);
      expect(readdirSync(path.join(config.dataDir, 'cache')).filter((f) => /^catalog-[0-9a-f]{32}\.json$/.test(f))).toHaveLength(1);
    } finally {
      await app.close();
      await handle.close();
    }
  });

  it('refuses to start on an invalid catalog, with one line naming the file and the id', async () => {
    const config = configFor(writeFixtureCatalog(patched('base/kb.yaml', 'roles: [ciso]', 'roles: [mayor]')));
    const handle = openDatabase({ kind: 'sqlite', sqlitePath: ':memory:' });
    try {
      const err = await buildApp(config, { handle, logger: false }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(CatalogInvalidError);
      const msg = (err as Error).message;
      expect(msg).not.toContain('\n');
      expect(msg).toContain('base/kb.yaml');
      expect(msg).toContain('KB-1.1');
      expect(msg).toContain('mayor');
      expect(msg).toMatch(/ガイドラインカタログが不正です/);
    } finally {
      await handle.close();
    }
  });
});
