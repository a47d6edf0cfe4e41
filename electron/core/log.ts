/** A minimal logger seam. Never pass it a key: nothing here redacts. */
export interface Log {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const consoleLog: Log = {
  info: (message, fields) => console.log(`[shoebox] ${message}`, fields ?? ''),
  warn: (message, fields) => console.warn(`[shoebox] ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`[shoebox] ${message}`, fields ?? ''),
};

export const silentLog: Log = { info() {}, warn() {}, error() {} };
