// Small real images for functional tests, made in node (no image tools needed): an RGB PNG
// encoder, a "person" and a "garment" drawn from rectangles and ellipses, and the size of a
// JPEG read from its SOF marker.
import { crc32, deflateSync } from 'node:zlib';

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
  return out;
}

// PNG bytes of a width x height image whose pixel colour is `paint(x, y)` -> [r, g, b].
export function png(width, height, paint) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) raw.set(paint(x, y), row + 1 + x * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const inEllipse = (x, y, cx, cy, rx, ry) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
const inRect = (x, y, l, t, r, b) => x >= l && x < r && y >= t && y < b;

// A standing figure on a blue-grey backdrop.
export function personPng(width = 360, height = 540) {
  const skin = [224, 180, 143];
  return png(width, height, (x, y) => {
    const u = x / width, v = y / height;
    if (inEllipse(u, v, 0.5, 0.13, 0.09, 0.08)) return skin;
    if (inRect(u, v, 0.3, 0.22, 0.7, 0.62)) return [70, 70, 70];
    if (inRect(u, v, 0.2, 0.24, 0.3, 0.58) || inRect(u, v, 0.7, 0.24, 0.8, 0.58)) return skin;
    if (inRect(u, v, 0.34, 0.62, 0.48, 0.98) || inRect(u, v, 0.52, 0.62, 0.66, 0.98)) {
      return [43, 63, 102];
    }
    return [200 + Math.round(40 * v), 214, 227];
  });
}

// A red t-shirt shape on white.
export function garmentPng(width = 320, height = 360) {
  return png(width, height, (x, y) => {
    const u = x / width, v = y / height;
    const body = inRect(u, v, 0.25, 0.12, 0.75, 0.95);
    const sleeves = inRect(u, v, 0.05, 0.12, 0.95, 0.35) && v - 0.12 < 0.5 - Math.abs(u - 0.5);
    const neck = inEllipse(u, v, 0.5, 0.12, 0.1, 0.06);
    return (body || sleeves) && !neck ? [192, 57, 43] : [255, 255, 255];
  });
}

// {width, height} of a JPEG (from its first SOFn marker), or null when it is not one.
export function jpegSize(bytes) {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1];
    const length = bytes.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return null;
}
