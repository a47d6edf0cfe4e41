import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { silentLog } from '../core/log';
import { handleShoeboxScheme, IMAGE_SCHEME_PRIVILEGES, parseImageUrl, registerImageScheme } from './protocol';
import { createTestCore } from '../../test/support/fakeCore';

vi.mock('electron', () => {
  throw new Error('protocol.ts must not load electron at runtime');
});

const HASH = '0123456789abcdef'.repeat(4);

/** Stands in for electron's net.fetch, which Node's fetch cannot do for file:// URLs. */
async function fetchFileUrl(url: string): Promise<Response> {
  try {
    return new Response(await readFile(fileURLToPath(url)));
  } catch {
    return new Response(null, { status: 404 });
  }
}

describe('shoebox:// image protocol', () => {
  it('registers the scheme as standard and secure', () => {
    const registered: unknown[] = [];
    registerImageScheme({ registerSchemesAsPrivileged: (schemes) => registered.push(...schemes) });
    expect(registered).toEqual([IMAGE_SCHEME_PRIVILEGES]);
    expect(IMAGE_SCHEME_PRIVILEGES).toMatchObject({
      scheme: 'shoebox',
      privileges: { standard: true, secure: true },
    });
  });

  it('parses only thumb/preview URLs with a sha256 hash', () => {
    expect(parseImageUrl(`shoebox://thumb/${HASH}`)).toEqual({ size: 'thumb', hash: HASH });
    expect(parseImageUrl(`shoebox://preview/${HASH}`)).toEqual({ size: 'preview', hash: HASH });
    expect(parseImageUrl(`shoebox://original/${HASH}`)).toBeNull();
    expect(parseImageUrl(`shoebox://thumb/../../etc/passwd`)).toBeNull();
    expect(parseImageUrl(`file:///thumb/${HASH}`)).toBeNull();
    expect(parseImageUrl('not a url')).toBeNull();
  });

  it('answers with the core image file and its mime type, 404 otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-protocol-'));
    const thumb = join(dir, `${HASH}.webp`);
    writeFileSync(thumb, Buffer.from('RIFF\0\0\0\0WEBPVP8 fake-but-real-bytes'));
    const core = createTestCore({ [`thumb/${HASH}`]: { path: thumb, mime: 'image/webp' } });
    let handler: ((request: Request) => Promise<Response>) | undefined;
    handleShoeboxScheme(
      {
        handle: (scheme, h) => {
          expect(scheme).toBe('shoebox');
          handler = h as (request: Request) => Promise<Response>;
        },
      },
      { core, rendererDir: join(dir, 'renderer'), fetchFile: fetchFileUrl, log: silentLog },
    );
    const ok = await handler!(new Request(`shoebox://thumb/${HASH}`));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/webp');
    expect(Buffer.from(await ok.arrayBuffer()).equals(readFileSync(thumb))).toBe(true);

    expect((await handler!(new Request(`shoebox://preview/${HASH}`))).status).toBe(404);
    expect((await handler!(new Request(`shoebox://thumb/${'f'.repeat(64)}`))).status).toBe(404);
    expect((await handler!(new Request('shoebox://thumb/etc'))).status).toBe(404);
  });
});
