/**
 * A small scanner for the machine-written XML of rpm-md repositories (repomd.xml, primary.xml,
 * updateinfo.xml): elements found by name, attributes read, entities decoded. Repository
 * metadata can be tens of megabytes; a DOM would hold all of it, while these files are flat
 * lists of records that a scan over the text reads in one pass. The input is untrusted: nothing
 * here evaluates it, and every caller bounds its size before it gets here.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references. */
export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return safeCodePoint(Number.parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return safeCodePoint(Number.parseInt(name.slice(1), 10), whole);
    return ENTITIES[name] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

function escapeName(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\:]/g, '\\$&');
}

/** Every `<name …>…</name>` (or self-closed `<name …/>`) in `text`: its attribute text and its inner text. */
export function* elements(text: string, name: string): Generator<{ attributes: string; inner: string }> {
  const pattern = new RegExp(`<${escapeName(name)}(\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</${escapeName(name)}>)`, 'g');
  for (const match of text.matchAll(pattern)) yield { attributes: match[1] ?? '', inner: match[2] ?? '' };
}

/** The first such element, if any. */
export function firstElement(text: string, name: string): { attributes: string; inner: string } | undefined {
  for (const element of elements(text, name)) return element;
  return undefined;
}

/** The decoded, trimmed text of the first `<name>` element. */
export function elementText(text: string, name: string): string | undefined {
  const element = firstElement(text, name);
  return element === undefined ? undefined : decodeXml(element.inner.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')).trim();
}

/** One attribute's decoded value from an element's attribute text. */
export function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${escapeName(name)}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  return match ? decodeXml(match[1] ?? match[2] ?? '') : undefined;
}
