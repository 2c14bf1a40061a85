/**
 * The one runner for rpm's own tools against an image root: `rpm` (queries, `-e`), `rpmdb`
 * (export and import of the database) and `rpm2archive` (a package's payload as a tar). Every
 * call starts with the same environment (no HOME, so no ~/.rpmmacros: the database path is
 * always given with --dbpath, rpm-database-path.ts), the build's clock where the call records
 * time, and one table of rpm's failures for callers to expect.
 */
import { programRunner, type ProgramCall, type ProgramResult } from '../../common/program-runner.js';

/** rpm's failures a caller may handle itself. */
export type RpmError = 'NOT_INSTALLED' | 'SCRIPTLET_FAILED';

const RPM_ERRORS: Readonly<Record<RpmError, RegExp>> = {
  /** `rpm -e NAME` of a package the database does not have. */
  NOT_INSTALLED: /package \S+ is not installed/,
  /** A %pre/%post/%preun/%postun scriptlet exited non-zero (rpm -e reports it and fails). */
  SCRIPTLET_FAILED: /%\w+\(\S+\) scriptlet failed/,
};

/** The tools of the rpm package this engine runs. */
export type RpmTool = 'rpm' | 'rpmdb' | 'rpm2archive';

/** The same for every tool and call; HOME points nowhere so no user macros change what rpm does. */
function rpmEnvironment(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/nonexistent', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
}

const MISSING_HINT = 'Install rpm (Debian: apt-get install rpm; it brings rpmdb and rpm2archive), then try again.';

const RUNNERS = {
  rpm: programRunner({ program: 'rpm', knownErrors: RPM_ERRORS, environment: rpmEnvironment, missingHint: MISSING_HINT }),
  rpmdb: programRunner({ program: 'rpmdb', knownErrors: RPM_ERRORS, environment: rpmEnvironment, missingHint: MISSING_HINT }),
  rpm2archive: programRunner({ program: 'rpm2archive', knownErrors: RPM_ERRORS, environment: rpmEnvironment, missingHint: MISSING_HINT }),
};

export interface RpmCall extends ProgramCall<RpmError> {
  /** The build's clock, for calls that write the database (rpm records it as install time). */
  sourceDateEpoch?: number;
}

/** Runs one of rpm's tools; throws unless it succeeds or fails in a way the call expects. */
export function runRpmTool(tool: RpmTool, args: readonly string[], call: RpmCall): Promise<ProgramResult<RpmError>> {
  const { sourceDateEpoch, ...rest } = call;
  return RUNNERS[tool](args, sourceDateEpoch === undefined ? rest : { ...rest, extraEnv: { ...rest.extraEnv, SOURCE_DATE_EPOCH: String(sourceDateEpoch) } });
}
