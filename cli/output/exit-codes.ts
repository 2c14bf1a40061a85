/** The CLI's exit codes, for scripts and CI: 0 success, 1 failure, 2 usage error, 128+N when stopped by signal N. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** Ctrl-C (SIGINT, 2): what shells report for a program the user interrupted. */
export const EXIT_INTERRUPTED = 130;
/** SIGTERM (15), e.g. a service manager or CI stopping the run. */
export const EXIT_TERMINATED = 143;

/**
 * `azl-wsl ensure` (Intune detection and remediation scripts key on these; windows/intune/README.md):
 * 0 compliant / installed / upgraded, 1 failed, 2 usage, and these for outcomes that are not failures.
 */
/** `--check` only: the distribution runs an older (or different) image (a run without --check upgrades it). */
export const EXIT_NEEDS_UPGRADE = 10;
/** The admin policy forbids the wanted image or account. */
export const EXIT_POLICY_REFUSED = 11;
/** Running as SYSTEM: distributions registered now would be invisible to the user. */
export const EXIT_RUNNING_AS_SYSTEM = 12;
/** A distribution of that name exists that azl-wsl did not install, or runs a newer image (no downgrades). */
export const EXIT_CONFLICT = 13;
/** `--check` only: the distribution is missing or does not start as the wanted user. */
export const EXIT_NEEDS_INSTALL = 14;
