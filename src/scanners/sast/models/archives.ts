/** Archive extraction whose destination comes from input. */
import type { TaintModel } from './types.js';

const DESC = 'is the directory an archive is extracted into';

export const archivesModel: TaintModel = {
  framework: 'archives',
  sinks: [
    { id: 'tar.x.cwd', kind: 'path-traversal', call: 'tar.{x,extract}', property: 'cwd', description: DESC },
    { id: 'tar.x.file', kind: 'path-traversal', call: 'tar.{x,extract}', property: 'file', description: 'is the archive file read' },
    { id: 'adm-zip.extractAllTo', kind: 'path-traversal', call: 'adm-zip().{extractAllTo,extractEntryTo}', args: [0, 1], description: DESC },
    { id: 'adm-zip.file', kind: 'path-traversal', call: 'adm-zip', description: 'is the archive file read' },
    { id: 'unzipper.Extract', kind: 'path-traversal', call: 'unzipper.Extract', property: 'path', description: DESC },
    { id: 'extract-zip', kind: 'path-traversal', call: 'extract-zip', args: [0], description: 'is the archive file read' },
    { id: 'extract-zip.dir', kind: 'path-traversal', call: 'extract-zip', args: [1], property: 'dir', description: DESC },
  ],
};
