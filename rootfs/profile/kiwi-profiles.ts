/**
 * KIWI `<profiles>`: which profiles exist, which ones a leaf pulls in through `<requires>`,
 * and the active set for a build.
 */
import { AzlError } from '../../common/errors.js';
import { formatLocation, type SourceLocation } from '../../common/source-location.js';
import { childElements, locationOf, rejectAttributes, unsupportedElement, type KiwiElement } from './kiwi-document.js';

export interface KiwiProfileDefinition {
  name: string;
  description: string;
  /** `import="true"`: active by default when no profile is selected. */
  imported: boolean;
  requires: { profile: string; source: SourceLocation }[];
  source: SourceLocation;
}

/** Reads every `<profiles>` block (in document order) into a map by name. */
export function collectProfiles(children: KiwiElement[]): Map<string, KiwiProfileDefinition> {
  const profiles = new Map<string, KiwiProfileDefinition>();
  for (const block of children.filter((child) => child.element.tagName === 'profiles')) {
    rejectAttributes(block, []);
    for (const item of childElements(block)) {
      const source = locationOf(item);
      if (item.element.tagName !== 'profile') throw unsupportedElement(item.element.tagName, source);
      rejectAttributes(item, ['name', 'description', 'import']);
      const name = item.element.getAttribute('name') ?? '';
      if (!name) throw invalid(`<profile> at ${formatLocation(source)} has no name.`, source);
      if (profiles.has(name)) {
        throw invalid(`The profile "${name}" at ${formatLocation(source)} is already defined at ${formatLocation(profiles.get(name)!.source)}.`, source);
      }
      const requires: KiwiProfileDefinition['requires'] = [];
      for (const requirement of childElements(item)) {
        const requirementSource = locationOf(requirement);
        if (requirement.element.tagName !== 'requires') throw unsupportedElement(requirement.element.tagName, requirementSource);
        rejectAttributes(requirement, ['profile']);
        requires.push({ profile: requirement.element.getAttribute('profile') ?? '', source: requirementSource });
      }
      profiles.set(name, {
        name,
        description: item.element.getAttribute('description') ?? '',
        imported: item.element.getAttribute('import') === 'true',
        requires,
        source,
      });
    }
  }
  return profiles;
}

/** Profiles no other profile requires: the ones a user picks. */
export function leafProfiles(profiles: Map<string, KiwiProfileDefinition>): string[] {
  const required = new Set([...profiles.values()].flatMap((profile) => profile.requires.map((r) => r.profile)));
  return [...profiles.keys()].filter((name) => !required.has(name)).sort();
}

/**
 * The selected profile followed by everything it requires (depth first, each once); with no
 * selection, the `import="true"` profiles and their requirements.
 */
export function resolveActiveProfiles(
  profiles: Map<string, KiwiProfileDefinition>,
  selected: string | undefined,
  descriptionName: string,
): string[] {
  const leaves = leafProfiles(profiles);
  const roots = selected !== undefined ? [selected] : [...profiles.values()].filter((p) => p.imported).map((p) => p.name);
  if (selected !== undefined && !profiles.has(selected)) {
    throw new AzlError('PROFILE_UNKNOWN', `${descriptionName} has no profile "${selected}".`, {
      hint: leaves.length ? `Choose one of: ${leaves.join(', ')}.` : 'This description defines no profiles; do not pass one.',
      detail: `valid profiles: ${leaves.join(', ')}`,
    });
  }
  if (roots.length === 0 && profiles.size > 0) {
    throw new AzlError('PROFILE_UNKNOWN', `${descriptionName} defines profiles but none was selected.`, {
      hint: `Choose one of: ${leaves.join(', ')}.`,
      detail: `valid profiles: ${leaves.join(', ')}`,
    });
  }
  const active: string[] = [];
  const visit = (name: string, path: string[], source: SourceLocation | undefined): void => {
    if (path.includes(name)) {
      const cycle = [...path.slice(path.indexOf(name)), name].join(' → ');
      throw new AzlError('PROFILE_CYCLE', `The profiles require each other in a cycle: ${cycle} (at ${formatLocation(source!)}).`, {
        hint: 'Remove one of the <requires> elements in that cycle.',
        detail: formatLocation(source!),
      });
    }
    const profile = profiles.get(name);
    if (!profile) {
      const where = formatLocation(source!);
      throw new AzlError('PROFILE_UNKNOWN', `${where} requires the profile "${name}", which is not defined.`, {
        hint: `Define it in a <profiles> block or remove the <requires>. Defined profiles: ${[...profiles.keys()].sort().join(', ')}.`,
        detail: where,
      });
    }
    if (!active.includes(name)) active.push(name);
    for (const requirement of profile.requires) visit(requirement.profile, [...path, name], requirement.source);
  };
  for (const root of roots) visit(root, [], undefined);
  return active;
}

/** Names listed in a `profiles="A,B"` attribute; empty when the attribute is absent. */
export function profilesAttribute(item: KiwiElement): string[] {
  const value = item.element.getAttribute('profiles');
  return value ? value.split(',').map((name) => name.trim()).filter(Boolean) : [];
}

/** True when the element applies: no `profiles=`, or one of them is active. */
export function appliesTo(item: KiwiElement, active: string[]): boolean {
  const names = profilesAttribute(item);
  return names.length === 0 || names.some((name) => active.includes(name));
}

function invalid(message: string, source: SourceLocation): AzlError {
  return new AzlError('PROFILE_INVALID', message, { hint: 'Fix the <profiles> block at that line.', detail: formatLocation(source) });
}
