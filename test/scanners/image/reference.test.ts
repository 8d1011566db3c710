import { describe, expect, it } from 'vitest';
import { formatReference, manifestRef, parseReference } from '../../../src/scanners/image/oci/reference.js';
import { ImageError } from '../../../src/scanners/image/types.js';

const HEX = 'a'.repeat(64);

describe('parseReference', () => {
  it('expands a short Docker Hub name to library/<name>:latest on the Hub API host', () => {
    const r = parseReference('alpine');
    expect(r).toEqual({ registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/alpine', tag: 'latest' });
    expect(formatReference(r)).toBe('docker.io/library/alpine:latest');
    expect(manifestRef(r)).toBe('latest');
  });

  it('keeps user repositories on the Hub without library/', () => {
    expect(parseReference('bitnami/redis:7.2').repository).toBe('bitnami/redis');
    expect(parseReference('docker.io/bitnami/redis').tag).toBe('latest');
    expect(parseReference('index.docker.io/alpine:3').registry).toBe('docker.io');
  });

  it('reads a registry with a port and a nested repository', () => {
    const r = parseReference('host.example:5000/a/b:tag-1.0');
    expect(r).toEqual({ registry: 'host.example:5000', apiHost: 'host.example:5000', repository: 'a/b', tag: 'tag-1.0' });
  });

  it('treats localhost and IPv6 literals as registries', () => {
    expect(parseReference('localhost/app').registry).toBe('localhost');
    expect(parseReference('localhost:5000/app:1').registry).toBe('localhost:5000');
    const v6 = parseReference('[::1]:5000/team/app:2');
    expect(v6.registry).toBe('[::1]:5000');
    expect(v6.repository).toBe('team/app');
    expect(v6.tag).toBe('2');
  });

  it('reads a digest with no tag and asks the API for the digest', () => {
    const r = parseReference(`a/b@sha256:${HEX}`);
    expect(r.tag).toBeUndefined();
    expect(r.digest).toBe(`sha256:${HEX}`);
    expect(manifestRef(r)).toBe(`sha256:${HEX}`);
    expect(formatReference(r)).toBe(`docker.io/a/b@sha256:${HEX}`);
  });

  it('keeps both tag and digest; the digest wins for the API', () => {
    const r = parseReference(`ghcr.io/org/app:1.2@sha256:${HEX}`);
    expect(r.tag).toBe('1.2');
    expect(manifestRef(r)).toBe(`sha256:${HEX}`);
    expect(formatReference(r)).toBe(`ghcr.io/org/app:1.2@sha256:${HEX}`);
  });

  it.each([
    ['', /empty/],
    ['Alpine', /must be lowercase/],
    ['alpine:', /tag ""/],
    ['alpine:-bad', /tag "-bad"/],
    [`alpine:${'x'.repeat(129)}`, /tag/],
    ['alpine@sha256:abc', /digest "sha256:abc"/],
    [`alpine@sha256:${'A'.repeat(64)}`, /digest/],
    ['a//b', /component ""/],
    ['a/b_-c', /component "b_-c"/],
    ['https://ghcr.io/a/b', /expected \[registry\/\]repository/],
    ['bad host:5000/a', /expected/],
    ['ex-.com:5000/a', /registry host "ex-.com:5000"/],
    ['example.com:99999/a', /registry host/],
    ['[::1/a', /registry host/],
    [`example.com/${'a'.repeat(250)}`, /longer than 255/],
  ])('rejects %j with a clear ImageError', (input, msg) => {
    let err: unknown;
    try {
      parseReference(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImageError);
    expect((err as Error).message).toMatch(/invalid image reference/);
    expect((err as Error).message).toMatch(msg);
  });

  it('parses a long hostile name in linear time', () => {
    const start = Date.now();
    expect(() => parseReference(`${'a-'.repeat(20000)}!`)).toThrow(ImageError);
    expect(() => parseReference(`${'a'.repeat(50000)}_`)).toThrow(ImageError);
    expect(Date.now() - start).toBeLessThan(500);
  });
});
