// Bursts captioned once: a synthetic library of real-looking bursts cut from every corpus photo (shifted,
// cropped, re-exposed, a second apart, one camera for all of them), plus the corpus itself, captioned through
// the real core and the fake provider twice — grouping on, and grouping off as the same-run baseline.
// Reports requests and dollars with and without, and the false groupings (a photo given the words of another
// scene), which must be 0.
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFakeProvider } from '../fake-provider/server';
import { writeBurst } from '../support/bursts';
import { CORPUS_DIR } from '../support/corpus';
import { approveAll, envFor, startCore, waitUntilSettled } from '../support/coreHarness';
import { waitFor } from '../support/waitFor';
import { fmt, printBlock } from './benchSupport';

interface Library {
  root: string;
  photos: string;
  shots: number;
  scenes: number;
}

/** Every corpus photo sharp can decode becomes a burst of 3 to 8 shots, an hour apart from the next burst. */
async function buildLibrary(): Promise<Library> {
  const root = mkdtempSync(join(tmpdir(), 'shoebox-bench-grouping-'));
  const photos = join(root, 'Photos');
  cpSync(join(CORPUS_DIR, 'photos'), join(photos, 'corpus', 'photos'), { recursive: true });
  cpSync(join(CORPUS_DIR, 'exif'), join(photos, 'corpus', 'exif'), { recursive: true });
  const sources = readdirSync(join(CORPUS_DIR, 'photos')).sort();
  let shots = 0;
  let scenes = 0;
  for (const [i, name] of sources.entries()) {
    const count = 3 + (i % 6);
    try {
      await writeBurst({
        source: join(CORPUS_DIR, 'photos', name),
        dir: join(photos, 'bursts', `scene-${String(i).padStart(2, '0')}`),
        shots: count,
        first: 1000 + i * 10,
        takenAt: new Date(Date.UTC(2025, 0, 1, i, 0, 0)),
      });
      shots += count;
      scenes += 1;
    } catch {
      // A source sharp cannot re-encode (none today) is simply left out.
    }
  }
  return { root, photos, shots, scenes };
}

/**
 * What the corpus's MANIFEST says shows the same picture: the Grace Hopper orientation set (one portrait stored
 * eight ways) and ExifTool's 8×8 placeholder test images. Every other corpus file is its own scene.
 */
function manifestScenes(): Map<string, string> {
  const scenes = new Map<string, string>();
  const lines = readFileSync(join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const [file, , , , , width, height] = line.split('\t');
    if (!file) continue;
    if (file.includes('grace-hopper')) scenes.set(basename(file), 'the Grace Hopper portrait');
    else if (width === '8' && height === '8') scenes.set(basename(file), 'the ExifTool 8×8 placeholder');
  }
  return scenes;
}

let samePicture: Map<string, string> | null = null;

/** The scene a file shows: its burst folder, or (corpus files) what the MANIFEST says it shows. */
function sceneOf(path: string): string {
  if (path.includes(join('bursts', 'scene-'))) return basename(dirname(path));
  samePicture ??= manifestScenes();
  return samePicture.get(basename(path)) ?? path;
}

async function run(library: Library, grouping: boolean) {
  const dataDir = join(library.root, grouping ? 'data-grouped' : 'data-alone');
  const provider = await startFakeProvider({ flavour: 'openrouter' });
  const core = await startCore(dataDir, envFor(provider, 'openrouter'));
  try {
    await core.api['settings.update']({ groupBursts: grouping });
    await core.api['folders.add']({ path: library.photos });
    await waitFor('the scan', async () => (await core.api['folders.list']({}))[0]?.state === 'watching', {
      timeoutMs: 600_000,
    });
    const estimate = await core.api['spend.estimate']({});
    await approveAll(core);
    await waitUntilSettled(core, 600_000);
    const db = new Database(join(dataDir, 'catalogue.sqlite'), { readonly: true });
    try {
      await waitFor(
        'followers to get their words',
        () =>
          db.prepare(`SELECT count(*) FROM burst_members WHERE state = 'waiting'`).pluck().get() === 0 ||
          undefined,
      );
      const photos = db.prepare(`SELECT count(*) FROM photos`).pluck().get() as number;
      const dollars = db.prepare(`SELECT coalesce(sum(cost), 0) FROM ledger`).pluck().get() as number;
      const pairs = db
        .prepare(
          `SELECT (SELECT path FROM files WHERE photo_id = m.photo_id ORDER BY id LIMIT 1) AS follower,
                  (SELECT path FROM files WHERE photo_id = m.leader_id ORDER BY id LIMIT 1) AS leader
           FROM burst_members m`,
        )
        .all() as Array<{ follower: string; leader: string }>;
      const falseGroupings = pairs.filter((p) => sceneOf(p.follower) !== sceneOf(p.leader));
      const burstFollowers = pairs.filter((p) => p.follower.includes(join('bursts', 'scene-'))).length;
      const corpusPairs = pairs.length - burstFollowers;
      return {
        photos,
        requests: provider.requests.length,
        dollars,
        grouped: pairs.length,
        burstFollowers,
        corpusPairs,
        falseGroupings,
        estimate,
      };
    } finally {
      db.close();
    }
  } finally {
    await core.stop();
    await provider.close();
  }
}

export async function main() {
  const library = await buildLibrary();
  try {
    const alone = await run(library, false);
    const grouped = await run(library, true);
    const saved = alone.dollars - grouped.dollars;
    printBlock(
      `Grouping: ${library.scenes} bursts (${library.shots} shots, one camera) + the corpus photos/ and exif/ (${
        grouped.photos - library.shots
      } photos)`,
      [
        ['photos', `${grouped.photos}`],
        [
          'requests, grouping on / off (baseline)',
          `${grouped.requests} / ${alone.requests} (ratio ${fmt(grouped.requests / alone.requests, 2)})`,
        ],
        [
          'dollars, grouping on / off (ledger)',
          `$${fmt(grouped.dollars, 4)} / $${fmt(alone.dollars, 4)}: saved $${fmt(saved, 4)}`,
        ],
        [
          'photos grouped',
          `${grouped.grouped} (estimate said ${grouped.estimate.groupedPhotos ?? 0}, $${fmt(grouped.estimate.groupedSavingsUsd ?? 0, 4)})`,
        ],
        [
          'burst shots left ungrouped (captioned on their own)',
          `${library.shots - library.scenes - grouped.burstFollowers}`,
        ],
        ['corpus files grouped (same picture per the MANIFEST)', `${grouped.corpusPairs}`],
        ['false groupings (must be 0)', `${grouped.falseGroupings.length}`],
      ],
    );
    for (const wrong of grouped.falseGroupings)
      console.log(`  WRONG: ${wrong.follower} took the words of ${wrong.leader}`);
  } finally {
    rmSync(library.root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
