// A stand-in for the WAL sync thread (src/server/writer/syncer.ts) in sync-order.test.ts: it
// never fsyncs on its own. It reports each commit the writer thread tells it about, and the test
// decides when a "sync" begins (covering the commits reported so far) and when it finishes.
import { parentPort } from 'node:worker_threads';

const ports = [];
let reported = 0;
let begun = 0;
parentPort.on('message', (m) => {
  if (m.attach) {
    ports.push(m.attach);
    m.attach.on('message', (r) => {
      reported = Math.max(reported, r.sync);
      parentPort.postMessage({ test: 'reported', id: r.sync, urgent: r.urgent });
    });
  } else if (m.test === 'begin') {
    begun = reported;
    parentPort.postMessage({ test: 'begun', through: begun });
  } else if (m.test === 'finish') {
    parentPort.postMessage({ synced: begun });
  } else if (m.close) {
    for (const p of ports) p.close();
    parentPort.close();
  }
});
parentPort.postMessage({ ready: true });
