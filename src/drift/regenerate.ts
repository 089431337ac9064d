// The `# Regenerate with: compose-harden harden ...` line of a generated override: the options that shaped
// it (--strict, --fix, --compose-version), so the drift check regenerates it the same way instead of
// reporting every opt-in fix as drift.
const LINE = /^# Regenerate with: (compose-harden harden\b.*)$/m;

export interface RegenerateOptions {
  /** The whole command line as written in the header. */
  command?: string;
  strict?: boolean;
  fix?: string[];
  composeVersion?: string;
}

/** Split a command line the way a POSIX shell would for plain words and '...'/"..." quoting. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      cur += line.slice(i + 1, end < 0 ? line.length : end);
      i = end < 0 ? line.length : end;
      has = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        cur += line[j];
      }
      i = j;
      has = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

const SAFE = /^[\w@%+=:,./-]+$/;

/** One argument for a POSIX shell command line: as is when safe, else single-quoted. */
export function quoteArg(s: string): string {
  return SAFE.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function parseRegenerate(overrideText: string): RegenerateOptions {
  const m = LINE.exec(overrideText.replace(/\r\n?/g, '\n'));
  if (!m) return {};
  const command = m[1].trim();
  const args = splitArgs(command).slice(2);
  const o: RegenerateOptions = { command };
  const value = (i: number, name: string): [string | undefined, number] => {
    const a = args[i];
    if (a.startsWith(`${name}=`)) return [a.slice(name.length + 1), i];
    return [args[i + 1], i + 1];
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--strict') o.strict = true;
    else if (a === '--fix' || a.startsWith('--fix=')) {
      const [v, next] = value(i, '--fix');
      i = next;
      if (v) o.fix = [...(o.fix ?? []), ...v.split(',').map((s) => s.trim()).filter(Boolean)];
    } else if (a === '--compose-version' || a.startsWith('--compose-version=')) {
      const [v, next] = value(i, '--compose-version');
      i = next;
      if (v) o.composeVersion = v;
    }
  }
  return o;
}
