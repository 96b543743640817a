import { describe, expect, it } from 'vitest';
import { METHODS, type MethodId, type MediaKind, type StorageKind } from '@shared/disposal';
import { RULE_SETS, RuleError, type Subject, checkMethod, choiceOutcome, evaluate, requiredProof } from './disposal-rules';

function device(storage: StorageKind, confidentiality: string, myNumberResident = false, mediaKind: MediaKind = storage === 'embeddedFlash' ? 'mobile' : (storage as MediaKind)): Subject {
  return { target: 'device', mediaKind, storage, confidentiality, myNumberResident };
}
const cloud = (confidentiality: string, myNumberResident = false): Subject => ({ target: 'cloud', mediaKind: null, storage: null, confidentiality, myNumberResident });

const allowedOf = (edition: string, s: Subject) => evaluate(edition, s).allowed.map((a) => a.method).sort();
const sorted = (m: MethodId[]) => [...m].sort();

/**
 * Expected allowed methods, written out from GUIDELINE-FACTS §6 (not from the tables), so a change to
 * the tables that departs from the facts fails here.
 */
const CASES: Array<{ name: string; edition: string; subject: Subject; allowed: MethodId[] }> = [
  // Up to R7.3
  { name: 'R7.3 My Number resident HDD: physical destruction only', edition: 'R7.3', subject: device('hdd', '3B', true), allowed: ['physicalDestruction'] },
  { name: 'R7.3 My Number resident SSD: physical destruction only', edition: 'R7.3', subject: device('ssd', '3B', true), allowed: ['physicalDestruction'] },
  { name: 'R7.3 3A HDD: the lab-resistant methods that work on magnetic disks', edition: 'R7.3', subject: device('hdd', '3A'), allowed: ['physicalDestruction', 'degauss', 'overwriteAll', 'cryptoErase'] },
  { name: 'R7.3 2 SSD: no degaussing on flash', edition: 'R7.3', subject: device('ssd', '2'), allowed: ['physicalDestruction', 'overwriteAll', 'blockErase', 'cryptoErase'] },
  { name: 'R7.3 3C USB memory', edition: 'R7.3', subject: device('usb', '3C'), allowed: ['physicalDestruction', 'blockErase', 'cryptoErase'] },
  { name: 'R7.3 1 HDD: also overwrite of OS-reachable areas', edition: 'R7.3', subject: device('hdd', '1'), allowed: ['physicalDestruction', 'degauss', 'overwriteAll', 'cryptoErase', 'overwriteOsReachable'] },
  { name: 'R7.3 1 SSD', edition: 'R7.3', subject: device('ssd', '1'), allowed: ['physicalDestruction', 'overwriteAll', 'blockErase', 'cryptoErase', 'overwriteOsReachable'] },
  { name: 'R7.3 2 optical disc: destruction only', edition: 'R7.3', subject: device('optical', '2'), allowed: ['physicalDestruction'] },
  { name: 'R7.3 1 paper: destruction only', edition: 'R7.3', subject: device('paper', '1'), allowed: ['physicalDestruction'] },
  { name: 'R7.3 cloud data', edition: 'R7.3', subject: cloud('3B'), allowed: ['cryptoErase', 'providerDeletion'] },
  { name: 'R6.10 follows the same rule as R7.3', edition: 'R6.10', subject: device('hdd', '3C'), allowed: ['physicalDestruction', 'degauss', 'overwriteAll', 'cryptoErase'] },
  { name: 'R5.3 legacy level 3 counts as 2+', edition: 'R5.3', subject: device('hdd', '3'), allowed: ['physicalDestruction', 'degauss', 'overwriteAll', 'cryptoErase'] },
  // R8.3 destroy / purge by media type
  {
    name: 'R8.3 My Number resident HDD: destroy or purge',
    edition: 'R8.3',
    subject: device('hdd', '3B', true),
    allowed: ['hddShred', 'hddDrill', 'cryptoErase', 'ataSecurityEraseEnhanced', 'scsiSanitize', 'scsiFormat', 'degauss'],
  },
  {
    name: 'R8.3 2 SSD: chip destruction or the flash purge commands',
    edition: 'R8.3',
    subject: device('ssd', '2'),
    allowed: ['flashChipDestroy', 'cryptoErase', 'ataBlockErase', 'scsiSanitize', 'scsiFormat', 'nvmeFormat', 'nvmeSanitize'],
  },
  { name: 'R8.3 3A USB memory: destroy only', edition: 'R8.3', subject: device('usb', '3A'), allowed: ['flashChipDestroy'] },
  { name: 'R8.3 1 USB memory: destroy, or overwrite for class 1', edition: 'R8.3', subject: device('usb', '1'), allowed: ['flashChipDestroy', 'overwriteOsReachable'] },
  { name: 'R8.3 2 optical: destroy only', edition: 'R8.3', subject: device('optical', '2'), allowed: ['opticalShred'] },
  { name: 'R8.3 1 optical: still destroy only', edition: 'R8.3', subject: device('optical', '1'), allowed: ['opticalShred'] },
  {
    name: 'R8.3 1 HDD: the table plus OS-reachable overwrite',
    edition: 'R8.3',
    subject: device('hdd', '1'),
    allowed: ['hddShred', 'hddDrill', 'cryptoErase', 'ataSecurityEraseEnhanced', 'scsiSanitize', 'scsiFormat', 'degauss', 'overwriteOsReachable'],
  },
  { name: 'R8.3 2 smartphone: chip destruction or crypto erase', edition: 'R8.3', subject: device('embeddedFlash', '2'), allowed: ['flashChipDestroy', 'cryptoErase'] },
  { name: 'R8.3 3B paper', edition: 'R8.3', subject: device('paper', '3B'), allowed: ['physicalDestruction'] },
  {
    name: 'R8.3 multifunction printer with an HDD follows the HDD row',
    edition: 'R8.3',
    subject: device('hdd', '2', false, 'mfp'),
    allowed: ['hddShred', 'hddDrill', 'cryptoErase', 'ataSecurityEraseEnhanced', 'scsiSanitize', 'scsiFormat', 'degauss'],
  },
  { name: 'R8.3 cloud data', edition: 'R8.3', subject: cloud('2'), allowed: ['cryptoErase', 'providerDeletion'] },
];

