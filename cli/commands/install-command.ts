/** `azl-wsl install`: register a .wsl with wsl.exe and set up the first account, all or nothing. */
import { defineCommand, type CommandContext } from '../command.js';
import { ensureDistro, installDistro } from '../../wsl/install/install-distro.js';
import { parseAnswerFile } from '../../wsl/answers/answer-file.js';
import { fetchCatalogImage, lookUpAnswerImage, prepareImage, type PreparedImage } from '../../wsl/install/image-source.js';
import { resolveCatalogImage } from '../../wsl/catalog/catalog-image.js';
import { enforceAccountPolicy, enforceImagePolicy, enforceInstallPolicy, refuseSystemAccount, signingKeysFor } from '../../wsl/policy/install-policy.js';
import { openRegistry } from '../../wsl/registry/registry.js';
import { POLICY_COMPLETIONS, POLICY_HELP, POLICY_OPTIONS, policyFor } from './policy-options.js';
import { ACCOUNT_COMPLETIONS, ACCOUNT_HELP, ACCOUNT_OPTIONS, accountFromOptions, withClashHint } from './account-options.js';
import { readAllStdin } from '../prompts/terminal-prompt.js';
import { checkPassword, isSha512CryptHash } from '../../common/account-rules.js';
import { AzlError } from '../../common/errors.js';
import type { ExistingAccountRequest } from '../../wsl/account/use-existing-account.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { createProgressRenderer } from '../output/progress-renderer.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';
import { INSTALL_METHODS as METHODS, isInstallMethod } from '../../common/install-method.js';
import { fetchOfficialImage, OFFICIAL_MIRROR_ENV, OFFICIAL_RELEASES, type OfficialRelease } from '../../wsl/install/official-image.js';

/** The name wsl-setup gives Microsoft's image (`${NAME// /}-${VERSION_ID%.*}`). */
const OFFICIAL_DEFAULT_NAME = 'AzureLinux-4';


