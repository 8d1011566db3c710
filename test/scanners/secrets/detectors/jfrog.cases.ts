import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x2b0f83);

export const cases: FamilyCases = {
  'secrets/jfrog/api-key': {
    flagged: [`ARTIFACTORY_API_KEY=AKCp${g.tok(CS.alnum, 69)}`, `X-JFrog-Art-Api: AKCp${g.tok(CS.alnum, 69)}`],
    clean: [`AKCp${g.tok(CS.alnum, 40)}`, `AKCp${g.tok(CS.alnum, 70)}`, `AKCx${g.tok(CS.alnum, 69)}`],
  },
  'secrets/jfrog/reference-token': {
    flagged: [`JFROG_ACCESS_TOKEN=cmVmdGtuOjAxOj${g.tok(CS.alnum, 50)}`, `password: "cmVmdGtuOjAxOj${g.tok(CS.alnum, 50)}"`],
    clean: [`cmVmdGtuOjAxOj${g.tok(CS.alnum, 20)}`, `cmVmdGtuOjAxOj<token>`, `cmVmdGtuOjAyOj${g.tok(CS.alnum, 50)}`],
  },
};
