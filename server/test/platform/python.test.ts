/**
 * The interpreter the Python tools' venvs are made with (python.ts): the right version, a distribution's build
 * before a slower one, and the next interpreter when one cannot make a venv. Real interpreters of this machine
 * where it has them; a stand-in script only for an interpreter that refuses to make a venv.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  fits,
  makeVenv,
  probePython,
  pythonsFor,
  pythonsOnPath,
  rankPythons,
  type PythonFound,
} from '../../src/platform/db/python';
import { SECANTUS_PYTHONS } from '../../src/platform/db/embeddedMongo';

const linux = process.platform === 'linux' ? it : it.skip;
let tmp: string;
beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'python-'))));
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function executable(file: string, body: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body, { mode: 0o755 });
  return file;
}

const isElf = (file: string): boolean => {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    fs.readSync(fd, head, 0, 4, 0);
    return head.toString('latin1') === '\x7fELF';
  } finally {
    fs.closeSync(fd);
  }
};

describe('the interpreters of this machine', () => {
  linux('are each probed as ldd sees them: libpython linked in, or loaded as a shared library', () => {
    const checked = pythonsOnPath(SECANTUS_PYTHONS)
      .map((file) => ({ file, real: fs.realpathSync(file), found: probePython(file) }))
      .filter(({ real, found }) => found && isElf(real)); // a pyenv shim is a script: ldd cannot read it
    expect(checked.length).toBeGreaterThan(0);
    for (const { real, found } of checked) {
      const ldd = spawnSync('ldd', [real], { encoding: 'utf8' });
      expect(ldd.status).toBe(0);
      expect({ real, linkedIn: found!.linkedIn }).toEqual({ real, linkedIn: !/libpython/.test(ldd.stdout) });
    }
  });

  linux("make the stand-in's venv with a Python it has wheels for, linked in whenever one on PATH is", () => {
    const ranked = pythonsFor(SECANTUS_PYTHONS);
    const usable = ranked.filter((p) => fits(p, SECANTUS_PYTHONS));
    expect(usable.length).toBeGreaterThan(0); // the stand-in's wheels need one
    const venv = path.join(tmp, 'venv');
    const chosen = makeVenv(venv, 'the test', SECANTUS_PYTHONS);
    const inVenv = probePython(path.join(venv, 'bin', 'python'));
    expect(inVenv && fits(inVenv, SECANTUS_PYTHONS)).toBe(true);
    expect(inVenv?.linkedIn).toBe(usable.some((p) => p.linkedIn === true) ? true : chosen.linkedIn);
    expect(chosen).toEqual(ranked[0]);
  });
});

describe('finding and ranking', () => {
  it('lists each interpreter once, in PATH order, the wanted 3.X first (newest first) in each directory', () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    const a311 = executable(path.join(a, 'python3.11'), '#!/bin/sh\n');
    const a312 = executable(path.join(a, 'python3.12'), '#!/bin/sh\n');
    executable(path.join(a, 'python3.13'), '#!/bin/sh\n'); // not a wanted version
    const a3 = executable(path.join(a, 'python3'), '#!/bin/sh\n');
    fs.mkdirSync(b);
    fs.symlinkSync(a311, path.join(b, 'python3')); // the same interpreter again, by another name
    const b311 = executable(path.join(b, 'python3.11'), '#!/bin/sh\n');
    fs.writeFileSync(path.join(b, 'python'), '#!/bin/sh\n', { mode: 0o644 }); // not executable
    const searchPath = [a, path.join(tmp, 'missing'), b].join(path.delimiter);
    expect(pythonsOnPath({ oldest: 11, newest: 12 }, searchPath)).toEqual([a312, a311, a3, b311]);
    expect(pythonsOnPath(undefined, searchPath)).toEqual([a3, path.join(b, 'python3')]);
  });

  it('puts the wanted version first, then libpython linked in, then unknown, then loaded, then PATH order', () => {
    const p = (name: string, minor: number, linkedIn: boolean | undefined): PythonFound => ({
      path: name,
      version: [3, minor],
      linkedIn,
    });
    const found = [
      p('pyenv 3.11', 11, false),
      p('system 3.13', 13, true),
      p('unknown 3.11', 11, undefined),
      p('debian 3.11', 11, true),
      p('debian 3.12', 12, true),
      p('python2', 7, true),
    ];
    found[5].version = [2, 7];
    expect(rankPythons(found, { oldest: 11, newest: 12 }).map((x) => x.path)).toEqual([
      'debian 3.11',
      'debian 3.12',
      'unknown 3.11',
      'pyenv 3.11',
      'system 3.13',
      'python2',
    ]);
    expect(rankPythons(found).map((x) => x.path)).toEqual([
      'system 3.13',
      'debian 3.11',
      'debian 3.12',
      'unknown 3.11',
      'pyenv 3.11',
      'python2',
    ]);
  });

  it('does not take a program that is not CPython for an interpreter', () => {
    const other = executable(path.join(tmp, 'python3'), '#!/bin/sh\necho "pypy 3 11 1"\n');
    const failing = executable(path.join(tmp, 'python'), '#!/bin/sh\nexit 3\n');
    expect(probePython(other)).toBeUndefined();
    expect(probePython(failing)).toBeUndefined();
  });
});

describe('making a venv', () => {
  // Answers the probe as a Debian Python 3.11 built in, then refuses the venv as one without python3.11-venv does.
  const noVenv =
    '#!/bin/sh\nif [ "$1" = "-c" ]; then echo "cpython 3 11 1"; exit 0; fi\n' +
    'echo "The virtual environment was not created successfully because ensurepip is not available." >&2\nexit 1\n';

  linux('goes on to the next interpreter when the best one cannot make a venv', () => {
    const bad = path.join(tmp, 'bad');
    const good = path.join(tmp, 'good');
    executable(path.join(bad, 'python3.11'), noVenv);
    const real = pythonsFor(SECANTUS_PYTHONS)[0];
    expect(real).toBeDefined();
    fs.mkdirSync(good);
    fs.symlinkSync(fs.realpathSync(real.path), path.join(good, 'python3'));
    const venv = path.join(tmp, 'venv');
    const chosen = makeVenv(venv, 'the test', SECANTUS_PYTHONS, () => undefined, `${bad}:${good}`);
    expect(chosen.path).toBe(path.join(good, 'python3'));
    expect(fs.readFileSync(path.join(venv, 'pyvenv.cfg'), 'utf8')).toMatch(/^home = /m);
    expect(spawnSync(path.join(venv, 'bin', 'python'), ['-c', 'import pip']).status).toBe(0);
  });

  it('says which interpreters it tried and why each failed, and leaves no venv behind', () => {
    const bad = path.join(tmp, 'bad');
    executable(path.join(bad, 'python3.11'), noVenv);
    const venv = path.join(tmp, 'venv');
    expect(() => makeVenv(venv, 'SecantusDB', SECANTUS_PYTHONS, () => undefined, bad)).toThrow(
      `SecantusDB needs a Python venv and none could be made: ${path.join(bad, 'python3.11')}: ` +
        'The virtual environment was not created successfully because ensurepip is not available.',
    );
    expect(fs.existsSync(venv)).toBe(false);
  });

  linux('takes a Python of another version when none of the wanted is on PATH, and says so', () => {
    const only = path.join(tmp, 'only');
    const real = pythonsFor()[0];
    fs.mkdirSync(only);
    fs.symlinkSync(fs.realpathSync(real.path), path.join(only, 'python3'));
    const said: string[] = [];
    const chosen = makeVenv(
      path.join(tmp, 'venv'),
      'the test',
      { oldest: 40, newest: 41 },
      (m) => said.push(m),
      only,
    );
    expect(chosen.path).toBe(path.join(only, 'python3'));
    expect(said).toEqual([
      `no Python 3.40 to 3.41 on PATH for the test; trying ${real.version.join('.')} (${path.join(only, 'python3')})`,
    ]);
  });

  it('says what it needs when there is no Python at all', () => {
    fs.mkdirSync(path.join(tmp, 'empty'));
    const none = () =>
      makeVenv(
        path.join(tmp, 'venv'),
        'SecantusDB',
        SECANTUS_PYTHONS,
        () => undefined,
        path.join(tmp, 'empty'),
      );
    expect(none).toThrow('Python 3.10 to 3.13 is needed for SecantusDB and none is on PATH');
  });
});
