/**
 * 1-based line of every object key in a JSON text, by key path (`['default', 'requests']`
 * joined with `\0`). A small scanner over the text, run only after JSON.parse succeeded, so it
 * can assume well-formed input; it never throws.
 */
export function jsonKeyLines(text: string, maxDepth = 3): Map<string, number> {
  const out = new Map<string, number>();
  const path: string[] = [];
  // per open container: true = object
  const stack: boolean[] = [];
  let line = 1;
  let expectKey = false;
  let pendingKey: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      continue;
    }
    if (c === '"') {
      const start = i + 1;
      const startLine = line;
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') {
          i += 2;
          continue;
        }
        if (text[i] === '\n') line++;
        i++;
      }
      const s = text.slice(start, i);
      if (expectKey && stack[stack.length - 1]) {
        let key = s;
        if (s.includes('\\')) {
          try {
            key = JSON.parse(`"${s}"`) as string;
          } catch {
            /* keep raw */
          }
        }
        pendingKey = key;
        if (path.length < maxDepth) out.set([...path, key].join('\0'), startLine);
        expectKey = false;
      }
      continue;
    }
    if (c === '{' || c === '[') {
      if (stack.length > 0) path.push(pendingKey ?? '[]');
      stack.push(c === '{');
      pendingKey = undefined;
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length > 0) path.pop();
      pendingKey = undefined;
    } else if (c === ',') {
      expectKey = stack[stack.length - 1] === true;
      pendingKey = undefined;
    }
  }
  return out;
}
