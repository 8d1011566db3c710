import { describe, expect, it } from 'vitest';
import { commandsFor } from '../../src/cli/index.js';

// The CLI loads only the module of the command on the line (start-up time of every scan).
describe('commandsFor', () => {
  const all = commandsFor([]);

  it('names the one command the first word names, root flags before it or not', () => {
    expect(commandsFor(['scan', '--scanners', 'sast', '.'])).toEqual(['scan']);
    expect(commandsFor(['-q', '--no-color', 'scan', '.'])).toEqual(['scan']);
    expect(commandsFor(['whoami', '--project', 'p'])).toEqual(['whoami']);
    expect(commandsFor(['scan', '--help'])).toEqual(['scan']);
  });

  it('adds the modules a command needs (server unseal lives with the vault CLI)', () => {
    expect(commandsFor(['server', 'unseal'])).toEqual(['server', 'secrets']);
  });

  it('registers every command for help, a bare --version and an unknown word (its suggestion needs them)', () => {
    expect(all).toContain('scan');
    expect(all).toContain('tokens');
    expect(all.length).toBeGreaterThan(10);
    expect(commandsFor(['--help'])).toEqual(all);
    expect(commandsFor(['help', 'scan'])).toEqual(all);
    expect(commandsFor(['scna'])).toEqual(all);
    expect(commandsFor(['constructor'])).toEqual(all);
  });
});
