/**
 * A per-client rate limit (@fastify/rate-limit: counted in this process's memory) for one of N
 * HTTP processes (`rampart server --http-workers N`). Each process counts alone, so each allows
 * max/N: a client gets at most `max` in all however its requests are spread, fewer when its
 * connections all land on one process (stricter, never looser). At least 1 per process.
 */
export function perWorkerLimit(limit: { max: number; timeWindow: number }, workers: number | undefined): { max: number; timeWindow: number } {
  if (workers === undefined || workers <= 1) return limit;
  return { max: Math.max(1, Math.floor(limit.max / workers)), timeWindow: limit.timeWindow };
}
