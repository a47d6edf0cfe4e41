// Words that carry no subject of their own. A photo need not contain "a" or "on" to be "a dog on a beach".
const STOPWORDS = new Set(
  `a an the and or but of in on at to for from by with without into onto over under up down off out
  is are was were be been being am has have had do does did this that these those it its it's there here
  some any each other another very just as while near next than then his her their our your my
  he she they we you i me him them us who which what where when while something someone`.split(/\s+/),
);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}
