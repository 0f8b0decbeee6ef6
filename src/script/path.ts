/**
 * JSON paths for script issues: `pages[1].body[3].variable`, `actions.popCrm[0].page`,
 * `actions["pop crm"][0]`; the root is `''`.
 */

/** One step of a path: an object key or an array index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends one segment to a formatted path. */
export function appendPath(path: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  if (IDENTIFIER.test(segment)) return path === '' ? segment : `${path}.${segment}`;
  return `${path}[${JSON.stringify(segment)}]`;
}

/** Formats a whole path from its segments (`[]` gives the root, `''`). */
export function formatPath(segments: readonly PathSegment[]): string {
  let path = '';
  for (const segment of segments) path = appendPath(path, segment);
  return path;
}
