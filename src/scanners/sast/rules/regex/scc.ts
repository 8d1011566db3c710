/** Strongly connected components (Tarjan), iterative so deep graphs cannot overflow the stack. */

/**
 * Component id per node (ids in reverse topological order, as Tarjan yields them).
 * `succ(n)` lists a node's successors.
 */
export function sccIds(count: number, succ: (n: number) => readonly number[]): Int32Array {
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const comp = new Int32Array(count).fill(-1);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  let next = 0;
  let compCount = 0;
  // Explicit call stack: node and the index of the next successor to visit.
  const callNode: number[] = [];
  const callEdge: number[] = [];
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    callNode.push(root);
    callEdge.push(0);
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = 1;
    while (callNode.length > 0) {
      const top = callNode.length - 1;
      const v = callNode[top]!;
      const out = succ(v);
      const i = callEdge[top]!;
      if (i < out.length) {
        callEdge[top] = i + 1;
        const w = out[i]!;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = 1;
          callNode.push(w);
          callEdge.push(0);
        } else if (onStack[w]) {
          if (index[w]! < low[v]!) low[v] = index[w]!;
        }
        continue;
      }
      // v is finished.
      if (low[v] === index[v]) {
        for (;;) {
          const w = stack.pop()!;
          onStack[w] = 0;
          comp[w] = compCount;
          if (w === v) break;
        }
        compCount++;
      }
      callNode.pop();
      callEdge.pop();
      if (callNode.length > 0) {
        const parent = callNode[callNode.length - 1]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
    }
  }
  return comp;
}
