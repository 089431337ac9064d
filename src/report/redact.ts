// Which values output must mask. Kept deliberately wider than the secret rules: printing a harmless
// value masked costs little, printing a password costs a rotation.
const SECRET_NAME = /(pass(word|wd)?|pwd|secret|token|api[_-]?key|apikey|private[_-]?key|credential|access[_-]?key|auth|cookie|session[_-]?key|salt|signing|encryption[_-]?key|dsn|connection[_-]?string)/i;
const URL_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;

export function isSecretEntry(name: string, value: string): boolean {
  if (value === '') return false;
  if (/_FILE$/i.test(name)) return false;
  return SECRET_NAME.test(name) || URL_CREDENTIALS.test(value) || looksLikeKey(value);
}

function looksLikeKey(v: string): boolean {
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v) || /^(AKIA|ASIA)[A-Z0-9]{16}$/.test(v) || /^gh[pousr]_[A-Za-z0-9]{30,}$/.test(v) || /^xox[abpr]-/.test(v) || /^sk_(live|test)_/.test(v);
}
