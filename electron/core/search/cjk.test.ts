import BetterSqlite3, { type Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { HIGHLIGHT_END as END, HIGHLIGHT_START as START } from '../../../shared/types';
import { addFolder, addPhotos } from '../../../test/support/searchCatalogue';
import { searchPhotos } from '../catalog/index';
import { migrate, openDatabase } from '../db/openDatabase';
import { cjkSpaced, cjkWords } from '../language/cjk';

const JAPANESE = '海辺で走る子犬と東京タワーの写真';
const CHINESE = '公园里有一只小狗在草地上奔跑';
const KOREAN = '고양이가 잔디밭에서 놀고 있다';
const RUSSIAN = 'Собака бежит по пляжу';
const FRENCH = 'Un café près de la plage à Nice';

let db: Database | undefined;
afterEach(() => db?.close());

const found = (text: string) => searchPhotos(db!, { text, weaker: true }).items.map((item) => item.caption);

describe('CJK words', () => {
  it('are indexed one character at a time and cut into words in a query', () => {
    expect(cjkSpaced('東京タワー and Paris')).toBe('東 京 タ ワ ー and Paris');
    expect(cjkSpaced(RUSSIAN)).toBe(RUSSIAN);
    expect(cjkWords('公园里的狗')).toEqual(['公园', '里', '的', '狗']);
    expect(cjkWords('Tokyoタワー')).toEqual(['Tokyo', 'タワー']);
  });

  it('find a Japanese, a Chinese and a Korean caption by one word inside them; Cyrillic and accents still work', () => {
    db = openDatabase(':memory:');
    addPhotos(
      db,
      addFolder(db),
      [JAPANESE, CHINESE, KOREAN, RUSSIAN, FRENCH].map((caption) => ({ caption })),
    );
    expect(found('子犬')).toEqual([JAPANESE]);
    expect(found('東京タワー')).toEqual([JAPANESE]);
    expect(found('小狗')).toEqual([CHINESE]);
    expect(found('草地')).toEqual([CHINESE]);
    // Two words of a Chinese sentence, not side by side in the caption.
    expect(found('公园的小狗')).toEqual([CHINESE]);
    expect(found('고양이')).toEqual([KOREAN]);
    expect(found('犬')).toEqual([JAPANESE]);
    // A word that is not there matches nothing well: the photo with only one of its characters is a weaker match.
    expect(searchPhotos(db, { text: '大狗' }).understood).toMatchObject({
      strongTotal: 0,
      showingWeaker: true,
    });
    expect(found('大象')).toEqual([]);
    expect(found('собака')).toEqual([RUSSIAN]);
    expect(found('пляж')).toEqual([RUSSIAN]);
    expect(found('cafe pres')).toEqual([FRENCH]);
    expect(found('Café')).toEqual([FRENCH]);
  }, 60_000);

  it('find a photo by a word inside its folder name or tag', () => {
    db = openDatabase(':memory:');
    addPhotos(db, addFolder(db, '/写真'), [
      { caption: 'A temple gate', path: '/写真/京都旅行2019/IMG_1.jpg' },
      { caption: 'A red lantern', tags: ['夜祭り'] },
    ]);
    expect(found('旅行')).toEqual(['A temple gate']);
    expect(found('京都')).toEqual(['A temple gate']);
    expect(found('祭り')).toEqual(['A red lantern']);
  }, 60_000);

  it('marks the CJK word in the caption it found', () => {
    db = openDatabase(':memory:');
    addPhotos(db, addFolder(db), [{ caption: JAPANESE }]);
    const [item] = searchPhotos(db, { text: '子犬' }).items;
    expect(item?.captionHighlighted).toBe(`海辺で走る${START}子犬${END}と東京タワーの写真`);
    addPhotos(db, addFolder(db, '/more'), [{ caption: 'Night view of Tokyoタワー' }]);
    const [mixed] = searchPhotos(db, { text: 'tokyo タワー' }).items;
    expect(mixed?.captionHighlighted).toBe(`Night view of ${START}Tokyo${END}${START}タワー${END}`);
  }, 60_000);

  it('a catalogue written before migration 13 has its captions re-indexed, and stays in step after edits', () => {
    db = new BetterSqlite3(':memory:');
    migrate(db, 12);
    addPhotos(db, addFolder(db), [{ caption: CHINESE }, { caption: 'A dog on a beach' }]);
    migrate(db);
    expect(found('小狗')).toEqual([CHINESE]);
    expect(found('dog')).toEqual(['A dog on a beach']);
    db.prepare(`UPDATE photos SET caption = '一只猫在沙发上睡觉' WHERE caption = ?`).run(CHINESE);
    expect(found('小狗')).toEqual([]);
    expect(found('沙发')).toEqual(['一只猫在沙发上睡觉']);
    db.prepare(`INSERT INTO photos_fts (photos_fts) VALUES ('integrity-check')`).run();
    db.prepare(`DELETE FROM photos`).run();
    expect(found('沙发')).toEqual([]);
    db.prepare(`INSERT INTO photos_fts (photos_fts) VALUES ('integrity-check')`).run();
  }, 60_000);
});
