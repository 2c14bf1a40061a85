/**
 * Reads account passwords straight from the profile file, at the moment they are applied.
 *
 * The plan only records how a password is given ('hashed' / 'plaintext'), never the value: the
 * plan is printed and shipped in the manifest. The builder goes back to the file the user item
 * came from (its SourceLocation) and takes the value from there.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import type { BuildPlan, UserSpec } from '../plan/build-plan.js';
import { AzlError } from '../../common/errors.js';

export interface ProfilePassword {
  kind: 'hashed' | 'plaintext';
  value: string;
}

/** The password the profile sets for `user`, or undefined when it sets none. */
export async function readProfilePassword(plan: BuildPlan, user: UserSpec): Promise<ProfilePassword | undefined> {
  if (user.password === 'none') return undefined;
  const file = resolve(plan.descriptionDir, user.source.file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AzlError('PROFILE_NOT_FOUND', `The profile file that sets the password of ${user.name} can no longer be read (${file}).`, { cause: error });
  }
  const value = file.endsWith('.json') ? fromToolkitJson(text, user.name) : fromKiwiXml(text, user.name);
  if (value === undefined) {
    throw new AzlError('PROFILE_INVALID', `The password of user ${user.name} was not found again in ${user.source.file}.`, {
      hint: 'The profile changed during the build; run the build again.',
    });
  }
  return { kind: user.password, value };
}

function fromToolkitJson(text: string, name: string): string | undefined {
  const document = JSON.parse(text) as { SystemConfigs?: Array<{ Users?: Array<{ Name?: string; Password?: string }> }> };
  for (const config of document.SystemConfigs ?? []) {
    for (const user of config.Users ?? []) if (user.Name === name && typeof user.Password === 'string') return user.Password;
  }
  return undefined;
}

function fromKiwiXml(text: string, name: string): string | undefined {
  const document = new DOMParser().parseFromString(text, 'text/xml');
  const users = document.getElementsByTagName('user');
  for (let i = 0; i < users.length; i += 1) {
    const element = users.item(i)!;
    // kiwi's attribute is `pwd`; `password` is accepted as an older spelling.
    const value = element.getAttribute('pwd') ?? element.getAttribute('password');
    if (element.getAttribute('name') === name && value) return value;
  }
  return undefined;
}
