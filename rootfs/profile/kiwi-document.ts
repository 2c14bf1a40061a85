/**
 * Loads a KIWI description: the main `.kiwi` file with every `<include from="this://…"/>`
 * spliced in place, so later steps see one ordered list of top-level elements, each still
 * knowing the file it came from.
 */
import { dirname, resolve } from 'node:path';
import type { Element } from '@xmldom/xmldom';
import { AzlError } from '../../common/errors.js';
import { formatLocation, type SourceLocation } from '../../common/source-location.js';
import { relativeToDescription, resolveInsideDescription } from './description-paths.js';
import { parseXmlFile } from './xml-file.js';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** An element of the description and the file (relative to the description folder) it is written in. */
export interface KiwiElement {
  element: Element;
  file: string;
}

export interface KiwiDocument {
  /** Folder of the main `.kiwi` file; `this://` paths resolve against it. */
  descriptionDir: string;
  /** The main file's `<image>` element. */
  image: KiwiElement;
  /** Top-level children of `<image>`, includes spliced in document order. */
  children: KiwiElement[];
}

/** Where `element` is written. */
export function locationOf(item: KiwiElement): SourceLocation {
  return { file: item.file, line: item.element.lineNumber ?? 0 };
}

/** Child elements of `item`, in order; non-blank text between them is refused. */
export function childElements(item: KiwiElement): KiwiElement[] {
  const result: KiwiElement[] = [];
  const nodes = item.element.childNodes;
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index];
    if (node.nodeType === ELEMENT_NODE) result.push({ element: node as Element, file: item.file });
    else if ((node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) && (node.nodeValue ?? '').trim() !== '') {
      const where = formatLocation({ file: item.file, line: node.lineNumber ?? item.element.lineNumber ?? 0 });
      throw new AzlError('PROFILE_INVALID', `Unexpected text inside <${item.element.tagName}> at ${where}.`, {
        hint: 'Write each entry as an element, e.g. <package name="bash"/>.',
        detail: where,
      });
    }
  }
  return result;
}

/** Text content of a leaf element such as `<packagemanager>dnf5</packagemanager>`. */
export function textOf(item: KiwiElement): string {
  return (item.element.textContent ?? '').trim();
}

/** Reads the main `.kiwi` file and its includes. */
export async function loadKiwiDocument(kiwiPath: string): Promise<KiwiDocument> {
  const descriptionDir = dirname(kiwiPath);
  const mainFile = relativeToDescription(descriptionDir, kiwiPath);
  const document = await parseXmlFile(kiwiPath, mainFile);
  const image: KiwiElement = { element: document.documentElement!, file: mainFile };
  expectImageRoot(image);
  const children = await spliceIncludes(descriptionDir, image, [mainFile]);
  return { descriptionDir, image, children };
}

function expectImageRoot(item: KiwiElement): void {
  if (item.element.tagName !== 'image') {
    const where = formatLocation(locationOf(item));
    throw new AzlError('PROFILE_INVALID', `${where}: the root element is <${item.element.tagName}>, not <image>.`, {
      hint: 'A KIWI description (and every file it includes) has <image> as its root element.',
      detail: where,
    });
  }
}

async function spliceIncludes(descriptionDir: string, parent: KiwiElement, chain: string[]): Promise<KiwiElement[]> {
  const result: KiwiElement[] = [];
  for (const child of childElements(parent)) {
    if (child.element.tagName !== 'include') {
      result.push(child);
      continue;
    }
    const location = locationOf(child);
    const from = child.element.getAttribute('from') ?? '';
    for (let index = 0; index < child.element.attributes.length; index++) {
      const name = child.element.attributes[index].name;
      if (name !== 'from') throw unsupportedAttribute('include', name, location);
    }
    const match = /^this:\/\/(.+)$/.exec(from);
    if (!match) {
      throw new AzlError('PROFILE_UNSUPPORTED', `<include from="${from}"> at ${formatLocation(location)} is not supported: only this:// paths inside the description are.`, {
        hint: 'Copy the included file into the description folder and include it with from="this://./path".',
        detail: formatLocation(location),
      });
    }
    const absolute = resolveInsideDescription(descriptionDir, descriptionDir, match[1], 'included file', location);
    const file = relativeToDescription(descriptionDir, resolve(absolute));
    if (chain.includes(file)) {
      throw new AzlError('PROFILE_CYCLE', `${formatLocation(location)} includes itself: ${[...chain, file].join(' → ')}.`, {
        hint: 'Remove one of the <include> elements in that chain.',
        detail: formatLocation(location),
      });
    }
    const included = await parseXmlFile(absolute, file);
    const root: KiwiElement = { element: included.documentElement!, file };
    expectImageRoot(root);
    result.push(...(await spliceIncludes(descriptionDir, root, [...chain, file])));
  }
  return result;
}

/** The error for an attribute the reader does not implement. */
export function unsupportedAttribute(element: string, attribute: string, location: SourceLocation): AzlError {
  const where = formatLocation(location);
  return new AzlError('PROFILE_UNSUPPORTED', `The attribute ${attribute}= of <${element}> at ${where} is not supported.`, {
    hint: 'Remove the attribute, or build this description with kiwi-ng itself.',
    detail: where,
  });
}

/** The error for an element the reader does not implement. */
export function unsupportedElement(element: string, location: SourceLocation, why = ''): AzlError {
  const where = formatLocation(location);
  return new AzlError('PROFILE_UNSUPPORTED', `The element <${element}> at ${where} is not supported${why ? `: ${why}` : ''}.`, {
    hint: 'Remove the element, or build this description with kiwi-ng itself.',
    detail: where,
  });
}

/** Refuses any attribute not in `known`. */
export function rejectAttributes(item: KiwiElement, known: string[]): void {
  const attributes = item.element.attributes;
  for (let index = 0; index < attributes.length; index++) {
    const name = attributes[index].name;
    if (!known.includes(name)) throw unsupportedAttribute(item.element.tagName, name, locationOf(item));
  }
}
