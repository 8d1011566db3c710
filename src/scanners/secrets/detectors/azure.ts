import type { Detector } from '../detector.js';
import { charClasses } from '../pattern-parts.js';

const ASSIGN = `[A-Za-z0-9_.\\-]{0,20}["'\\]]{0,2}\\s{0,4}(?::=|=>|=|:)\\s{0,4}["'\`]?`;
const KEY86 = '([A-Za-z0-9+/]{86}==)(?:[^A-Za-z0-9+/=]|$)';
const KEY44 = '([A-Za-z0-9+/]{43}=)(?:[^A-Za-z0-9+/=]|$)';
// Azurite, the local storage emulator, uses one published account key; it grants nothing.
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const common = { severity: 'high' as const, cwe: [798] };

/** Azure SAS signatures are base64 HMAC-SHA256 values: 32 bytes once URL- and base64-decoded. */
function sasSignature(sig: string): boolean {
  let s: string;
  try {
    s = decodeURIComponent(sig);
  } catch {
    return false;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return false;
  return Buffer.from(s, 'base64').length === 32;
}

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/azure/storage-account-key',
    title: 'Azure Storage account key',
    description: 'An Azure Storage account key (88 base64 characters, in a connection string or storage setting) grants full control of every blob, queue, table and file share in the account.',
    remediation: 'Rotate the key under Storage account > Access keys (rotate the other key first if apps use it), then move apps to Microsoft Entra ID or managed identities.',
    severity: 'critical',
    references: ['https://learn.microsoft.com/azure/storage/common/storage-account-keys-manage'],
    keywords: ['accountkey=', 'storage'],
    pattern: `(?:AccountName=[A-Za-z0-9]{3,24};\\s*AccountKey=|(?i:storage[a-z0-9_.\\-]{0,20}(?:account[_.\\-]?)?key)${ASSIGN})${KEY86}`,
    maxLength: 160,
    minEntropy: 4.5,
    check: (s) => s !== AZURITE_KEY,
  },
  {
    ...common,
    id: 'secrets/azure/sas-token',
    title: 'Azure shared access signature',
    description: 'An Azure shared access signature (sv=...&sig=) grants the permissions and lifetime written in it to anyone holding the URL.',
    remediation: 'Revoke by rotating the account key that signed it (or deleting its stored access policy / revoking user delegation keys), and issue short-lived SAS tokens only.',
    references: ['https://learn.microsoft.com/azure/storage/common/storage-sas-overview'],
    keywords: ['sig='],
    pattern: '[?&;=](?:s[a-z]{1,5}=[^&\\s"\'<>]{1,80}&){3,12}sig=([A-Za-z0-9%+/]{40,100}={0,2})(?:[^A-Za-z0-9%+/=]|$)',
    maxLength: 1100,
    // Structure only (an HMAC-SHA256-sized signature), not a checksum: confidence stays medium.
    check: sasSignature,
  },
  {
    ...common,
    id: 'secrets/azure/ad-client-secret',
    title: 'Microsoft Entra ID (Azure AD) client secret',
    description: 'A Microsoft Entra ID application client secret (the xxxNQ~ format) authenticates as the app registration and obtains tokens for its API permissions.',
    remediation: 'Delete the secret under App registrations > Certificates & secrets, add a new one (or a certificate / federated credential), and review sign-in logs.',
    severity: 'critical',
    references: ['https://learn.microsoft.com/entra/identity-platform/how-to-add-credentials'],
    keywords: ['q~'],
    pattern: '(?:^|[^A-Za-z0-9_~.\\-])([A-Za-z0-9_~.\\-]{3}[0-9]Q~[A-Za-z0-9_~.\\-]{31,34})(?:[^A-Za-z0-9_~.\\-]|$)',
    maxLength: 42,
    minEntropy: 4,
    check: (s) => charClasses(s) >= 3,
  },
  {
    ...common,
    id: 'secrets/azure/cosmosdb-key',
    title: 'Azure Cosmos DB account key',
    description: 'An Azure Cosmos DB primary or secondary key grants full read/write access to every database in the account.',
    remediation: 'Regenerate the key under Cosmos DB account > Keys and move clients to Microsoft Entra ID role-based access.',
    severity: 'critical',
    references: ['https://learn.microsoft.com/azure/cosmos-db/database-security'],
    keywords: ['documents.azure.com', 'cosmos'],
    pattern: `(?:documents\\.azure\\.com(?::443)?/?;\\s*AccountKey=|(?i:cosmos[a-z0-9_.\\-]{0,20}key)${ASSIGN})${KEY86}`,
    maxLength: 130,
    minEntropy: 4.5,
  },
  {
    ...common,
    id: 'secrets/azure/service-bus-connection-string',
    title: 'Azure Service Bus / Event Hubs connection string',
    description: 'A Service Bus, Event Hubs or Relay connection string with a SharedAccessKey grants the rights of its shared access policy (send, listen or manage).',
    remediation: 'Regenerate the policy\'s keys under Shared access policies and move clients to Microsoft Entra ID or managed identities.',
    references: ['https://learn.microsoft.com/azure/service-bus-messaging/service-bus-sas'],
    keywords: ['sharedaccesskey='],
    pattern: `Endpoint=sb://[A-Za-z0-9.\\-]{1,120}/?;\\s*SharedAccessKeyName=[^;"'\\s]{1,256};\\s*SharedAccessKey=${KEY44}`,
    maxLength: 460,
    minEntropy: 4,
  },
  {
    ...common,
    id: 'secrets/azure/iot-hub-connection-string',
    title: 'Azure IoT Hub connection string',
    description: 'An IoT Hub connection string with a SharedAccessKey authenticates as a device or as a hub policy (registry, service or device connect rights).',
    remediation: 'Regenerate the device or policy keys in the IoT Hub and provision devices with X.509 certificates or per-device keys.',
    references: ['https://learn.microsoft.com/azure/iot-hub/authenticate-authorize-sas'],
    keywords: ['azure-devices.net'],
    pattern: `HostName=[A-Za-z0-9.\\-]{1,120}\\.azure-devices\\.net;\\s*(?:DeviceId|SharedAccessKeyName)=[^;"'\\s]{1,256};\\s*SharedAccessKey=${KEY44}`,
    maxLength: 460,
    minEntropy: 4,
  },
  {
    ...common,
    id: 'secrets/azure/app-configuration-connection-string',
    title: 'Azure App Configuration connection string',
    description: 'An App Configuration connection string (Endpoint=...azconfig.io;Id=...;Secret=...) reads or writes every key-value in the store, including Key Vault references.',
    remediation: 'Regenerate the access key under App Configuration > Access settings and move clients to Microsoft Entra ID.',
    references: ['https://learn.microsoft.com/azure/azure-app-configuration/howto-disable-access-key-authentication'],
    keywords: ['azconfig.io'],
    pattern: 'Endpoint=https://[A-Za-z0-9\\-]{1,64}\\.azconfig\\.io/?;\\s*Id=[^;"\'\\s]{1,100};\\s*Secret=([A-Za-z0-9+/]{40,64}={0,2})(?:[^A-Za-z0-9+/=]|$)',
    maxLength: 280,
    minEntropy: 4,
  },
  {
    ...common,
    id: 'secrets/azure/redis-cache-key',
    title: 'Azure Cache for Redis access key',
    description: 'An Azure Cache for Redis access key in a StackExchange.Redis connection string grants full access to the cache.',
    remediation: 'Regenerate the access key under Azure Cache for Redis > Authentication and move clients to Microsoft Entra authentication.',
    references: ['https://learn.microsoft.com/azure/azure-cache-for-redis/cache-configure'],
    keywords: ['redis.cache.windows.net'],
    pattern: '[A-Za-z0-9\\-]{1,63}\\.redis\\.cache\\.windows\\.net(?::\\d{2,5})?,[^"\'\\n]{0,200}?password=([A-Za-z0-9+/]{43}=)(?:[^A-Za-z0-9+/=]|$)',
    maxLength: 340,
    minEntropy: 4,
  },
  {
    ...common,
    id: 'secrets/azure/signalr-connection-string',
    title: 'Azure SignalR / Web PubSub connection string',
    description: 'An Azure SignalR Service or Web PubSub connection string with an AccessKey signs client and server tokens for the service.',
    remediation: 'Regenerate the access key under Keys in the SignalR / Web PubSub resource and move servers to Microsoft Entra ID.',
    references: ['https://learn.microsoft.com/azure/azure-signalr/signalr-concept-authenticate-oauth'],
    keywords: ['signalr.net', 'webpubsub.azure.com'],
    pattern: `Endpoint=https://[A-Za-z0-9\\-]{1,63}\\.(?:service\\.signalr\\.net|webpubsub\\.azure\\.com);\\s*AccessKey=${KEY44}`,
    maxLength: 170,
    minEntropy: 4,
  },
];
