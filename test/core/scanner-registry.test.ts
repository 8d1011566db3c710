import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { selectScanners } from '../../src/core/scan.js';
import { loadScanners, scannerEntry, SCANNER_ENTRIES, SCANNER_IDS } from '../../src/scanners/index.js';

describe('scanner registry', () => {
  it('lists every scanner in run order, by id only', () => {
    expect(SCANNER_IDS).toEqual(['secrets', 'deps', 'iac', 'pipelines', 'sast']);
    expect(SCANNER_ENTRIES.map((e) => e.id)).toEqual(SCANNER_IDS);
  });

  it('each entry loads the scanner with its own id, once', async () => {
    for (const e of SCANNER_ENTRIES) {
      const s = await e.load();
      expect(s.id).toBe(e.id);
      expect(typeof s.accepts).toBe('function');
      expect(s.rules().length).toBeGreaterThan(0);
      expect(await e.load()).toBe(s);
    }
  }, 60_000);

  it('loadScanners keeps the order asked for; all scanners when none are named', async () => {
    expect((await loadScanners(['sast', 'secrets'])).map((s) => s.id)).toEqual(['sast', 'secrets']);
    expect((await loadScanners()).map((s) => s.id)).toEqual(SCANNER_IDS);
    await expect(loadScanners(['nope'])).rejects.toThrow('unknown scanner "nope"');
  }, 60_000);

  it('scannerEntry finds by id', () => {
    expect(scannerEntry('iac')?.id).toBe('iac');
    expect(scannerEntry('image')).toBeUndefined();
  });
});

describe('selectScanners', () => {
  it('defaults to every scanner', () => {
    expect(selectScanners(undefined)).toEqual([...SCANNER_IDS]);
    expect(selectScanners([])).toEqual([...SCANNER_IDS]);
  });

  it('trims names and keeps their order', () => {
    expect(selectScanners([' sast', 'deps '])).toEqual(['sast', 'deps']);
  });

  it('rejects an unknown scanner with the list of known ones, before anything loads', () => {
    expect(() => selectScanners(['sast', 'secret'])).toThrow(UsageError);
    expect(() => selectScanners(['secret'])).toThrow('unknown scanner "secret"; available: secrets, deps, iac, pipelines, sast');
  });
});
