import { isoAt } from '../../store/schema.js';

/** A version's rotation state under its secret's max age. */
export interface RotationState {
  maxAgeS: number;
  /** Whole seconds since the version was written; 0 for one stamped ahead of this clock (skew). */
  ageS: number;
  due: boolean;
  dueAt: string;
}

/**
 * The one computation of rotation age and due (secret metadata, reads, dueForRotation), so all
 * three agree; `now` is the vault's clock.
 */
export function rotationState(createdAt: string, maxAgeS: number, now: Date): RotationState {
  const born = Date.parse(createdAt);
  const ageS = Math.max(0, Math.floor((now.getTime() - born) / 1000));
  return { maxAgeS, ageS, due: ageS >= maxAgeS, dueAt: isoAt(new Date(born + maxAgeS * 1000)) };
}
