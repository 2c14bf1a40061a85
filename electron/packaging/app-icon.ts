/**
 * The app's Windows icon, drawn in code (no binary of unknown origin in the repository): a
 * white "A" on a rounded Azure-blue square, the same design as the distro icon
 * (rootfs/transform/wsl-icon.ts), at every size Windows and NSIS ask for. Written to
 * electron/build-resources/icon.ico by `node --import tsx electron/packaging/write-app-icon.ts`.
 */

/** Explorer and the taskbar pick among these; NSIS and electron-builder require a 256 px entry. */
export const APP_ICON_SIZES = [16, 32, 48, 256] as const;

const ICONDIR_BYTES = 6;
const ICONDIRENTRY_BYTES = 16;
const BITMAPINFOHEADER_BYTES = 40;
/** The design's own grid: coordinates below are in 32ths of the icon's side. */
const DESIGN_SIZE = 32;
/** Samples per pixel side: 4×4 samples give smooth edges at 16 px without blurring at 256. */
const SUPERSAMPLE = 4;
const CORNER_RADIUS = 6;
const STROKE_HALF_WIDTH = 1.9;
const STROKES: ReadonlyArray<readonly [number, number, number, number]> = [
  [16, 5, 7, 27],
  [16, 5, 25, 27],
  [11, 19, 21, 19],
];
/** Azure blue (#0078D4) and white, as RGB. */
const BACKGROUND = [0x00, 0x78, 0xd4] as const;
const FOREGROUND = [0xff, 0xff, 0xff] as const;

function distanceToSegment(px: number, py: number, [ax, ay, bx, by]: readonly [number, number, number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** 0 outside the square, 1 on the background, 2 on the letter, at a point of the design grid. */
function sample(x: number, y: number): 0 | 1 | 2 {
  const nearestX = Math.max(CORNER_RADIUS, Math.min(DESIGN_SIZE - CORNER_RADIUS, x));
  const nearestY = Math.max(CORNER_RADIUS, Math.min(DESIGN_SIZE - CORNER_RADIUS, y));
  if (Math.hypot(x - nearestX, y - nearestY) > CORNER_RADIUS) return 0;
  return STROKES.some((stroke) => distanceToSegment(x, y, stroke) <= STROKE_HALF_WIDTH) ? 2 : 1;
}

/** Straight (not premultiplied) RGBA, top-down rows, `size`×`size`. */
export function renderAppIcon(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const scale = DESIGN_SIZE / size;
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let covered = 0;
      let letter = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const kind = sample((x + (sx + 0.5) / SUPERSAMPLE) * scale, (y + (sy + 0.5) / SUPERSAMPLE) * scale);
          if (kind > 0) covered++;
          if (kind === 2) letter++;
        }
      }
      const offset = (y * size + x) * 4;
      if (covered === 0) continue;
      const mix = letter / covered;
      for (let channel = 0; channel < 3; channel++) {
        pixels[offset + channel] = Math.round(BACKGROUND[channel]! * (1 - mix) + FOREGROUND[channel]! * mix);
      }
      pixels[offset + 3] = Math.round((255 * covered) / samples);
    }
  }
  return pixels;
}

/** One 32-bit BMP icon image (BITMAPINFOHEADER, bottom-up BGRA, AND mask), as `.ico` stores it. */
function bmpImage(size: number, rgba: Uint8Array): Buffer {
  const maskRowBytes = Math.ceil(size / 32) * 4;
  const header = Buffer.alloc(BITMAPINFOHEADER_BYTES);
  header.writeUInt32LE(BITMAPINFOHEADER_BYTES, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour rows + mask rows
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(size * size * 4 + maskRowBytes * size, 20);
  const colour = Buffer.alloc(size * size * 4);
  const mask = Buffer.alloc(maskRowBytes * size);
  for (let y = 0; y < size; y++) {
    const row = size - 1 - y; // bottom-up
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = (row * size + x) * 4;
      colour[to] = rgba[from + 2]!;
      colour[to + 1] = rgba[from + 1]!;
      colour[to + 2] = rgba[from]!;
      colour[to + 3] = rgba[from + 3]!;
      // The AND mask marks fully transparent pixels for viewers that ignore alpha.
      if (rgba[from + 3] === 0) mask[row * maskRowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, colour, mask]);
}

/**
 * The multi-size `.ico`. Every entry is an uncompressed 32-bit BMP (NSIS's icon loader reads
 * these; PNG-compressed entries are not accepted by every tool in the chain).
 */
export function appIconIco(sizes: readonly number[] = APP_ICON_SIZES): Buffer {
  const images = sizes.map((size) => bmpImage(size, renderAppIcon(size)));
  const directory = Buffer.alloc(ICONDIR_BYTES + ICONDIRENTRY_BYTES * sizes.length);
  directory.writeUInt16LE(0, 0);
  directory.writeUInt16LE(1, 2); // 1 = icon
  directory.writeUInt16LE(sizes.length, 4);
  let offset = directory.length;
  sizes.forEach((size, index) => {
    const entry = ICONDIR_BYTES + ICONDIRENTRY_BYTES * index;
    directory.writeUInt8(size >= 256 ? 0 : size, entry); // 0 means 256
    directory.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    directory.writeUInt8(0, entry + 2);
    directory.writeUInt8(0, entry + 3);
    directory.writeUInt16LE(1, entry + 4);
    directory.writeUInt16LE(32, entry + 6);
    directory.writeUInt32LE(images[index]!.length, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += images[index]!.length;
  });
  return Buffer.concat([directory, ...images]);
}
