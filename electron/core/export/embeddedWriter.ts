// Captions and tags written into the originals themselves, through exiftool. Only when the user asks: this is
// the one place Shoebox changes a photo. exiftool writes a new file and renames it over the original, so a
// failed write leaves the original as it was; a backup copy is made first unless the user declined one.
import { DefaultExiftoolArgs, ExifTool, type WriteTags } from 'exiftool-vendored';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { readHead } from '../imaging/format';
import { sniffFileFormat } from '../imaging/sniff';
import { hashFile } from '../library/hashFile';
import { EXIFTOOL_CONFIG, NO_SUGGESTIONS } from './suggestionMarks';
import type { SidecarContent } from './xmpSidecar';

/** Formats exiftool can write XMP into. */
export const EMBEDDABLE_FORMATS = new Set(['jpeg', 'tiff', 'png', 'webp', 'heic', 'avif']);

export interface EmbeddedWriteResult {
  path: string;
  backupPath: string | null;
}

export interface EmbeddedWriter {
  write(
    photoPath: string,
    content: SidecarContent,
    options: { backupDir: string | null },
  ): Promise<EmbeddedWriteResult>;
  close(): Promise<void>;
}

/** backups/…/photo.jpg, or photo-2.jpg when two photos of that name are backed up in one export. */
async function backUp(photoPath: string, backupDir: string): Promise<string> {
  await mkdir(backupDir, { recursive: true, mode: 0o700 });
  const ext = extname(photoPath);
  const stem = basename(photoPath, ext);
  for (let n = 1; ; n++) {
    const target = join(backupDir, n === 1 ? `${stem}${ext}` : `${stem}-${n}${ext}`);
    try {
      await copyFile(photoPath, target, 1 /* COPYFILE_EXCL: never overwrite an earlier backup */);
      // The copy lives in the private data folder, whatever mode the original has.
      await chmod(target, 0o600);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function exiftoolReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (
    text
      .replace(/^Error:\s*/i, '')
      .split('\n')[0]!
      .trim() || 'exiftool could not write the file'
  );
}

/** exiftool, told about Shoebox's namespace through a config file (it reads one only at launch). */
function launchExiftool(): { exiftool: ExifTool; configDir: string } {
  const configDir = mkdtempSync(join(tmpdir(), 'shoebox-exiftool-'));
  const config = join(configDir, 'shoebox.config');
  writeFileSync(config, EXIFTOOL_CONFIG);
  const exiftool = new ExifTool({ maxProcs: 1, exiftoolArgs: ['-config', config, ...DefaultExiftoolArgs] });
  return { exiftool, configDir };
}

export function createEmbeddedWriter(): EmbeddedWriter {
  let launched: ReturnType<typeof launchExiftool> | null = null;

  return {
    async write(photoPath, content, { backupDir }) {
      launched ??= launchExiftool();
      const { exiftool } = launched;
      const tags: Record<string, unknown> = {};
      // The Metadata Working Group's composite tags keep EXIF, IPTC and XMP in step, as other tools expect.
      if (content.caption !== null) tags['MWG:Description'] = content.caption;
      if (content.tags.length > 0) {
        tags['MWG:Keywords'] = content.tags;
        tags['XMP-lr:HierarchicalSubject'] = content.tags.map((tag) => tag.replace(/\|/g, '/'));
      }
      // Which words were unreviewed suggestions; null clears marks an earlier export left.
      const suggested = content.suggested ?? NO_SUGGESTIONS;
      tags['XMP-shoebox:SuggestedDescription'] = suggested.caption;
      tags['XMP-shoebox:SuggestedSubject'] = suggested.tags.length > 0 ? suggested.tags : null;
      // sniffFileFormat: a NEF or DNG is a TIFF inside, and a RAW original is never rewritten (a sidecar is).
      const format = sniffFileFormat(await readHead(photoPath, 64), photoPath);
      if (format === null || !EMBEDDABLE_FORMATS.has(format)) {
        throw new Error(
          `Could not write metadata into ${basename(photoPath)}: Shoebox writes into JPEG, TIFF, PNG, WebP, HEIC and AVIF files only; a sidecar works for this one (the file was left as it was)`,
        );
      }
      const backupPath = backupDir === null ? null : await backUp(photoPath, backupDir);
      const before = await hashFile(photoPath);
      // IPTC belongs in JPEG and TIFF only; there it is declared UTF-8 so non-ASCII keywords survive.
      const iptc = format === 'jpeg' || format === 'tiff' ? ['-codedcharacterset=utf8'] : [];
      try {
        await exiftool.write(photoPath, tags as WriteTags, {
          useMWG: true,
          writeArgs: ['-overwrite_original', '-charset', 'iptc=UTF8', ...iptc],
        });
      } catch (error) {
        const unchanged = await hashFile(photoPath).then(
          (after) => after === before,
          () => false,
        );
        throw new Error(
          `Could not write metadata into ${basename(photoPath)}: ${exiftoolReason(error)}` +
            (unchanged ? ' (the file was left as it was)' : ''),
        );
      }
      return { path: photoPath, backupPath };
    },
    async close() {
      if (!launched) return;
      await launched.exiftool.end();
      rmSync(launched.configDir, { recursive: true, force: true });
      launched = null;
    },
  };
}
