import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xc10d);
const uuid = g.uuid;
const b32 = CS.base32;
const keyId = () => `AKIA${g.tok(b32, 16)}`;
const awsSecret = () => g.tok(CS.b64, 40);
const b64key = (bytes: number) => g.bytes(bytes).toString('base64');
const key86 = () => {
  for (;;) {
    const k = b64key(64);
    if (/[0-9]/.test(k) && !/(.)\1{5}/.test(k)) return k;
  }
};
const key44 = () => b64key(32);
const sasSig = () => encodeURIComponent(b64key(32));
const saBody = g.bytes(600).toString('base64').replace(/(.{64})/g, '$1\\n');

export const cases: FamilyCases = {
  'secrets/aws/access-key-id': {
    flagged: [`AWS_ACCESS_KEY_ID=${keyId()}`, `aws_access_key_id = ASIA${g.tok(b32, 16)}`, `{"AccessKeyId": "${keyId()}"}`],
    clean: ['AKIAIOSFODNN7EXAMPLE', `AKIA${g.tok(b32, 15)}`, `AKIA${g.tok(b32, 17)}`, `AKIA${g.tok(CS.alnum, 16).toLowerCase()}`, `AIDA${g.tok(b32, 16)}`],
  },
  'secrets/aws/secret-access-key': {
    flagged: [
      `aws_secret_access_key = ${awsSecret()}`,
      `AWS_SECRET_ACCESS_KEY="${awsSecret()}"`,
      `{"awsSecretKey": "${awsSecret()}"}`,
      `${keyId()},${awsSecret()}`,
      `provider "aws" {\n  secret_key = "${awsSecret()}"\n}`.replace('secret_key', 'secret_access_key'),
    ],
    clean: [
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      `aws_secret_access_key = ${awsSecret().slice(0, 39)}`,
      `aws_secret_access_key = ${g.tok(CS.hex, 40)}`,
      `aws_secret_access_key = \${AWS_SECRET_ACCESS_KEY}`,
      `some_other_value = ${awsSecret()}`,
    ],
  },
  'secrets/aws/session-token': {
    flagged: [`aws_session_token = IQoJb3JpZ2luX2Vj${g.tok(CS.b64, 300)}`, `"SessionToken": "FwoGZXIvYXdzE${g.tok(CS.b64, 200)}="`],
    clean: [`IQoJb3JpZ2luX2Vj${g.tok(CS.b64, 50)}`, `aws_session_token = \${AWS_SESSION_TOKEN}`, `IQoJb3JpZ2luX2Vj${'A'.repeat(200)}`],
  },
  'secrets/aws/mws-auth-token': {
    flagged: [`MWS_AUTH_TOKEN=amzn.mws.${uuid()}`, `"mwsAuthToken": "amzn.mws.${uuid()}"`],
    clean: [`amzn.mws.${uuid().slice(0, 30)}`, `amzn.mws.<auth-token>`, `amzn.sws.${uuid()}`],
  },
  'secrets/aws/bedrock-api-key': {
    flagged: [`AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleS${g.tok(CS.b64, 110)}`, `api_key: "ABSKQmVkcm9ja0FQSUtleS${g.tok(CS.b64, 90)}="`],
    clean: [`ABSKQmVkcm9ja0FQSUtleS${g.tok(CS.b64, 20)}`, `ABSKQmVkcm9ja0FQSUtleS<key>`, `ABSKQmVkcm9ja0FQSUtleX${g.tok(CS.b64, 110)}`],
  },
  'secrets/gcp/service-account-key': {
    flagged: [
      `{\n  "type": "service_account",\n  "project_id": "billing-prod-381",\n  "private_key_id": "${g.tok(CS.hex, 40)}",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n${saBody}\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "deployer@billing-prod-381.iam.gserviceaccount.com"\n}`,
      `{"type":"service_account","project_id":"p","private_key":"-----BEGIN PRIVATE KEY-----\\n${saBody}-----END PRIVATE KEY-----\\n"}`,
    ],
    clean: [
      `{"type": "authorized_user", "private_key": "-----BEGIN PRIVATE KEY-----\\n${saBody}\\n-----END PRIVATE KEY-----\\n"}`,
      `{"type": "service_account", "project_id": "p", "private_key": ""}`,
      `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"}`,
    ],
  },
  'secrets/gcp/api-key': {
    flagged: [`GOOGLE_API_KEY=AIza${g.tok(CS.b64url, 35)}`, `const firebaseConfig = { apiKey: "AIza${g.tok(CS.b64url, 35)}" };`],
    clean: [`AIza${g.tok(CS.b64url, 34)}`, `AIza${g.tok(CS.alnum, 36)}`, `AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`],
  },
  'secrets/gcp/oauth-client-secret': {
    flagged: [`GOOGLE_CLIENT_SECRET=GOCSPX-${g.tok(CS.b64url, 28)}`, `{"web": {"client_secret": "GOCSPX-${g.tok(CS.b64url, 28)}"}}`],
    clean: [`GOCSPX-${g.tok(CS.b64url, 27)}`, `GOCSPX-${g.tok(CS.alnum, 29)}`, `GOCSPX-<client-secret>`],
  },
  'secrets/gcp/oauth-refresh-token': {
    flagged: [`"refresh_token": "1//0${g.tok(CS.b64url, 100)}"`, `GOOGLE_REFRESH_TOKEN=1//0${g.tok(CS.b64url, 60)}`],
    clean: [`1//0${g.tok(CS.alnum, 20)}`, `https://example.org/1//0${'x'.repeat(60)}`, `1//0<refresh-token>`],
  },
  'secrets/gcp/oauth-access-token': {
    flagged: [`Authorization: Bearer ya29.${g.tok(CS.b64url, 150)}`, `"access_token": "ya29.a0${g.tok(CS.b64url, 120)}"`],
    clean: [`ya29.${g.tok(CS.alnum, 20)}`, `ya29.<access-token>`, `ya29.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
  },
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
  'secrets/digitalocean/personal-access-token': {
    flagged: [`DIGITALOCEAN_TOKEN=dop_v1_${g.tok(CS.hex, 64)}`, `do_token = "dop_v1_${g.tok(CS.hex, 64)}"`],
    clean: [`dop_v1_${g.tok(CS.hex, 63)}`, `dop_v1_${g.tok(CS.alnum.slice(20), 64)}`, `dop_v2_${g.tok(CS.hex, 64)}`],
  },
  'secrets/digitalocean/oauth-token': {
    flagged: [`"access_token": "doo_v1_${g.tok(CS.hex, 64)}"`, `TOKEN=doo_v1_${g.tok(CS.hex, 64)}`],
    clean: [`doo_v1_${g.tok(CS.hex, 60)}`, `doo_v1_<token>`, `doo_v1_${'0'.repeat(64)}`],
  },
  'secrets/digitalocean/refresh-token': {
    flagged: [`"refresh_token": "dor_v1_${g.tok(CS.hex, 64)}"`, `REFRESH=dor_v1_${g.tok(CS.hex, 64)}`],
    clean: [`dor_v1_${g.tok(CS.hex, 65)}`, `dor_v1_<token>`, `xdor_v1_${g.tok(CS.hex, 64)}`],
  },
  'secrets/alibaba/access-key-id': {
    flagged: [`ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI${g.tok(CS.alnum, 20)}`, `access_key_id: "LTAI${g.tok(CS.alnum, 16)}"`],
    clean: [`LTAI${g.tok(CS.alnum, 8)}`, `LTAI${g.tok(CS.alnum, 24)}`, `LTAIxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/alibaba/access-key-secret': {
    flagged: [`ALIBABA_CLOUD_ACCESS_KEY_SECRET=${g.tok(CS.alnum, 30)}`, `aliyun_secret: "${g.tok(CS.alnum, 30)}"`],
    clean: [`ALIBABA_CLOUD_ACCESS_KEY_SECRET=${g.tok(CS.alnum, 29)}`, `ALIBABA_CLOUD_REGION=${g.tok(CS.alnum, 30)}`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET=\${SECRET}`],
  },
  'secrets/ibm/cloud-api-key': {
    flagged: [`IBMCLOUD_API_KEY=${g.tok(CS.b64url, 44)}`, `ibm_iam_key: "${g.tok(CS.b64url, 44)}"`],
    clean: [`IBMCLOUD_API_KEY=${g.tok(CS.b64url, 43)}`, `IBMCLOUD_REGION=${g.tok(CS.b64url, 44)}`, `IBMCLOUD_API_KEY=<api-key>`],
  },
  'secrets/heroku/api-key': {
    flagged: [`HEROKU_API_KEY=${uuid()}`, `heroku:\n  heroku_token: "${uuid()}"`],
    clean: [`HEROKU_APP_ID=${uuid()}`, `HEROKU_API_KEY=\${{ secrets.HEROKU_API_KEY }}`, `HEROKU_API_KEY=${uuid().slice(0, 20)}`],
  },
  'secrets/heroku/platform-token': {
    flagged: [`HEROKU_API_KEY=HRKU-AA${g.tok(CS.b64url, 58)}`, `"token": "HRKU-${g.tok(CS.b64url, 60)}"`],
    clean: [`HRKU-${g.tok(CS.alnum, 20)}`, `HRKU-<token>`, `HRKU-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/cloudflare/api-token': {
    flagged: [`CLOUDFLARE_API_TOKEN=${g.tok(CS.b64url, 40)}`, `cf_api_token: "${g.tok(CS.alnum, 40)}"`],
    clean: [`CLOUDFLARE_API_TOKEN=${g.tok(CS.alnum, 39)}`, `CLOUDFLARE_ZONE_ID=${g.tok(CS.alnum, 40)}`, `CLOUDFLARE_API_TOKEN=<api-token>`],
  },
  'secrets/cloudflare/global-api-key': {
    flagged: [`CLOUDFLARE_API_KEY=${g.tok(CS.hex, 37)}`, `cf_auth_key = "${g.tok(CS.hex, 37)}"`],
    clean: [`CLOUDFLARE_API_KEY=${g.tok(CS.hex, 36)}`, `CLOUDFLARE_ACCOUNT=${g.tok(CS.hex, 37)}`, `CLOUDFLARE_API_KEY=${g.tok(CS.alnum.slice(20), 37)}`],
  },
  'secrets/cloudflare/origin-ca-key': {
    flagged: [`CF_ORIGIN_CA_KEY=v1.0-${g.tok(CS.hex, 24)}-${g.tok(CS.hex, 146)}`, `origin_ca_key = "v1.0-${g.tok(CS.hex, 24)}-${g.tok(CS.hex, 146)}"`],
    clean: [`v1.0-${g.tok(CS.hex, 24)}-${g.tok(CS.hex, 100)}`, `v1.0-${g.tok(CS.hex, 20)}-${g.tok(CS.hex, 146)}`, `v1.0-<origin-ca-key>`],
  },
  'secrets/fastly/api-token': {
    flagged: [`FASTLY_API_TOKEN=${g.tok(CS.b64url, 32)}`, `fastly_key: "${g.tok(CS.alnum, 32)}"`],
    clean: [`FASTLY_API_TOKEN=${g.tok(CS.alnum, 31)}`, `FASTLY_SERVICE_ID=${g.tok(CS.alnum, 32)}`, `FASTLY_API_TOKEN=<token>`],
  },
  'secrets/linode/api-token': {
    flagged: [`LINODE_TOKEN=${g.tok(CS.hex, 64)}`, `linode_api_key: "${g.tok(CS.hex, 64)}"`],
    clean: [`LINODE_TOKEN=${g.tok(CS.hex, 63)}`, `LINODE_REGION=${g.tok(CS.hex, 64)}`, `LINODE_TOKEN=\${TOKEN}`],
  },
  'secrets/vultr/api-key': {
    flagged: [`VULTR_API_KEY=${g.tok(CS.upperAlnum, 36)}`, `vultr_token: "${g.tok(CS.upperAlnum, 36)}"`],
    clean: [`VULTR_API_KEY=${g.tok(CS.upperAlnum, 35)}`, `VULTR_API_KEY=${g.tok(CS.lowerAlnum, 36)}`, `VULTR_REGION=${g.tok(CS.upperAlnum, 36)}`],
  },
  'secrets/scaleway/access-key': {
    flagged: [`SCW_ACCESS_KEY=SCW${g.tok(CS.upperAlnum, 17)}`, `access_key: "SCW${g.tok(CS.upperAlnum, 17)}"`],
    clean: [`SCW${g.tok(CS.upperAlnum, 16)}`, `SCW${g.tok(CS.upperAlnum, 18)}`, `SCWXXXXXXXXXXXXXXXXX`],
  },
  'secrets/scaleway/secret-key': {
    flagged: [`SCW_SECRET_KEY=${uuid()}`, `scaleway_secret_key: "${uuid()}"`],
    clean: [`SCW_DEFAULT_PROJECT_ID=${uuid()}`, `SCW_SECRET_KEY=\${SCW_SECRET_KEY}`, `SCW_SECRET_KEY=${uuid().slice(0, 30)}`],
  },
  'secrets/hetzner/api-token': {
    flagged: [`HCLOUD_TOKEN=${g.tok(CS.alnum, 64)}`, `hetzner_api_token: "${g.tok(CS.alnum, 64)}"`],
    clean: [`HCLOUD_TOKEN=${g.tok(CS.alnum, 63)}`, `HCLOUD_ENDPOINT=${g.tok(CS.alnum, 64)}`, `HCLOUD_TOKEN=<token>`],
  },
  'secrets/tencent/secret-id': {
    flagged: [`TENCENTCLOUD_SECRET_ID=AKID${g.tok(CS.alnum, 32)}`, `secretId: "AKID${g.tok(CS.alnum, 32)}"`],
    clean: [`AKID${g.tok(CS.alnum, 31)}`, `AKID${g.tok(CS.alnum, 33)}`, `AKIDxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/tencent/secret-key': {
    flagged: [`TENCENTCLOUD_SECRET_KEY=${g.tok(CS.alnum, 32)}`, `qcloud_secret_key: "${g.tok(CS.alnum, 32)}"`],
    clean: [`TENCENTCLOUD_SECRET_KEY=${g.tok(CS.alnum, 31)}`, `TENCENTCLOUD_REGION=${g.tok(CS.alnum, 32)}`, `TENCENTCLOUD_SECRET_KEY=\${KEY}`],
  },
  'secrets/yandex/api-key': {
    flagged: [`YC_API_KEY=AQVN${g.tok(CS.b64url, 36)}`, `api_key: "AQVN${g.tok(CS.b64url, 38)}"`],
    clean: [`AQVN${g.tok(CS.b64url, 20)}`, `AQVN<api-key>`, `AQVNxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/yandex/iam-token': {
    flagged: [`YC_TOKEN=t1.${g.tok(CS.b64url, 120)}.${g.tok(CS.b64url, 86)}`, `Authorization: Bearer t1.9euelZ${g.tok(CS.b64url, 100)}.${g.tok(CS.b64url, 86)}`],
    clean: [`t1.${g.tok(CS.b64url, 120)}.${g.tok(CS.b64url, 40)}`, `t1.start()`, `t1.${g.tok(CS.b64url, 10)}.${g.tok(CS.b64url, 86)}`],
  },
  'secrets/yandex/static-key-secret': {
    flagged: [`YC_SECRET_KEY=YC${g.tok(CS.b64url, 38)}`, `aws_secret_access_key = YC${g.tok(CS.b64url, 38)}`],
    clean: [`YC_SECRET_KEY=YC${g.tok(CS.b64url, 30)}`, `YC_SECRET_KEY=XY${g.tok(CS.b64url, 38)}`, `YC_SECRET_KEY=<secret>`],
  },
};
