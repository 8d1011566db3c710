/**
 * Electron windows that hand the page more than a browser would: `webPreferences` with Node in the
 * renderer (nodeIntegration and its worker/sub-frame variants), context isolation or web security
 * off, the remote module on, or insecure content allowed. Any XSS in such a window becomes code
 * execution on the user's machine. The key `webPreferences` means nothing outside Electron, so any
 * object literal under it counts (`new BrowserWindow`, `<webview>` options, a shared constant).
 */
import type { AstHit, AstRule } from './types.js';
import { type N, boolValue, factsOf, hitAt, keyName, objectOf, propsKeyed } from './ast-facts.js';

/** Option → the value that weakens the window, and what it gives the page. */
const WEAK: Record<string, [boolean, string]> = {
  nodeIntegration: [true, 'gives the page Node.js (require, child_process): any XSS there runs commands on the machine'],
  nodeIntegrationInWorker: [true, 'gives the page\'s workers Node.js: any script the page runs can start one and run commands'],
  nodeIntegrationInSubFrames: [true, 'gives every frame of the page Node.js, third-party iframes included'],
  contextIsolation: [false, 'lets the page reach the preload script\'s objects and Electron internals (prototype tampering, Node access)'],
  enableRemoteModule: [true, 'lets the page drive main-process objects through the remote module'],
  webSecurity: [false, 'turns off the same-origin policy for the page'],
  allowRunningInsecureContent: [true, 'lets an https page run scripts loaded over http, which a network attacker can replace'],
};

export const electronInsecureWindow: AstRule = {
  meta: {
    id: 'sast/js/electron-insecure-window',
    title: 'Electron window with unsafe webPreferences',
    severity: 'high',
    cwe: [693],
    description:
      'An Electron window whose webPreferences turn on Node.js in the renderer, turn off context isolation or web ' +
      'security, or enable the remote module. Content in such a window (a DOM XSS, a loaded remote page, an ' +
      'injected script) can run programs with the user\'s rights instead of staying in the browser sandbox.',
    remediation:
      'Keep the defaults: nodeIntegration false, contextIsolation true, sandbox true, webSecurity true. Expose only ' +
      'the functions the page needs through contextBridge.exposeInMainWorld in a preload script, and validate their arguments.',
    references: ['https://cwe.mitre.org/data/definitions/693.html', 'https://www.electronjs.org/docs/latest/tutorial/security'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const wp of propsKeyed(f, 'webPreferences')) {
      const obj = objectOf(wp.value as N, f);
      if (!obj) continue;
      for (const p of obj.properties as N[]) {
        if (p.type !== 'Property') continue;
        const k = keyName(p);
        const weak = k !== undefined && Object.hasOwn(WEAK, k) ? WEAK[k] : undefined;
        if (weak && boolValue(p.value as N) === weak[0]) out.push(hitAt(p, `webPreferences ${k}: ${weak[0]} ${weak[1]}`));
      }
    }
    return out;
  },
};
