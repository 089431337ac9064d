// Which values output must mask. Two layers: entries that look secret by name or value are masked
// where they stand, and every such value found anywhere in the project is also scrubbed from the final
// text, so an anchor reused in an `x-` block, a URL or a command cannot carry it out another way.
// Deliberately wider than the secret rules: masking a harmless value costs little, printing a password
// costs a rotation.
import type { Project } from '../model/types.ts';
import { classifyValue, isSecretName, isTrivialValue } from '../rules/secrets/detect.ts';
import { commandSecrets } from '../rules/secrets/command.ts';

export const REDACTED = '**redacted**';

const SECRET_NAME = /(pass(word|wd)?|pwd|secret|token|api[_-]?key|apikey|private[_-]?key|credential|access[_-]?key|auth|cookie|session[_-]?key|salt|signing|encryption[_-]?key|dsn|connection[_-]?string)/i;

export function isSecretEntry(name: string, value: string): boolean {
  if (value === '') return false;
  const v = nameVerdict(name);
  return v === SECRET_BY_NAME || (v === SECRET_BY_VALUE && classifyValue(value).length > 0);
}

const NOT_SECRET = 0;
const SECRET_BY_NAME = 1;
const SECRET_BY_VALUE = 2;
/** What a name alone says. Names are not secret and few, so one cache serves every call (bounded all the same). */
const nameVerdicts = new Map<string, number>();
const NAME_CACHE_LIMIT = 10_000;

function nameVerdict(name: string): number {
  let v = nameVerdicts.get(name);
  if (v === undefined) {
    v = /_FILE$/i.test(name) ? NOT_SECRET : SECRET_NAME.test(name) || isSecretName(name) ? SECRET_BY_NAME : SECRET_BY_VALUE;
    if (nameVerdicts.size >= NAME_CACHE_LIMIT) nameVerdicts.clear();
    nameVerdicts.set(name, v);
  }
  return v;
}

/** Shortest value worth scrubbing from text: shorter ones would mangle unrelated output. */
const MIN_SCRUB = 4;

/** Every secret-looking value in the project (whole values and the secret parts inside them). */
export function collectSecretValues(p: Project): Set<string> {
  const out = new Set<string>();
  const addParts = (value: string) => {
    // A part is a slice of the value: a value shorter than MIN_SCRUB has none worth scrubbing.
    if (value.length < MIN_SCRUB) return;
    for (const f of classifyValue(value)) {
      const part = value.slice(f.start, f.end);
      if (part.length >= MIN_SCRUB) out.add(part);
    }
  };
  const entry = (name: string, value: unknown) => {
    if (typeof value !== 'string' || value.length < MIN_SCRUB || isTrivialValue(value)) return;
    // Short values secret only by their name ("trust", "basic") are masked in place, not scrubbed
    // everywhere: scrubbing them would mangle unrelated output.
    if (isSecretEntry(name, value) && (value.length >= 8 || classifyValue(value).length)) {
      out.add(value);
      addParts(value);
    }
  };
  // Command lines repeat across services (and the same list is met once per service that uses an anchor).
  const commands = new Map<string, string[]>();
  const commandWords = (strings: string[]): string[] => {
    const id = JSON.stringify(strings);
    let words = commands.get(id);
    if (!words) {
      words = [];
      for (const c of commandSecrets(strings)) {
        const word = strings[c.index]?.slice(c.start, c.end);
        if (word && word.length >= MIN_SCRUB) words.push(word);
      }
      commands.set(id, words);
    }
    return words;
  };
  const walk = (v: unknown, name: string, depth: number) => {
    if (depth > 50) return;
    if (typeof v === 'string') {
      entry(name, v);
      addParts(v);
    } else if (Array.isArray(v)) {
      const strings = v.filter((x): x is string => typeof x === 'string');
      if (strings.length) for (const word of commandWords(strings)) out.add(word);
      for (const x of v) walk(x, name, depth + 1);
    } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k, depth + 1);
  };
  for (const services of [p.services, p.disabledServices]) {
    for (const [name, s] of Object.entries(services)) {
      walk(s, name, 0);
      for (const [k, e] of Object.entries(p.envFileValues[name] ?? {})) entry(k, e.value);
    }
  }
  walk(p.extensions, '', 0);
  for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) walk(p[kind], kind, 0);
  return out;
}

/** Replace every occurrence of the given values in `text` (longest first, so parts never leak). */
export function scrubText(text: string, values: Iterable<string>): string {
  return makeScrubber(values)(text);
}

/**
 * The patterns scrubText replaces, in the order it replaces them: the values longest first, then the
 * spellings YAML/JSON may have escaped them to (quotes, backslashes, `$$`), value by value.
 */
