/**
 * Errors that `parseScript` reports. Each issue names the JSON path of the problem, so a designer
 * (or the designer tool) can point at it.
 *
 * Paths: object keys joined with `.`, array indexes in brackets (`pages[1].body[3].variable`,
 * `actions.popCrm[0].page`); a key that is not a plain identifier is quoted in brackets
 * (`actions["pop crm"][0]`). A problem with the whole value has the empty path `''`; human-readable
 * messages print it as `(root)`.
 */

/** One problem found in a script. */
export interface ScriptIssue {
  /** JSON path of the offending value (or of the missing field); `''` is the root. */
  path: string;
  /** A stable machine-readable code, e.g. `missing-field`, `invalid-type`, `unknown-variable`. */
  code: string;
  /** What is wrong and what would be right, written for a script designer. */
  message: string;
  /**
   * `error` (the default when absent) makes the script unusable; `warning` is reported but the
   * script still parses. `parseScript` always sets it.
   */
  severity?: 'error' | 'warning';
}

/** The path as printed in messages: the root (`''`) shows as `(root)`. */
export function displayPath(path: string): string {
  return path === '' ? '(root)' : path;
}

/** `true` when the issue makes the script unusable (severity `error` or absent). */
export function isErrorIssue(issue: ScriptIssue): boolean {
  return issue.severity !== 'warning';
}

function summarise(issues: readonly ScriptIssue[]): string {
  if (issues.length === 0) return 'invalid script';
  const first = issues.find(isErrorIssue) ?? issues[0]!;
  const errors = issues.filter(isErrorIssue).length;
  const warnings = issues.length - errors;
  const counts: string[] = [];
  if (errors > 0) counts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings > 0) counts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  const head = `${displayPath(first.path)}: ${first.message}`;
  return issues.length === 1 ? head : `${head} (${counts.join(', ')} in all)`;
}

/**
 * Thrown by `parseScript` when a script cannot be used. `issues` lists every problem found (errors
 * and warnings) in document order; `message` is the first error and the count.
 */
export class ScriptError extends Error {
  /** Every problem found, in document order. */
  readonly issues: ScriptIssue[];

  /** @param issues the problems; at least one should be an error. */
  constructor(issues: ScriptIssue[]) {
    super(summarise(issues));
    this.name = 'ScriptError';
    this.issues = [...issues];
  }
}
