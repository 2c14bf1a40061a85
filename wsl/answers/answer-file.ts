/**
 * Unattended answer files (YAML, or JSON which YAML reads too): everything an install needs,
 * so IT can run `azl-wsl install --answers FILE` with no prompts. Schema: docs/answer-file.md.
 *
 * Strict on purpose: an unknown key is almost always a typo that would silently drop a
 * setting, and a plaintext password in a file copied around a fleet is a leak, so both are
 * refused with the line they are on.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { AzlError } from '../../common/errors.js';
import { DISTRO_NAME_PATTERN, DISTRO_NAME_RULE, isValidDistroName } from '../../common/distro-names.js';
import { INSTALL_METHODS, isInstallMethod, type InstallMethod } from '../../common/install-method.js';
import { checkUserName, FIRST_USER_UID, isPersonUid, isSha512CryptHash, LAST_USER_UID } from '../../common/account-rules.js';
import { isSshPublicKey, isValidGroupName, validateAccountRequest } from '../account/validate-account.js';
import type { AccountPassword, AccountRequest } from '../account/account-options.js';
import { isValidConfName, type WslConfValues } from '../account/wsl-conf.js';

export type { InstallMethod } from '../../common/install-method.js';

/** The image: a file, a download, or a name in the organization's catalog; `version` is the image version wanted (ensure compares it). */
export type AnswerImage =
  | { kind: 'path'; path: string; sha256?: string; version?: string }
  | { kind: 'url'; url: string; sha256: string; version?: string }
  | { kind: 'catalog'; catalog: string; sha256?: string; version?: string };

export interface AnswerFile {
  /** Absolute path of the answer file itself. */
  file: string;
  name: string;
  /** Absolute install folder, when given. */
  location?: string;
  image: AnswerImage;
  /** `image.verifyKey`: the public key file (absolute) the image's signed checksum must verify with. */
  verifyKey?: string;
  method: InstallMethod;
  account: AccountRequest;
}

/** The only schema version so far; the key lets a later format be told apart. */
export const ANSWER_FILE_VERSION = 1;

const TOP_KEYS = ['version', 'name', 'location', 'image', 'method', 'user', 'password', 'passwordHash', 'groups', 'sudo', 'sshPublicKeys', 'uid', 'wslConf'];
const IMAGE_KEYS = ['path', 'url', 'catalog', 'sha256', 'version', 'verifyKey'];
/** Image versions as catalogs and os-release IMAGE_VERSION write them (4.0.20260601, 4.0.2-1). */
const IMAGE_VERSION = /^[0-9A-Za-z][0-9A-Za-z.+~_-]{0,63}$/;
const SHA256 = /^[0-9a-fA-F]{64}$/;

class Reader {
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  line(node: Node | Pair | null | undefined): number {
    const range = node && 'range' in node ? node.range : node && 'key' in node ? (node.key as Node | null)?.range : undefined;
    return range ? this.lines.linePos(range[0]).line : 0;
  }

  fail(message: string, node?: Node | Pair | null, hint = 'Fix the answer file (see docs/answer-file.md) and run again.'): never {
    const line = this.line(node ?? null);
    throw new AzlError('ANSWER_FILE_INVALID', `${this.file}${line ? `:${line}` : ''}: ${message}`, { hint });
  }

  /** The map's pairs by key, refusing keys not in `allowed`. */
  entries(map: YAMLMap, allowed: readonly string[], where: string): Map<string, Pair> {
    const out = new Map<string, Pair>();
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) this.fail(`${where} has a key that is not a plain name.`, pair.key as Node);
      if (!allowed.includes(key)) {
        this.fail(`unknown key "${key}"${where === 'the file' ? '' : ` in ${where}`}; allowed: ${allowed.join(', ')}.`, pair.key as Node);
      }
      out.set(key, pair);
    }
    return out;
  }

  string(pair: Pair | undefined, key: string): string | undefined {
    if (!pair) return undefined;
    if (!isScalar(pair.value) || typeof pair.value.value !== 'string' || pair.value.value.length === 0) {
      this.fail(`"${key}" must be a non-empty text value.`, pair.key as Node);
    }
    return pair.value.value;
  }

  /** Text as written, even when YAML would read it as a number (an all-digit checksum). */
  rawText(pair: Pair | undefined, key: string): string | undefined {
    if (!pair) return undefined;
    if (isScalar(pair.value) && typeof pair.value.value === 'number') {
      return (pair.value as { source?: string }).source ?? String(pair.value.value);
    }
    return this.string(pair, key);
  }

  /** A list of texts, each checked by `valid` (failing at that entry's own line). */
  stringList(pair: Pair | undefined, key: string, valid?: (value: string) => string | undefined): string[] | undefined {
    if (!pair) return undefined;
    if (!isSeq(pair.value)) this.fail(`"${key}" must be a list.`, pair.key as Node);
    return pair.value.items.map((item) => {
      if (!isScalar(item) || typeof item.value !== 'string') this.fail(`every entry of "${key}" must be text.`, item as Node);
      const problem = valid?.(item.value);
      if (problem) this.fail(problem, item as Node);
      return item.value;
    });
  }
}

