// The closed list of functions the preload exposes: exactly the contract's methods. A sandboxed preload can
// only load 'electron' and what the bundler inlines, so the list comes from the contract's zod-free module.
import { METHODS } from '../../shared/contract';

export const PRELOAD_METHODS = METHODS;
