/**
 * Validates a built image the way Microsoft's `distributions/validate-modern.py` does for
 * images submitted to `wsl --install` (rules as listed in shared/docs/azure-linux-profiles.md,
 * "Validation"): requirements are errors, "should"/"warns" items are warnings.
 */
import { stat } from 'node:fs/promises';
import { throwIfAborted } from '../../common/errors.js';
import { detectCompression, type TarCompression } from '../archive/tar-reader.js';
import { indexArchive, loadContents, resolveInArchive, type ArchiveIndex, type IndexedEntry } from './archive-index.js';
import { MAX_PROBLEMS_PER_RULE } from './member-rules.js';

/** Files whose whole content the rules read, wherever their links lead. */
const CONTENT_CHECKED_FILES = ['/etc/wsl-distribution.conf', '/etc/wsl.conf', '/etc/passwd', '/etc/shadow'];
import { discouragedUnitEnabledBy, UNITS_KEPT_FOR_WSLG } from './discouraged-units.js';
import { elfArch, normalizeArch } from './elf-machine.js';
import {
  DISTRIBUTION_CONF_PATH,
  DISTRIBUTION_CONF_SCHEMA,
  WSL_CONF_PATH,
  WSL_CONF_SCHEMA,
  formatWslConfigWarning,
  parseWslConfig,
  type WslConfigFile,
  type WslConfigSchema,
} from '../../common/wsl-config-file.js';

export interface Finding {
  severity: 'error' | 'warning';
  rule: string;
  message: string;
  path?: string;
}

export interface ValidationReport {
  errors: Finding[];
  warnings: Finding[];
}

/** WSL reads icons and terminal profile templates only up to 1 MiB (UtilReadFileRaw). */
const MAX_WSL_ASSET = 1024 * 1024;
/** The uid WSL's documentation asks the first-run user to get. */
const EXPECTED_DEFAULT_UID = 1000;


/** xattrs WSL1's file system cannot hold. */
const UNSUPPORTED_XATTRS = ['security.selinux', 'security.ima', 'security.evm'];

const octal = (mode: number): string => '0' + (mode & 0o7777).toString(8).padStart(3, '0');

class Findings {
  readonly report: ValidationReport = { errors: [], warnings: [] };
  error(rule: string, message: string, path?: string): void {
    this.report.errors.push({ severity: 'error', rule, message, path });
  }
  warning(rule: string, message: string, path?: string): void {
    this.report.warnings.push({ severity: 'warning', rule, message, path });
  }
  add(severity: Finding['severity'], rule: string, message: string, path?: string): void {
    if (severity === 'error') this.error(rule, message, path);
    else this.warning(rule, message, path);
  }
}

interface FileRule {
  /** Rule name prefix, e.g. `passwd` gives `passwd-owner`, `passwd-mode`. */
  rule: string;
  modes: number[];
  /** Check the group too (uid is always checked). */
  checkGid: boolean;
  severity: Finding['severity'];
}

/** Owner and mode checks of one member; returns false when the member is missing. */
function checkOwnerAndMode(findings: Findings, shown: string, item: IndexedEntry, rule: FileRule): void {
  const { entry } = item;
  if (entry.uid !== 0 || (rule.checkGid && entry.gid !== 0)) {
    findings.add(rule.severity, `${rule.rule}-owner`, `${shown} is owned by ${entry.uid}:${entry.gid}; it must be owned by root (0${rule.checkGid ? ':0' : ''}).`, shown);
  }
  if (!rule.modes.includes(entry.mode)) {
    findings.add(rule.severity, `${rule.rule}-mode`, `${shown} has mode ${octal(entry.mode)}; expected ${rule.modes.map(octal).join(' or ')}.`, shown);
  }
}

function lookup(index: ArchiveIndex, path: string): IndexedEntry | undefined {
  return resolveInArchive(index, path)?.item;
}

function text(item: IndexedEntry | undefined): string | undefined {
  return item?.content?.toString('utf8');
}

function checkElf(findings: Findings, index: ArchiveIndex, path: string, rule: string, arch: string, required: boolean): void {
  const item = lookup(index, path);
  if (!item) {
    if (required) findings.error(rule, `${path} does not exist in the image (links followed inside the image).`, path);
    return;
  }
  const found = elfArch(item.entry.type === 'file' ? item.head : undefined);
  if (found === undefined) findings.error(rule, `${path} is not an ELF executable.`, path);
  else if (found !== arch) findings.error(rule, `${path} is built for ${found}, but the image is for ${arch}.`, path);
}

function underAny(path: string, folders: string[]): boolean {
  return folders.some((folder) => path.startsWith(folder + '/'));
}

