/**
 * Carrying accounts into a new image: every account of uid 1000 to 59999 from the old
 * distribution, with its passwd and shadow lines, its own groups (gid 1000–59999) and gshadow
 * lines, and its memberships in the image's system groups (wheel, docker…), merged into the
 * new image's files line by line. Everything the new image has stays; a group the new image
 * lacks is created (with its old gid when free). An account the new image already defines
 * differently (same name, other uid; same uid, other name) is a conflict: the upgrade is
 * refused before anything changes, never merged by guess.
 */
import { FIRST_USER_UID } from '../../common/account-rules.js';

/** The highest uid/gid of a regular account (login.defs UID_MAX / GID_MAX). */
export const LAST_USER_ID = 59999;
/** The range free system gids are taken from for a group the new image lacks (highest first, as groupadd -r). */
const SYSTEM_GID_LOW = 201;
const SYSTEM_GID_HIGH = 999;

/** One colon-separated line; `fields[0]` is the name. */
interface ColonLine {
  fields: string[];
}

function parseColonFile(text: string | undefined, minFields: number): ColonLine[] {
  if (text === undefined) return [];
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => ({ fields: line.split(':') }))
    .filter((line) => line.fields.length >= minFields && line.fields[0] !== '');
}

function serialize(lines: readonly ColonLine[]): string {
  return lines.map((line) => line.fields.join(':')).join('\n') + (lines.length > 0 ? '\n' : '');
}

function isUserId(id: number): boolean {
  return Number.isInteger(id) && id >= FIRST_USER_UID && id <= LAST_USER_ID;
}

function members(field: string | undefined): string[] {
  return (field ?? '').split(',').map((member) => member.trim()).filter((member) => member !== '');
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...a, ...b.filter((item) => !a.includes(item))];
}

/** The four account files, as text (undefined when the image has no such file). */
export interface AccountFiles {
  passwd?: string;
  shadow?: string;
  group?: string;
  gshadow?: string;
}

export interface CarriedAccount {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
  /** Supplementary groups it is a member of, by name. */
  groups: string[];
}

export interface AccountMerge {
  files: AccountFiles;
  users: CarriedAccount[];
  /** Groups copied or created: `name (gid N)`. */
  groupsCarried: string[];
  /** Problems that make the merge unsafe; empty when it can go ahead. */
  conflicts: string[];
}

