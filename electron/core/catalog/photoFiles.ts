// The readable-path lookups live in the photos store; this name stays for the modules that import it.
export { findReadablePath, findReadablePathById } from '../stores/photosStore';