describe('allowed methods by edition, media and class', () => {
  it.each(CASES)('$name', ({ edition, subject, allowed }) => {
    expect(allowedOf(edition, subject)).toEqual(sorted(allowed));
  });

  it.each(CASES)('every method is either allowed or refused with a reason and a catalog reference: $name', ({ edition, subject }) => {
    const ev = evaluate(edition, subject);
    const all = [...ev.allowed.map((a) => a.method), ...ev.refused.map((r) => r.method)].sort();
    expect(all).toEqual([...METHODS].sort());
    for (const r of ev.refused) {
      expect(r.reason.ja.length, r.method).toBeGreaterThan(5);
      expect(r.reason.en.length, r.method).toBeGreaterThan(5);
      expect(r.refs.length, r.method).toBeGreaterThan(0);
    }
    for (const a of ev.allowed) expect(a.refs.length, a.method).toBeGreaterThan(0);
  });

  it('never allows formatting, under any edition, medium or class', () => {
    for (const set of RULE_SETS) {
      for (const edition of set.editions) {
        for (const storage of ['hdd', 'ssd', 'usb', 'optical', 'paper', 'embeddedFlash'] as StorageKind[]) {
          for (const c of ['3A', '3B', '3C', '2', '1']) {
            for (const mn of [false, true]) {
              const check = checkMethod(evaluate(edition, device(storage, c, mn)), 'format');
              expect(check.ok).toBe(false);
              if (!check.ok) expect(check.refused.reason.ja).toContain('フォーマット');
            }
          }
        }
        expect(checkMethod(evaluate(edition, cloud('1')), 'format').ok).toBe(false);
      }
    }
  });

  it('explains refusals with the rule that applies', () => {
    const mn = checkMethod(evaluate('R7.3', device('hdd', '3B', true)), 'degauss');
    expect(mn.ok).toBe(false);
    if (!mn.ok) {
      expect(mn.refused.reason.ja).toContain('物理的な破壊に限られます');
      expect(mn.refused.refs).toContain('KB-4.1.7');
    }
    const usb = checkMethod(evaluate('R8.3', device('usb', '2')), 'cryptoErase');
    expect(usb.ok).toBe(false);
    if (!usb.ok) expect(usb.refused.reason.en).toContain('may only be destroyed');
    const low = checkMethod(evaluate('R7.3', device('hdd', '2')), 'overwriteOsReachable');
    expect(low.ok).toBe(false);
    if (!low.ok) expect(low.refused.reason.en).toContain('confidentiality 1');
    const flash = checkMethod(evaluate('R7.3', device('ssd', '2')), 'degauss');
    expect(flash.ok).toBe(false);
    if (!flash.ok) {
      expect(flash.refused.reason.ja).toContain('効き目がありません');
      expect(flash.refused.provisional).toBe(true);
    }
    const other = checkMethod(evaluate('R7.3', device('hdd', '2')), 'nvmeSanitize');
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.refused.reason.en).toContain('R8.3');
    const cloudDevice = checkMethod(evaluate('R8.3', cloud('2')), 'hddShred');
    expect(cloudDevice.ok).toBe(false);
    if (!cloudDevice.ok) expect(cloudDevice.refused.reason.ja).toContain('暗号化消去か事業者による削除');
    const deviceCloud = checkMethod(evaluate('R8.3', device('ssd', '1')), 'providerDeletion');
    expect(deviceCloud.ok).toBe(false);
  });

  it('marks the cloud rules and the rows Shirube inferred as provisional, the R8.3 table rows as verified', () => {
    expect(evaluate('R8.3', cloud('2')).allowed.every((a) => a.provisional)).toBe(true);
    const hdd = evaluate('R8.3', device('hdd', '2')).allowed;
    expect(hdd.find((a) => a.method === 'ataSecurityEraseEnhanced')?.provisional).toBe(false);
    expect(evaluate('R8.3', device('embeddedFlash', '2')).allowed.every((a) => a.provisional)).toBe(true);
    expect(evaluate('R8.3', device('paper', '2')).allowed[0].provisional).toBe(true);
    expect(evaluate('R7.3', device('hdd', '2')).allowed.find((a) => a.method === 'degauss')?.provisional).toBe(false);
  });

  it('refuses an edition without rules', () => {
    expect(() => evaluate('R1.1', device('hdd', '2'))).toThrow(RuleError);
    try {
      evaluate('R1.1', device('hdd', '2'));
    } catch (e) {
      expect((e as RuleError).code).toBe('no_rules_for_edition');
      expect((e as RuleError).messages.ja).toContain('R1.1');
    }
  });

  it('needs a storage kind for a device', () => {
    expect(() => evaluate('R8.3', { target: 'device', mediaKind: 'pc', storage: null, confidentiality: '2', myNumberResident: false })).toThrow(RuleError);
  });
});

