// Trying fixes on one copy of a service and undoing them, for the report's "would --fix apply here?" question.
import { sameJson } from '../model/same-json.ts';

/**
 * A copy of a tree that changes can be tried on and undone: every container's entries are recorded when the
 * trial starts, so what a change did is found by identity and put back into the same containers (whose
 * positions and written forms, kept beside them, stay as they were). Copying once and undoing is far cheaper
 * than a fresh copy per try.
 */
export class Trial<T extends object = object> {
  private readonly containers: object[] = [];
  /** Per container: an array's items, or an object's keys and values interleaved. */
  private readonly entries: unknown[][] = [];

  /** `copy` is a deep copy of `original` (cloneTree); the original must not change while the trial is used. */
  constructor(
    readonly original: T,
    readonly copy: T,
  ) {
    const visit = (v: object): void => {
      this.containers.push(v);
      if (Array.isArray(v)) {
        this.entries.push(v.slice());
        for (const x of v) if (x !== null && typeof x === 'object') visit(x);
        return;
      }
      const keys = Object.keys(v);
      const e = new Array<unknown>(keys.length * 2);
      this.entries.push(e);
      for (let j = 0; j < keys.length; j++) {
        const x = (v as Record<string, unknown>)[keys[j]];
        e[2 * j] = keys[j];
        e[2 * j + 1] = x;
        if (x !== null && typeof x === 'object') visit(x);
      }
    };
    visit(copy);
  }

  private differs(i: number): boolean {
    const c = this.containers[i] as Record<string | number, unknown>;
    const e = this.entries[i];
    if (Array.isArray(c)) {
      if (c.length !== e.length) return true;
      for (let j = 0; j < e.length; j++) if (c[j] !== e[j]) return true;
      return false;
    }
    const keys = Object.keys(c);
    if (keys.length * 2 !== e.length) return true;
    for (let j = 0; j < keys.length; j++) if (keys[j] !== e[2 * j] || c[keys[j]] !== e[2 * j + 1]) return true;
    return false;
  }

  /** The containers that gained, lost or replaced an entry since the trial started (by index). */
  changed(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.containers.length; i++) if (this.differs(i)) out.push(i);
    return out;
  }

  /** Whether the copy writes the same JSON as the original, given what changed. */
  sameJson(changed: number[]): boolean {
    return changed.length === 0 || sameJson(this.copy, this.original);
  }

  /** Puts the changed containers back as recorded; false when one cannot be (the copy is then unusable). */
  restore(changed: number[]): boolean {
    try {
      for (const i of changed) {
        const c = this.containers[i] as Record<string | number, unknown>;
        const e = this.entries[i];
        if (Array.isArray(c)) {
          c.length = 0;
          for (let j = 0; j < e.length; j++) if (j in e) c[j] = e[j];
          c.length = e.length;
        } else {
          for (const k of Object.keys(c)) delete c[k];
          for (let j = 0; j < e.length; j += 2) {
            const k = e[j] as string;
            if (k === '__proto__') Object.defineProperty(c, k, { value: e[j + 1], enumerable: true, writable: true, configurable: true });
            else c[k] = e[j + 1];
          }
        }
      }
      return true;
    } catch {
      return false;
    }
  }
}
