export { UnreadableImageError } from './errors';
export { isCandidateImageName, sniffImageFormat, type ImageFormat } from './sniff';
export { probeImage, type ProbedImage } from './probe';
export { ThumbnailStore } from './thumbnails';
export { prepareUpload, type PreparedUpload } from './upload';
