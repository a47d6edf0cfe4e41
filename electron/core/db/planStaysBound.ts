/**
 * `col = ?` becomes `col = +?` (and `IS ?` `IS +?`), outside quotes and comments: the same comparison, the
 * same plan, but not prepared again on each run. Since SQLite 3.54 the planner notes whether such a parameter
 * is 0 or 1 (whereLoopOutputAdjust, for any statement with a join or an ORDER BY), and better-sqlite3 clears a
 * statement's bindings after each run, which marks every such statement expired: each run parsed and planned
 * it again, about 9 µs of a 1 µs lookup. A unary plus is a no-op on the value and gives it no affinity, as a
 * bare parameter has none, so the column's affinity applies as before and its index serves as before.
 */
export function planStaysBound(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skipQuotedOrComment(sql, i);
    if (skipped > i) {
      out += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    const match = EQUALS_PARAMETER.exec(sql.slice(i, i + 64));
    if (match && (i === 0 || !/[<>!=]/.test(sql[i - 1]!)) && startsWord(sql, i, match[1]!)) {
      out += match[1]! + match[2]! + '+';
      i += match[1]!.length + match[2]!.length;
      continue;
    }
    out += sql[i];
    i++;
  }
  return out;
}

/** An equality or IS at this very point, followed by a parameter (`?`, `?7`, `:name`, `@name`, `$name`). */
const EQUALS_PARAMETER = /^(==|=|IS)(\s*)(?=(\?\d*|[:@$][A-Za-z_]\w*)(?![\w(]))/i;

/** `IS` only as a word of its own (not the end of `THIS` or `ISNULL`); `=` always. */
function startsWord(sql: string, at: number, operator: string): boolean {
  if (operator.startsWith('=')) return true;
  return at === 0 || !/[\w$]/.test(sql[at - 1]!);
}

/** Where a string, quoted name or comment starting at `at` ends; `at` itself when none starts there. */
function skipQuotedOrComment(sql: string, at: number): number {
  const c = sql[at];
  if (c === "'" || c === '"' || c === '`') {
    let j = at + 1;
    for (;;) {
      const end = sql.indexOf(c, j);
      if (end === -1) return sql.length;
      // A doubled quote is the quote itself, inside.
      if (sql[end + 1] === c) j = end + 2;
      else return end + 1;
    }
  }
  if (c === '[') {
    const end = sql.indexOf(']', at + 1);
    return end === -1 ? sql.length : end + 1;
  }
  if (c === '-' && sql[at + 1] === '-') {
    const end = sql.indexOf('\n', at);
    return end === -1 ? sql.length : end + 1;
  }
  if (c === '/' && sql[at + 1] === '*') {
    const end = sql.indexOf('*/', at + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return at;
}
