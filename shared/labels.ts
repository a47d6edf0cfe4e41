/** How actions name a tag and a count in their undo labels: ‘beach’, 1 photo, 1,312 photos. */
export const quoted = (tag: string): string => `‘${tag}’`;

export const photos = (n: number): string => (n === 1 ? '1 photo' : `${n.toLocaleString('en-US')} photos`);