describe('required proof', () => {
  const PROOF_CASES: Array<{ name: string; edition: string; subject: Subject; method?: MethodId; required: string[]; recommended: string[]; choices?: Record<string, string[][]> }> = [
    {
      // Seed 004 row (1), corrected 2026-12: witness OR (in-building erase + certificate); photos and deadline desirable.
      name: 'My Number resident media: a witness, or in-building erase and a certificate; photos and a deadline recommended',
      edition: 'R7.3',
      subject: device('hdd', '3B', true),
      required: [],
      recommended: ['photos', 'certificateDeadline'],
      choices: { row1: [['witness'], ['inBuildingErase', 'certificate']] },
    },
    {
      name: 'confidentiality 2+: a certificate is the example of an appropriate confirmation',
      edition: 'R7.3',
      subject: device('ssd', '3C'),
      required: [],
      recommended: ['inBuildingErase', 'certificateDeadline'],
      choices: { row2: [['certificate'], ['witness'], ['staffCheck']] },
    },
    { name: 'confidentiality 1: a staff check is the example', edition: 'R7.3', subject: device('hdd', '1'), required: [], recommended: ['inBuildingErase'], choices: { row3: [['staffCheck'], ['certificate'], ['witness']] } },
    {
      name: 'R8.3 keeps the same proof for My Number resident media',
      edition: 'R8.3',
      subject: device('ssd', '3B', true),
      required: [],
      recommended: ['photos', 'certificateDeadline'],
      choices: { row1: [['witness'], ['inBuildingErase', 'certificate']] },
    },
    { name: 'cloud 2+ by crypto erase: deletion certificate and key destruction', edition: 'R8.3', subject: cloud('2'), method: 'cryptoErase', required: ['certificate', 'keyDestruction'], recommended: ['certificateDeadline'], choices: {} },
    { name: 'cloud 2+ by provider deletion: deletion certificate', edition: 'R8.3', subject: cloud('3B'), method: 'providerDeletion', required: ['certificate'], recommended: ['certificateDeadline'], choices: {} },
    { name: 'cloud 1 by provider deletion: staff check', edition: 'R7.3', subject: cloud('1'), method: 'providerDeletion', required: ['staffCheck'], recommended: ['certificate'], choices: {} },
  ];
  it.each(PROOF_CASES)('$name', ({ edition, subject, method, required, recommended, choices }) => {
    const ev = evaluate(edition, subject, method);
    expect(requiredProof(ev).sort()).toEqual([...required].sort());
    expect(ev.proof.filter((p) => p.level === 'recommended').map((p) => p.kind).sort()).toEqual([...recommended].sort());
    expect(Object.fromEntries(ev.proofChoices.map((c) => [c.id, c.options.map((o) => o.kinds)]))).toEqual(choices);
  });

  it('a witness until completion alone proves row (1); a certificate without in-building erase does not', () => {
    const ev = evaluate('R7.3', device('hdd', '3B', true));
    const [witnessOnly] = choiceOutcome(ev, (k) => k === 'witness');
    expect(witnessOnly).toMatchObject({ met: true, option: { id: 'witness', example: true } });
    const [certOnly] = choiceOutcome(ev, (k) => k === 'certificate');
    expect(certOnly.met).toBe(false);
    const [both] = choiceOutcome(ev, (k) => k === 'certificate' || k === 'inBuildingErase');
    expect(both.option?.id).toBe('inBuildingCertificate');
    // Another way than the example for row (2) is met, but flagged as not the example.
    const [other] = choiceOutcome(evaluate('R7.3', device('ssd', '2')), (k) => k === 'witness');
    expect(other).toMatchObject({ met: true, option: { id: 'witness', example: false } });
  });

  it('marks the rows quoted in seed 004 verified under R7.3 with the 2020 notice, provisional under R8.3', () => {
    const r7 = evaluate('R7.3', device('hdd', '3B', true));
    expect(r7.proof.every((p) => !p.provisional)).toBe(true);
    expect(r7.proofChoices[0].source).toMatch(/seed 004.*総行情第77号.*2020-05-22/);
    expect(r7.proofChoices[0].note?.ja).toMatch(/ハウジング・プライベートクラウド/);
    expect(r7.proofChoices[0].note?.ja).toMatch(/リース機器/);
    expect(evaluate('R8.3', device('hdd', '3B', true)).provisional).toBe(true);
    const onlyDestroy = r7.refused.find((r) => r.method === 'degauss');
    expect(onlyDestroy?.provisional).toBe(false);
  });
});

describe('rule tables', () => {
  it('cover each edition once', () => {
    const editions = RULE_SETS.flatMap((s) => s.editions);
    expect(new Set(editions).size).toBe(editions.length);
    expect(editions).toEqual(expect.arrayContaining(['R7.3', 'R8.3']));
  });
  it('cite a source on every row', () => {
    for (const set of RULE_SETS) {
      for (const row of [...set.methods, ...set.refusals, ...set.proof, ...set.proofChoices]) {
        expect(row.source.length).toBeGreaterThan(3);
        expect(row.refs.length).toBeGreaterThan(0);
      }
    }
  });
});
