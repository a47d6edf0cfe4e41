/** A file Shoebox cannot read as a picture. The message is the reason shown to the user. */
export class UnreadableImageError extends Error {
  override readonly name = 'UnreadableImageError';
}
