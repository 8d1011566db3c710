import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x19cd00);
const b64key = (bytes: number) => g.bytes(bytes).toString('base64');
const key86 = () => {
  for (;;) {
    const k = b64key(64);
    if (/[0-9]/.test(k) && !/(.)\1{5}/.test(k)) return k;
  }
};
const key44 = () => b64key(32);
const sasSig = () => encodeURIComponent(b64key(32));

export const cases: FamilyCases = {
  'secrets/azure/storage-account-key': {
    flagged: [
      `DefaultEndpointsProtocol=https;AccountName=billingstore;AccountKey=${key86()};EndpointSuffix=core.windows.net`,
      `AZURE_STORAGE_KEY="${key86()}"`,
    ],
    clean: [
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;',
      `AccountName=billingstore;AccountKey=${key86().slice(0, 60)}==`,
      `AccountName=billingstore;AccountKey=<storage-account-key>`,
    ],
  },
  'secrets/azure/sas-token': {
    flagged: [
      `https://billingstore.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2031-01-01T00:00:00Z&st=2024-01-01T00:00:00Z&spr=https&sig=${sasSig()}`,
      `SAS_URL="https://x.blob.core.windows.net/c/f.csv?sp=r&st=2024-05-01T10:00:00Z&se=2024-05-02T10:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=${sasSig()}"`,
    ],
    clean: [
      `https://x.blob.core.windows.net/c?sv=2022-11-02&ss=b&sig=${sasSig()}`,
      `https://x.blob.core.windows.net/c?sv=2022-11-02&sp=r&se=2031-01-01&sig=${encodeURIComponent(b64key(20))}`,
      `https://x.blob.core.windows.net/c?sv=2022-11-02&sp=r&se=2031-01-01&sig=<signature>`,
    ],
  },
  'secrets/azure/ad-client-secret': {
    flagged: [`AZURE_CLIENT_SECRET=${g.tok(CS.alnum, 3)}8Q~${g.tok(CS.b64url.replace('+', '') + '.~', 34)}`, `"clientSecret": "${g.tok(CS.alnum, 3)}7Q~${g.tok(CS.alnum + '_-.~', 31)}"`],
    clean: [`${g.tok(CS.alnum, 3)}8Q~${g.tok(CS.alnum, 20)}`, `${g.tok(CS.alnum, 3)}8Q-${g.tok(CS.alnum, 34)}`, `abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/azure/cosmosdb-key': {
    flagged: [`AccountEndpoint=https://orders-db.documents.azure.com:443/;AccountKey=${key86()};`, `COSMOS_DB_KEY: "${key86()}"`],
    clean: [`AccountEndpoint=https://orders-db.documents.azure.com:443/;AccountKey=<key>;`, `COSMOS_DB_KEY: "${key86().slice(0, 50)}=="`, `COSMOS_DB_ENDPOINT: "${key86()}"`],
  },
  'secrets/azure/service-bus-connection-string': {
    flagged: [
      `Endpoint=sb://orders-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${key44()}`,
      `EVENTHUB="Endpoint=sb://telemetry.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${key44()};EntityPath=events"`,
    ],
    clean: [
      'Endpoint=sb://orders-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>',
      `Endpoint=sb://orders-bus.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${key44().slice(0, 30)}=`,
      'Endpoint=sb://orders-bus.servicebus.windows.net/;Authentication=Managed Identity',
    ],
  },
  'secrets/azure/iot-hub-connection-string': {
    flagged: [
      `HostName=plant7.azure-devices.net;DeviceId=press-04;SharedAccessKey=${key44()}`,
      `IOTHUB="HostName=plant7.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${key44()}"`,
    ],
    clean: [
      'HostName=plant7.azure-devices.net;DeviceId=press-04;SharedAccessKey={device-key}',
      `HostName=plant7.azure-devices.net;DeviceId=press-04;x509=true`,
      `HostName=plant7.azure-devices.net;DeviceId=press-04;SharedAccessKey=${key44().slice(0, 20)}`,
    ],
  },
  'secrets/azure/app-configuration-connection-string': {
    flagged: [
      `Endpoint=https://shop-config.azconfig.io;Id=${g.tok(CS.alnum, 4)}-l0-s0:${g.tok(CS.alnum, 20)};Secret=${key44()}`,
      `APPCONFIG="Endpoint=https://shop-config.azconfig.io;Id=A1b2-l9-s0:${g.tok(CS.alnum, 20)};Secret=${b64key(40)}"`,
    ],
    clean: [
      'Endpoint=https://shop-config.azconfig.io;Id=<id>;Secret=<secret>',
      'Endpoint=https://shop-config.azconfig.io',
      `Endpoint=https://shop-config.azconfig.io;Id=x;Secret=${g.tok(CS.b64, 20)}`,
    ],
  },
  'secrets/azure/redis-cache-key': {
    flagged: [
      `cache-prod.redis.cache.windows.net:6380,password=${key44()},ssl=True,abortConnect=False`,
      `"Redis": "sessions.redis.cache.windows.net:6380,ssl=True,password=${key44()}"`,
    ],
    clean: [
      'cache-prod.redis.cache.windows.net:6380,password=<access-key>,ssl=True',
      `localhost:6379,password=${key44()}`,
      `cache-prod.redis.cache.windows.net:6380,password=${key44().slice(0, 30)},ssl=True`,
    ],
  },
  'secrets/azure/signalr-connection-string': {
    flagged: [
      `Endpoint=https://chat-prod.service.signalr.net;AccessKey=${key44()};Version=1.0;`,
      `"Azure:SignalR:ConnectionString": "Endpoint=https://hub.webpubsub.azure.com;AccessKey=${key44()};Version=1.0;"`,
    ],
    clean: [
      'Endpoint=https://chat-prod.service.signalr.net;AuthType=azure.msi;Version=1.0;',
      'Endpoint=https://chat-prod.service.signalr.net;AccessKey=<key>;Version=1.0;',
      `Endpoint=https://chat-prod.service.signalr.net;AccessKey=${key44().slice(0, 30)};Version=1.0;`,
    ],
  },
};
