import { ExifTool } from 'exiftool-vendored';

// One exiftool process reads every RAW file (starting Perl costs far more than a read); started on the first
// RAW and ended with the app, so a library without RAW files never starts it.
let shared: ExifTool | null = null;

export function rawExiftool(): ExifTool {
  shared ??= new ExifTool({ maxProcs: 1 });
  return shared;
}

export async function closeRawExiftool(): Promise<void> {
  const running = shared;
  shared = null;
  await running?.end();
}
