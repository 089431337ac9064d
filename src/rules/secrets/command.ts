// Secrets on command lines: `--password=x`, `--requirepass x`, `mysql -px`, `redis-cli -a x`, `TOKEN=x cmd`,
// and any recognisable token or URL password. Works on the argv array; shell strings inside it (`sh -c "..."`)
// are cut into words, keeping the element index and offsets so the caller can tell a literal from `${VAR}`.

import { classifyValue, describeKind, isReference, isSecretName } from './detect.ts';
import type { Policy } from '../../policy/types.ts';

export interface CommandSecret {
  /** argv element holding the secret. */
  index: number;
  /** Offsets of the secret inside that element (never printed). */
  start: number;
  end: number;
  /** What gave it away: a flag or variable name, or a token kind; never the value. */
  reason: string;
}

interface Word {
  index: number;
  start: number;
  end: number;
  text: string;
}

/** Flags whose value is a secret although their name is a single word. */
const SECRET_FLAGS = new Set(['requirepass', 'masterauth', 'pass', 'passwd', 'pw', 'password', 'token', 'secret', 'apikey', 'authtoken']);
const MYSQL_CLIENTS = /^(?:.*\/)?(?:mysql|mysqladmin|mysqldump|mysqlcheck|mysqlimport|mysqlsh|mariadb|mariadb-admin|mariadb-dump|mariadb-check)$/;
const REDIS_CLI = /^(?:.*\/)?(?:redis-cli|valkey-cli|keydb-cli)$/;

function words(argv: readonly unknown[]): Word[] {
  const out: Word[] = [];
  argv.forEach((el, index) => {
    if (typeof el !== 'string') return;
    for (const m of el.matchAll(/\S+/g)) {
      let start = m.index;
      let end = start + m[0].length;
      // Quotes belong to the shell, not to the value.
      while (end - start > 1 && /["']/.test(el[start])) start++;
      while (end - start > 1 && /["';]/.test(el[end - 1])) end--;
      out.push({ index, start, end, text: el.slice(start, end) });
    }
  });
  return out;
}

function flagName(word: string): string | undefined {
  const m = /^--?([A-Za-z][A-Za-z0-9_.-]*)$/.exec(word);
  return m?.[1];
}

function secretFlag(name: string, policy?: Pick<Policy, 'secretNames'>): boolean {
  return SECRET_FLAGS.has(name.toLowerCase().replace(/[-_]/g, '')) || isSecretName(name, policy);
}

/** A value the shell expands at run time (`$VAR`, `"$(cat /run/secrets/x)"`, backticks) is not a secret. */
function usable(value: string): boolean {
  return value !== '' && !/^[$`]/.test(value) && !isReference(value);
}

export function commandSecrets(argv: readonly unknown[], policy?: Pick<Policy, 'secretNames'>): CommandSecret[] {
  const ws = words(argv);
  const out: CommandSecret[] = [];
  const seen = new Set<string>();
  const add = (w: Word, start: number, end: number, reason: string): void => {
    const id = `${w.index}:${start}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ index: w.index, start, end, reason });
  };
  const mysql = ws.some((w) => MYSQL_CLIENTS.test(w.text));
  const redis = ws.some((w) => REDIS_CLI.test(w.text));
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    const eq = /^(--?[A-Za-z][A-Za-z0-9_.-]*|[A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.text);
    if (eq) {
      const name = eq[1].replace(/^-+/, '');
      const value = eq[2];
      const isFlag = eq[1].startsWith('-');
      if ((isFlag ? secretFlag(name, policy) : isSecretName(name, policy)) && usable(value)) {
        add(w, w.end - value.length, w.end, `${isFlag ? 'flag ' + eq[1] : 'variable ' + name}`);
      }
    } else {
      const flag = flagName(w.text);
      const next = ws[i + 1];
      if (flag && next && !next.text.startsWith('-') && usable(next.text)) {
        if ((w.text.startsWith('--') || flag.length > 1) && secretFlag(flag, policy)) add(next, next.start, next.end, `flag ${w.text}`);
        else if (w.text === '-a' && redis) add(next, next.start, next.end, 'flag -a of redis-cli');
      }
      const attached = /^-p(.+)$/s.exec(w.text);
      if (mysql && attached && usable(attached[1])) add(w, w.start + 2, w.end, 'flag -p of the MySQL client');
    }
    for (const f of classifyValue(w.text)) add(w, w.start + f.start, w.start + f.end, describeKind(f.kind));
  }
  return out;
}
