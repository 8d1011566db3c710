/**
 * Archive extraction whose destination comes from input, and the names of entries read from an
 * archive: whoever made the archive chooses them ('../../etc/cron.d/x'), so writing an entry to
 * path.join(dest, entry.path) without a containment check is zip slip. Entry names are labelled
 * 'message' (data another party sent), so they are on by default like request data.
 */
import type { HandlerSpec, TaintModel } from './types.js';

const DESC = 'is the directory an archive is extracted into';
/** An entry's header as the archive libraries hand it to an 'entry' listener. */
const ENTRY = '@archive.entry';
const YAUZL_ZIP = '@yauzl.zipfile';

/**
 * An archive library's own parser, or one the engine cannot name (`self.on('entry', …)` in an
 * Extract stream, tar-stream's (header, stream, next)): the 'entry' event is an archive's entry.
 * Directory walkers (readdirp, klaw, walkdir) emit 'entry' too, for files already on disk, so
 * modelsForProject keeps this one only in a package whose name or dependencies say archive.
 */
export const ANY_ENTRY_LISTENER: HandlerSpec = { framework: 'archives', register: '*.{on,once}', event: 'entry', params: [ENTRY] };

const entryListeners: HandlerSpec[] = [
  // unzipper.Parse() / tar.Parse() / tar-stream extract(): .on('entry', (entry) => …)
  ...['unzipper.Parse()', 'unzipper.ParseOne()', 'tar.Parse()', 'tar.Parser()', 'tar-stream.extract()'].map((s) => ({
    framework: 'archives', register: `${s}.on`, params: [ENTRY],
  })),
  ANY_ENTRY_LISTENER,
  // yauzl.open(file, opts, (err, zipfile) => zipfile.on('entry', (entry) => …))
  { framework: 'yauzl', register: 'yauzl.{open,fromBuffer,fromFd,fromRandomAccessReader}', params: [null, YAUZL_ZIP] },
  { framework: 'yauzl', register: `${YAUZL_ZIP}.on`, params: [ENTRY] },
];

export const archivesModel: TaintModel = {
  framework: 'archives',
  handlers: entryListeners,
  sources: [
    { api: `${ENTRY}.{path,fileName,name,linkpath,linkname}`, label: 'message', description: 'the name of an archive entry (chosen by whoever made the archive)' },
    { api: 'adm-zip().getEntries', on: 'call', label: 'message', description: 'the entries of an archive (names chosen by whoever made it)' },
  ],
  sinks: [
    { id: 'tar.x.cwd', kind: 'path-traversal', call: 'tar.{x,extract}', property: 'cwd', description: DESC },
    { id: 'tar.x.file', kind: 'path-traversal', call: 'tar.{x,extract}', property: 'file', description: 'is the archive file read' },
    { id: 'adm-zip.extractAllTo', kind: 'path-traversal', call: 'adm-zip().{extractAllTo,extractEntryTo}', args: [0, 1], description: DESC },
    // Zip slip reported where the entries are written: an archive made from input (an upload's
    // bytes) extracted whole writes wherever its entry names point.
    {
      id: 'adm-zip.extract', kind: 'path-traversal', call: 'adm-zip().{extractAllTo,extractAllToAsync,extractEntryTo}', args: [-1],
      description: 'extracts an archive from input, whose entry names choose where files are written',
    },
    // The constructor takes a file name or the archive's bytes: only a path built from parts is
    // surely a file name (a whole request value is usually the upload itself, reported above).
    { id: 'adm-zip.file', kind: 'path-traversal', call: 'adm-zip', requiresConcatenation: true, description: 'is the archive file read' },
    { id: 'unzipper.Extract', kind: 'path-traversal', call: 'unzipper.Extract', property: 'path', description: DESC },
    { id: 'extract-zip', kind: 'path-traversal', call: 'extract-zip', args: [0], description: 'is the archive file read' },
    { id: 'extract-zip.dir', kind: 'path-traversal', call: 'extract-zip', args: [1], property: 'dir', description: DESC },
  ],
  // The archive object holds what it was made from: an upload's bytes make its entries the sender's.
  propagators: [{ call: 'adm-zip', from: [0], to: 'return' }],
};
