// Renders scripts/assets/icon.svg to media/icon.png (128x128, transparent corners) with the same
// headless Chromium the UI tests use. Run after editing the SVG: node scripts/make-icon.js
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { launchBrowser } = require('../test/host/server');

async function main() {
  const svg = fs.readFileSync(path.join(__dirname, 'assets', 'icon.svg'), 'utf8');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(__dirname, '..', 'media', 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
  console.log('media/icon.png written');
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
