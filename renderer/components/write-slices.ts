/**
 * Cuts terminal output into slices for `term.write`. xterm parses each write whole before it
 * looks at the clock, so one big write is one long task; small slices let its write buffer
 * yield to rendering and input between them (and each slice is acknowledged when drawn).
 */

/**
 * Largest slice: xterm parses ~16 K characters in a few ms even on a slow machine, far
 * inside a 50 ms frame budget, and main's 64 KiB messages become four writes.
 */
export const WRITE_SLICE_CHARS = 16 * 1024;

/** Slices of at most `max` UTF-16 units that never split a surrogate pair. */
export function writeSlices(text: string, max = WRITE_SLICE_CHARS): string[] {
  if (text.length <= max) return [text];
  const slices: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + max, text.length);
    // A high surrogate at the cut belongs with the low surrogate after it.
    if (end < text.length && end - start > 1) {
      const code = text.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    }
    slices.push(text.slice(start, end));
    start = end;
  }
  return slices;
}
