/**
 * Generates the Teams app icons (`manifest/color.png`, `manifest/outline.png`) from code, so the
 * package needs no binary assets of unknown origin. Run with `npx tsx src/tools/makeIcons.ts`.
 *
 * The symbol is a shield with a padlock: "your data is protected". Shapes are described as
 * inside/outside tests in a unit square and rasterised with supersampling for smooth edges.
 */
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** An 8-bit RGBA image, row-major, 4 bytes per pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Buffer;
}

/** Background of the colour icon: the Microsoft/Teams-style blue also used as `accentColor`. */
export const ICON_BACKGROUND = '#2B579A';

/** 8-byte PNG file signature. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** CRC-32 (IEEE, reflected, poly 0xEDB88320) lookup table, as PNG chunks require. */
const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of a byte sequence (PNG chunk checksum). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data, CRC over type+data. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * Encodes an RGBA image as a PNG (8-bit truecolour + alpha, no interlace).
 * Every scanline uses filter 0: icons are tiny, so simplicity beats a few bytes.
 */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) throw new Error(`RGBA buffer is ${data.length} bytes, expected ${width * height * 4}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method: adaptive (per-line filter byte)
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    data.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Parses `#RRGGBB`. */
function hexToRgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`Not a #RRGGBB colour: ${hex}`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

/** Point-in-shape test in unit coordinates (0..1, y grows downwards). */
type Shape = (x: number, y: number) => boolean;

/** Shield: flat-ish top with a gentle dip, straight sides, curved flanks meeting in a point. */
function shield(cx: number, top: number, bottom: number, halfWidth: number): Shape {
  const shoulder = top + (bottom - top) * 0.45;
  return (x, y) => {
    const dx = Math.abs(x - cx);
    if (dx > halfWidth || y > bottom) return false;
    const topEdge = top + 0.06 * halfWidth * (1 - (dx / halfWidth) ** 2);
    if (y < topEdge) return false;
    if (y <= shoulder) return true;
    const t = (y - shoulder) / (bottom - shoulder);
    return dx <= halfWidth * (1 - t * t);
  };
}

/** Axis-aligned rectangle with rounded corners. */
function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const qx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const qy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return qx * qx + qy * qy <= r * r;
  };
}

/** Padlock (body + shackle) and its keyhole, centred on `cx`, sized by `s` (body width). */
function padlock(cx: number, bodyTop: number, s: number): { lock: Shape; keyhole: Shape } {
  const bodyBottom = bodyTop + s * 0.8;
  const body = roundedRect(cx - s / 2, bodyTop, cx + s / 2, bodyBottom, s * 0.1);
  const outerR = s * 0.36;
  const innerR = s * 0.2;
  const arcCy = bodyTop - s * 0.12;
  const shackle: Shape = (x, y) => {
    const dx = x - cx;
    if (y <= arcCy) {
      const d2 = dx * dx + (y - arcCy) ** 2;
      return d2 <= outerR * outerR && d2 >= innerR * innerR;
    }
    // Straight legs from the arc down into the body.
    return y <= bodyTop + 0.01 && Math.abs(dx) <= outerR && Math.abs(dx) >= innerR;
  };
  const holeCy = bodyTop + s * 0.32;
  const holeR = s * 0.11;
  const keyhole: Shape = (x, y) => {
    const dx = x - cx;
    if (dx * dx + (y - holeCy) ** 2 <= holeR * holeR) return true;
    // Tapered slot under the round part.
    const slotBottom = bodyTop + s * 0.6;
    if (y < holeCy || y > slotBottom) return false;
    const t = (y - holeCy) / (slotBottom - holeCy);
    return Math.abs(dx) <= holeR * (0.55 + 0.25 * t);
  };
  return { lock: (x, y) => body(x, y) || shackle(x, y), keyhole };
}

/** The white part of the symbol: shield minus the padlock, plus the keyhole showing through. */
function symbol(scale: number): Shape {
  const c = 0.5;
  const s = (v: number): number => c + (v - c) * scale; // scale around the centre
  const outline = shield(c, s(0.16), s(0.88), 0.34 * scale);
  const { lock, keyhole } = padlock(c, s(0.47), 0.26 * scale);
  return (x, y) => outline(x, y) && (!lock(x, y) || keyhole(x, y));
}

/** Fraction (0..1) of `samples`² sub-pixel points inside `shape` for pixel (px, py). */
function coverage(shape: Shape, px: number, py: number, size: number, samples: number): number {
  let hits = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      if (shape((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits++;
    }
  }
  return hits / (samples * samples);
}

/** 192×192 full-colour icon: white symbol on a solid blue square (Teams rounds the corners itself). */
export function drawColorIcon(size = 192): RgbaImage {
  const [br, bg, bb] = hexToRgb(ICON_BACKGROUND);
  const shape = symbol(1);
  const data = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = coverage(shape, x, y, size, 4);
      const i = (y * size + x) * 4;
      data[i] = Math.round(br + (255 - br) * a);
      data[i + 1] = Math.round(bg + (255 - bg) * a);
      data[i + 2] = Math.round(bb + (255 - bb) * a);
      data[i + 3] = 255;
    }
  }
  return { width: size, height: size, data };
}

/**
 * 32×32 outline icon. Teams requires pure white (#FFFFFF) on full transparency, so every pixel is
 * white and only alpha carries the shape (anti-aliasing included).
 */
export function drawOutlineIcon(size = 32): RgbaImage {
  // Larger than in the colour icon: at 32 px there is no coloured frame, and detail must stay legible.
  const shape = symbol(1.22);
  const data = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      data[i] = data[i + 1] = data[i + 2] = 255;
      data[i + 3] = Math.round(255 * coverage(shape, x, y, size, 8));
    }
  }
  return { width: size, height: size, data };
}

/**
 * Writes `color.png` and `outline.png` into `dir` (created if needed).
 * @returns the absolute paths written.
 */
export function writeIcons(dir: string): { color: string; outline: string } {
  mkdirSync(dir, { recursive: true });
  const color = path.resolve(dir, 'color.png');
  const outline = path.resolve(dir, 'outline.png');
  writeFileSync(color, encodePng(drawColorIcon()));
  writeFileSync(outline, encodePng(drawOutlineIcon()));
  return { color, outline };
}

if (require.main === module) {
  // Same relative path from src/tools (tsx) and dist/tools (compiled).
  const written = writeIcons(process.argv[2] ?? path.resolve(__dirname, '../../manifest'));
  console.log(`Wrote ${written.color}\nWrote ${written.outline}`);
}
