/** `$releasever` / `$basearch` substitution in repository URLs and key locations, as dnf does it. */
export function substituteRepositoryVariables(text: string, releaseVersion: string, arch: string): string {
  return text.replace(/\$\{?releasever\}?/g, releaseVersion).replace(/\$\{?basearch\}?/g, arch);
}
