// `npm run icons`: regenerates the committed icon files from resources/icon.svg. Run it after editing the SVG
// and commit what it writes.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeIcons } from './icons';

const resources = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = await makeIcons(join(resources, 'icon.svg'), resources);
for (const path of [...files.pngs.map((png) => png.path), files.ico, files.icns]) {
  console.log(`wrote ${relative(process.cwd(), path)}`);
}
