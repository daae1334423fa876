/**
 * Environment values that look like secrets never reach a plan, a screen or the audit log.
 * Secrets proper live in `secrets` (references, not values); this catches the ones that
 * were put in plain environment variables anyway.
 */

export const secretMask = '••••••';

const sensitiveWords = new Set([
  'PASSWORD',
  'PASSWD',
  'PWD',
  'PASS',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'TOKENS',
  'CREDENTIAL',
  'CREDENTIALS',
  'APIKEY',
  'PASSPHRASE',
  'SALT',
  'DSN',
]);

/** Word pairs that make a name sensitive together though neither does alone. */
const sensitivePairs = [
  ['API', 'KEY'],
  ['ACCESS', 'KEY'],
  ['PRIVATE', 'KEY'],
  ['SIGNING', 'KEY'],
  ['ENCRYPTION', 'KEY'],
  ['CLIENT', 'KEY'],
  ['MASTER', 'KEY'],
  ['CONNECTION', 'STRING'],
];

/** Words that make a name about a secret rather than the secret: `TOKEN_TTL_SECONDS`, `DB_PASSWORD_FILE`. */
const describingWords = new Set([
  'TTL',
  'TIMEOUT',
  'EXPIRY',
  'EXPIRES',
  'LIFETIME',
  'SECONDS',
  'MS',
  'MINUTES',
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'PORT',
  'PATH',
  'FILE',
  'HEADER',
  'NAME',
  'ID',
  'ARN',
  'REGION',
  'LENGTH',
  'ENABLED',
]);

export function isSensitiveName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((word) => word !== '');
  if (words.some((word) => describingWords.has(word))) return false;
  if (words.some((word) => sensitiveWords.has(word))) return true;
  for (let i = 0; i + 1 < words.length; i++) {
    if (sensitivePairs.some(([a, b]) => words[i] === a && words[i + 1] === b)) return true;
  }
  // `STRIPE_KEY`, `HMAC_KEY`: a trailing KEY is a secret unless it says it is public.
  return words.length > 1 && words[words.length - 1] === 'KEY' && !words.includes('PUBLIC');
}

const secretLookingValues: RegExp[] = [
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key ids
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./, // JWTs
  /\b(sk|rk)_(live|test)_[A-Za-z0-9]{10,}\b/, // payment provider keys
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/,
];

/**
 * An AWS secret access key: 40 characters of base64's alphabet with both cases and a digit,
 * on its own. Requiring both cases keeps a 40-character git commit hash (lower-case hex) shown.
 */
const awsSecretKeyShape = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

function holdsAwsSecretKey(value: string): boolean {
  return [...value.matchAll(awsSecretKeyShape)].some(
    ([candidate]) => /[a-z]/.test(candidate) && /[A-Z]/.test(candidate) && /[0-9]/.test(candidate),
  );
}

/**
 * Secrets inside a longer value, where only the secret is hidden and the rest stays readable:
 * the password of a URL (`scheme://user:password@host`, also with no user), a JAAS config's
 * `password="…"`, and the credential of an HTTP `Bearer` or `Basic` authorisation.
 */
const secretParts: RegExp[] = [
  /(?<=^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]+(?=@)/gi,
  /(?<=\bpassword\s*=\s*")[^"]*(?=")/gi,
  /(?<=\bpassword\s*=\s*')[^']*(?=')/gi,
  /(?<=\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{8,}/g,
];

/** The value as it may be shown: masked entirely, with its secret parts hidden, or as it is. */
export function maskEnvironmentValue(name: string, value: string): { text: string; masked: boolean } {
  if (value === '') return { text: value, masked: false };
  if (
    isSensitiveName(name) ||
    secretLookingValues.some((pattern) => pattern.test(value)) ||
    holdsAwsSecretKey(value)
  ) {
    return { text: secretMask, masked: true };
  }
  const text = secretParts.reduce((shown, part) => shown.replace(part, secretMask), value);
  return { text, masked: text !== value };
}
