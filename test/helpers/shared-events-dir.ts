/**
 * Where the labelled third-party CloudTrail records live (tests only).
 *
 * They sit next to the project (`<project>/../shared/events`), outside the
 * repository. Tests also run from copies of the project — StrykerJS runs them
 * in a `.stryker-tmp/sandbox-<id>` folder — so a path relative to the test file would
 * point into the copy's parent. Instead this walks up from here to each
 * directory holding a package.json and takes the first whose sibling
 * `shared/events` exists, so it resolves the same from the checkout, a
 * sandbox, or any working directory.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function projectRoots(start: string): string[] {
  const roots: string[] = [];
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) roots.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) return roots;
    dir = parent;
  }
}

function findEventsDir(): string {
  const roots = projectRoots(here);
  for (const root of roots) {
    const candidate = path.resolve(root, '..', 'shared', 'events');
    if (existsSync(path.join(candidate, 'labels.jsonl'))) return candidate;
  }
  // None found: name the usual place so the failing read says where it looked.
  return path.resolve(roots[0] ?? path.resolve(here, '..', '..'), '..', 'shared', 'events');
}

/** Absolute path of `../shared/events` as seen from the project checkout. */
export const sharedEventsDir: string = findEventsDir();
