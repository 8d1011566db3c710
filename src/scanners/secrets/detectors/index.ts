import type { Detector } from '../detector.js';
import { detectors as github } from './github.js';
// Provider families, part A (code hosting, CI/CD, cloud, registries, keys, URLs, JWT, generic).
import { detectors as gitlab } from './gitlab.js';
import { detectors as bitbucket } from './bitbucket.js';
import { detectors as circleci } from './circleci.js';
import { detectors as travis } from './travis.js';
import { detectors as buildkite } from './buildkite.js';
import { detectors as azureDevops } from './azure-devops.js';
import { detectors as jenkins } from './jenkins.js';
import { detectors as drone } from './drone.js';
import { detectors as terraform } from './terraform.js';
import { detectors as vault } from './vault.js';
import { detectors as pulumi } from './pulumi.js';
import { detectors as doppler } from './doppler.js';
import { detectors as codecov } from './codecov.js';
import { detectors as sonarqube } from './sonarqube.js';
import { detectors as snyk } from './snyk.js';
import { detectors as jfrog } from './jfrog.js';
import { detectors as aws } from './aws.js';
import { detectors as gcp } from './gcp.js';
import { detectors as azure } from './azure.js';
import { detectors as digitalocean } from './digitalocean.js';
import { detectors as alibaba } from './alibaba.js';
import { detectors as ibm } from './ibm.js';
import { detectors as heroku } from './heroku.js';
import { detectors as cloudflare } from './cloudflare.js';
import { detectors as fastly } from './fastly.js';
import { detectors as linode } from './linode.js';
import { detectors as vultr } from './vultr.js';
import { detectors as scaleway } from './scaleway.js';
import { detectors as hetzner } from './hetzner.js';
import { detectors as tencent } from './tencent.js';
import { detectors as yandex } from './yandex.js';
import { detectors as npm } from './npm.js';
import { detectors as pypi } from './pypi.js';
import { detectors as rubygems } from './rubygems.js';
import { detectors as nuget } from './nuget.js';
import { detectors as dockerhub } from './dockerhub.js';
import { detectors as crates } from './crates.js';
import { detectors as packagist } from './packagist.js';
import { detectors as hex } from './hex.js';
import { detectors as clojars } from './clojars.js';
import { detectors as privateKeys } from './private-keys.js';
import { detectors as urls } from './urls.js';
import { detectors as jwt } from './jwt.js';
import { detectors as generic } from './generic.js';
// Provider families, part B (payments, messaging, SaaS and developer tools).
import { detectors as adyen } from './adyen.js';
import { detectors as age } from './age.js';
import { detectors as airtable } from './airtable.js';
import { detectors as algolia } from './algolia.js';
import { detectors as anthropic } from './anthropic.js';
import { detectors as asana } from './asana.js';
import { detectors as atlassian } from './atlassian.js';
import { detectors as auth0 } from './auth0.js';
import { detectors as braintree } from './braintree.js';
import { detectors as brevo } from './brevo.js';
import { detectors as clickup } from './clickup.js';
import { detectors as cohere } from './cohere.js';
import { detectors as confluent } from './confluent.js';
import { detectors as contentful } from './contentful.js';
import { detectors as databricks } from './databricks.js';
import { detectors as datadog } from './datadog.js';
import { detectors as discord } from './discord.js';
import { detectors as dropbox } from './dropbox.js';
import { detectors as dynatrace } from './dynatrace.js';
import { detectors as easypost } from './easypost.js';
import { detectors as elastic } from './elastic.js';
import { detectors as figma } from './figma.js';
import { detectors as flutterwave } from './flutterwave.js';
import { detectors as flyio } from './flyio.js';
import { detectors as frameio } from './frameio.js';
import { detectors as gocardless } from './gocardless.js';
import { detectors as grafana } from './grafana.js';
import { detectors as groq } from './groq.js';
import { detectors as hubspot } from './hubspot.js';
import { detectors as huggingface } from './huggingface.js';
import { detectors as intercom } from './intercom.js';
import { detectors as langsmith } from './langsmith.js';
import { detectors as launchdarkly } from './launchdarkly.js';
import { detectors as linear } from './linear.js';
import { detectors as mailchimp } from './mailchimp.js';
import { detectors as mailgun } from './mailgun.js';
import { detectors as mailjet } from './mailjet.js';
import { detectors as mapbox } from './mapbox.js';
import { detectors as messagebird } from './messagebird.js';
import { detectors as microsoftTeams } from './microsoft-teams.js';
import { detectors as mistral } from './mistral.js';
import { detectors as mixpanel } from './mixpanel.js';
import { detectors as mollie } from './mollie.js';
import { detectors as mongodbAtlas } from './mongodb-atlas.js';
import { detectors as netlify } from './netlify.js';
import { detectors as newrelic } from './newrelic.js';
import { detectors as ngrok } from './ngrok.js';
import { detectors as notion } from './notion.js';
import { detectors as okta } from './okta.js';
import { detectors as onepassword } from './onepassword.js';
import { detectors as openai } from './openai.js';
import { detectors as openrouter } from './openrouter.js';
import { detectors as pagerduty } from './pagerduty.js';
import { detectors as paypal } from './paypal.js';
import { detectors as paystack } from './paystack.js';
import { detectors as perplexity } from './perplexity.js';
import { detectors as plaid } from './plaid.js';
import { detectors as planetscale } from './planetscale.js';
import { detectors as plivo } from './plivo.js';
import { detectors as postman } from './postman.js';
import { detectors as postmark } from './postmark.js';
import { detectors as prefect } from './prefect.js';
import { detectors as pusher } from './pusher.js';
import { detectors as razorpay } from './razorpay.js';
import { detectors as readme } from './readme.js';
import { detectors as render } from './render.js';
import { detectors as replicate } from './replicate.js';
import { detectors as resend } from './resend.js';
import { detectors as salesforce } from './salesforce.js';
import { detectors as sendgrid } from './sendgrid.js';
import { detectors as sentry } from './sentry.js';
import { detectors as shippo } from './shippo.js';
import { detectors as shopify } from './shopify.js';
import { detectors as slack } from './slack.js';
import { detectors as sparkpost } from './sparkpost.js';
import { detectors as square } from './square.js';
import { detectors as stripe } from './stripe.js';
import { detectors as sumologic } from './sumologic.js';
import { detectors as supabase } from './supabase.js';
import { detectors as tailscale } from './tailscale.js';
import { detectors as telegram } from './telegram.js';
import { detectors as trello } from './trello.js';
import { detectors as twilio } from './twilio.js';
import { detectors as twitch } from './twitch.js';
import { detectors as typeform } from './typeform.js';
import { detectors as vercel } from './vercel.js';
import { detectors as vonage } from './vonage.js';
import { detectors as xai } from './xai.js';
import { detectors as zapier } from './zapier.js';
import { detectors as zendesk } from './zendesk.js';
import { detectors as rampart } from './rampart.js';

