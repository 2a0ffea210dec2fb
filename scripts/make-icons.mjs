// Makes every app icon electron-builder needs from assets/icon.svg, with only what is installed: Debian's Chromium
// (through Playwright) rasterises the SVG at each size; the ICO and ICNS containers are written here by hand (both
// hold PNG images as they are, which Windows Vista+ and macOS 10.7+ read).
//   node scripts/make-icons.mjs   → assets/icons/<n>x<n>.png, assets/icon.png (1024), assets/icon.ico, assets/icon.icns
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';

const ASSETS = new URL('../assets/', import.meta.url);
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** ICO: header, one 16-byte entry per image, then the PNGs. A width or height of 256 is written as 0. */
export function icoOf(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2); // no palette
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

/** ICNS: 'icns' + total length, then per image a 4-character type, its length (with the 8-byte header), the PNG. */
export function icnsOf(images) {
  const chunks = images.map(({ type, png }) => {
    const h = Buffer.alloc(8);
    h.write(type, 0, 'ascii');
    h.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([h, png]);
  });
  const total = 8 + chunks.reduce((n, c) => n + c.length, 0);
  const h = Buffer.alloc(8);
  h.write('icns', 0, 'ascii');
  h.writeUInt32BE(total, 4);
  return Buffer.concat([h, ...chunks]);
}

async function render(svg) {
  const browser = await chromium.launch({ executablePath: process.env.TRUST_VAULT_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const pngs = new Map();
    for (const size of SIZES) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<html><body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${size}" height="${size}" style="display:block"></body></html>`,
      );
      await page.locator('img').evaluate((img) => img.decode());
      pngs.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    }
    return pngs;
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const svg = await readFile(new URL('icon.svg', ASSETS), 'utf8');
  const pngs = await render(svg);
  await mkdir(new URL('icons/', ASSETS), { recursive: true });
  for (const [size, png] of pngs) await writeFile(new URL(`icons/${size}x${size}.png`, ASSETS), png);
  await writeFile(new URL('icon.png', ASSETS), pngs.get(1024));
  await writeFile(new URL('icon.ico', ASSETS), icoOf([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: pngs.get(size) }))));
  // icp4/icp5/icp6: 16/32/64; ic07/ic08/ic09/ic10: 128/256/512/1024 (ic10 is 512@2x); ic11-ic14: the @2x of 16-512.
  const icns = [
    ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024],
    ['ic11', 32], ['ic12', 64], ['ic13', 512], ['ic14', 1024],
  ].map(([type, size]) => ({ type, png: pngs.get(size) }));
  await writeFile(new URL('icon.icns', ASSETS), icnsOf(icns));
  console.log(`icons written: ${SIZES.join(', ')} px, icon.ico, icon.icns`);
}
