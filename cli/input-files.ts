import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from './cli-io.js';

/** A file to replay: where to read it and how to name it in output. */
export interface InputFile {
  readonly absolutePath: string;
  /** The path as reported in summaries and `input.file` of JSON output. */
  readonly displayPath: string;
}

/** Names a folder walk picks up; a file named explicitly is read whatever its name. */
const REPLAYABLE = ['.json', '.jsonl', '.json.gz', '.jsonl.gz', '.gz'];

export function isReplayableName(name: string): boolean {
  const lower = name.toLowerCase();
  return !lower.startsWith('.') && REPLAYABLE.some((ext) => lower.endsWith(ext));
}

/**
 * Expands files and folders (recursively, sorted by name, hidden entries skipped)
 * into the files to replay. Missing or unreadable paths raise a {@link CliError}.
 * `displayBase` is the directory display paths are made relative to.
 */
export async function collectInputFiles(
  paths: readonly string[],
  cwd: string,
  displayBase = cwd,
): Promise<InputFile[]> {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const info = await statOrFail(absolute, given);
    if (info.isDirectory()) {
      const found = await walk(absolute, given);
      if (found.length === 0) {
        throw new CliError(`no CloudTrail files (${REPLAYABLE.join(', ')}) found in folder ${given}`);
      }
      for (const file of found) add(file);
    } else if (info.isFile()) {
      add(absolute);
    } else {
      throw new CliError(`cannot read ${given}: not a file or folder`);
    }
  }
  return files;

  function add(absolutePath: string): void {
    if (seen.has(absolutePath)) return;
    seen.add(absolutePath);
    files.push({ absolutePath, displayPath: displayOf(absolutePath, displayBase) });
  }
}

async function walk(folder: string, given: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new CliError(`cannot read folder ${given}: ${reasonOf(error)}`);
  }
  const sorted = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1));
  const files: string[] = [];
  for (const entry of sorted) {
    const full = path.join(folder, entry.name);
    const isDir =
      entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full).catch(() => undefined))?.isDirectory());
    if (isDir) files.push(...(await walk(full, path.join(given, entry.name))));
    else if (isReplayableName(entry.name)) files.push(full);
  }
  return files;
}

async function statOrFail(absolute: string, given: string) {
  try {
    return await stat(absolute);
  } catch (error) {
    throw new CliError(`cannot read ${given}: ${reasonOf(error)}`);
  }
}

function displayOf(absolutePath: string, base: string): string {
  const relative = path.relative(base, absolutePath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolutePath;
}

/** `ENOENT` → "no such file or directory", without the path Node repeats. */
export function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
