/**
 * Every error code as a sentence a person understands, plus the next step. The engine's own
 * message (specific: names, paths) is shown under it; this is the plain-language headline.
 */
import type { ApiError, ApiErrorCode } from '../../electron/contract/api.js';

export interface ErrorText {
  sentence: string;
  next: string;
}

/** One entry per code; the Record type makes a new code without a sentence a type error. */
export const ERROR_MESSAGES: Record<ApiErrorCode, ErrorText> = {
  PROFILE_NOT_FOUND: { sentence: 'The image profile could not be found.', next: 'Check the path of the profile file.' },
  PROFILE_SYNTAX: { sentence: 'The image profile has a syntax error.', next: 'Fix the line named below and try again.' },
  PROFILE_UNSUPPORTED: { sentence: 'This kind of image profile is not supported.', next: 'Choose a KIWI description, images.toml or toolkit JSON profile.' },
  PROFILE_INVALID: { sentence: 'The image profile is not valid.', next: 'Fix the problem named below and try again.' },
  PROFILE_UNKNOWN: { sentence: 'The profile or image name does not exist in this description.', next: 'Pick one of the names listed below.' },
  PROFILE_CYCLE: { sentence: 'The profile includes itself in a loop.', next: 'Remove the circular include or requirement.' },
  PROFILE_ARCH_UNSUPPORTED: { sentence: 'This image is not built for the chosen architecture.', next: 'Choose one of the architectures named below.' },
  WSL_CONVERSION_BLOCKED: { sentence: 'This cloud profile cannot be turned into a WSL image as it is.', next: 'A package every WSL image needs depends on one WSL removes; change the profile as described below.' },
  PATH_ESCAPE: { sentence: 'The profile points outside its own folder.', next: 'Keep every referenced file inside the description folder.' },
  PACKAGE_MISSING: { sentence: 'A package the profile needs is not in its repositories.', next: 'Check the repository settings or the package name.' },
  SCRIPTLET_FAILED: { sentence: 'A package failed to install its own setup script.', next: 'See the build log for the package and its output.' },
  SCRIPT_FAILED: { sentence: 'A script from the profile failed during the build.', next: 'See the build log, fix the script and build again.' },
  PACKAGE_MANAGER_FAILED: { sentence: 'The package manager reported an error.', next: 'See the build log for its output.' },
  PACKAGE_MANAGER_MISSING: { sentence: 'No package manager (dnf) is available for building.', next: 'Install dnf on the build machine.' },
  OUTPUT_UNWRITABLE: { sentence: 'The output folder cannot be written to.', next: 'Choose another output folder.' },
  OUTPUT_EXISTS: { sentence: 'That file already exists, and it was left as it is.', next: 'Choose another file name.' },
  VALIDATION_FAILED: { sentence: 'The finished image did not pass WSL’s checks.', next: 'See the findings below; nothing was kept.' },
  ARCHIVE_INVALID: { sentence: 'The image file cannot be used.', next: 'Choose a .wsl or .tar.gz image that exists.' },
  CANCELLED: { sentence: 'Cancelled. Nothing was left behind.', next: 'Start again whenever you are ready.' },
  PROGRAM_MISSING: { sentence: 'A program the app needs is not installed.', next: 'Install the program named below.' },
  PROGRAM_FAILED: { sentence: 'A helper program failed.', next: 'See the details below.' },
  NOT_ROOT: { sentence: 'Building needs administrator (root) rights.', next: 'Run the build as root, or inside WSL with sudo.' },
  WSL_MISSING: { sentence: 'WSL is not installed on this computer.', next: 'Install it with "wsl --install" from an administrator terminal.' },
  WSL_TOO_OLD: { sentence: 'This version of WSL is too old.', next: 'Update it with "wsl --update".' },
  WSL_VIRTUALIZATION_OFF: { sentence: 'Virtualization is turned off, so WSL 2 cannot start.', next: 'Turn on virtualization in the firmware (BIOS/UEFI) settings.' },
  WSL_FEATURE_MISSING: { sentence: 'A Windows feature WSL needs is not enabled.', next: 'Enable "Virtual Machine Platform" and restart.' },
  WSL_POLICY_DISABLED: { sentence: 'Your organization’s policy does not allow WSL here.', next: 'Ask your IT department.' },
  WSL_FAILED: { sentence: 'WSL reported an error.', next: 'See the details below.' },
  DISTRO_NAME_INVALID: { sentence: 'That distribution name cannot be used.', next: 'Use letters, digits, ".", "_" or "-".' },
  DISTRO_EXISTS: { sentence: 'A distribution with that name already exists.', next: 'Choose another name.' },
  DISTRO_NOT_FOUND: { sentence: 'That distribution is not installed (any more).', next: 'Refresh the list.' },
  LOCATION_IN_USE: { sentence: 'That folder already holds a distribution.', next: 'Choose an empty folder.' },
  LOCATION_UNUSABLE: { sentence: 'That install folder cannot be used.', next: 'Choose a folder you can write to.' },
  DISK_FULL: { sentence: 'There is not enough free disk space.', next: 'Free some space or choose another drive.' },
  USER_NAME_INVALID: { sentence: 'That user name cannot be used.', next: 'Follow the rules shown beside the field.' },
  USER_EXISTS: { sentence: 'That user already exists in the image.', next: 'Choose another user name.' },
  PASSWORD_INVALID: { sentence: 'That password cannot be used.', next: 'Follow the rules shown beside the field.' },
  ACCOUNT_SETUP_FAILED: { sentence: 'Creating the account failed; the half-installed distribution was removed.', next: 'See the details below and try again.' },
  ANSWER_FILE_INVALID: { sentence: 'The answer file is not valid.', next: 'Fix the field named below.' },
  USER_NOT_FOUND: { sentence: 'That user does not exist in the distribution.', next: 'Check the spelling, or create the account first.' },
  DISTRO_BUSY: { sentence: 'Another operation is already working on this distribution.', next: 'Wait for it to finish, then try again.' },
  SNAPSHOT_NOT_FOUND: { sentence: 'That snapshot does not exist.', next: 'Pick one from the list of snapshots.' },
  SNAPSHOT_DAMAGED: { sentence: 'The snapshot file is damaged, so it was not used.', next: 'Pick another snapshot; nothing was changed.' },
  UPGRADE_CHECK_FAILED: { sentence: 'The new image cannot take over this distribution as it is.', next: 'Read the reason below; the distribution was left as it was.' },
  REGISTRY_UNREACHABLE: { sentence: 'The container registry cannot be reached.', next: 'Check the network connection and proxy settings.' },
  REGISTRY_UNAUTHORIZED: { sentence: 'The container registry refused access.', next: 'Sign in to the registry or check the image name.' },
  REGISTRY_RATE_LIMITED: { sentence: 'The container registry is limiting requests.', next: 'Wait a few minutes and try again.' },
  REGISTRY_FAILED: { sentence: 'The container registry reported an error.', next: 'See the details below and try again later.' },
  IMAGE_NOT_FOUND: { sentence: 'The container image was not found in the registry.', next: 'Check the image name and tag.' },
  DIGEST_MISMATCH: { sentence: 'A download did not match its expected checksum, so it was discarded.', next: 'Try again; if it repeats, the mirror may be corrupt.' },
  PROXY_INVALID: { sentence: 'The proxy setting is not valid.', next: 'Fix HTTPS_PROXY / HTTP_PROXY and try again.' },
  CATALOG_INVALID: { sentence: 'Your organization’s image catalog cannot be used.', next: 'Ask your IT department; the details below say what is wrong with it.' },
  CATALOG_ENTRY_NOT_FOUND: { sentence: 'That image is not in your organization’s catalog.', next: 'Pick one of the images the catalog lists.' },
  WINDOWS_REGISTRY_FAILED: { sentence: 'The Windows registry could not be read or written.', next: 'See the details below.' },
  ELEVATION_REQUIRED: { sentence: 'This change needs administrator rights.', next: 'Run it again from an administrator terminal.' },
  RUNNING_AS_SYSTEM: { sentence: 'This is running as the SYSTEM account, whose distributions no user can see.', next: 'Run it as the signed-in user.' },
  POLICY_INVALID: { sentence: 'Your organization’s policy for azl-wsl cannot be read.', next: 'Ask your IT department; the details below say which setting is wrong.' },
  POLICY_REFUSED: { sentence: 'Your organization’s policy does not allow this.', next: 'Choose what the policy allows, or ask your IT department.' },
  REVIEW_OUTDATED: { sentence: 'The profile or its repositories changed since the review.', next: 'Go back to the review, check what changed, and build from the new review.' },
  NOT_REPRODUCIBLE: { sentence: 'Two builds of the same profile gave different images.', next: 'The details below name the first files that differ.' },
  REPOSITORY_METADATA_UNREADABLE: { sentence: 'A package repository’s metadata could not be read.', next: 'Check the repository address and the network connection.' },
  SIGNATURE_INVALID: { sentence: 'The image’s signature does not verify.', next: 'Do not install it; get the image, its checksum and signature again from the publisher.' },
  SIGNING_FAILED: { sentence: 'The image could not be signed.', next: 'Check that gpg has the signing key; the details below have gpg’s message.' },
  INPUT_NOT_FOUND: { sentence: 'A file that was named does not exist.', next: 'Check the path and try again.' },
  INPUT_UNREADABLE: { sentence: 'A file that was named cannot be read.', next: 'Check the path and its permissions.' },
  USAGE: { sentence: 'The request was not understood.', next: 'See the details below.' },
  INVALID_ARGUMENT: { sentence: 'The app sent a request it should not have.', next: 'Please report this as a bug.' },
  FORBIDDEN_SENDER: { sentence: 'A request from outside the app window was refused.', next: 'Restart the app.' },
  UNSUPPORTED: { sentence: 'This is not available on this computer.', next: 'See the suggestion below.' },
  NOT_FOUND: { sentence: 'That item no longer exists.', next: 'Refresh and try again.' },
  CONFIRMATION_MISMATCH: { sentence: 'The typed name did not match, so nothing was removed.', next: 'Type the distribution’s name exactly.' },
  DISCONNECTED: { sentence: 'The connection to the app’s background process was lost.', next: 'Restart the app.' },
  INTERNAL: { sentence: 'Something went wrong inside the app.', next: 'Please report this as a bug, with the details below.' },
};

/** The headline, next step and details for one error. */
export function describeError(error: ApiError): { sentence: string; next: string; message: string; detail?: string } {
  const text = ERROR_MESSAGES[error.code] ?? ERROR_MESSAGES.INTERNAL;
  return { sentence: text.sentence, next: error.hint ?? text.next, message: error.message, detail: error.detail };
}
