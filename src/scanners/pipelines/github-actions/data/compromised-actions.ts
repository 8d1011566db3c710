/**
 * Actions that were compromised (tags moved to malicious commits), with what identifies an
 * affected reference. Keep each entry to public, documented incident facts and name the source.
 *
 * - `commits`: malicious commits; any reference to them is flagged.
 * - `fixedIn`: first version the advisory lists as fixed; version tags below it are flagged,
 *   because a run during the window resolved them to the malicious commit, and they are what the
 *   advisory marks as affected.
 */
export interface CompromisedAction {
  /** `owner/repo`, lowercase. */
  name: string;
  advisory: string;
  window: string;
  commits: string[];
  fixedIn?: string;
  summary: string;
}

export const COMPROMISED_ACTIONS: CompromisedAction[] = [
  {
    // Source: GHSA-mrrh-fwg8-r2c3 / CVE-2025-30066 (CISA alert of 2025-03-18, KEV). Every version
    // tag was moved to a commit whose code printed the runner's secrets to the job log.
    name: 'tj-actions/changed-files',
    advisory: 'CVE-2025-30066 (GHSA-mrrh-fwg8-r2c3)',
    window: '2025-03-14 to 2025-03-15',
    commits: ['0e58ed8671d6b60d0890c21b07f8835ace038e67'],
    fixedIn: '46.0.1',
    summary: 'tags pointed at a commit that dumped runner memory (secrets) to the workflow log',
  },
  {
    // Source: CVE-2025-30154 (GHSA-qmg3-hpqr-gqvc) and reviewdog/reviewdog#2079: the v1 tag
    // pointed at a malicious commit on 2025-03-11 between 18:42 and 20:31 UTC. Other reviewdog
    // actions that call action-setup@v1 (action-shellcheck, action-staticcheck, action-ast-grep,
    // action-typos, action-composite-template) ran it too during that window.
    name: 'reviewdog/action-setup',
    advisory: 'CVE-2025-30154',
    window: '2025-03-11 18:42–20:31 UTC',
    commits: ['f0d342d24037bb11d26b9bd8496e0808ba32e9ec'],
    summary: 'v1 pointed at a commit whose install.sh dumped secrets to the workflow log',
  },
];