/**
 * Reads a WSL config file with WSL's own rules and reports what WSL would complain about or
 * ignore: the line where it stops reading (an error: nothing after it takes effect), unknown
 * keys and values it rejects (errors: the setting does not apply), duplicates (a warning: the
 * first one counts).
 */
function readConfig(findings: Findings, shown: string, content: string, schema: WslConfigSchema, rule: string): WslConfigFile {
  const config = parseWslConfig(content, { path: shown, schema });
  for (const warning of config.warnings) {
    const said = formatWslConfigWarning(warning);
    if (warning === config.stop?.warning) {
      findings.error(`${rule}-syntax`, `${shown} line ${config.stop.line} is invalid for WSL (${said}); WSL stops reading the file there, so nothing after it takes effect.`, shown);
    } else if (warning.id === 'configUnknownKey') {
      findings.error(`${rule}-key`, `${shown} has the unknown key "${warning.key}" (${said}).`, shown);
    } else if (warning.id === 'configKeyDuplicated') {
      findings.warning(`${rule}-duplicate`, `${shown} sets "${warning.key}" twice; WSL uses the first one and warns (${said}).`, shown);
    } else {
      findings.error(`${rule}-value`, `${shown}: ${said}; WSL ignores the setting.`, shown);
    }
  }
  return config;
}

function checkDistributionConf(findings: Findings, index: ArchiveIndex): number | undefined {
  const shown = DISTRIBUTION_CONF_PATH;
  const item = lookup(index, shown);
  if (!item || item.entry.type !== 'file') {
    findings.error('distribution-conf-missing', `${shown} is missing; WSL needs it for the first-run setup, the name and the shortcut.`, shown);
    return undefined;
  }
  checkOwnerAndMode(findings, shown, item, { rule: 'distribution-conf', modes: [0o644, 0o664], checkGid: true, severity: 'error' });
  const config = readConfig(findings, shown, text(item) ?? '', DISTRIBUTION_CONF_SCHEMA, 'distribution-conf');

  const command = config.string('oobe.command');
  if (command) {
    const program = command.trim().split(/\s+/)[0];
    const target = lookup(index, program);
    if (!target || target.entry.type !== 'file') {
      findings.error('oobe-command-missing', `The oobe.command program ${program} does not exist in the image.`, program);
    } else {
      checkOwnerAndMode(findings, program, target, { rule: 'oobe-command', modes: [0o755, 0o775], checkGid: true, severity: 'error' });
    }
    if (!underAny(program, ['/usr/lib/wsl', '/usr/libexec/wsl'])) {
      findings.warning('oobe-command-location', `The oobe.command program ${program} should be under /usr/lib/wsl or /usr/libexec/wsl.`, program);
    }
  }

  const defaultUid = config.integer('oobe.defaultUid');
  if (defaultUid !== undefined) {
    if (defaultUid !== EXPECTED_DEFAULT_UID) {
      findings.warning('default-uid', `oobe.defaultUid is ${defaultUid}; WSL expects the first user to get uid ${EXPECTED_DEFAULT_UID}.`, shown);
    }
  }

  const icon = config.string('shortcut.icon');
  if (!icon) {
    findings.warning('shortcut-icon-missing', `${shown} sets no shortcut.icon, so the Start menu shows the generic WSL icon.`, shown);
  } else {
    const target = lookup(index, icon);
    if (!target || target.entry.type !== 'file') {
      findings.error('shortcut-icon-missing-file', `The shortcut.icon file ${icon} does not exist in the image.`, icon);
    } else {
      if (target.entry.size > MAX_WSL_ASSET) {
        findings.error('shortcut-icon-size', `The shortcut.icon file ${icon} is ${target.entry.size} bytes; WSL ignores icons over 1 MiB.`, icon);
      }
      checkOwnerAndMode(findings, icon, target, { rule: 'shortcut-icon', modes: [0o644], checkGid: true, severity: 'warning' });
    }
    if (!underAny(icon, ['/usr/lib/wsl', '/usr/share/wsl'])) {
      findings.warning('shortcut-icon-location', `The shortcut.icon file ${icon} should be under /usr/lib/wsl or /usr/share/wsl.`, icon);
    }
  }

  const template = config.string('windowsterminal.profileTemplate');
  if (template) {
    const target = lookup(index, template);
    if (!target || target.entry.type !== 'file') {
      findings.error('profile-template-missing', `The windowsterminal.profileTemplate file ${template} does not exist in the image.`, template);
    } else {
      if (target.entry.size > MAX_WSL_ASSET) {
        findings.error('profile-template-size', `The terminal profile template ${template} is ${target.entry.size} bytes; WSL reads at most 1 MiB.`, template);
      }
      checkOwnerAndMode(findings, template, target, { rule: 'profile-template', modes: [0o640, 0o660], checkGid: true, severity: 'error' });
      if (target.content) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(target.content.toString('utf8'));
        } catch {
          parsed = undefined;
        }
        if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as { profiles?: unknown }).profiles)) {
          findings.warning('profile-template-json', `The terminal profile template ${template} is not strict JSON with a "profiles" array; WSL will skip it.`, template);
        }
      }
    }
    if (!underAny(template, ['/usr/lib/wsl'])) {
      findings.error('profile-template-location', `The terminal profile template ${template} must be under /usr/lib/wsl.`, template);
    }
  }
  return defaultUid;
}

