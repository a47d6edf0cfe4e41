import type { Database } from 'better-sqlite3';
import { basename, extname } from 'node:path';
import { UserError } from '../../../shared/contract';
import type { BurstMembership } from '../../../shared/types';
import { isoNow, type Clock } from '../clock';
import type { Log } from '../log';
import { storeModelSuggestion } from '../review/modelOutput';
import type { Fingerprint } from './fingerprint';
import * as groupingStore from '../stores/groupingStore';
import type { CandidateRow } from '../stores/groupingStore';
import { hammingDistance } from './hamming';
import { DEFAULT_RULE, sameScene, takenWindow, type GroupingRule, type SameScene } from './rule';

export interface GroupingDeps {
  db: Database;
  clock: Clock;
  log: Log;
  /** The "Group bursts and near-copies" setting. */
  enabled: () => boolean;
  rule?: GroupingRule;
}

/** A JPEG and its PNG copy make thumbnails that differ by a re-encode: 0–4 bits (measured on the corpus). */
const IDENTITY_DISTANCE = 4;

/** The leader's file name without its extension, as a camera names a shot: "IMG_1234". */
export function shotName(path: string | null): string {
  if (!path) return 'another photo';
  const name = basename(path);
  return name.slice(0, name.length - extname(name).length) || name;
}

export function provenanceLabel(leaderPath: string | null, reason: SameScene): string {
  return `from ${shotName(leaderPath)} (${reason === 'identical' ? 'same picture' : 'same burst'})`;
}

/**
 * Bursts and near-copies are captioned once. A photo that becomes eligible for captioning joins the group of
 * a photo showing the same scene (see rule.ts) and gives up its caption job; when the group's leader is
 * captioned, its words are stored on each follower as suggestions marked with where they came from, through
 * the same code as a model's own answer. A leader that ends without a caption hands the jobs back.
 */
