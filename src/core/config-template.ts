/** What `rampart init` writes: every key, commented, with its default. Tests parse it. */
export const CONFIG_TEMPLATE = `# Rampart configuration. Every key is optional; unknown keys are an error.
version: 1

# Scanners to run when --scanners is not given (default: all that apply).
# scanners: [secrets]

# Findings at or above this severity make \`rampart scan\` exit 1:
# critical | high | medium | low | info | none
failOn: high

# Paths to skip, as globs relative to the scanned directory (.gitignore is honoured too).
exclude:
  - "**/node_modules/**"
  # - "test/fixtures/**"

# Files larger than this are skipped and listed in the report.
maxFileSize: 10MB

# Worker threads (default: number of cores).
# threads: 2

# A baseline file of accepted findings (make one with --write-baseline).
# baseline: .rampart-baseline.json

# Waivers: accepted risks with a reason and an expiry date. An expired waiver stops
# suppressing and is listed in every report. Match by rule, path glob and/or fingerprint.
waivers: []
#  - rule: secrets/generic/high-entropy-assignment
#    path: "docs/**"
#    reason: "Sample values in documentation"
#    expires: 2027-06-30

# VEX documents (OpenVEX or CycloneDX VEX): not_affected statements suppress dependency
# findings, and the suppression is reported.
vex: []

deps:
  # Vulnerability database (default: your cache directory; \`rampart db update\` fills it).
  # db: .rampart/vulndb.sqlite
  # Warn when the database is older than this many days.
  maxDbAgeDays: 7
  includeDev: true
  includeUnfixed: true
  licenses:
    # SPDX ids. A denied licence is a finding; with an allow list, so is any other licence.
    deny: []
    allow: []

secrets:
  # Detector ids to turn off; a trailing * matches a group.
  disable: []
  # RE2 patterns for values that are never secrets (e.g. your test tokens).
  allow: []
  # --verify checks found credentials with their provider. Endpoints may point at a proxy.
  verify:
    enabled: false
    timeoutMs: 5000
    endpoints: {}
`;