export const installCommand = defineCommand({
  name: 'install',
  summary: 'Register an image with WSL and create the first user',
  help: `Usage: azl-wsl install --file IMAGE --name NAME [options]
       azl-wsl install --catalog-name N [--name NAME] [options]
       azl-wsl install --answers FILE [--wsl PATH] [--json]

Checks the machine (WSL present and recent enough, virtualization, disk, name, location),
registers IMAGE (wsl --install --from-file, or wsl --import on older WSL), records the install
in /etc/azl-wsl/install.json, creates the first Linux user as root inside it, makes that user
the default and verifies it. A failure at any step removes the half-made distribution and any
folder this run created; after a crash or kill, the next install (or --answers run) of the same
name finishes or removes what the interrupted one left, and says which.

  --file IMAGE           the .wsl / .tar.gz / .tar to install
  --catalog-name N       install N from your organization's catalog (a flavor means its
                         Default entry; the catalog WSL is pointed at: docs/fleet.md)
  --catalog PATH|URL     the catalog to use instead of the one WSL is pointed at
  --name NAME            distribution name (letters, digits, . _ -; with --catalog-name the
                         default is the catalog entry's name, as wsl --install does)
  --location DIR         install folder (default: WSL's, or %LOCALAPPDATA%\\wsl\\NAME for import)
  --method METHOD        auto (default) | from-file | import
${ACCOUNT_HELP}
  --existing-user NAME   keep an account the image already has (an exported distribution's)
                         and make it the default; --password-stdin or --password-hash also
                         give it a new password, else it keeps its own
  --no-user              register only; the distribution then starts as root
  --answers FILE         unattended install from an answer file (docs/answer-file.md);
                         idempotent: re-running reports "already as requested"
  --verify-key KEYFILE   refuse the image unless IMAGE's checksum file and its signature
                         (NAME.sha256 and NAME.sha256.asc beside it, as build --sign writes
                         them) verify with this public key, before anything is registered
  --official RELEASE     install Microsoft's own Azure Linux WSL image (4.0) for this machine:
                         its checksum file's signature is verified with the Azure Linux RPM
                         key, then the download against it (docs/signing.md); --name defaults
                         to AzureLinux-4
  --official-key FILE    the Azure Linux RPM key as a file you trust (default: downloaded from
                         the Azure Linux sources on GitHub)
  --allow-official-name  allow a name Microsoft's own image uses (AzureLinux-4,
                         AzureLinux-4.0, AzureLinux-4.0-BETA)
${POLICY_HELP}
${WSL_HELP}
  --json                 progress and result as JSON lines`,
  options: {
    ...ACCOUNT_OPTIONS,
    ...WSL_OPTIONS,
    file: { type: 'string' },
    name: { type: 'string' },
    location: { type: 'string' },
    method: { type: 'string' },
    'no-user': { type: 'boolean' },
    'existing-user': { type: 'string' },
    answers: { type: 'string' },
    'allow-official-name': { type: 'boolean' },
    'verify-key': { type: 'string' },
    official: { type: 'string' },
    'official-key': { type: 'string' },
    'catalog-name': { type: 'string' },
    catalog: { type: 'string' },
    ...POLICY_OPTIONS,
  },
  completions: { ...ACCOUNT_COMPLETIONS, ...WSL_COMPLETIONS, ...POLICY_COMPLETIONS, file: 'file', location: 'directory', method: METHODS, answers: 'file', catalog: 'file', 'verify-key': 'file', official: OFFICIAL_RELEASES, 'official-key': 'file' },
  async run(context, { values }) {
    const renderer = createProgressRenderer({
      mode: values.json ? 'json' : context.isTTY ? 'tty' : 'plain',
      write: values.json ? context.stdout : context.stderr,
    });
    // Microsoft's own image may take the names Microsoft gives it.
    const base = { ...wslCallOptions(context, values), onProgress: renderer.listener, allowOfficialName: values['allow-official-name'] || values.official !== undefined };
    const registry = openRegistry({ env: context.env, signal: context.signal });
    const work = { registry, catalog: values.catalog, signal: context.signal, onProgress: renderer.listener };
    try {
      if (values.answers !== undefined) {
        const conflicting = ['file', 'catalog-name', 'name', 'location', 'method', 'user', 'no-user', 'existing-user', 'verify-key', 'official', 'official-key'].filter((key) => values[key as keyof typeof values] !== undefined);
        if (conflicting.length > 0) throw usageError(`--answers takes everything from the file; drop --${conflicting.join(', --')}.`, 'install');
        const answers = await parseAnswerFile(values.answers);
        await refuseSystemAccount({ env: context.env, signal: context.signal });
        const policy = await policyFor(context, values);
        let image: PreparedImage;
        if (answers.image.kind === 'catalog') {
          const entry = await lookUpAnswerImage(answers.image, work);
          await enforceInstallPolicy(policy, { catalogImage: entry, account: answers.account, signal: context.signal });
          image = await fetchCatalogImage(entry, work);
        } else {
          image = await prepareImage(answers.image, work);
          await enforceInstallPolicy(policy, { file: image.file, sha256: image.sha256, version: image.identity.version, account: answers.account, signal: context.signal });
        }
        const result = await ensureDistro({
          ...base,
          file: image.file,
          sha256: image.sha256,
          manifestPath: image.manifestPath,
          imageIdentity: image.identity,
          name: answers.name,
          location: answers.location,
          method: answers.method,
          account: answers.account,
          signingKeys: signingKeysFor(policy, answers.verifyKey),
        });
        renderer.finish();
        report(context, values.json, { status: result.status, name: answers.name, recovered: result.recovered, message: withRecovery(result.message, result.recovered) });
        return EXIT_OK;
      }

      const catalogName = values['catalog-name'];
      const official = values.official;
      if ([values.file, catalogName, official].filter((value) => value !== undefined).length > 1) throw usageError('Choose one of --file, --catalog-name and --official.', 'install');
      if (values.file === undefined && catalogName === undefined && official === undefined) throw usageError('--file, --catalog-name or --official is required (or --answers).', 'install');
      if (official !== undefined && !(OFFICIAL_RELEASES as readonly string[]).includes(official)) throw usageError(`--official is one of ${OFFICIAL_RELEASES.join(', ')}.`, 'install');
      if (values['official-key'] !== undefined && official === undefined) throw usageError('--official-key goes with --official.', 'install');
      if (values.catalog !== undefined && catalogName === undefined) throw usageError('--catalog goes with --catalog-name.', 'install');
      if (catalogName === undefined && official === undefined && !values.name) throw usageError('--name is required.', 'install');
      const method = values.method ?? 'auto';
      if (!isInstallMethod(method)) throw usageError(`--method is one of ${METHODS.join(', ')}.`, 'install');
      if (values['no-user'] && values.user !== undefined) throw usageError('Choose either --user or --no-user.', 'install');
      await refuseSystemAccount({ env: context.env, signal: context.signal });
      const policy = await policyFor(context, values);
      const entry = catalogName === undefined ? undefined : await resolveCatalogImage({ name: catalogName, catalog: values.catalog }, { registry, signal: context.signal });
      await enforceImagePolicy(policy, { catalogImage: entry, file: values.file, signal: context.signal });
      if (values['no-user']) enforceAccountPolicy(policy, undefined);
      const existingAccount = values['existing-user'] !== undefined ? await existingAccountFrom(values, context) : undefined;
      const account = values['no-user'] || existingAccount ? undefined : await accountFromOptions('install', values, context, { allowNone: false });
      // The policy's account rules are about the account an install creates; a kept one is the image's.
      if (!existingAccount) enforceAccountPolicy(policy, account);
      const image: PreparedImage = entry
        ? await fetchCatalogImage(entry, work)
        : official !== undefined
          ? await fetchOfficialImage({ release: official as OfficialRelease, keyFile: values['official-key'], mirror: context.env[OFFICIAL_MIRROR_ENV], signal: context.signal, onProgress: renderer.listener })
          : { file: values.file!, identity: {} };
      // Microsoft's image is only known after the download (AllowedImages by SHA-256).
      if (official !== undefined) await enforceImagePolicy(policy, { file: image.file, sha256: image.sha256, version: image.identity.version, signal: context.signal });
      let result;
      try {
        result = await installDistro({
          ...base,
          file: image.file,
          sha256: image.sha256,
          manifestPath: image.manifestPath,
          imageIdentity: image.identity,
          name: values.name ?? entry?.name ?? OFFICIAL_DEFAULT_NAME,
          location: values.location,
          method,
          account,
          existingAccount,
          signingKeys: signingKeysFor(policy, values['verify-key']),
        });
      } catch (error) {
        // The image already has this account or its uid (an exported distribution): say how to keep it.
        throw withClashHint(error, (user) => `run the install again with --existing-user ${user} (add --password-stdin to give it a new password)`);
      }
      renderer.finish();
      report(context, values.json, {
        status: 'installed',
        name: result.name,
        method: result.method,
        location: result.location,
        user: result.account?.user,
        recovered: result.recovered,
        installId: result.record.installId,
        message: withRecovery(`Installed ${result.name} (${result.method})${result.account ? ` with the default user ${result.account.user}` : ', starting as root'}. Open it with: wsl -d ${result.name}`, result.recovered),
      });
      return EXIT_OK;
    } finally {
      renderer.finish();
    }
  },
});

