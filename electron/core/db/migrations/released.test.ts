import { describe, expect, it } from 'vitest';
import { hashMigration, migrationFiles, readPins } from '../../../../test/support/migrationPins';
import { MIGRATIONS } from './index';

describe('released migrations', () => {
  it('are unchanged since they were pinned', () => {
    const pins = readPins();
    const changed = migrationFiles()
      .filter(
        ({ version, file }) => pins[version] !== undefined && pins[version].sha256 !== hashMigration(file),
      )
      .map(({ file }) => file);
    expect(
      changed,
      `${changed.join(', ')} changed after release. A released migration is history: undo the edit and put ` +
        'the change in a new migration instead.',
    ).toEqual([]);
  });

  it('are all pinned, and every pin still has its file', () => {
    const pins = readPins();
    const files = migrationFiles();
    const unpinned = files
      .filter(({ version, file }) => pins[version]?.file !== file)
      .map(({ file }) => file);
    expect(
      unpinned,
      `${unpinned.join(', ')} not pinned yet: run \`npm run migrations:pin\` and commit released.json.`,
    ).toEqual([]);
    const present = new Set(files.map(({ version }) => String(version)));
    const gone = Object.entries(pins)
      .filter(([version]) => !present.has(version))
      .map(([, pin]) => pin.file);
    expect(gone, `${gone.join(', ')} pinned but missing: a released migration may not be deleted.`).toEqual(
      [],
    );
  });

  it('are each registered in the list, in order, and nothing else is', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(migrationFiles().map((f) => f.version));
  });
});
