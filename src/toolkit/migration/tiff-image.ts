// A scanned page as the old systems stored them: an uncompressed 8-bit greyscale TIFF (baseline TIFF 6.0,
// one strip). Test data for the converter, not a converter.
export function tiffImage(width: number, height: number, pixel: (x: number, y: number) => number): Buffer {
  const tags: Array<[tag: number, type: 3 | 4 | 5, value: number]> = [
    [256, 3, width],
    [257, 3, height],
    [258, 3, 8], // bits per sample
    [259, 3, 1], // no compression
    [262, 3, 1], // black is zero
    [273, 4, 0], // strip offset (set below)
    [277, 3, 1], // samples per pixel
    [278, 3, height], // rows per strip
    [279, 4, width * height], // strip byte count
    [282, 5, 0], // x resolution (rational, set below)
    [283, 5, 0], // y resolution
    [296, 3, 2], // inches
  ];
  const ifd = 8;
  const resolution = ifd + 2 + tags.length * 12 + 4;
  const data = resolution + 16;
  const buf = Buffer.alloc(data + width * height);
  buf.write('II*\u0000', 0, 'latin1');
  buf.writeUInt32LE(ifd, 4);
  buf.writeUInt16LE(tags.length, ifd);
  tags.forEach(([tag, type, v], i) => {
    const value = tag === 273 ? data : tag === 282 ? resolution : tag === 283 ? resolution + 8 : v;
    const at = ifd + 2 + i * 12;
    buf.writeUInt16LE(tag, at);
    buf.writeUInt16LE(type, at + 2);
    buf.writeUInt32LE(1, at + 4);
    if (type === 3) buf.writeUInt16LE(value, at + 8);
    else buf.writeUInt32LE(value, at + 8);
  });
  for (const at of [resolution, resolution + 8]) {
    buf.writeUInt32LE(150, at);
    buf.writeUInt32LE(1, at + 4);
  }
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) buf[data + y * width + x] = pixel(x, y);
  return buf;
}
