import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The AWS emulator version the tests are written against. */
export const MOTO_VERSION = '5.2.1';

const INSTALL_HINT =
  `Warden's tests need the AWS emulator moto ${MOTO_VERSION} with Python 3: ` +
  `run \`pip install "moto[server]==${MOTO_VERSION}"\` (or let \`npm test\` create .venv by having python3 with venv/pip on PATH).`;

function motoVersionOf(python: string): string | undefined {
  try {
    return execFileSync(python, ['-c', 'import moto, flask; print(moto.__version__)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Finds a Python with moto[server] at the pinned version: the machine's
 * `python3`, else the project's cached `.venv`, which it creates and fills
 * from PyPI on first use. Returns the Python executable to run
 * `-m moto.server` with; throws one clear sentence when neither works.
 */
export function ensureMoto(repoRoot: string): string {
  if (motoVersionOf('python3') === MOTO_VERSION) return 'python3';
  const venvPython = join(repoRoot, '.venv', 'bin', 'python');
  if (existsSync(venvPython) && motoVersionOf(venvPython) === MOTO_VERSION) return venvPython;
  try {
    if (!existsSync(venvPython)) {
      execFileSync('python3', ['-m', 'venv', join(repoRoot, '.venv')], { stdio: 'ignore' });
    }
    execFileSync(venvPython, ['-m', 'pip', 'install', '--quiet', `moto[server]==${MOTO_VERSION}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (error) {
    throw new Error(INSTALL_HINT, { cause: error });
  }
  if (motoVersionOf(venvPython) !== MOTO_VERSION) throw new Error(INSTALL_HINT);
  return venvPython;
}
