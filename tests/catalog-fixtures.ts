import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { it } from 'vitest';

/**
 * A small but complete catalog for loader tests: two editions (R1.1 base, R1.2 delta), a few
 * 対策基準 nodes, one cloud provision, one audit item and a two-axis-minimal classification. Tests
 * replace single files to break exactly one thing. The three framework files are the real ones.
 */

export const REAL_CATALOG = path.resolve(import.meta.dirname, '..', 'catalog');

export const FIXTURE_FILES: Record<string, string> = {
  'editions.yaml': `editions:
  - id: R1.1
    label: 令和1年1月
    labelEn: January 2019
    publishedOn: 2019-01
    base: true
    classificationScheme: jichitai5
    summary: { ja: 試験用の基準版。, en: Test base edition. }
    confidence: verified
  - id: R1.2
    label: 令和1年2月
    labelEn: February 2019
    publishedOn: 2019-02-01
    basedOn: R1.1
    delta: deltas/R1.2.yaml
    current: true
    classificationScheme: jichitai5
    summary: { ja: 試験用の差分版。, en: Test delta edition. }
    confidence: provisional
`,
  'classification.yaml': `schemes:
  - id: jichitai5
    label: { ja: 試験用の分類, en: Test scheme }
    levels:
      c:
        - id: '2'
          label: 自治体機密性2
          labelEn: Confidentiality 2
          rank: 2
          meaning: { ja: 公表しない情報。, en: Not for publication. }
          examples: []
          disposalFamily: purge
          handling:
            - topic: storage
              text: { ja: 施錠して保管する。, en: Kept locked. }
              refs: [KB-1.1]
              confidence: provisional
          confidence: verified
        - id: '1'
          label: 自治体機密性1
          labelEn: Confidentiality 1
          rank: 1
          meaning: { ja: それ以外。, en: Everything else. }
          examples: []
          disposalFamily: clear
          handling: []
          confidence: verified
      i:
        - { id: '1', label: 完全性1, labelEn: Integrity 1, rank: 1, meaning: { ja: 全部。, en: All. }, examples: [], disposalFamily: none, handling: [], confidence: provisional }
      a:
        - { id: '1', label: 可用性1, labelEn: Availability 1, rank: 1, meaning: { ja: 全部。, en: All. }, examples: [], disposalFamily: none, handling: [], confidence: provisional }
`,
  'base/kb.yaml': `defaults:
  confidence: provisional
  note: 試験用。 / For tests.
nodes:
  - id: KB-1
    kind: chapter
    title: 組織体制
    titleEn: Organisation
    summary: { ja: 体制を決める。, en: Sets up the organisation. }
    ordinance: [ORD-1 equal]
    confidence: verified
  - id: KB-1.1
    parent: KB-1
    kind: item
    title: 責任者
    titleEn: Officer
    summary: { ja: 責任者を置く。, en: Appoints an officer. }
    roles: [ciso]
    annexA: [A.5.2 subset]
    tags: { infoClasses: ['2'] }
  - id: KB-1.1.1
    parent: KB-1.1
    kind: subItem
    title: 任命
    titleEn: Appointment
    summary: { ja: 任命する。, en: Appoints. }
    annexA: [A.5.2 related]
  - id: KB-2
    kind: chapter
    title: 物理
    titleEn: Physical
    summary: { ja: 物理的に守る。, en: Physical protection. }
    ordinance: [ORD-3 equal]
  - id: KB-2.1
    parent: KB-2
    kind: section
    title: サーバ
    titleEn: Servers
    summary: { ja: サーバを守る。, en: Protects servers. }
  - id: KB-2.1.1
    parent: KB-2.1
    kind: item
    title: 機器の廃棄等
    titleEn: Disposal
    summary: { ja: 記憶装置の情報を消して廃棄する。, en: Erases storage before disposal. }
    annexANone: { ja: 試験のため対応なし。, en: None for the test. }
`,
  'base/cloud.yaml': `defaults:
  confidence: provisional
  since: R1.1
nodes:
  - id: CP
    kind: part
    number: 第4編
    title: 特則
    titleEn: Special provisions
    summary: { ja: クラウドの特則。, en: Cloud provisions. }
  - id: CP-1
    parent: CP
    kind: chapter
    number: '1.'
    title: 組織体制
    titleEn: Organisation (cloud)
    summary: { ja: クラウドの体制。, en: Cloud organisation. }
  - id: CP-1.1
    parent: CP-1
    kind: cloudProvision
    title: 責任の分担
    titleEn: Shared responsibility
    summary: { ja: 責任の分担を確かめる。, en: Checks the split of responsibilities. }
    extends: [KB-1.1]
    annexA: [A.5.23 related]
    cld: [CLD.6.3.1 equal]
`,
  'base/audit.yaml': `auditItems:
  - id: AI-1
    no: 1
    numbering: mic
    mandatory: true
    heading: 1. 組織体制
    title: 体制の文書化
    expectation: { ja: 体制が文書化されている。, en: The structure is documented. }
    evidence: [{ ja: ポリシー, en: The policy }]
    howToAudit: { ja: 文書を読む。, en: Read the documents. }
    exampleRefs: 1.(1)
    nodes: [KB-1.1]
    jisQ27002: ['5.2']
    confidence: verified
`,
  'deltas/R1.2.yaml': `nodes:
  remove: [KB-1.1.1]
  add:
    - id: KB-2.1.2
      parent: KB-2.1
      kind: item
      title: 新しい項目
      titleEn: New item
      summary: { ja: 新しく加わった。, en: Newly added. }
      annexA: [A.7.14 related]
      confidence: provisional
  change:
    - id: KB-2.1.1
      set:
        summary: { ja: 破壊か除去で処理する。, en: Destroy or purge. }
      confidence: verified
`,
};

