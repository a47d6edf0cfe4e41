// Turns a failed argument check into the message both transports send back. The message is bounded: a
// request with 100,000 wrong items must not produce a reply (and the memory to build it) a hundred times its
// own size, so only the first few issues are spelled out, each cut short, and the rest are counted.
import type { z } from 'zod';

export const MAX_REPORTED_ISSUES = 10;
const MAX_ISSUE_CHARS = 200;
const MAX_PATH_SEGMENTS = 8;

export function describeValidationError(error: z.ZodError, maxIssues = MAX_REPORTED_ISSUES): string {
  const issues = error.issues;
  const lines = issues.slice(0, maxIssues).map((issue) => {
    const where = issue.path.length === 0 ? '' : `\n  → at ${formatPath(issue.path)}`;
    return `✖ ${clip(issue.message, MAX_ISSUE_CHARS)}${where}`;
  });
  const rest = issues.length - lines.length;
  if (rest > 0) lines.push(`… and ${rest} more ${rest === 1 ? 'problem' : 'problems'}`);
  return lines.join('\n');
}

function formatPath(path: readonly PropertyKey[]): string {
  const shown = path
    .slice(0, MAX_PATH_SEGMENTS)
    .map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${clip(String(segment), 40)}`));
  const joined = shown.join('').replace(/^\./, '');
  return path.length > MAX_PATH_SEGMENTS ? `${joined}…` : joined;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
