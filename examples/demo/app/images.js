import { exec } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(exec);

export async function makeThumbnail(file) {
  const out = `/tmp/thumbnails/${Date.now()}.png`;
  await run(`convert uploads/${file} -resize 128x128 ${out}`);
  return out;
}