/** Merges the old distribution's regular accounts into the new image's account files. */
export function mergeAccounts(oldFiles: AccountFiles, newFiles: AccountFiles): AccountMerge {
  const oldPasswd = parseColonFile(oldFiles.passwd, 7);
  const oldShadow = parseColonFile(oldFiles.shadow, 2);
  const oldGroup = parseColonFile(oldFiles.group, 4);
  const oldGshadow = parseColonFile(oldFiles.gshadow, 4);
  const passwd = parseColonFile(newFiles.passwd, 7);
  const shadow = parseColonFile(newFiles.shadow, 2);
  const group = parseColonFile(newFiles.group, 4);
  const gshadow = parseColonFile(newFiles.gshadow, 4);
  const hasShadow = newFiles.shadow !== undefined || oldFiles.shadow !== undefined;
  const hasGshadow = newFiles.gshadow !== undefined;
  const conflicts: string[] = [];
  const groupsCarried: string[] = [];

  const carried = oldPasswd.filter((line) => isUserId(Number(line.fields[2])));
  const carriedNames = new Set(carried.map((line) => line.fields[0]));

  // Accounts.
  for (const line of carried) {
    const [name, , uidText] = line.fields;
    const uid = Number(uidText);
    const sameName = passwd.findIndex((candidate) => candidate.fields[0] === name);
    const sameUid = passwd.find((candidate) => Number(candidate.fields[2]) === uid && candidate.fields[0] !== name);
    if (sameName >= 0 && Number(passwd[sameName].fields[2]) !== uid) {
      conflicts.push(`The new image has its own account "${name}" with uid ${passwd[sameName].fields[2]}, not ${uid}.`);
      continue;
    }
    if (sameUid) {
      conflicts.push(`The new image gives uid ${uid} to "${sameUid.fields[0]}", which "${name}" uses.`);
      continue;
    }
    if (sameName >= 0) passwd[sameName] = { fields: [...line.fields] };
    else passwd.push({ fields: [...line.fields] });
    if (hasShadow) {
      const oldLine = oldShadow.find((candidate) => candidate.fields[0] === name);
      const index = shadow.findIndex((candidate) => candidate.fields[0] === name);
      // No shadow line in the old distribution: a locked one, never an empty password.
      const replacement = oldLine ? { fields: [...oldLine.fields] } : { fields: [name, '!', '', '', '', '', '', '', ''] };
      if (index >= 0) shadow[index] = replacement;
      else shadow.push(replacement);
    }
  }

  const usedGids = (): Set<number> => new Set(group.map((line) => Number(line.fields[2])));
  const putGshadow = (name: string, memberList: string[], source?: ColonLine): void => {
    if (!hasGshadow) return;
    const index = gshadow.findIndex((candidate) => candidate.fields[0] === name);
    if (index >= 0) {
      const fields = [...gshadow[index].fields];
      fields[3] = union(members(fields[3]), memberList).join(',');
      gshadow[index] = { fields };
    } else {
      gshadow.push({ fields: source ? [...source.fields] : [name, '!', '', memberList.join(',')] });
    }
  };

  // Groups: the accounts' own groups whole, their memberships in the image's system groups.
  const primaryGids = new Set(carried.map((line) => Number(line.fields[3])));
  for (const line of oldGroup) {
    const [name, , gidText, memberField] = line.fields;
    const gid = Number(gidText);
    const own = isUserId(gid);
    const carriedMembers = members(memberField).filter((member) => carriedNames.has(member));
    if (!own && carriedMembers.length === 0 && !primaryGids.has(gid)) continue;
    const index = group.findIndex((candidate) => candidate.fields[0] === name);
    if (own) {
      const sameGid = group.find((candidate) => Number(candidate.fields[2]) === gid && candidate.fields[0] !== name);
      if (index >= 0 && Number(group[index].fields[2]) !== gid) {
        conflicts.push(`The new image has its own group "${name}" with gid ${group[index].fields[2]}, not ${gid}.`);
        continue;
      }
      if (sameGid) {
        conflicts.push(`The new image gives gid ${gid} to the group "${sameGid.fields[0]}", which "${name}" uses.`);
        continue;
      }
    }
    if (index >= 0) {
      const fields = [...group[index].fields];
      fields[3] = union(members(fields[3]), own ? members(memberField) : carriedMembers).join(',');
      group[index] = { fields };
      putGshadow(name, own ? members(memberField) : carriedMembers);
      continue;
    }
    if (!own && primaryGids.has(gid) && group.some((candidate) => Number(candidate.fields[2]) === gid)) {
      // A primary group the new image has under another name: the gid is what counts.
      continue;
    }
    let newGid = gid;
    if (usedGids().has(gid)) {
      const taken = usedGids();
      newGid = SYSTEM_GID_HIGH;
      while (newGid >= SYSTEM_GID_LOW && taken.has(newGid)) newGid--;
      if (newGid < SYSTEM_GID_LOW) {
        conflicts.push(`No free group id is left in the new image for the group "${name}".`);
        continue;
      }
    }
    const fields = [name, line.fields[1], String(newGid), (own ? members(memberField) : carriedMembers).join(',')];
    group.push({ fields });
    const oldGs = oldGshadow.find((candidate) => candidate.fields[0] === name);
    putGshadow(name, own ? members(memberField) : carriedMembers, own ? oldGs : undefined);
    groupsCarried.push(`${name} (gid ${newGid})`);
  }

  const users: CarriedAccount[] = carried
    .filter((line) => passwd.some((candidate) => candidate.fields[0] === line.fields[0] && candidate.fields[2] === line.fields[2]))
    .map((line) => ({
      name: line.fields[0],
      uid: Number(line.fields[2]),
      gid: Number(line.fields[3]),
      home: line.fields[5],
      shell: line.fields[6].trim(),
      groups: group.filter((candidate) => members(candidate.fields[3]).includes(line.fields[0])).map((candidate) => candidate.fields[0]),
    }));

  return {
    files: {
      passwd: serialize(passwd),
      ...(hasShadow ? { shadow: serialize(shadow) } : {}),
      group: serialize(group),
      ...(hasGshadow ? { gshadow: serialize(gshadow) } : {}),
    },
    users,
    groupsCarried,
    conflicts,
  };
}

/** The gid a group name has in an account file's group text (to re-own carried files). */
export function gidOfGroup(groupText: string | undefined, name: string): number | undefined {
  const line = parseColonFile(groupText, 4).find((candidate) => candidate.fields[0] === name);
  return line ? Number(line.fields[2]) : undefined;
}

/** The name of a gid in a group text. */
export function groupNameOf(groupText: string | undefined, gid: number): string | undefined {
  return parseColonFile(groupText, 4).find((candidate) => Number(candidate.fields[2]) === gid)?.fields[0];
}
