/** "about 3 h 10 min at 52 a minute": the queue panel's time left, from its pace. */
export function timeLeftWords(remaining: number, perMinute: number | null | undefined): string | null {
  if (remaining <= 0 || !perMinute || perMinute <= 0) return null;
  const minutes = Math.ceil(remaining / perMinute);
  const pace = perMinute >= 10 ? String(Math.round(perMinute)) : perMinute.toFixed(1);
  let left: string;
  if (minutes < 2) left = '1 min';
  else if (minutes < 60) left = `${minutes} min`;
  else {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    // Beyond a day the minutes mean nothing.
    left = hours >= 24 ? `${hours} h` : rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  return `about ${left} at ${pace} a minute`;
}
