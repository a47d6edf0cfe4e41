export { UnreadableImageError } from './errors';
export { isCandidateImageName, sniffImageFormat, type ImageFormat } from './sniff';
export { probeImage } from './probe';
export type { ProbedImage } from './probeFields';
export { ThumbnailStore } from './thumbnails';
export { prepareUpload, type PreparedUpload } from './upload';
export { dataUrlPayload, dataUrlText, jpegDataUrl, type DataUrlBytes } from './dataUrl';
