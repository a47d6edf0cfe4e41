export { createCaptionQueue, type CaptionQueue, type CaptionQueueDeps } from './queue';
export { PROMPT_VERSION } from './prompt';
export { parseCaption, type ParsedCaption, type ParseResult } from './parseCaption';
export {
  requestCaption,
  type CaptionCallResult,
  type CaptionOutcome,
  type CaptionUsage,
} from './providerClient';