function checkWslConf(findings: Findings, index: ArchiveIndex, arch: string): void {
  const shown = WSL_CONF_PATH;
  const item = lookup(index, shown);
  if (!item) return;
  checkOwnerAndMode(findings, shown, item, { rule: 'wsl-conf', modes: [0o644, 0o664], checkGid: true, severity: 'error' });
  const content = text(item) ?? '';
  const config = readConfig(findings, shown, content, WSL_CONF_SCHEMA, 'wsl-conf');
  if (config.boolean('boot.systemd', false)) checkElf(findings, index, '/sbin/init', 'sbin-init-elf', arch, true);
  if (config.stop) {
    // A [user] default WSL never reads: the distribution silently starts as root.
    const unread = parseWslConfig(content, { path: shown, skipInvalidLines: true }).entries.filter(
      (entry) => entry.section === 'user' && entry.key === 'default' && entry.startLine > config.stop!.line,
    );
    for (const entry of unread) {
      findings.error('wsl-conf-user-default-unread', `${shown} line ${entry.startLine} sets [user] default, but WSL stops reading at line ${config.stop.line} and never sees it.`, shown);
    }
  }
  if (config.get('user.default')) {
    findings.warning('wsl-conf-user-default', `${shown} sets user.default; a shipped image should let the first-run setup choose the user.`, shown);
  }
}

function checkPasswd(findings: Findings, index: ArchiveIndex, defaultUid: number): void {
  const shown = '/etc/passwd';
  const item = lookup(index, shown);
  if (!item || item.entry.type !== 'file') {
    findings.error('passwd-missing', `${shown} is missing; WSL fails with "getpwuid(0) failed" without a root entry.`, shown);
    return;
  }
  checkOwnerAndMode(findings, shown, item, { rule: 'passwd', modes: [0o644, 0o664], checkGid: true, severity: 'error' });
  const users = new Map<number, string>();
  for (const line of (text(item) ?? '').split('\n')) {
    if (line.trim() === '') continue;
    const fields = line.split(':');
    const uid = Number(fields[2]);
    if (fields.length !== 7 || fields[2] === '' || !Number.isInteger(uid)) {
      findings.error('passwd-fields', `${shown} has an invalid line (7 fields and a numeric uid expected): ${line}`, shown);
      continue;
    }
    if (users.has(uid)) findings.error('passwd-duplicate-uid', `${shown} has more than one entry for uid ${uid}.`, shown);
    else users.set(uid, fields[0]);
  }
  if (!users.has(0)) findings.error('passwd-root', `${shown} has no entry for uid 0.`, shown);
  else if (users.get(0) !== 'root') findings.error('passwd-root', `${shown} gives uid 0 to "${users.get(0)}" instead of root.`, shown);
  if (users.has(defaultUid)) {
    findings.warning('passwd-default-uid', `${shown} already has an entry for the default uid ${defaultUid} (${users.get(defaultUid)}); the first-run setup creates that user.`, shown);
  }
}

function checkShadow(findings: Findings, index: ArchiveIndex): void {
  const shown = '/etc/shadow';
  const item = lookup(index, shown);
  if (!item || item.entry.type !== 'file') {
    findings.error('shadow-missing', `${shown} is missing.`, shown);
    return;
  }
  checkOwnerAndMode(findings, shown, item, { rule: 'shadow', modes: [0o640, 0o600, 0], checkGid: false, severity: 'error' });
}

function isMasked(index: ArchiveIndex, unit: string): boolean {
  const item = index.entries.get(`etc/systemd/system/${unit}`);
  if (item?.entry.type !== 'symlink') return false;
  return resolveInArchive(index, `/etc/systemd/system/${unit}`)?.path === 'dev/null';
}

function checkUnits(findings: Findings, index: ArchiveIndex): void {
  for (const path of index.entries.keys()) {
    const unit = discouragedUnitEnabledBy(path);
    if (unit === undefined || isMasked(index, unit)) continue;
    const advice = UNITS_KEPT_FOR_WSLG.has(unit)
      ? 'WSL discourages it, but WSLg needs it to create its socket links, so azl-wsl leaves it enabled.'
      : 'WSL discourages it. Mask it with a link to /dev/null in /etc/systemd/system.';
    findings.warning('discouraged-unit', `${unit} is enabled (/${path}); ${advice}`, '/' + path);
  }
}

