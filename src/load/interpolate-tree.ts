// Applies interpolation to every string value of a parsed document (never to mapping keys), then the
// casts compose-go makes after substitution. The text as written and the variables used are kept
// beside each value (loc.ts rawOf/varsOf), so later stages can tell `${DB_PASSWORD}` from a literal
// and write overrides that keep `${VAR}` instead of baking in its current value.
import { InputError, type InputProblem } from '../model/errors.ts';
import { copyAllMeta, locOf, setRaw } from '../model/loc.ts';
import { castScalar } from './cast.ts';
import { interpolate, InterpolationError } from './interpolate.ts';
import { formatPath, type PathKey } from './paths.ts';

export interface InterpolateOptions {
  lookup: (name: string) => string | undefined;
  /** Called once per unset variable reference (for a warning); never given a value. */
  onUnset?: (name: string, path: PathKey[]) => void;
  /** Cast booleans/numbers after substitution (false for raw trees that are not compose documents). */
  cast?: boolean;
  /** Deprecated spellings Compose accepts with a warning (`yes`/`no` booleans). */
  onWarning?: (message: string) => void;
}

type Tree = Record<string, unknown>;

export function interpolateTree(root: unknown, opts: InterpolateOptions): unknown {
  const problems: InputProblem[] = [];
  const out = walk(root, [], opts, problems, undefined, undefined);
  if (problems.length) throw new InputError(problems[0].message, problems[0].loc, problems);
  return out;
}

function walk(v: unknown, path: PathKey[], opts: InterpolateOptions, problems: InputProblem[], parent: object | undefined, key: PathKey | undefined): unknown {
  if (typeof v === 'string') {
    let value: unknown = v;
    if (v.includes('$')) {
      try {
        const r = interpolate(v, opts.lookup, opts.onUnset ? (n) => opts.onUnset!(n, [...path]) : undefined);
        value = r.value;
        if (parent !== undefined && key !== undefined) setRaw(parent, key, v, r.vars);
      } catch (e) {
        if (!(e instanceof InterpolationError)) throw e;
        problems.push({ message: `${formatPath(path)}: ${e.message}`, loc: parent && key !== undefined ? locOf(parent, key) : undefined });
        return v;
      }
    }
    if (opts.cast !== false && typeof value === 'string') {
      const c = castScalar(path, value);
      if (!c.ok) {
        problems.push({ message: `${formatPath(path)} ${c.message}`, loc: parent && key !== undefined ? locOf(parent, key) : undefined });
        return value;
      }
      if (c.warning) opts.onWarning?.(`${formatPath(path)}: ${c.warning}`);
      return c.value;
    }
    return value;
  }
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    copyAllMeta(v, out);
    // One path array for the whole walk (pushed and popped): a copy per node was most of the walk's garbage.
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      out[i] = walk(v[i], path, opts, problems, out, i);
      path.pop();
    }
    return out;
  }
  if (v !== null && typeof v === 'object') {
    const src = v as Tree;
    const out: Tree = {};
    copyAllMeta(src, out);
    for (const k of Object.keys(src)) {
      path.push(k);
      out[k] = walk(src[k], path, opts, problems, out, k);
      path.pop();
    }
    return out;
  }
  return v;
}
