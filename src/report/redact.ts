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
  if (/_FILE$/i.test(name)) return false;
  return SECRET_NAME.test(name) || isSecretName(name) || classifyValue(value).length > 0;
}

/** Shortest value worth scrubbing from text: shorter ones would mangle unrelated output. */
const MIN_SCRUB = 4;

/** Every secret-looking value in the project (whole values and the secret parts inside them). */
export function collectSecretValues(p: Project): Set<string> {
  const out = new Set<string>();
  const addParts = (value: string) => {
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
  const walk = (v: unknown, name: string, depth: number) => {
    if (depth > 50) return;
    if (typeof v === 'string') {
      entry(name, v);
      addParts(v);
    } else if (Array.isArray(v)) {
      const strings = v.filter((x): x is string => typeof x === 'string');
      for (const c of commandSecrets(strings)) {
        const word = strings[c.index]?.slice(c.start, c.end);
        if (word && word.length >= MIN_SCRUB) out.add(word);
      }
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
  const list = [...values].filter((v) => v.length >= MIN_SCRUB).sort((a, b) => b.length - a.length);
  if (!list.length) return text;
  let out = text;
  for (const v of list) if (out.includes(v)) out = out.split(v).join(REDACTED);
  // YAML/JSON may have escaped a value (quotes, backslashes): scrub those spellings too.
  for (const v of list) {
    const j = JSON.stringify(v).slice(1, -1);
    if (j !== v && out.includes(j)) out = out.split(j).join(REDACTED);
    const d = v.replaceAll('$', '$$$$');
    if (d !== v && out.includes(d)) out = out.split(d).join(REDACTED);
  }
  return out;
}