/** Parses and validates answer-file text; `file` names it in errors and anchors relative paths. */
export function parseAnswerText(text: string, file: string): AnswerFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const reader: Reader = new Reader(file, lines);
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    // An unclosed quote is reported where the file ends; the user needs the line it opens on.
    const quote = error.code === 'MISSING_CHAR' && /quote/.test(error.message) ? (error.message.includes('"quote') ? '"' : "'") : undefined;
    const opening = quote ? text.lastIndexOf(quote, error.pos[0] - 1) : -1;
    const line = lines.linePos(opening >= 0 ? opening : error.pos[0]).line;
    throw new AzlError('ANSWER_FILE_INVALID', `${file}:${line}: not valid YAML or JSON (${error.message.split('\n')[0]}).`, {
      hint: 'Fix the syntax (see docs/answer-file.md) and run again.',
    });
  }
  if (!isMap(doc.contents)) reader.fail('the file must be a map of settings (key: value).', doc.contents);
  const top = reader.entries(doc.contents, TOP_KEYS, 'the file');
  const base = dirname(file);

  const versionPair = top.get('version');
  if (versionPair && !(isScalar(versionPair.value) && versionPair.value.value === ANSWER_FILE_VERSION)) {
    reader.fail(`"version" must be ${ANSWER_FILE_VERSION}.`, versionPair);
  }

  const name = reader.string(top.get('name'), 'name') ?? reader.fail('"name" (the distribution name) is required.');
  if (!isValidDistroName(name)) reader.fail(`"${name}" is not a valid distribution name. ${DISTRO_NAME_RULE}`, top.get('name'));

  const locationText = reader.string(top.get('location'), 'location');
  const location = locationText === undefined ? undefined : isAbsolute(locationText) ? locationText : resolve(base, locationText);

  const imagePair = top.get('image') ?? reader.fail('"image" (path, url with sha256, or catalog) is required.');
  if (!isMap(imagePair.value)) reader.fail('"image" must be a map with "path", "url" and "sha256", or "catalog".', imagePair);
  const imageKeys = reader.entries(imagePair.value, IMAGE_KEYS, '"image"');
  const path = reader.string(imageKeys.get('path'), 'image.path');
  const url = reader.string(imageKeys.get('url'), 'image.url');
  const sha256 = reader.rawText(imageKeys.get('sha256'), 'image.sha256');
  if (sha256 !== undefined && !SHA256.test(sha256)) reader.fail('"image.sha256" must be 64 hexadecimal digits.', imageKeys.get('sha256'));
  const catalog = reader.string(imageKeys.get('catalog'), 'image.catalog');
  const imageVersion = reader.rawText(imageKeys.get('version'), 'image.version');
  if (imageVersion !== undefined && !IMAGE_VERSION.test(imageVersion)) {
    reader.fail('"image.version" must be a version like 4.0.20260601 (letters, digits, ".", "+", "~", "_", "-").', imageKeys.get('version'));
  }
  const version = imageVersion === undefined ? {} : { version: imageVersion };
  let image: AnswerImage;
  if ([path, url, catalog].filter((value) => value !== undefined).length > 1) reader.fail('"image" takes one of "path", "url" or "catalog".', imagePair);
  if (url !== undefined) {
    if (!/^https:\/\/[^\s]+$/i.test(url)) reader.fail('"image.url" must be an https:// address.', imageKeys.get('url'));
    if (sha256 === undefined) reader.fail('"image.sha256" is required with "image.url", so a download can be verified.', imagePair);
    image = { kind: 'url', url, sha256: sha256.toLowerCase(), ...version };
  } else if (path !== undefined) {
    image = { kind: 'path', path: isAbsolute(path) ? path : resolve(base, path), sha256: sha256?.toLowerCase(), ...version };
  } else if (catalog !== undefined) {
    if (!DISTRO_NAME_PATTERN.test(catalog)) reader.fail(`"image.catalog" must be a catalog flavor or entry name (letters, digits, ".", "_", "-"), not "${catalog}".`, imageKeys.get('catalog'));
    image = { kind: 'catalog', catalog, ...(sha256 === undefined ? {} : { sha256: sha256.toLowerCase() }), ...version };
  } else {
    reader.fail('"image" needs "path", "url" or "catalog".', imagePair);
  }

  const verifyKeyText = reader.string(imageKeys.get('verifyKey'), 'image.verifyKey');
  const verifyKey = verifyKeyText === undefined ? undefined : isAbsolute(verifyKeyText) ? verifyKeyText : resolve(base, verifyKeyText);

  const methodText = reader.string(top.get('method'), 'method') ?? 'auto';
  if (!isInstallMethod(methodText)) reader.fail(`"method" must be ${INSTALL_METHODS.join(', ')}.`, top.get('method'));

  const user = reader.string(top.get('user'), 'user') ?? reader.fail('"user" (the first account) is required.');
  const userProblem = checkUserName(user);
  if (userProblem) reader.fail(`"user": ${userProblem.message}`, top.get('user'));

  const passwordPair = top.get('password');
  const hash = reader.string(top.get('passwordHash'), 'passwordHash');
  let password: AccountPassword;
  if (passwordPair) {
    if (!(isScalar(passwordPair.value) && passwordPair.value.value === 'none')) {
      reader.fail(
        'a plaintext "password" is not allowed in an answer file.',
        passwordPair,
        'Put a SHA-512 hash in "passwordHash" (make one with "openssl passwd -6"), or write "password: none" for a passwordless account.',
      );
    }
    if (hash !== undefined) reader.fail('"password: none" and "passwordHash" contradict each other.', passwordPair);
    password = { kind: 'none' };
  } else if (hash !== undefined) {
    if (!isSha512CryptHash(hash)) reader.fail('"passwordHash" is not a SHA-512 crypt hash ($6$salt$…).', top.get('passwordHash'), 'Create one with "openssl passwd -6".');
    password = { kind: 'hash', value: hash };
  } else {
    reader.fail('say how the account logs in: "passwordHash: $6$…" or "password: none".');
  }

  const sudoText = reader.string(top.get('sudo'), 'sudo') ?? (password.kind === 'none' ? 'nopasswd' : 'password');
  if (sudoText !== 'password' && sudoText !== 'nopasswd') return reader.fail('"sudo" must be password or nopasswd.', top.get('sudo'));
  if (password.kind === 'none' && sudoText === 'password') {
    reader.fail('a passwordless account cannot use sudo with a password; use "sudo: nopasswd" or give a passwordHash.', top.get('sudo'));
  }

  const uidPair = top.get('uid');
  let uid: number | undefined;
  if (uidPair) {
    if (!isScalar(uidPair.value) || typeof uidPair.value.value !== 'number' || !Number.isInteger(uidPair.value.value)) {
      reader.fail('"uid" must be a whole number.', uidPair);
    }
    uid = uidPair.value.value;
    if (!isPersonUid(uid!)) reader.fail(`"uid" ${uid} is not a uid for a person's account; use a whole number from ${FIRST_USER_UID} to ${LAST_USER_UID}.`, uidPair);
  }

  let wslConf: WslConfValues | undefined;
  const confPair = top.get('wslConf');
  if (confPair) {
    if (!isMap(confPair.value)) reader.fail('"wslConf" must map section names to maps of settings.', confPair);
    wslConf = {};
    for (const sectionPair of confPair.value.items) {
      const section = isScalar(sectionPair.key) ? String(sectionPair.key.value) : '';
      if (!isValidConfName(section) || !isMap(sectionPair.value)) reader.fail(`wslConf section "${section}" must be a map of settings.`, sectionPair);
      if (section.toLowerCase() === 'user') reader.fail('set the default user with "user", not wslConf.user.', sectionPair);
      const values: Record<string, string> = {};
      for (const keyPair of sectionPair.value.items) {
        const key = isScalar(keyPair.key) ? String(keyPair.key.value) : '';
        if (!isValidConfName(key) || !isScalar(keyPair.value) || keyPair.value.value === null || typeof keyPair.value.value === 'object') {
          reader.fail(`wslConf.${section}.${key} must be a single text, number or true/false value.`, keyPair);
        }
        const value = String(keyPair.value.value);
        // wsl.conf is line based: a line break in a value would write a second setting.
        if (/[\0\r\n]/.test(value)) reader.fail(`wslConf.${section}.${key} must be on one line (no line breaks).`, keyPair);
        values[key] = value;
      }
      wslConf[section] = values;
    }
  }

  const account: AccountRequest = {
    user,
    password,
    sudo: sudoText,
    groups: reader.stringList(top.get('groups'), 'groups', (group) => (isValidGroupName(group) ? undefined : `"${group}" is not a valid group name (lower-case letters, digits, "_", "-").`)),
    sshPublicKeys: reader.stringList(top.get('sshPublicKeys'), 'sshPublicKeys', (key) => (isSshPublicKey(key) ? undefined : 'an entry of "sshPublicKeys" is not a single "type base64 [comment]" public key line.')),
    uid,
    wslConfExtra: wslConf,
  };
  // Everything the installer checks before registering is checked here, with a line where
  // one of the checks above did not already stop (a rule added to the installer later).
  try {
    validateAccountRequest(account, []);
  } catch (error) {
    reader.fail(error instanceof Error ? error.message : String(error), top.get('user'));
  }
  return { file, name, location, image, ...(verifyKey === undefined ? {} : { verifyKey }), method: methodText, account };
}

/** Reads and validates an answer file. */
export async function parseAnswerFile(path: string): Promise<AnswerFile> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AzlError('ANSWER_FILE_INVALID', `The answer file ${file} cannot be read.`, {
      hint: 'Check the path and permissions of the answer file.',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  return parseAnswerText(text, file);
}