/** Every detector family; a family is one module in this folder. */
export const FAMILIES: Record<string, Detector[]> = {
  github,
  // part A
  gitlab,
  bitbucket,
  circleci,
  travis,
  buildkite,
  'azure-devops': azureDevops,
  jenkins,
  drone,
  terraform,
  vault,
  pulumi,
  doppler,
  codecov,
  sonarqube,
  snyk,
  jfrog,
  aws,
  gcp,
  azure,
  digitalocean,
  alibaba,
  ibm,
  heroku,
  cloudflare,
  fastly,
  linode,
  vultr,
  scaleway,
  hetzner,
  tencent,
  yandex,
  npm,
  pypi,
  rubygems,
  nuget,
  dockerhub,
  crates,
  packagist,
  hex,
  clojars,
  'private-keys': privateKeys,
  urls,
  jwt,
  generic,
  // part B
  adyen,
  age,
  airtable,
  algolia,
  anthropic,
  asana,
  atlassian,
  auth0,
  braintree,
  brevo,
  clickup,
  cohere,
  confluent,
  contentful,
  databricks,
  datadog,
  discord,
  dropbox,
  dynatrace,
  easypost,
  elastic,
  figma,
  flutterwave,
  flyio,
  frameio,
  gocardless,
  grafana,
  groq,
  hubspot,
  huggingface,
  intercom,
  langsmith,
  launchdarkly,
  linear,
  mailchimp,
  mailgun,
  mailjet,
  mapbox,
  messagebird,
  'microsoft-teams': microsoftTeams,
  mistral,
  mixpanel,
  mollie,
  'mongodb-atlas': mongodbAtlas,
  netlify,
  newrelic,
  ngrok,
  notion,
  okta,
  onepassword,
  openai,
  openrouter,
  pagerduty,
  paypal,
  paystack,
  perplexity,
  plaid,
  planetscale,
  plivo,
  postman,
  postmark,
  prefect,
  pusher,
  razorpay,
  readme,
  render,
  replicate,
  resend,
  salesforce,
  sendgrid,
  sentry,
  shippo,
  shopify,
  slack,
  sparkpost,
  square,
  stripe,
  sumologic,
  supabase,
  tailscale,
  telegram,
  trello,
  twilio,
  twitch,
  typeform,
  vercel,
  vonage,
  xai,
  zapier,
  zendesk,
  rampart,
};

export const ALL_DETECTORS: Detector[] = Object.values(FAMILIES).flat();
