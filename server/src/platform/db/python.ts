/**
 * Which Python a tool's venv is made with (ensurePythonTool): the machine may have several, and they differ.
 *
 * - **Version.** SecantusDB 0.7.0b3 ships wheels for CPython 3.10 to 3.13 and no source. A machine whose `python3`
 *   is older or newer may still have a `python3.1X` the stand-in can use.
 * - **Build.** Distributions link libpython into the executable and build it with profile-guided optimisation
 *   and LTO. pyenv's `--enable-shared` builds load libpython.so and, without `--enable-optimizations`, have
 *   neither. The stand-in is pure Python above WiredTiger, so the build is its speed: on this project's machines
 *   Debian's python3.11 spends a fifth to two fifths less CPU on it than the pyenv 3.11 first on PATH
 *   (bench/README.md, "The stand-in's interpreter").
 *
 * Only Linux says how libpython is linked (/proc/self/maps); elsewhere every interpreter ranks as unknown, and
 * the order of PATH decides among those of the right version.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The CPython 3 minor versions a tool can be installed on, oldest and newest (SecantusDB: 10 to 13). */
export type PythonMinors = { oldest: number; newest: number };

export type PythonFound = {
  /** The path it was found at (a pyenv shim stays a shim: it is what runs). */
  path: string;
  version: [major: number, minor: number];
  /** libpython is in the executable (true), loaded as a shared library (false), or the platform does not say. */
  linkedIn: boolean | undefined;
};

const PROBE = [
  'import sys',
  'linked = "-"',
  'if sys.platform.startswith("linux"):',
  '    with open("/proc/self/maps") as f:',
  '        linked = "0" if any("libpython" in line for line in f) else "1"',
  'print(sys.implementation.name, sys.version_info[0], sys.version_info[1], linked)',
].join('\n');

/** Asks one interpreter what it is; undefined when it does not run or is not CPython. */
export function probePython(file: string): PythonFound | undefined {
  const r = spawnSync(file, ['-c', PROBE], { encoding: 'utf8', timeout: 20_000 });
  const m = r.status === 0 ? /^cpython (\d+) (\d+) ([01-])$/m.exec(r.stdout) : null;
  if (!m) return undefined;
  return {
    path: file,
    version: [Number(m[1]), Number(m[2])],
    linkedIn: m[3] === '-' ? undefined : m[3] === '1',
  };
}

/** Every `python3.X` of the wanted minors (newest first), `python3` and `python` on PATH, in PATH order, each once. */
export function pythonsOnPath(wanted?: PythonMinors, searchPath = process.env.PATH ?? ''): string[] {
  const minors = wanted
    ? Array.from({ length: wanted.newest - wanted.oldest + 1 }, (_, i) => wanted.newest - i)
    : [];
  const names = [...minors.map((m) => `python3.${m}`), 'python3', 'python'];
  const found: string[] = [];
  const seen = new Set<string>();
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const file = path.join(dir, name);
      let real: string;
      try {
        fs.accessSync(file, fs.constants.X_OK);
        real = fs.realpathSync(file);
      } catch {
        continue;
      }
      if (seen.has(real)) continue;
      seen.add(real);
      found.push(file);
    }
  }
  return found;
}

/** Whether an interpreter is a Python 3 of the wanted minors (any Python 3 when none are named). */
export const fits = (p: PythonFound, wanted?: PythonMinors): boolean =>
  p.version[0] === 3 && (!wanted || (p.version[1] >= wanted.oldest && p.version[1] <= wanted.newest));

/**
 * The interpreters to try, best first: those of the wanted versions before any other, then libpython linked in
 * before loaded, then PATH order. A Python of another version stays last: a venv it makes fails at the install,
 * which then says why.
 */
export function rankPythons(found: PythonFound[], wanted?: PythonMinors): PythonFound[] {
  const rank = (p: PythonFound): number =>
    (fits(p, wanted) ? 0 : 3) + (p.linkedIn === true ? 0 : p.linkedIn === undefined ? 1 : 2);
  return [...found].sort((a, b) => rank(a) - rank(b)); // a stable sort: PATH order among equals
}

/** The ranked interpreters on a search path (this process's PATH by default); empty when none runs. */
export function pythonsFor(wanted?: PythonMinors, searchPath?: string): PythonFound[] {
  const found = pythonsOnPath(wanted, searchPath)
    .map((file) => probePython(file))
    .filter((p): p is PythonFound => p !== undefined);
  return rankPythons(found, wanted);
}

/**
 * Makes a venv with the first ranked interpreter that can make one (a Debian python3.X without python3.X-venv
 * cannot), and returns that interpreter. Throws, naming each one tried and why it failed, when none can.
 */
export function makeVenv(
  venv: string,
  what: string,
  wanted?: PythonMinors,
  log: (m: string) => void = () => undefined,
  searchPath?: string,
): PythonFound {
  const failed: string[] = [];
  for (const p of pythonsFor(wanted, searchPath)) {
    const r = spawnSync(p.path, ['-m', 'venv', venv], { encoding: 'utf8' });
    if (r.status === 0) {
      if (!fits(p, wanted))
        log(`no Python ${versions(wanted!)} on PATH for ${what}; trying ${p.version.join('.')} (${p.path})`);
      return p;
    }
    const said = (r.stderr || r.stdout || `exit code ${r.status}`).trim().split('\n').pop();
    failed.push(`${p.path}: ${said}`);
    fs.rmSync(venv, { recursive: true, force: true });
  }
  throw new Error(
    failed.length
      ? `${what} needs a Python venv and none could be made: ${failed.join('; ')}`
      : `${wanted ? `Python ${versions(wanted)}` : 'python3'} is needed for ${what} and none is on PATH`,
  );
}

const versions = (w: PythonMinors): string => `3.${w.oldest} to 3.${w.newest}`;
