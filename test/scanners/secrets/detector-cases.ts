/** Shape of a `<family>.cases.ts` file: per detector id, texts it must flag and texts it must not. */
export interface DetectorCases {
  /** Each text must produce at least one match from this detector (whole text is scanned). */
  flagged: string[];
  /** Each text must produce no match from this detector. */
  clean: string[];
}
export type FamilyCases = Record<string, DetectorCases>;