/** Write the fixture catalog (with some files replaced, or removed when null) into a new temp dir. */
export function writeFixtureCatalog(replace: Record<string, string | null> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirube-catalog-'));
  mkdirSync(path.join(dir, 'base'));
  mkdirSync(path.join(dir, 'deltas'));
  mkdirSync(path.join(dir, 'frameworks'));
  for (const f of ['annex-a.yaml', 'cld.yaml', 'ordinance.yaml']) copyFileSync(path.join(REAL_CATALOG, 'frameworks', f), path.join(dir, 'frameworks', f));
  const files = { ...FIXTURE_FILES, ...replace };
  for (const [rel, text] of Object.entries(files)) {
    if (text === null) continue;
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** The fixture file with one piece of text swapped (throws if the text is not there, so tests stay honest). */
export function patched(file: string, from: string, to: string): Record<string, string> {
  const text = FIXTURE_FILES[file];
  if (!text.includes(from)) throw new Error(`fixture ${file} does not contain ${JSON.stringify(from)}`);
  return { [file]: text.replace(from, to) };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The NIST OSCAL 1.0.6 catalog schema. It is not part of the repository: it lives in ../shared/oscal
 * beside the clone (or where SHIRUBE_OSCAL_SCHEMA points).
 */
export const OSCAL_SCHEMA_FILE = process.env.SHIRUBE_OSCAL_SCHEMA ?? path.resolve(REAL_CATALOG, '../../shared/oscal/oscal_catalog_schema.json');
const HAVE_OSCAL_SCHEMA = existsSync(OSCAL_SCHEMA_FILE);
const OSCAL_REQUIRED = process.env.CI === 'true';

/**
 * `it` for a test that validates against the OSCAL schema. Without the schema the test is skipped
 * (and counted as skipped) with a warning, except under CI=true, where it runs and fails.
 */
export const itWithOscalSchema = HAVE_OSCAL_SCHEMA || OSCAL_REQUIRED ? it : it.skip;
if (!HAVE_OSCAL_SCHEMA && !OSCAL_REQUIRED) {
  console.warn(`\n*** OSCAL schema not found at ${OSCAL_SCHEMA_FILE}: the OSCAL validation tests are SKIPPED. Set SHIRUBE_OSCAL_SCHEMA or CI=true to make them mandatory. ***\n`);
}

/** The OSCAL catalog schema compiled with ajv (draft-07) and ajv-formats. */
export function oscalValidator() {
  if (!HAVE_OSCAL_SCHEMA) throw new Error(`The OSCAL catalog schema is required under CI=true but ${OSCAL_SCHEMA_FILE} does not exist (set SHIRUBE_OSCAL_SCHEMA)`);
  const schema = JSON.parse(readFileSync(OSCAL_SCHEMA_FILE, 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
