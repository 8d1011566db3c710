/** Every AST rule (no data flow), in one list for the scanner, `rampart rules` and SARIF. */
import type { AstRule } from './types.js';
import { weakHash } from './weak-hash.js';
import { weakCipher } from './weak-cipher.js';
import { staticIv } from './static-iv.js';
import { shortKey } from './short-key.js';
import { insecureRandomness } from './insecure-randomness.js';
import { tlsVerificationDisabled } from './tls-verification-disabled.js';
import { jwtMisuse } from './jwt-misuse.js';
import { insecureCookie } from './insecure-cookie.js';
import { permissiveCors } from './permissive-cors.js';
import { xmlEntityExpansion } from './xml-entity-expansion.js';
import { templateEscapingDisabled } from './template-escaping-disabled.js';
import { insecureDeserializationApi } from './insecure-deserialization-api.js';
import { hardcodedCredentials } from './hardcoded-credentials.js';
import { prototypePollutionRules } from './prototype-pollution.js';
import { redosRules } from './redos.js';
import { uninitializedBuffer } from './uninitialized-buffer.js';
import { insecureTempFile } from './insecure-temp-file.js';
import { timingAttack } from './timing-attack.js';
import { sensitiveLogging } from './sensitive-logging.js';
import { insecureDownload } from './insecure-download.js';
import { electronInsecureWindow } from './electron-insecure-window.js';
import { jwtNoExpiry } from './jwt-no-expiry.js';
import { insecurePermissions } from './insecure-permissions.js';
import { unrestrictedUpload } from './unrestricted-upload.js';
import { massAssignment } from './mass-assignment.js';
import { redirectCredentialLeak } from './redirect-credential-leak.js';
import { cleartextPassword } from './cleartext-password.js';
import { stackTraceExposure } from './stack-trace-exposure.js';
import { environmentExposure } from './environment-exposure.js';
import { xssRules } from './xss-rules.js';
import { missingReturnAfterDeny } from './missing-return-after-deny.js';
import { multipartHeaderInjection } from './multipart-header-injection.js';

/** The crypto, TLS, JWT, cookie, CORS, credential, XXE, template and deserialization rules. */
export const CONFIG_RULES: AstRule[] = [
  weakHash, weakCipher, staticIv, shortKey, insecureRandomness, tlsVerificationDisabled, jwtMisuse, insecureCookie,
  permissiveCors, xmlEntityExpansion, templateEscapingDisabled, insecureDeserializationApi, hardcodedCredentials,
  uninitializedBuffer, insecureTempFile, timingAttack, sensitiveLogging,
  insecureDownload, electronInsecureWindow, jwtNoExpiry, insecurePermissions, unrestrictedUpload, massAssignment,
  redirectCredentialLeak, cleartextPassword, stackTraceExposure, environmentExposure, missingReturnAfterDeny,
];

export const AST_RULES: AstRule[] = [...CONFIG_RULES, ...prototypePollutionRules, ...redosRules, ...xssRules, multipartHeaderInjection];
