import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../../src/scanners/iac/model/value.js';
import { compileCel, evaluateCel } from '../../../../src/scanners/iac/policies/cel.js';
import { resource } from './resource.js';

describe('CEL policies', () => {
  const r = resource('aws_db_instance', 'main', { publicly_accessible: false, tags: { owner: 'data' }, backup_retention_period: 7 });

  it('evaluates over resource and attrs', () => {
    expect(evaluateCel(compileCel('attrs.publicly_accessible == false && attrs.backup_retention_period >= 7'), r).value).toBe(true);
    expect(evaluateCel(compileCel('has(resource.attrs.tags) && "owner" in resource.attrs.tags'), r).value).toBe(true);
    expect(evaluateCel(compileCel('resource.type == "aws_db_instance" && attrs.backup_retention_period > 30'), r).value).toBe(false);
  });

  it('a missing key is a violation, with the error kept for the message', () => {
    const o = evaluateCel(compileCel('attrs.storage_encrypted == true'), r);
    expect(o.value).toBe(false);
    expect(o.error).toMatch(/storage_encrypted/);
  });

  it('a result that depends on an unknown value is unknown, not a violation', () => {
    const u = resource('aws_db_instance', 'u', { publicly_accessible: new Unknown('var.public has no value'), storage_encrypted: false });
    expect(evaluateCel(compileCel('attrs.publicly_accessible == false'), u).value).toBe('unknown');
    expect(evaluateCel(compileCel('attrs.storage_encrypted == true'), u).value).toBe(false);
  });

  it('a syntax error fails at compile time', () => {
    expect(() => compileCel('attrs.a ==')).toThrow();
  });

  it('refuses matches(), whose engine backtracks, pointing at the RE2 operator', () => {
    expect(() => compileCel('attrs.bucket.matches("^(a+)+$")')).toThrow(/RE2/);
  });
});
