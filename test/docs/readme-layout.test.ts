/**
 * The README's "Project layout" block names every folder of the tree a reader
 * works in (the top level and each floor of shared/), and names nothing that
 * is not there.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** The paths the layout block lists: the first word of each line of the fenced block after the heading. */
function layoutPaths(): string[] {
  const section = readme.split('\n## Project layout\n')[1] ?? '';
  const block = /```\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.split(/\s+/)[0] ?? '')
    .filter((entry) => entry !== '');
}

/** Folders a reader works in: tracked top-level folders and the floors of shared/ (generated and tool folders left out). */
function treeFolders(): string[] {
  const skip = new Set(['node_modules', 'dist', 'reports', '.git', '.stryker-tmp', '.serverless', '.esbuild']);
  const folders = (dir: string) =>
    readdirSync(path.join(root, dir))
      .filter((name) => !name.startsWith('.') && !skip.has(name) && statSync(path.join(root, dir, name)).isDirectory())
      .map((name) => (dir ? `${dir}/${name}/` : `${name}/`));
  return [...folders(''), ...folders('shared')].sort();
}

describe('README project layout', () => {
  const listed = layoutPaths();

  it('is found and lists paths', () => {
    expect(listed.length).toBeGreaterThan(10);
  });

  it('names every top-level folder and every folder of shared/', () => {
    // A folder is named by its own line or by a line for something inside it (`bin/warden.mjs`, `shared/model/`).
    expect(treeFolders().filter((folder) => !listed.some((entry) => entry.startsWith(folder)))).toEqual([]);
  });

  it('names only paths that exist', () => {
    const missing = listed
      .map((entry) => entry.replace(/\/<[^>]+>\/?$/, '/'))
      .filter((entry) => !existsSync(path.join(root, entry)));
    expect(missing).toEqual([]);
  });
});
