export interface GlobalOpts {
  quiet?: boolean;
  color?: boolean; // commander turns --no-color into color: false
}

/** Colour only on a TTY, never with --no-color or NO_COLOR set. */
export function useColor(o: GlobalOpts): boolean {
  if (o.color === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR === '1') return true;
  return process.stdout.isTTY === true;
}
