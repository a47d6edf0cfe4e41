// Bursts and near-copies captioned once, against the real HTTP fake provider, a real catalogue and real
// files: bursts made from corpus photos (shifted, cropped, re-exposed, seconds apart), a re-saved copy, and
// the corpus itself, whose different scenes must never be grouped.
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { writeBurst, writeResavedCopy } from '../support/bursts';
import { corpusPath } from '../support/corpus';
import { approveAll, envFor, startCore, waitUntilSettled } from '../support/coreHarness';
import { makeTempLibrary, type TempLibrary } from '../support/tempLibrary';
import { waitFor } from '../support/waitFor';

const SHEEP = 'photos/animal_sheep-grazing-in-field.jpg';
const BRIDGE = 'photos/night_roebling-suspension-bridge-cincinnati_olympus.jpg';

interface Row {
  id: number;
  path: string;
  caption: string | null;
  caption_status: string;
  caption_detail: string | null;
}

function rowsUnder(dataDir: string, dir: string): Row[] {
  const db = new Database(join(dataDir, 'catalogue.sqlite'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT p.id, f.path, p.caption, p.caption_status, p.caption_detail FROM photos p JOIN files f ON f.photo_id = p.id
         WHERE f.path LIKE ? ORDER BY f.path`,
      )
      .all(`${dir}%`) as Row[];
  } finally {
    db.close();
  }
}

function members(dataDir: string): Array<{ photo_id: number; leader_id: number; state: string }> {
  const db = new Database(join(dataDir, 'catalogue.sqlite'), { readonly: true });
  try {
    return db.prepare(`SELECT photo_id, leader_id, state FROM burst_members`).all() as Array<{
      photo_id: number;
      leader_id: number;
      state: string;
    }>;
  } finally {
    db.close();
  }
}

describe('bursts and near-copies are captioned once', () => {
  let library: TempLibrary;
  let provider: FakeProvider;
  let core: Core;
  let burstDir: string;
  let copyDir: string;

  beforeAll(async () => {
    library = makeTempLibrary(['photos']);
    burstDir = join(library.photos, 'burst');
    copyDir = join(library.photos, 'copies');
    await writeBurst({
      source: corpusPath(SHEEP),
      dir: burstDir,
      shots: 8,
      first: 1000,
      takenAt: new Date(Date.UTC(2024, 5, 1, 12, 0, 0)),
    });
    mkdirSync(copyDir);
    copyFileSync(corpusPath(BRIDGE), join(copyDir, 'bridge.jpg'));
    await writeResavedCopy(corpusPath(BRIDGE), join(copyDir, 'bridge-resaved.png'));
    provider = await startFakeProvider({ flavour: 'openrouter' });
    core = await startCore(library.dataDir, envFor(provider, 'openrouter'));
    await core.api['folders.add']({ path: library.photos });
    await waitFor('the scan', async () => (await core.api['folders.list']({}))[0]?.state === 'watching');
  }, 120_000);

  afterAll(async () => {
    await core?.stop();
    await provider?.close();
    library?.remove();
  });

  it('says in the estimate how many photos and dollars grouping saves, and sends one request per scene', async () => {
    // 34 corpus photos (bridge.jpg has the same bytes as the corpus bridge, so it is that photo; the re-saved
    // PNG joins it) and one leader of the burst. The PNG joins once grouping's identity check has decoded both
    // originals, which goes on after the scan (a scan can end first).
    const estimate = await waitFor('the identity checks', async () => {
      const now = await core.api['spend.estimate']({});
      return now.groupedPhotos === 7 + 1 ? now : undefined;
    });
    expect(estimate.photos).toBe(34 + 1);
    expect(estimate.groupedSavingsUsd).toBeGreaterThan(0);
    expect(estimate.groupedSavingsUsd!).toBeCloseTo(8 * estimate.perPhotoUsd, 2);

    await approveAll(core);
    await waitUntilSettled(core, 120_000);
    await waitFor(
      'the followers to get their words',
      () => rowsUnder(library.dataDir, library.photos).every((r) => r.caption_status === 'done') || undefined,
    );
    expect(provider.requests).toHaveLength(35);
  });

  it('a burst of 8 sends 1 request; the others get its words marked "from IMG_… (same burst)"', async () => {
    const shots = rowsUnder(library.dataDir, burstDir);
    expect(shots).toHaveLength(8);
    const leaders = shots.filter((r) => !r.caption_detail?.startsWith('from '));
    expect(leaders).toHaveLength(1);
    const leader = leaders[0]!;
    const name = basename(leader.path, '.jpg');
    for (const follower of shots.filter((r) => r !== leader)) {
      expect(follower.caption).toBe(leader.caption);
      expect(follower.caption_detail).toBe(`from ${name} (same burst)`);
      const detail = await core.api['photos.get']({ id: follower.id });
      expect(detail?.burst).toEqual({
        leaderId: leader.id,
        label: `from ${name} (same burst)`,
        state: 'copied',
      });
      expect(detail?.tagEntries.map((t) => t.state)).toEqual(detail?.tagEntries.map(() => 'suggested'));
    }
    const page = await core.api['review.queue']({ limit: 500 });
    expect(page.items.map((i) => i.id)).toEqual(expect.arrayContaining(shots.map((s) => s.id)));
  });

  it('groups a JPEG and its re-saved copy, and no two different scenes of the corpus', () => {
    const corpus = rowsUnder(library.dataDir, join(library.photos, 'photos'));
    const copies = rowsUnder(library.dataDir, copyDir);
    const bridge = corpus.find((r) => r.path.endsWith(basename(BRIDGE)))!;
    // copies/bridge.jpg has the corpus bridge's bytes (one photo); the re-saved PNG is the other of the pair.
    const pair = new Set(copies.map((r) => r.id));
    expect(pair).toEqual(new Set([bridge.id, copies.find((r) => r.path.endsWith('.png'))!.id]));
    const grouped = members(library.dataDir);
    const shots = new Set(rowsUnder(library.dataDir, burstDir).map((r) => r.id));
    const copyIds = new Set(copies.map((r) => r.id));
    for (const m of grouped) {
      if (shots.has(m.photo_id)) expect(shots.has(m.leader_id)).toBe(true);
      else {
        expect(copyIds.has(m.photo_id), `photo ${m.photo_id} is grouped`).toBe(true);
        expect(copyIds.has(m.leader_id)).toBe(true);
        expect(m.leader_id).not.toBe(m.photo_id);
      }
    }
    expect(grouped).toHaveLength(8);
    for (const copy of copies) expect(copy.caption).toBe(bridge.caption);
  });

  it('"caption this one separately" ends the grouping and sends that photo alone', async () => {
    const follower = rowsUnder(library.dataDir, burstDir).find((r) => r.caption_detail?.startsWith('from '))!;
    const before = provider.requests.length;
    await core.api['photos.captionSeparately']({ id: follower.id });
    await waitUntilSettled(core);
    expect(provider.requests.length).toBe(before + 1);
    const detail = await core.api['photos.get']({ id: follower.id });
    expect(detail?.burst).toBeNull();
    expect(detail?.captionEntry?.detail).not.toMatch(/^from /);
    await expect(core.api['photos.captionSeparately']({ id: follower.id })).rejects.toThrow(/not grouped/);
  });

  it('with the setting off, a new burst is captioned photo by photo', async () => {
    await core.api['settings.update']({ groupBursts: false });
    const before = provider.requests.length;
    const second = join(library.photos, 'burst-two');
    await writeBurst({
      source: corpusPath(SHEEP),
      dir: second,
      shots: 4,
      first: 2000,
      takenAt: new Date(Date.UTC(2024, 5, 2, 9, 0, 0)),
    });
    await waitFor(
      'the watcher to catalogue the new burst',
      () => rowsUnder(library.dataDir, second).length === 4 || undefined,
    );
    await core.api['queue.approve']({});
    await waitUntilSettled(core);
    await waitFor(
      'four captions',
      () => rowsUnder(library.dataDir, second).every((r) => r.caption_status === 'done') || undefined,
    );
    expect(provider.requests.length).toBe(before + 4);
    await core.api['settings.update']({ groupBursts: true });
  });
});

describe('photos read before fingerprints were kept', () => {
  let library: TempLibrary | undefined;
  let provider: FakeProvider | undefined;
  let core: Core | undefined;

  afterAll(async () => {
    await core?.stop();
    await provider?.close();
    library?.remove();
  });

  it('are fingerprinted in the background at start and grouped while they still wait', async () => {
    library = makeTempLibrary([]);
    await writeBurst({
      source: corpusPath(BRIDGE),
      dir: join(library.photos, 'burst'),
      shots: 4,
      first: 3000,
      takenAt: new Date(Date.UTC(2024, 7, 1, 20, 0, 0)),
    });
    provider = await startFakeProvider({ flavour: 'openrouter' });
    core = await startCore(library.dataDir, envFor(provider, 'openrouter'));
    await core.api['folders.add']({ path: library.photos });
    await waitFor('the scan', async () => (await core!.api['folders.list']({}))[0]?.state === 'watching');
    await core.stop();
    core = undefined;
    // As a catalogue from before migration 035 would be: no fingerprints, no groups.
    const db = new Database(join(library.dataDir, 'catalogue.sqlite'));
    try {
      db.exec(`DELETE FROM burst_members; DELETE FROM photo_fingerprints;
        INSERT OR IGNORE INTO caption_jobs (photo_id, state, updated_at) SELECT id, 'queued', 'then' FROM photos`);
      expect(db.prepare(`SELECT count(*) FROM caption_jobs`).pluck().get()).toBe(4);
    } finally {
      db.close();
    }
    core = await startCore(library.dataDir, envFor(provider, 'openrouter'));
    const estimate = await waitFor('the backfill', async () => {
      const now = await core!.api['spend.estimate']({});
      return now.groupedPhotos === 3 ? now : undefined;
    });
    expect(estimate.photos).toBe(1);
    await approveAll(core);
    await waitUntilSettled(core);
    expect(provider.requests).toHaveLength(1);
  });
});
