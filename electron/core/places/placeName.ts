// GPS to place names, offline. The country comes from its borders (country-coder), so a photo in Windsor,
// Ontario is in Canada even though Detroit is nearer than most Canadian towns; the town is the nearest one
// in that country. Far from any town only the region is given (from the nearest town within a wider
// radius), then only the country; at sea, or at 0,0 (a camera's "no fix"), nothing.
import { feature, iso1A2Code } from '@rapideditor/country-coder';
import type { PlaceName } from '../../../shared/types';
import type { Gazetteer } from './gazetteer';

const TOWN_KM = 25;
const REGION_KM = 150;

export function isNoFix(lat: number, lon: number): boolean {
  return Math.abs(lat) < 1e-6 && Math.abs(lon) < 1e-6;
}

export function placeName(gazetteer: Gazetteer, lat: number, lon: number): PlaceName | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180)
    return null;
  if (isNoFix(lat, lon)) return null;
  const countryCode = iso1A2Code([lon, lat]);
  if (!countryCode) return null;
  const country = feature(countryCode)?.properties.nameEn ?? countryCode;
  const town = gazetteer.nearest(lat, lon, countryCode, TOWN_KM);
  if (town) return { city: town.name, region: town.region, country, countryCode };
  const wider = gazetteer.nearest(lat, lon, countryCode, REGION_KM);
  return { city: null, region: wider?.region ?? null, country, countryCode };
}

/** "Paris, Île-de-France, France": what the photo view shows and the search index holds. */
export function placeText(place: PlaceName): string {
  return [place.city, place.region, place.country]
    .filter((part, i, all) => part && all.indexOf(part) === i)
    .join(', ');
}
