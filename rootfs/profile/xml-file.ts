/** Strict XML parsing of description files, with file:line on every syntax error. */
import { readFile } from 'node:fs/promises';
import { DOMParser, type Document } from '@xmldom/xmldom';
import { AzlError } from '../../common/errors.js';

/** Parses `absolutePath`; any warning or error from the parser is a `PROFILE_SYNTAX` naming `displayName:line`. */
export async function parseXmlFile(absolutePath: string, displayName: string): Promise<Document> {
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch (error) {
    throw new AzlError('PROFILE_NOT_FOUND', `Cannot read ${displayName}.`, {
      hint: 'Check that the description folder is complete.',
      detail: String((error as Error).message),
      cause: error,
    });
  }
  let first: { message: string; line: number } | undefined;
  let document: Document | undefined;
  try {
    document = new DOMParser({
      // xmldom recovers from many mistakes (missing quotes, unknown entities); kiwi's parser
      // does not, so every report counts as a syntax error and the first one is shown.
      onError: (_level, message, context) => {
        first ??= { message: String(message).trim(), line: context?.locator?.lineNumber ?? 0 };
      },
    }).parseFromString(text, 'text/xml');
  } catch (error) {
    const locator = (error as { locator?: { lineNumber?: number } }).locator;
    first ??= { message: String((error as Error).message), line: locator?.lineNumber ?? 0 };
  }
  if (first || !document?.documentElement) {
    const line = first ? correctedLine(text, first) : 1;
    const where = `${displayName}:${line}`;
    throw new AzlError('PROFILE_SYNTAX', `${where} is not well-formed XML: ${first?.message ?? 'no root element'}.`, {
      hint: 'Fix the XML at that line (an XML linter such as `xmllint --noout` shows the same error).',
      detail: where,
    });
  }
  return document;
}

/**
 * xmldom reports a mismatched end tag at the end of the node before it, and extra content
 * after the root at the root's end; the user needs the line of the tag or the content itself.
 */
function correctedLine(text: string, issue: { message: string; line: number }): number {
  const reported = Math.max(issue.line, 1);
  if (/Extra content at the end of the document/.test(issue.message)) {
    // Reported at the root's end; the extra content is on the last line with text.
    const lines = text.trimEnd().split('\n');
    return Math.max(reported, lines.length);
  }
  const mismatch = /ending tag mismatch: "[^"]*" != "([^"]+)"/.exec(issue.message);
  if (!mismatch) return reported;
  const lines = text.split('\n');
  for (let index = reported - 1; index < lines.length; index++) {
    if (lines[index].includes(`</${mismatch[1]}`)) return index + 1;
  }
  return reported;
}
