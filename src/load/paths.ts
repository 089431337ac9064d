// Dotted path patterns with `*` for any one segment, matched against model paths; built once into
// a trie so a lookup costs one step per path segment, however many patterns there are.
export type PathKey = string | number;

interface TrieNode<T> {
  next: Map<string, TrieNode<T>>;
  star?: TrieNode<T>;
  value?: T;
}

/** A position in a PathTable part way through a path (see step()). */
export type PathCursor<T> = ReadonlyArray<TrieNode<T>>;

export class PathTable<T> {
  private root: TrieNode<T> = { next: new Map() };

  constructor(entries: Record<string, T>) {
    for (const [pattern, value] of Object.entries(entries)) this.add(pattern, value);
  }

  add(pattern: string, value: T): void {
    let node = this.root;
    for (const seg of pattern.split('.')) {
      if (seg === '*') node = node.star ??= { next: new Map() };
      else {
        let n = node.next.get(seg);
        if (!n) node.next.set(seg, (n = { next: new Map() }));
        node = n;
      }
    }
    node.value = value;
  }

  /** Where matching starts: a cursor for the empty path. */
  start(): PathCursor<T> {
    return [this.root];
  }

  /**
   * The cursor for the path one segment longer; empty when no pattern matches any path that starts so,
   * which lets a walk skip whole subtrees.
   */
  step(cursor: PathCursor<T>, seg: PathKey): PathCursor<T> {
    const s = String(seg);
    const out: Array<TrieNode<T>> = [];
    // Literal before `*` at each segment: the first node with a value is the one get() would find.
    for (const n of cursor) {
      const lit = n.next.get(s);
      if (lit) out.push(lit);
      if (n.star) out.push(n.star);
    }
    return out;
  }

  /** The value for the path a cursor stands for (as get() gives it). */
  valueAt(cursor: PathCursor<T>): T | undefined {
    for (const n of cursor) if (n.value !== undefined) return n.value;
    return undefined;
  }

  /** The value whose pattern matches the whole path exactly (literal segments win over `*`). */
  get(path: ReadonlyArray<PathKey>): T | undefined {
    return find(this.root, path, 0);
  }
}

function find<T>(node: TrieNode<T>, path: ReadonlyArray<PathKey>, i: number): T | undefined {
  if (i === path.length) return node.value;
  const seg = String(path[i]);
  const lit = node.next.get(seg);
  if (lit) {
    const v = find(lit, path, i + 1);
    if (v !== undefined) return v;
  }
  return node.star ? find(node.star, path, i + 1) : undefined;
}

export function formatPath(path: ReadonlyArray<PathKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${p}` : p;
  }
  return out;
}
