import type { PlaceName } from '../../../shared/types';

/** "Paris, Île-de-France, France"; far from any town, "Île-de-France, France" or just "France". */
export function placeLine(place: PlaceName): string {
  return [place.city, place.region, place.country]
    .filter((part, i, all): part is string => Boolean(part) && all.indexOf(part) === i)
    .join(', ');
}
