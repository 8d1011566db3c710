/**
 * Test, example, fixture and benchmark code: it never runs in production, and it disables checks,
 * feeds request data straight to sinks and hardcodes placeholder secrets on purpose (a test server
 * moving an upload, `NODE_TLS_REJECT_UNAUTHORIZED = '0'` for a self-signed test server). The
 * built-in rules do not report there; users' own pattern rules choose their paths themselves.
 * Paths are relative to the scan root, so scanning a fixture folder itself still reports.
 */

/** `test/`, `tests/`, `__tests__/`, `__mocks__/`, `spec/`, `fixtures/`, `example(s)/`, `benchmark(s)/`, `*.test.*`, `*.spec.*`. */
const TEST_CODE_PATH = /(?:^|\/)(?:tests?|__tests__|__mocks__|specs?|fixtures?|examples?|benchmarks?)\/|\.(?:test|spec)\.[cm]?[jt]sx?$/;

export function isTestCode(path: string): boolean {
  return TEST_CODE_PATH.test(path.replace(/\\/g, '/'));
}