function checkMembers(findings: Findings, index: ArchiveIndex): void {
  // Extraction rules, checked in archive order while indexing (member-rules.ts): the installer
  // refuses an image that breaks any of them, so each is an error here.
  for (const problem of index.members.problems) findings.error(problem.rule, problem.message, problem.path);
  for (const [rule, count] of index.members.counts) {
    if (count > MAX_PROBLEMS_PER_RULE) findings.error(rule, `${count - MAX_PROBLEMS_PER_RULE} more members break the same rule (${rule}).`);
  }
  const etc = lookup(index, '/etc');
  if (etc?.entry.type !== 'directory' && !lookup(index, '/bin/sh')) {
    const top = [...index.entries.keys()].filter((path) => path !== '.' && !path.includes('/'));
    findings.error(
      'not-a-linux-distro',
      `The archive has neither /etc nor /bin/sh at its root${top.length === 1 ? ` (everything is inside "${top[0]}/": pack the root's content, not a wrapping folder)` : ''}.`,
    );
  }
  for (const name of UNSUPPORTED_XATTRS) {
    const paths = [...index.entries.values()].filter((item) => item.entry.xattrs[name] !== undefined).map((item) => item.entry.path);
    if (paths.length > 0) {
      findings.warning('unsupported-xattr', `${paths.length} member(s) carry ${name}, which WSL1 cannot hold (first: /${paths[0]}).`, '/' + paths[0]);
    }
  }
}

/** Validates an image archive; never throws for a bad image, only for unreadable files. */
export async function validateImage(file: string, options: { arch?: string; signal?: AbortSignal } = {}): Promise<ValidationReport> {
  if ((await stat(file)).size === 0) {
    // Not "an uncompressed tar" with nothing in it: an empty file is no archive at all.
    return { errors: [{ severity: 'error', rule: 'archive-empty', message: 'The file is empty; it is not an image (an interrupted download or build?).' }], warnings: [] };
  }
  const compression = await detectCompression(file);
  const index = await indexArchive(file, options.signal);
  return validateIndexedImage(index, { ...options, file, compression });
}

export interface IndexedImageOptions {
  /** The archive file itself, read again only for linked files outside the index's kept folders. */
  file: string;
  compression: TarCompression;
  arch?: string;
  signal?: AbortSignal;
}

/**
 * Applies every rule to an already indexed archive: the one rule set behind both
 * `validateImage` (foreign files) and the build's validation of the tar stream it packs.
 */
export async function validateIndexedImage(index: ArchiveIndex, options: IndexedImageOptions): Promise<ValidationReport> {
  const findings = new Findings();
  const arch = normalizeArch(options.arch ?? process.arch);
  const { compression, file } = options;
  if (compression !== 'gzip' && compression !== 'xz') {
    findings.error(
      'archive-compression',
      compression === 'none'
        ? 'The image is an uncompressed tar; images for wsl --install must be gzip (recommended) or xz compressed.'
        : `The image is ${compression} compressed; images for wsl --install must be gzip (recommended) or xz compressed.`,
    );
  }
  throwIfAborted(options.signal, 'Validating the image');
  await loadContents(index, file, CONTENT_CHECKED_FILES, options.signal);
  const template = parseWslConfig(text(lookup(index, DISTRIBUTION_CONF_PATH)) ?? '', { path: DISTRIBUTION_CONF_PATH }).string('windowsterminal.profileTemplate');
  if (template) await loadContents(index, file, [template], options.signal);
  checkMembers(findings, index);
  const defaultUid = checkDistributionConf(findings, index) ?? EXPECTED_DEFAULT_UID;
  checkWslConf(findings, index, arch);
  checkPasswd(findings, index, defaultUid);
  checkShadow(findings, index);
  checkElf(findings, index, '/bin/sh', 'bin-sh-elf', arch, true);
  if (resolveInArchive(index, '/bin/bash', false)?.item) checkElf(findings, index, '/bin/bash', 'bin-bash-elf', arch, true);
  checkUnits(findings, index);
  return findings.report;
}

/** Human-readable report: a summary line, then one line per finding. */
export function formatValidationReport(report: ValidationReport): string {
  const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [`${count(report.errors.length, 'error')}, ${count(report.warnings.length, 'warning')}`];
  for (const finding of [...report.errors, ...report.warnings]) {
    lines.push(`${finding.severity === 'error' ? 'error  ' : 'warning'} [${finding.rule}] ${finding.message}`);
  }
  return lines.join('\n');
}
