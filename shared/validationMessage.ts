// Turns a failed argument check into the message both transports send back. The message is bounded: a
// request with 100,000 wrong items must not produce a reply (and the memory to build it) a hundred times its
// own size, so only the first few issues are spelled out, each cut short, and the rest are counted.
import type { z } from 'zod';

export const MAX_REPORTED_ISSUES = 10;
const MAX_ISSUE_CHARS = 200;
const MAX_PATH_SEGMENTS = 8;

export function describeValidationError(error: z.ZodError, maxIssues = MAX_REPORTED_ISSUES): string {
  const issues = error.issues;
  // One line, "where: what" per issue: a script's log and the UI's error line both show it whole.
  const parts = issues.slice(0, maxIssues).map((issue) => {
    const what = clip(oneLine(issue.message), MAX_ISSUE_CHARS);
    return issue.path.length === 0 ? what : `${formatPath(issue.path)}: ${what}`;
  });
  const rest = issues.length - parts.length;
  if (rest > 0) parts.push(`… and ${rest} more ${rest === 1 ? 'problem' : 'problems'}`);
  return parts.join('; ');
}

function formatPath(path: readonly PropertyKey[]): string {
  const shown = path
    .slice(0, MAX_PATH_SEGMENTS)
    .map((segment) =>
      typeof segment === 'number' ? `[${segment}]` : `.${clip(oneLine(String(segment)), 40)}`,
    );
  const joined = shown.join('').replace(/^\./, '');
  return path.length > MAX_PATH_SEGMENTS ? `${joined}…` : joined;
}

/** A message may quote what was sent (an unknown key's name), newlines and all. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
