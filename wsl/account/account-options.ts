/** The shape of a first-account request, shared by the installer, the answer file and the wizard. */
import type { WorkOptions } from '../../common/progress.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import type { WslConfValues } from './wsl-conf.js';
import type { DistroSnapshot } from './setup-first-account.js';

/** How the account's password is given. `none` = explicitly passwordless (login by WSL only). */
export type AccountPassword = { kind: 'plain'; value: string } | { kind: 'hash'; value: string } | { kind: 'none' };

export interface AccountRequest {
  user: string;
  /** Default `{kind: 'none'}`; passwordless accounts need `sudo: 'nopasswd'` to administer. */
  password?: AccountPassword;
  /** `password`: sudo asks for the account's password (wheel rule); `nopasswd`: a 0440 drop-in. */
  sudo: 'password' | 'nopasswd';
  /** Extra groups besides wheel; missing ones are created as system groups. */
  groups?: string[];
  sshPublicKeys?: string[];
  /** Default 1000, what WSL's `oobe.defaultUid` and the validator expect. */
  uid?: number;
  /** Extra wsl.conf settings merged in, e.g. `{boot: {systemd: 'true'}}`. */
  wslConfExtra?: WslConfValues;
}

export interface SetupFirstAccountOptions extends AccountRequest, WslCallOptions, WorkOptions {
  distro: string;
  /**
   * false when the caller knows no first-run (OOBE) is pending, e.g. right after `wsl --import`,
   * which registers with RunOOBE 0; default true: the image's first-run is run once and cleared.
   */
  firstRunPending?: boolean;
  /**
   * The distribution's account files when the caller already has them (the installer reads
   * them from the image it just registered); read from the distribution when absent.
   */
  snapshot?: DistroSnapshot;
  /**
   * A root-owned file (0644) written by the same wsl.exe call, before the account: how the
   * installer records /etc/azl-wsl/install.json without a call of its own.
   */
  rootFile?: { path: string; content: string };
}
