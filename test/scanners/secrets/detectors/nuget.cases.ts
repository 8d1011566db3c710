import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xbb99fd);

export const cases: FamilyCases = {
  'secrets/nuget/api-key': {
    flagged: [`dotnet nuget push pkg.nupkg --api-key oy2${g.tok(CS.lowerAlnum, 43)}`, `NUGET_API_KEY: "oy2${g.tok(CS.lowerAlnum, 43)}"`],
    clean: [`oy2${g.tok(CS.lowerAlnum, 42)}`, `oy2${g.tok(CS.lowerAlnum, 44)}`, `oy2${g.tok(CS.upperAlnum, 43)}`],
  },
};
