/**
 * Strip a run of given characters from the ends of a string, in linear time. The regex idiom
 * `s.replace(/\/+$/, '')` is retried at every offset of a long run that does not reach the end
 * (quadratic); these loops scan each character once.
 */

/** `s` without the trailing characters that are in `chars` (`trimEndChars('a//', '/')` → `a`). */
export function trimEndChars(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** `s` without the leading characters that are in `chars` (`trimStartChars('//a', '/')` → `a`). */
export function trimStartChars(s: string, chars: string): string {
  let start = 0;
  while (start < s.length && chars.includes(s[start]!)) start++;
  return start === 0 ? s : s.slice(start);
}
