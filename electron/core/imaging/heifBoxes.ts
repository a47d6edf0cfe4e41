// Whether a HEIF/HEIC file holds all the data its own boxes point to. libheif decodes a file cut short
// without an error when the missing part is whole tiles of a grid image (an iPhone photo is 48 tiles): it
// paints them green and the photo would be captioned, and billed, as it is (issue 11). The box sizes and
// the item locations (iloc) say where the data should be, so a file that ends before it is caught here.

interface Box {
  type: string;
  /** Where the box's content starts (past its header) and where the box ends. */
  contentStart: number;
  end: number;
}

/** Null when every box and every item extent lies inside the file; otherwise why not. */
export function heifTruncation(bytes: Uint8Array): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const topLevel = readBoxes(view, 0, bytes.length);
  if (typeof topLevel === 'string') return topLevel;
  const meta = topLevel.find((box) => box.type === 'meta');
  if (!meta) return null;
  // `meta` is a full box: a version and flags before its children.
  const children = readBoxes(view, meta.contentStart + 4, meta.end);
  if (typeof children === 'string') return children;
  const iloc = children.find((box) => box.type === 'iloc');
  return iloc ? extentBeyondFile(view, iloc) : null;
}

function readBoxes(view: DataView, from: number, to: number): Box[] | string {
  const boxes: Box[] = [];
  let offset = from;
  while (offset + 8 <= to) {
    let size = view.getUint32(offset);
    const type = String.fromCharCode(...new Uint8Array(view.buffer, view.byteOffset + offset + 4, 4));
    let header = 8;
    if (size === 1) {
      if (offset + 16 > to) return `the file ends inside its '${type}' box`;
      size = uint64(view, offset + 8);
      header = 16;
    } else if (size === 0) {
      size = to - offset;
    }
    if (size < header) return `its '${type}' box is malformed`;
    if (offset + size > to) return `the file ends inside its '${type}' box`;
    boxes.push({ type, contentStart: offset + header, end: offset + size });
    offset += size;
  }
  return boxes;
}

function uint64(view: DataView, offset: number): number {
  return view.getUint32(offset) * 2 ** 32 + view.getUint32(offset + 4);
}

/** Reads the iloc box (ISO/IEC 14496-12 §8.11.3) and checks each file-offset extent against the file. */
function extentBeyondFile(view: DataView, iloc: Box): string | null {
  const fileSize = view.byteLength;
  let at = iloc.contentStart;
  const need = (bytes: number) => {
    if (at + bytes > iloc.end) throw new RangeError('iloc');
  };
  const read = (bytes: number): number => {
    need(bytes);
    const value =
      bytes === 0
        ? 0
        : bytes === 1
          ? view.getUint8(at)
          : bytes === 2
            ? view.getUint16(at)
            : bytes === 4
              ? view.getUint32(at)
              : uint64(view, at);
    at += bytes;
    return value;
  };
  try {
    const version = read(1);
    at += 3; // flags
    const sizes = read(2);
    const offsetSize = sizes >> 12;
    const lengthSize = (sizes >> 8) & 0xf;
    const baseOffsetSize = (sizes >> 4) & 0xf;
    const indexSize = version === 1 || version === 2 ? sizes & 0xf : 0;
    const itemCount = read(version < 2 ? 2 : 4);
    for (let item = 0; item < itemCount; item++) {
      read(version < 2 ? 2 : 4); // item id
      const constructionMethod = version === 1 || version === 2 ? read(2) & 0xf : 0;
      read(2); // data reference index
      const baseOffset = read(baseOffsetSize);
      const extentCount = read(2);
      for (let extent = 0; extent < extentCount; extent++) {
        if (indexSize > 0) read(indexSize);
        const extentOffset = read(offsetSize);
        const extentLength = read(lengthSize);
        // Method 0 points into the file; 1 and 2 point into an idat box or another item.
        if (constructionMethod === 0 && baseOffset + extentOffset + extentLength > fileSize) {
          return 'the file ends before the picture data it points to';
        }
      }
    }
  } catch (error) {
    if (error instanceof RangeError) return "its 'iloc' box is malformed";
    throw error;
  }
  return null;
}
