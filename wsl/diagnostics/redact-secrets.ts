/**
 * Takes secrets out of text before it goes into a diagnostics bundle a user mails to the
 * helpdesk: credentials in URLs (proxy `user:password@`), signed-URL and query tokens (Azure SAS
 * `sig=`, `token=`, `key=`), `Authorization:` headers, `password=`/`secret:`-style settings,
 * password hashes (crypt `$6$…`, `$y$…`, bcrypt, argon2), PEM private keys, and well-known token
 * shapes (JWTs, GitHub and Azure DevOps tokens). Each is replaced by `[redacted]`, keeping enough
 * around it (the host, the setting's name) for the text to stay useful.
 */

export const REDACTED = '[redacted]';

/** Words that make a setting's value a secret wherever they appear in its name (proxyPassword, CLIENT_SECRET). */
const SECRET_NAMES = 'password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|account[_-]?key|private[_-]?key|credential';
/** Query parameters that carry secrets by themselves (Azure SAS `sig`, OAuth `code`). */
const SECRET_PARAMETERS = `${SECRET_NAMES}|sig|sas|code|key|auth`;

const RULES: ReadonlyArray<[RegExp, string | ((...match: string[]) => string)]> = [
  // PEM private keys (whole block).
  [/-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g, `-----BEGIN $1PRIVATE KEY-----${REDACTED}-----END $1PRIVATE KEY-----`],
  // user:password@ (and token@) in any URL.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@'"<>]+@/gi, `$1${REDACTED}@`],
  // Authorization headers.
  [/\b(authorization|proxy-authorization)(\s*[:=]\s*)(bearer|basic|negotiate|ntlm|digest)?\s*[^\s'",;]+/gi, (_all, name: string, sep: string, scheme?: string) => `${name}${sep}${scheme ? `${scheme} ` : ''}${REDACTED}`],
  // Query parameters that carry secrets (?sig=…&sv=… keeps sv).
  [new RegExp(`([?&](?:${SECRET_PARAMETERS}))=[^&\\s'"<>#]*`, 'gi'), `$1=${REDACTED}`],
  // "name": "value" (JSON).
  [new RegExp(`("[^"\\n]*(?:${SECRET_NAMES})[^"\\n]*"\\s*:\\s*)"(?:[^"\\\\\\n]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`],
  // name=value / name: value (ini, env, yaml, logs).
  // (Not sudoers' NOPASSWD:/PASSWD: tags; a bare value stops at quotes so JSON stays JSON.)
  [new RegExp(`(^|[\\s;,{("'])((?!(?:no)?passwd\\b)[\\w.-]*(?:${SECRET_NAMES})[\\w.-]*\\s*[=:]\\s*)(?!\\[redacted\\])("[^"\\n]*"|'[^'\\n]*'|[^\\s;,"']+)`, 'gim'), (_all, lead: string, name: string) => `${lead}${name}${REDACTED}`],
  // crypt(3) password hashes: $1$, $5$, $6$, $y$ (yescrypt), $gy$, $7$, $2a/b/y$ (bcrypt), $argon2…$.
  [/\$(?:1|5|6|7|y|gy|2[aby]|sha1|argon2(?:id|i|d))\$[^\s:'"]{8,}/g, REDACTED],
  // JSON Web Tokens.
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, REDACTED],
  // GitHub tokens, Azure DevOps / generic 52-char PATs are caught above only with a name; these by shape.
  [/\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}\b/g, REDACTED],
  // Azure storage account keys (88 base64 characters ending in ==).
  [/\b[A-Za-z0-9+/]{86}==/g, REDACTED],
];

/** The text with every secret it recognizes replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) {
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement as (...args: string[]) => string);
  }
  return out;
}
