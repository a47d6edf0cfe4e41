export { searchTokens, toFtsQuery } from './ftsQuery';
export { searchPhotos } from './search';
export { getPhoto } from './photo';
export { listTags } from './tags';
export { findReadablePath, findReadablePathById } from '../stores/photosStore';
