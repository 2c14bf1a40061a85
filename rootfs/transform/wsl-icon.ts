/**
 * The Start-menu icon for images whose repositories have no `wsl-setup` (Azure Linux 3.0):
 * a 32x32 32-bit `.ico` drawn in code, so no binary of unknown origin enters the repository.
 * The shipped copy is `assets/azurelinux.ico`; a unit test checks it equals this rendering.
 */

/** Windows scales a 32x32 icon well for the Start menu and Terminal tabs; WSL caps icons at 1 MiB. */
export const ICON_SIZE = 32;

const ICONDIR_BYTES = 6;
const ICONDIRENTRY_BYTES = 16;
const BITMAPINFOHEADER_BYTES = 40;
/** Azure blue (#0078D4) as BGRA. */
const BACKGROUND = [0xd4, 0x78, 0x00, 0xff] as const;
const FOREGROUND = [0xff, 0xff, 0xff, 0xff] as const;
const TRANSPARENT = [0, 0, 0, 0] as const;
const CORNER_RADIUS = 6;
const STROKE_HALF_WIDTH = 1.9;

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The colour of one pixel, top-down coordinates: a white "A" on a rounded Azure-blue square. */
function pixel(x: number, y: number): readonly number[] {
  const cx = x + 0.5;
  const cy = y + 0.5;
  const nearestX = Math.max(CORNER_RADIUS, Math.min(ICON_SIZE - CORNER_RADIUS, cx));
  const nearestY = Math.max(CORNER_RADIUS, Math.min(ICON_SIZE - CORNER_RADIUS, cy));
  if (Math.hypot(cx - nearestX, cy - nearestY) > CORNER_RADIUS) return TRANSPARENT;
  const strokes: Array<[number, number, number, number]> = [
    [16, 5, 7, 27],
    [16, 5, 25, 27],
    [11, 19, 21, 19],
  ];
  const onLetter = strokes.some(([ax, ay, bx, by]) => distanceToSegment(cx, cy, ax, ay, bx, by) <= STROKE_HALF_WIDTH);
  return onLetter ? FOREGROUND : BACKGROUND;
}

/** The icon file's bytes: ICONDIR, one ICONDIRENTRY, one BMP (BITMAPINFOHEADER + BGRA + AND mask). */
export function renderAzureLinuxIcon(): Buffer {
  const pixelBytes = ICON_SIZE * ICON_SIZE * 4;
  // The AND mask has 1 bit per pixel, rows padded to 32 bits; all zero because alpha decides.
  const maskRowBytes = Math.ceil(ICON_SIZE / 32) * 4;
  const maskBytes = maskRowBytes * ICON_SIZE;
  const imageBytes = BITMAPINFOHEADER_BYTES + pixelBytes + maskBytes;
  const imageOffset = ICONDIR_BYTES + ICONDIRENTRY_BYTES;
  const out = Buffer.alloc(imageOffset + imageBytes);

  out.writeUInt16LE(0, 0); // reserved
  out.writeUInt16LE(1, 2); // type 1 = icon
  out.writeUInt16LE(1, 4); // one image

  out.writeUInt8(ICON_SIZE, 6); // width
  out.writeUInt8(ICON_SIZE, 7); // height
  out.writeUInt8(0, 8); // no palette
  out.writeUInt8(0, 9); // reserved
  out.writeUInt16LE(1, 10); // colour planes
  out.writeUInt16LE(32, 12); // bits per pixel
  out.writeUInt32LE(imageBytes, 14);
  out.writeUInt32LE(imageOffset, 18);

  let at = imageOffset;
  out.writeUInt32LE(BITMAPINFOHEADER_BYTES, at);
  out.writeInt32LE(ICON_SIZE, at + 4);
  out.writeInt32LE(ICON_SIZE * 2, at + 8); // icons count the XOR and AND halves
  out.writeUInt16LE(1, at + 12);
  out.writeUInt16LE(32, at + 14);
  out.writeUInt32LE(0, at + 16); // BI_RGB
  out.writeUInt32LE(pixelBytes + maskBytes, at + 20);
  at += BITMAPINFOHEADER_BYTES;

  // BMP rows run bottom-up.
  for (let row = ICON_SIZE - 1; row >= 0; row--) {
    for (let x = 0; x < ICON_SIZE; x++) {
      for (const byte of pixel(x, row)) out.writeUInt8(byte, at++);
    }
  }
  return out;
}
