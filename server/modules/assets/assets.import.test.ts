import { describe, expect, it } from 'vitest';
import { UUID_RE } from '../../platform/ids';
import { ASSET_COLUMNS, INSERT_ASSET_SQL, assetParams, idSource, locateEncodingError } from './assets.import';

describe('bulk insert helpers', () => {
  it('lists the values of a row in the column order of the prepared insert', () => {
    const row = Object.fromEntries(ASSET_COLUMNS.map(([k], i) => [k, `v${i}`])) as never;
    expect(assetParams(row)).toEqual(ASSET_COLUMNS.map((_c, i) => `v${i}`));
    expect(INSERT_ASSET_SQL.match(/\?/g)).toHaveLength(ASSET_COLUMNS.length);
  });

  it('makes distinct, time-ordered UUIDv7 ids from one block of randomness', () => {
    const next = idSource(1000);
    const ids = Array.from({ length: 1002 }, () => next());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_RE);
    expect(ids.slice(0, 1000).every((id) => id[14] === '7')).toBe(true);
    expect([...ids.slice(0, 1000)].sort()).toEqual(ids.slice(0, 1000));
  });
});

describe('locating a wrong encoding', () => {
  it('names the row and column of the first byte that is not UTF-8', () => {
    const buf = Buffer.concat([Buffer.from('a,b,c\r\n1,"x,y",'), Buffer.from([0xff]), Buffer.from('\r\n')]);
    expect(locateEncodingError(buf)).toMatchObject({ row: 2, column: 'C' });
  });

  it('finds nothing in valid UTF-8 (with a BOM)', () => {
    expect(locateEncodingError(Buffer.from('\ufeff資産コード,名称\r\nA,住民\r\n'))).toBeNull();
  });
});
