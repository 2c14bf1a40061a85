/**
 * The contract between the WSL builder executor (Windows side) and the job runner inside the
 * builder distro: the job folder's layout, `job.json`, and the JSON lines the runner prints.
 */
import type { ProgressEvent } from '../../common/progress.js';
import type { ProxySettings } from '../oci/proxy-settings.js';
import type { BuildChoices, BuildRequest, ResolveResult, ReviewedBuild } from './build-executor.js';

/** Where jobs and engine bundles live inside a builder distro. */
export const BUILDER_ROOT = '/opt/azl-wsl';
export const BUILDER_JOBS_DIR = `${BUILDER_ROOT}/jobs`;
export const BUILDER_ENGINE_DIR = `${BUILDER_ROOT}/engine`;
/** The builder's own download and root cache, kept between builds. */
export const BUILDER_CACHE_DIR = '/var/cache/azl-wsl';
/** The job runner inside an engine bundle folder (see wsl/builder/engine-bundle.ts). */
export const JOB_RUNNER_PATH = 'rootfs/executor/job-runner.mjs';

/**
 * What every job names: the build choices (the profile relative to the job folder, local
 * repositories and keys already rewritten to the job's copies) and the network settings.
 */
interface JobSpecBase extends BuildChoices {
  network?: {
    /** May hold credentials: only ever written to a mode-0600 dnf.conf. */
    proxy?: ProxySettings;
    /** Relative to the job folder. */
    caFiles: string[];
    proxyIntoImage: boolean;
    caIntoImage: boolean;
  };
}

/** Build the image into the job's `out` folder. */
export interface BuildJobSpec extends JobSpecBase, Pick<BuildRequest, 'outName' | 'format' | 'sourceDateEpoch' | 'verifyReproducible'> {
  kind: 'build';
  /** The review to build, its paths those of this job folder (the choices were checked outside). */
  reviewed?: ReviewedBuild;
}

/** Resolve only (the review): the WSL plan and parity report come back on stdout. */
export interface ResolveJobSpec extends JobSpecBase {
  kind: 'resolve';
}

/** job.json (mode 0600; the runner deletes it as soon as it has read it). */
export type JobSpec = BuildJobSpec | ResolveJobSpec;

/** One line of the runner's stdout. */
export type JobLine =
  | { azlJob: 'progress'; event: ProgressEvent }
  | { azlJob: 'result'; image: string; manifest: string; checksum: string; sbom?: string; sha256: string; bytes: number }
  | { azlJob: 'resolved'; resolution: ResolveResult }
  | { azlJob: 'error'; error: { code: string; message: string; hint?: string; detail?: string } };

/** Folder names inside a job folder. */
export const JOB_OUT = 'out';
export const JOB_WORK = 'work';
export const JOB_PID_FILE = 'pid';
/** Copy of the builder's dnf.conf while a job's proxy settings are in place. */
export const JOB_DNF_BACKUP = 'dnf.conf.orig';
