/**
 * Several answers from one script run in a distribution (each wsl.exe call costs a process
 * start): the script prints `MARKER name` before each section, the marker random per call so no
 * file content it prints can fake one, and the output is split back into sections by name.
 */
import { randomBytes } from 'node:crypto';

/** A marker no file in the distribution can be expected to hold. */
export function sectionMarker(): string {
  return `@@azl-${randomBytes(8).toString('hex')}`;
}

/** The lines of each `MARKER name` section of `text`, by name (lines before the first marker are dropped). */
export function splitSections(text: string, marker: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${marker} `)) {
      current = [];
      sections.set(line.slice(marker.length + 1).trim(), current);
      continue;
    }
    current?.push(line);
  }
  return sections;
}