/** `--existing-user NAME`, with a new password from stdin or a hash when one is given. */
async function existingAccountFrom(values: { 'existing-user'?: string; user?: string; 'no-user'?: boolean; 'no-password'?: boolean; 'password-stdin'?: boolean; 'password-hash'?: string; sudo?: string; group?: string[]; 'ssh-key'?: string[]; uid?: string }, context: CommandContext): Promise<ExistingAccountRequest> {
  const forNewAccounts = ['user', 'no-user', 'no-password', 'sudo', 'group', 'ssh-key', 'uid'].filter((key) => values[key as keyof typeof values] !== undefined);
  if (forNewAccounts.length > 0) throw usageError(`--existing-user keeps an account as it is; --${forNewAccounts.join(', --')} only apply to a new account.`, 'install');
  const user = values['existing-user']!;
  if (values['password-stdin'] && values['password-hash'] !== undefined) throw usageError('Choose one of --password-stdin, --password-hash.', 'install');
  if (values['password-hash'] !== undefined) {
    if (!isSha512CryptHash(values['password-hash'])) throw new AzlError('PASSWORD_INVALID', '--password-hash must be a SHA-512 crypt hash ($6$salt$…).', { hint: 'Make one with `openssl passwd -6` and pass it in single quotes.' });
    return { user, password: { kind: 'hash', value: values['password-hash'] } };
  }
  if (values['password-stdin']) {
    const value = await readAllStdin(context.stdin);
    const problem = checkPassword(value);
    if (problem) throw new AzlError('PASSWORD_INVALID', problem.message, { hint: 'Pipe exactly one password line on stdin.' });
    return { user, password: { kind: 'plain', value } };
  }
  return { user };
}

/** The result line, preceded by what was done about an interrupted earlier install. */
function withRecovery(message: string, recovered: string | undefined): string {
  return recovered ? `${recovered}\n${message}` : message;
}

function report(context: CommandContext, json: boolean | undefined, result: Record<string, unknown> & { message: string }): void {
  context.stdout(json ? JSON.stringify({ kind: 'result', ...result }) + '\n' : `${result.message}\n`);
}