function scrubPatterns(values: Iterable<string>): string[] {
  const list = [...values].filter((v) => v.length >= MIN_SCRUB).sort((a, b) => b.length - a.length);
  const out = [...list];
  for (const v of list) {
    const j = JSON.stringify(v).slice(1, -1);
    if (j !== v) out.push(j);
    const d = v.replaceAll('$', '$$$$');
    if (d !== v) out.push(d);
  }
  return out;
}

/**
 * A function that scrubs the values from any text: the patterns are prepared once, so scrubbing the
 * many strings of a report costs a scan of each string rather than a pass per value.
 */
export function makeScrubber(values: Iterable<string>): (text: string) => string {
  const sequence = scrubPatterns(values);
  if (!sequence.length) return (text) => text;
  // Replacing the patterns one after the other (what the scrub means) is the same as choosing, pattern by
  // pattern, among their places in the original text, as long as no pattern can match across or inside a
  // mask already put in. A pattern with `*` or inside the mask's own text could: those keep the slow way.
  if (sequence.some((p) => p.includes('*') || REDACTED.includes(p))) return (text) => scrubInTurn(text, sequence);
  // Then a pattern met again later has nothing left to replace: its first turn took every place it could.
  const patterns = [...new Set(sequence)];
  const find = patterns.length <= FEW_PATTERNS ? findEach(patterns) : findAll(patterns);
  return (text) => {
    const places = find(text);
    return places ? maskPlaces(text, patterns, places) : text;
  };
}

/** Each pattern replaced in turn over the whole text: the definition, kept for patterns the fast way cannot take. */
function scrubInTurn(text: string, patterns: string[]): string {
  let out = text;
  for (const p of patterns) if (out.includes(p)) out = out.split(p).join(REDACTED);
  return out;
}

/** Below this many patterns a native search per pattern beats one scan over the text for all of them. */
const FEW_PATTERNS = 8;

/** Start offsets of every occurrence (overlapping ones too) of each pattern, by pattern; null when none. */
type Finder = (text: string) => number[][] | null;

function findEach(patterns: string[]): Finder {
  return (text) => {
    let places: number[][] | null = null;
    patterns.forEach((p, k) => {
      for (let i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1)) ((places ??= patterns.map(() => []))[k]).push(i);
    });
    return places;
  };
}

/** Patterns are at least MIN_SCRUB long: their first MIN_SCRUB characters pick the candidates at each offset. */
function headHash(s: string, i: number, mask: number): number {
  let h = s.charCodeAt(i);
  h = Math.imul(h, 0x9e3779b1) ^ s.charCodeAt(i + 1);
  h = Math.imul(h, 0x9e3779b1) ^ s.charCodeAt(i + 2);
  h = Math.imul(h, 0x9e3779b1) ^ s.charCodeAt(i + 3);
  return (h ^ (h >>> 15)) & mask;
}

function findAll(patterns: string[]): Finder {
  let size = 256;
  while (size < patterns.length * 4) size *= 2;
  const mask = size - 1;
  const head = new Int32Array(size).fill(-1);
  const next = new Int32Array(patterns.length).fill(-1);
  // Chains in reverse so each bucket lists its patterns in order.
  for (let k = patterns.length - 1; k >= 0; k--) {
    const h = headHash(patterns[k], 0, mask);
    next[k] = head[h];
    head[h] = k;
  }
  return (text) => {
    let places: number[][] | null = null;
    for (let i = 0, last = text.length - MIN_SCRUB; i <= last; i++) {
      for (let k = head[headHash(text, i, mask)]; k >= 0; k = next[k]) {
        if (text.startsWith(patterns[k], i)) ((places ??= patterns.map(() => []))[k]).push(i);
      }
    }
    return places;
  };
}

/**
 * Masks what replacing the patterns in turn would: each pattern, in order, takes its occurrences from left
 * to right that overlap neither an earlier pattern's mask nor its own previous occurrence.
 */
function maskPlaces(text: string, patterns: string[], places: number[][]): string {
  const taken = new Uint8Array(text.length);
  const masks: Array<[number, number]> = [];
  patterns.forEach((p, k) => {
    let end = -1;
    for (const start of places[k]) {
      if (start < end) continue;
      const stop = start + p.length;
      let free = true;
      for (let i = start; i < stop && free; i++) free = taken[i] === 0;
      if (!free) continue;
      taken.fill(1, start, stop);
      masks.push([start, stop]);
      end = stop;
    }
  });
  if (!masks.length) return text;
  masks.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, stop] of masks) {
    out += text.slice(at, start) + REDACTED;
    at = stop;
  }
  return out + text.slice(at);
}
