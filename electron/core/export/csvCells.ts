// CSV cells (RFC 4180) that are safe to open in a spreadsheet. Every CSV Shoebox writes (the catalogue's
// table export, the spend ledger) goes through these, because each holds text Shoebox did not write: a
// caption or tag from a model, a generation id or error text from a provider (issue 11).

/** A spreadsheet runs a cell that starts like a formula; a leading apostrophe keeps it text. */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function quoteCsvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** A text cell: defused, then quoted. */
export function csvText(text: string): string {
  return quoteCsvField(defuseFormula(text));
}

/** Plain decimal, never exponent form: 0.00048, not 4.8e-4. */
export function plainNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(10).replace(/0+$/, '').replace(/\.$/, '');
}
