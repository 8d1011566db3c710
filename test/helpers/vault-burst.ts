import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { api, type ServerProcess } from './server-process.js';

/** Secret path -> the newest version the server acknowledged (2xx) and its value. */
export type Acked = Map<string, { version: number; value: string }>;

const S = '/api/v1/projects/shop/secrets';

/**
 * Six writers put secrets into project `shop` (new paths and new versions of `shared/w<n>`; with
 * `readBetween`, a read after each write) until 40 paths are acknowledged or 30 s pass, then the
 * server gets SIGKILL mid-burst. Only 2xx answers count as acknowledged.
 */
export async function burstThenKill(srv: ServerProcess, admin: string, o: { readBetween?: boolean } = {}): Promise<Acked> {
  const acked: Acked = new Map();
  let stop = false;
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const path = i % 2 ? `burst/w${w}/s${i}` : `shared/w${w}`;
      const value = `v-${w}-${i}-${randomBytes(6).toString('hex')}`;
      try {
        const r = await api(srv.url, admin, 'PUT', `${S}/${path}`, { value });
        if (r.status === 200 || r.status === 201) {
          const prev = acked.get(path);
          if (!prev || prev.version < r.json.version) acked.set(path, { version: r.json.version, value });
        }
        if (o.readBetween) await api(srv.url, admin, 'GET', `${S}/${path}`);
      } catch {
        return; // the connection died with the server
      }
    }
  };
  const writers = Array.from({ length: 6 }, (_, w) => writer(w));
  const deadline = Date.now() + 30_000;
  while (acked.size < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  srv.child.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  expect(await srv.exited).toBe(null);
  expect(acked.size).toBeGreaterThanOrEqual(40);
  return acked;
}

/** Every acknowledged write reads back, at its version, with its value. */
export async function expectAckedKept(url: string, admin: string, acked: Acked): Promise<void> {
  const lost: string[] = [];
  for (const [path, want] of acked) {
    const r = await api(url, admin, 'GET', `${S}/${path}?version=${want.version}`);
    if (r.status !== 200 || r.json.value !== want.value) lost.push(`${path}@${want.version}: HTTP ${r.status}`);
  }
  expect(lost).toEqual([]);
}

/** 20 check-and-set writes race on `shared/w0`'s current version: exactly one wins, 19 get 409. Returns what a read must now give. */
export async function expectOneCasWinner(url: string, admin: string): Promise<{ version: number; value: string }> {
  const cur = (await api(url, admin, 'GET', `${S}/shared/w0`)).json.version as number;
  const race = await Promise.all(
    Array.from({ length: 20 }, (_, i) => api(url, admin, 'PUT', `${S}/shared/w0`, { value: `race-${i}`, cas: cur }).then((r) => ({ i, ...r }))),
  );
  const won = race.filter((r) => r.status === 200 || r.status === 201);
  expect(won).toHaveLength(1);
  expect(race.filter((r) => r.status === 409)).toHaveLength(19);
  return { version: cur + 1, value: `race-${won[0]!.i}` };
}
