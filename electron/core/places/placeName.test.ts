import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longitudeRanges, openGazetteer, type Gazetteer } from './gazetteer';
import { placeName, placeText } from './placeName';

let dir: string;
let gazetteer: Gazetteer;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shoebox-places-'));
  gazetteer = openGazetteer(dir);
}, 60_000);

afterAll(() => {
  gazetteer.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('place names from GPS', () => {
  it('names the town, region and country', () => {
    const paris = placeName(gazetteer, 48.85455, 2.30029)!;
    expect(paris.city).toBe('Paris');
    expect(paris.region).toBe('Île-de-France');
    expect(paris.country).toBe('France');
    expect(placeText(paris)).toBe('Paris, Île-de-France, France');
    expect(placeName(gazetteer, 35.6586, 139.7454)!.country).toBe('Japan');
  });

  it('puts border towns in the country whose borders hold them, not the nearest foreign town', () => {
    // Windsor, Ontario faces Detroit across the river.
    const windsor = placeName(gazetteer, 42.3, -83.02)!;
    expect(windsor.countryCode).toBe('CA');
    expect(windsor.region).toBe('Ontario');
    expect(placeName(gazetteer, 42.33, -83.05)!.countryCode).toBe('US');
    // Ciudad Juárez and El Paso, three kilometres apart across the Rio Grande.
    expect(placeName(gazetteer, 31.7333, -106.4833)!.countryCode).toBe('MX');
    expect(placeName(gazetteer, 31.7587, -106.4869)!.countryCode).toBe('US');
  });

  it('gives nothing at sea or at 0,0, and only the country far from any town', () => {
    expect(placeName(gazetteer, 0, 0)).toBeNull();
    expect(placeName(gazetteer, 40, -40)).toBeNull();
    expect(placeName(gazetteer, 91, 0)).toBeNull();
    const sahara = placeName(gazetteer, 23.5, 12.0)!;
    expect(sahara.city).toBeNull();
    expect(sahara.countryCode).toBe('NE');
  });

  it('looks across the date line', () => {
    expect(longitudeRanges(179.9, 0.5)).toEqual([
      [179.4, 180],
      [-180, expect.closeTo(-179.6, 6)],
    ]);
    // Taveuni, Fiji, lies across the 180th meridian; its region is found from a town on the other side.
    const taveuni = placeName(gazetteer, -16.8, -179.95)!;
    expect(taveuni.countryCode).toBe('FJ');
    expect(taveuni.city).toBeNull();
    expect(taveuni.region).toBe('Northern');
  });
});
