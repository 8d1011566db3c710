import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xa8c55);

export const cases: FamilyCases = {
  'secrets/pypi/upload-token': {
    flagged: [`[pypi]\n  username = __token__\n  password = pypi-AgEIcHlwaS5vcmc${g.tok(CS.b64url, 160)}`, `TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmcCJ${g.tok(CS.b64url, 70)}`],
    clean: [`pypi-AgEIcHlwaS5vcmc${g.tok(CS.b64url, 20)}`, `pypi-AgEIcHlwaS5vcmc<token>`, `pypi-AgENdGVzdC5weXBpLm9yZw${g.tok(CS.b64url, 100)}`],
  },
  'secrets/pypi/test-upload-token': {
    flagged: [`[testpypi]\n  password = pypi-AgENdGVzdC5weXBpLm9yZw${g.tok(CS.b64url, 120)}`, `TWINE_PASSWORD="pypi-AgENdGVzdC5weXBpLm9yZw${g.tok(CS.b64url, 80)}"`],
    clean: [`pypi-AgENdGVzdC5weXBpLm9yZw${g.tok(CS.b64url, 10)}`, `pypi-AgENdGVzdC5weXBpLm9yZw<token>`, `pypi-AgEIcHlwaS5vcmc${g.tok(CS.b64url, 100)}`],
  },
};
