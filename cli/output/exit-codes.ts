/** The CLI's exit codes, for scripts and CI: 0 success, 1 failure, 2 usage error, 128+N when stopped by signal N. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** Ctrl-C (SIGINT, 2): what shells report for a program the user interrupted. */
export const EXIT_INTERRUPTED = 130;
/** SIGTERM (15), e.g. a service manager or CI stopping the run. */
export const EXIT_TERMINATED = 143;