export function createGrouping(deps: GroupingDeps) {
  const { db, clock, log } = deps;
  const rule = deps.rule ?? DEFAULT_RULE;

  function leaderFor(photoId: number): { leader: CandidateRow; reason: SameScene } | null {
    const self = groupingStore.facts(db, photoId);
    if (!self) return null;
    const window = self.takenAt === null ? null : takenWindow(self.takenAt, rule);
    let best: { leader: CandidateRow; reason: SameScene; distance: number } | null = null;
    const seen = new Set<number>();
    for (const candidate of groupingStore.candidates(db, photoId, self, window)) {
      // The words come from the leader, so the photo must match the leader itself: groups never drift.
      const leader =
        candidate.leaderId === candidate.photoId ? candidate : groupingStore.facts(db, candidate.leaderId);
      if (!leader || leader.photoId === photoId || seen.has(leader.photoId)) continue;
      seen.add(leader.photoId);
      if (leader.leaderId !== leader.photoId) continue;
      const status = groupingStore.captionStatus(db, leader.photoId);
      if (status !== 'queued' && status !== 'running' && status !== 'done') continue;
      // A photo that waits with no job of its own is someone's follower, or about to be.
      if (status !== 'done' && groupingStore.job(db, leader.photoId) === undefined) continue;
      const reason = sameScene(self, leader, rule);
      if (reason === null) continue;
      const distance = reason === 'identical' ? -1 : hammingDistance(self.dhash, leader.dhash);
      if (best === null || distance < best.distance) best = { leader, reason, distance };
    }
    return best;
  }

  /** Joins the photo to a group if it waits for a caption and shows a scene another photo already has. */
  function place(photoId: number): boolean {
    if (!deps.enabled()) return false;
    const job = groupingStore.job(db, photoId);
    if (job?.state !== 'queued' || groupingStore.member(db, photoId)) return false;
    // A photo others follow keeps leading.
    if (groupingStore.isLeader(db, photoId)) return false;
    const found = leaderFor(photoId);
    if (!found) return false;
    db.transaction(() => {
      groupingStore.follow(db, photoId, found.leader.photoId, found.reason, job, isoNow(clock));
      if (groupingStore.captionStatus(db, found.leader.photoId) === 'done')
        copyFrom(found.leader.photoId, photoId);
    })();
    return true;
  }

  function copyFrom(leaderId: number, followerId: number): void {
    const member = groupingStore.member(db, followerId);
    if (!member) return;
    const words = groupingStore.leaderWords(db, leaderId);
    const at = isoNow(clock);
    storeModelSuggestion(db, followerId, {
      caption: words.caption ?? '',
      tags: words.tags,
      model: provenanceLabel(groupingStore.firstFileName(db, leaderId), member.reason),
      promptVersion: words.promptVersion ?? 0,
      at,
    });
    groupingStore.markCopied(db, followerId, words, at);
  }

  /**
   * Followers of leaders that finished: a captioned leader's words are copied, one that failed or was
   * refused gives each follower its own job back. Safe to call any time; it is how a crash between the
   * leader's caption and the copy heals at the next start.
   */
  function settleFinishedLeaders(): number {
    const finished = groupingStore.waitingOnFinishedLeaders(db);
    if (finished.length === 0) return 0;
    db.transaction(() => {
      for (const row of finished) {
        if (row.leaderStatus === 'done') copyFrom(row.leaderId, row.photoId);
        else groupingStore.release(db, row.photoId, isoNow(clock));
      }
    })();
    log.info('burst followers settled', { count: finished.length });
    return finished.length;
  }

  /**
   * The photos whose decoded pixels must be hashed before `photoId` can be matched as identical: itself and
   * each photo of its size whose difference hash is within a re-encode of its own. Usually none.
   */
  function pixelsNeeded(photoId: number): number[] {
    const self = groupingStore.facts(db, photoId);
    if (!self) return [];
    // A photo hashed at ingest (every small one) needs only its look-alikes' hashes, a subset of the look-alikes:
    // asking first whether there is any look-alike at all walked the same band-sharing photos twice.
    if (self.pixelHash !== null) return groupingStore.lookAlikesWithoutPixels(db, photoId, IDENTITY_DISTANCE);
    if (!groupingStore.hasLookAlike(db, photoId, IDENTITY_DISTANCE)) return [];
    return [photoId, ...groupingStore.lookAlikesWithoutPixels(db, photoId, IDENTITY_DISTANCE)];
  }

  /**
   * With the pixel hashes known, the photo and the look-alikes whose pixels were hashed just now (`hashed`,
   * from pixelsNeeded) may join a group. A look-alike hashed before was placed then; the one candidate it gains
   * is this photo, which place() finds from this side. Placing every look-alike again made each new photo of a
   * common difference hash (a dark or flat picture) cost as many placings as the catalogue had such photos.
   */
  function afterPixels(photoId: number, hashed: number[] = []): void {
    for (const id of new Set([photoId, ...hashed])) place(id);
  }

  function placeWithFingerprint(photoId: number, fingerprint: Fingerprint): void {
    groupingStore.saveFingerprint(db, photoId, fingerprint);
    place(photoId);
  }

  return {
    pixelsNeeded,
    savePixelHash: (photoId: number, pixelHash: string) => groupingStore.setPixelHash(db, photoId, pixelHash),
    afterPixels,
    /** Called by ingest once a new photo and its job are stored (synchronously, before the queue can claim it). */
    placeNewPhoto: placeWithFingerprint,
    /** A fingerprint computed later for a photo read before they were kept; the photo may join a group now. */
    backfilled: placeWithFingerprint,
    withoutFingerprint: (limit: number) => groupingStore.withoutFingerprint(db, limit),
    settleFinishedLeaders,
    /** "Caption this one separately": the photo leaves its group and is queued for a caption of its own. */
    separate(photoId: number): void {
      const released = db.transaction(() => groupingStore.release(db, photoId, isoNow(clock)))();
      if (!released) throw new UserError('This photo is not grouped with another one.');
    },
    /** The setting was turned off: every follower still waiting gets its own job back. */
    releaseAllWaiting(): number {
      const waiting = groupingStore.waitingFollowers(db);
      db.transaction(() => {
        for (const photoId of waiting) groupingStore.release(db, photoId, isoNow(clock));
      })();
      return waiting.length;
    },
    membership(photoId: number): BurstMembership | null {
      const member = groupingStore.member(db, photoId);
      if (!member) return null;
      return {
        leaderId: member.leaderId,
        label: provenanceLabel(groupingStore.firstFileName(db, member.leaderId), member.reason),
        state: member.state,
      };
    },
    savedInEstimate: (folderId?: number) => groupingStore.savedInEstimate(db, folderId),
    counts: () => groupingStore.counts(db),
  };
}

export type Grouping = ReturnType<typeof createGrouping>;
