// The sentences about a model that Settings' "Test connection" and the caption queue both show, so the user
// reads the same words wherever the problem surfaces.
import { PROVIDERS, RETIRED_MODELS } from '../../../shared/providers';
import type { ProviderId } from '../../../shared/types';

/** How many alternatives a sentence names; the full list travels beside it. */
const NAMED_ALTERNATIVES = 4;

function alternativesClause(alternatives: readonly string[]): string {
  if (alternatives.length === 0) return '';
  const named = alternatives.slice(0, NAMED_ALTERNATIVES).join(', ');
  const more =
    alternatives.length > NAMED_ALTERNATIVES ? ` and ${alternatives.length - NAMED_ALTERNATIVES} more` : '';
  return ` · vision models it offers: ${named}${more}`;
}

/** "Mistral no longer offers pixtral-12b-latest (retired on 2025-12-31) · vision models it offers: …" */
export function modelNotOfferedWords(
  provider: ProviderId,
  model: string,
  alternatives: readonly string[] = [],
): string {
  const label = PROVIDERS[provider].label;
  const retiredOn = RETIRED_MODELS[provider]?.[model];
  const said = retiredOn
    ? `${label} no longer offers ${model} (retired on ${retiredOn})`
    : `${label} does not offer ${model}`;
  return `${said}${alternativesClause(alternatives)}`;
}

/** "mistralai/mistral-nemo does not take images · vision models it offers: …" */
export function modelTakesNoImagesWords(model: string, alternatives: readonly string[] = []): string {
  return `${model} does not take images${alternativesClause(alternatives)}`;
}

/** What the queue adds to either sentence: where to fix it. */
export const CHOOSE_IN_SETTINGS = ': choose another model in Settings';
