import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x2c9c6a);

export const cases: FamilyCases = {
  'secrets/buildkite/api-token': {
    flagged: [`BUILDKITE_API_TOKEN=bkua_${g.tok(CS.hex, 40)}`, `Authorization: Bearer bkua_${g.tok(CS.hex, 40)}`],
    clean: [`bkua_${g.tok(CS.hex, 39)}`, `bkua_${g.tok(CS.hex, 41)}`, `bkua_${g.tok(CS.alnum.slice(20), 40)}`],
  },
  'secrets/buildkite/agent-token': {
    flagged: [`BUILDKITE_AGENT_TOKEN=${g.tok(CS.alnum, 50)}`, `buildkite-agent-token: "${g.tok(CS.lowerAlnum, 50)}"`],
    clean: [`BUILDKITE_AGENT_TOKEN=${g.tok(CS.alnum, 30)}`, `BUILDKITE_AGENT_TOKEN=\${AGENT_TOKEN}`, `BUILDKITE_AGENT_NAME=${g.tok(CS.alnum, 50)}`],
  },
};
