import type { ContentOrigin, Provenance, ReviewState } from '../../../shared/types';

export const STATE_LABEL: Record<ReviewState, string> = {
  suggested: 'suggested',
  accepted: 'accepted',
  rejected: 'rejected',
  user: 'yours',
};

const ORIGIN_LABEL: Record<ContentOrigin, string> = {
  model: 'model',
  user: 'you',
  import: 'the photo’s own metadata',
};

/** "pixtral-12b-2409, prompt v1, 23 Nov 2026" — who said it and when, for a tooltip or a caption line. */
export function describeProvenance(p: Provenance): string {
  const who =
    p.origin === 'model'
      ? `${p.detail ?? 'a model'}${p.promptVersion ? `, prompt v${p.promptVersion}` : ''}`
      : p.origin === 'import'
        ? `${ORIGIN_LABEL.import}${p.detail ? ` (${p.detail})` : ''}`
        : ORIGIN_LABEL.user;
  const when = p.updatedAt ? new Date(p.updatedAt) : null;
  const date =
    when && !Number.isNaN(when.getTime())
      ? when.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })
      : null;
  return date ? `${who}, ${date}` : who;
}
