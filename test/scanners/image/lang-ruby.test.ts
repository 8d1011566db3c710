import { describe, expect, it } from 'vitest';
import { rubyAnalyzer } from '../../../src/scanners/image/lang/ruby.js';

const file = (path: string) => ({ path, type: 'file' as const, size: 2000, mode: 0o644 });

/** The shape RubyGems writes for an installed gem's specification. */
const RACK = `# -*- encoding: utf-8 -*-
# stub: rack 2.2.8 ruby lib

Gem::Specification.new do |s|
  s.name = "rack".freeze
  s.version = "2.2.8".freeze

  s.required_rubygems_version = Gem::Requirement.new(">= 0".freeze) if s.respond_to? :required_rubygems_version=
  s.metadata = { "bug_tracker_uri" => "https://github.com/rack/rack/issues" } if s.respond_to? :metadata=
  s.require_paths = ["lib".freeze]
  s.authors = ["Leah Neukirchen".freeze]
  s.date = "2023-07-31"
  s.description = "Rack provides a minimal, modular and adaptable interface for developing\\nweb applications in Ruby.".freeze
  s.licenses = ["MIT".freeze]
  s.rubygems_version = "3.4.10".freeze
  s.summary = "A modular Ruby webserver interface".freeze

  s.installed_by_version = "3.4.10" if s.respond_to? :installed_by_version
end
`;

const NOKOGIRI = `# stub: nokogiri 1.15.4 x86_64-linux lib

Gem::Specification.new do |spec|
  spec.name = 'nokogiri'
  spec.version = Gem::Version.new('1.15.4')
  spec.platform = "x86_64-linux".freeze
  spec.license = %q{MIT}
end
`;

describe('image/lang/ruby', () => {
  it('wants installed specifications only', () => {
    for (const p of [
      'usr/local/bundle/specifications/rack-2.2.8.gemspec',
      'usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec',
      'usr/local/lib/ruby/3.2.0/specifications/default/json-2.6.3.gemspec',
      'var/lib/gems/3.1.0/specifications/puma-6.4.0.gemspec',
      'usr/share/rubygems-integration/all/specifications/thor-1.2.1.gemspec',
    ]) {
      expect(rubyAnalyzer.wants(file(p)), p).toBe(true);
    }
    for (const p of ['app/myapp.gemspec', 'usr/local/bundle/gems/rack-2.2.8/rack.gemspec', 'usr/local/bundle/specifications/README']) {
      expect(rubyAnalyzer.wants(file(p)), p).toBe(false);
    }
  });

  it('reads name, version and licence from an installed gemspec without running it', async () => {
    const path = 'usr/local/bundle/specifications/rack-2.2.8.gemspec';
    const out = await rubyAnalyzer.analyze({ path, mode: 0o644, content: Buffer.from(RACK) });
    expect(out.issues).toBeUndefined();
    expect(out.packages).toEqual([
      { ecosystem: 'RubyGems', name: 'rack', version: '2.2.8', purl: 'pkg:gem/rack@2.2.8', direct: false, dev: false, pinned: true, source: path, line: 5, license: 'MIT' },
    ]);
  });

  it('reads Gem::Version.new, single quotes, %q{} and the platform', async () => {
    const path = 'usr/local/bundle/specifications/nokogiri-1.15.4-x86_64-linux.gemspec';
    const out = await rubyAnalyzer.analyze({ path, mode: 0o644, content: Buffer.from(NOKOGIRI) });
    expect(out.packages?.map((p) => [p.name, p.version, p.purl, p.license, p.arch])).toEqual([
      ['nokogiri', '1.15.4', 'pkg:gem/nokogiri@1.15.4?platform=x86_64-linux', 'MIT', 'x86_64-linux'],
    ]);
  });

  it('falls back to the stub line, then to the file name', async () => {
    const stub = await rubyAnalyzer.analyze({ path: 'x/specifications/a.gemspec', mode: 0o644, content: Buffer.from('# stub: json 2.6.3 ruby lib\nGem::Specification.new do |s|\n  s.name = NAME\nend\n') });
    expect(stub.packages?.map((p) => `${p.name}@${p.version}`)).toEqual(['json@2.6.3']);
    const named = await rubyAnalyzer.analyze({ path: 'x/specifications/net-http-0.4.1.gemspec', mode: 0o644, content: Buffer.from('Gem::Specification.new do |s|\n  s.name = NAME\nend\n') });
    expect(named.packages?.map((p) => `${p.name}@${p.version}`)).toEqual(['net-http@0.4.1']);
  });

  it('splits file names at the first dash before a digit, with an optional platform', async () => {
    const ids = async (stem: string, body = 'Gem::Specification.new do |s|\n  s.name =   \nend\n') =>
      (await rubyAnalyzer.analyze({ path: `x/specifications/${stem}.gemspec`, mode: 0o644, content: Buffer.from(body) })).packages
        ?.map((p) => `${p.name}@${p.version}${p.purl.includes('platform=') ? ` ${p.purl.split('platform=')[1]}` : ''}`);
    expect(await ids('aws-sdk-s3-1.140.0')).toEqual(['aws-sdk-s3@1.140.0']);
    expect(await ids('grpc-1.60.0-x86_64-linux')).toEqual(['grpc@1.60.0 x86_64-linux']);
    expect(await ids('a-1-2-')).toEqual(['a@1 2-']);
    // A trailing dash is no platform, and no later dash comes before a digit.
    expect(await ids('a-1-')).toBeUndefined();
    expect(await ids(`a${'-x'.repeat(20_000)}-2`)).toEqual([`a${'-x'.repeat(20_000)}@2`]);
  });

  it('reports a gemspec it cannot identify', async () => {
    const path = 'usr/local/bundle/specifications/weird.gemspec';
    const out = await rubyAnalyzer.analyze({ path, mode: 0o644, content: Buffer.from('Gem::Specification.new do |s|\n  s.name = compute_name\nend\n') });
    expect(out.packages).toBeUndefined();
    expect(out.issues).toEqual([{ path, kind: 'unparsable', message: 'gemspec without a readable name and version', scanner: 'image' }]);
  });
});
