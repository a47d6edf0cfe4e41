// `npm run migrations:pin`: records the sha256 of every migration file in released.json, which a test then
// holds them to. Run it after adding a migration (and after merging branches that added some); never to
// make the test accept a change to a migration that was already released.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { currentPinsText, migrationFiles, PIN_FILE } from '../../test/support/migrationPins';

writeFileSync(PIN_FILE, currentPinsText());
console.log(`Pinned ${migrationFiles().length} migrations in ${relative(process.cwd(), PIN_FILE)}.`);
