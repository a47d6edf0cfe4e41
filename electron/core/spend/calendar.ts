// Budgets follow the user's calendar: "today" and "this month" in local time, not UTC.
function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function localMonth(date: Date): string {
  return localDay(date).slice(0, 7);
}
