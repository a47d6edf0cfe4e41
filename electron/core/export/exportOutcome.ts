import type { ExportOutcome, ExportRecord } from '../../../shared/types';
import type { SidecarContent } from './xmpProperties';

/** How a job follows and stops an export: told after each photo, asked before the next. */
export interface ExportControl {
  started(total: number): void;
  photoDone(): void;
  cancelled(): boolean;
}

export const NO_CONTROL: ExportControl = {
  started: () => undefined,
  photoDone: () => undefined,
  cancelled: () => false,
};

/** Written paths an outcome names, for the summary. */
const EXAMPLES = 5;

export function newOutcome(backupDir: string | null = null): ExportOutcome {
  return { written: 0, skipped: 0, failed: [], examples: [], backupDir };
}

export function noteWritten(outcome: ExportOutcome, path: string): void {
  outcome.written++;
  if (outcome.examples.length < EXAMPLES) outcome.examples.push(path);
}

export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function sidecarContent(record: ExportRecord): SidecarContent {
  return {
    caption: record.caption?.text ?? null,
    tags: record.tags.map((t) => t.tag),
    suggested: {
      caption: record.caption?.state === 'suggested' ? record.caption.text : null,
      tags: record.tags.filter((t) => t.state === 'suggested').map((t) => t.tag),
    },
  };
}
