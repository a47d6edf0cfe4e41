import type { Database } from 'better-sqlite3';
import { csvText, quoteCsvField } from '../export/csvCells';
import { ledgerRows } from '../stores/ledgerStore';

// The ledger's rows live in the ledger store; the spend code and the captioning queue reach them from here.
export {
  committedAutoSpendToday,
  committedSpend,
  interruptCall,
  markInterruptedCalls,
  reserveCall,
  settleCall,
  type CallOutcome,
  type CallStart,
  type CommittedSpend,
} from '../stores/ledgerStore';

const CSV_COLUMNS = [
  'id',
  'at',
  'provider',
  'model',
  'photo_id',
  'photo_hash',
  'attempt',
  'state',
  'outcome',
  'http_status',
  'latency_ms',
  'input_tokens',
  'output_tokens',
  'image_tokens',
  'estimated_cost',
  'reserved_cost',
  'reported_cost',
  'cost',
  'billed',
  'generation_id',
  'error',
  'answered_model',
] as const;

/** Numbers are Shoebox's own; text (a generation id, a provider's error) is defused like any other CSV's. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? csvText(value) : quoteCsvField(String(value));
}

export function ledgerCsv(db: Database): string {
  const rows = ledgerRows(db, CSV_COLUMNS);
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map((column) => csvCell(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
