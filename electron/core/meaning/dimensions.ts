export const DIMENSIONS = 512;
