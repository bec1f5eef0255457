import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import type { AtlError } from './errors.js';
import { editorCommand, editText } from './editor.js';

const node = JSON.stringify(process.execPath);

describe('editorCommand', () => {
  test('VISUAL, then EDITOR (split into words), then vi or notepad', () => {
    expect(editorCommand({ VISUAL: 'code --wait', EDITOR: 'nano' }, 'linux')).toEqual(['code', '--wait']);
    expect(editorCommand({ VISUAL: ' ', EDITOR: '"C:\\Program Files\\ed.exe" -n' }, 'win32')).toEqual(['C:\\Program Files\\ed.exe', '-n']);
    expect(editorCommand({}, 'linux')).toEqual(['vi']);
    expect(editorCommand({}, 'win32')).toEqual(['notepad']);
  });

  test('the editor of config.yaml (atl config set editor) wins over VISUAL and EDITOR', () => {
    expect(editorCommand({ VISUAL: 'code --wait', EDITOR: 'nano' }, 'linux', 'hx -c x')).toEqual(['hx', '-c', 'x']);
    expect(editorCommand({ EDITOR: 'nano' }, 'linux', ' ')).toEqual(['nano']);
  });
});

describe('editText', () => {
  test('the editor gets a file holding the initial text, with the name asked for; what it saves comes back', async () => {
    const script =
      "const fs=require('node:fs');const f=process.argv[1];fs.writeFileSync(f, require('node:path').basename(f)+':'+fs.readFileSync(f,'utf8')+' and more')";
    expect(await editText({ EDITOR: `${node} -e "${script}"` }, 'start', 'description.md')).toBe('description.md:start and more');
  });

  test('an editor that fails, or cannot be started, is an error and nothing comes back', async () => {
    const failed = (await editText({ EDITOR: `${node} -e "process.exit(3)"` }, '').catch((e: unknown) => e)) as AtlError;
    expect(failed.message).toMatch(/exited with 3; nothing was sent/);
    const missing = (await editText({ EDITOR: 'no-such-editor-atl-test' }, '').catch((e: unknown) => e)) as AtlError;
    expect(missing.message).toBe('could not start the editor "no-such-editor-atl-test": ENOENT');
    expect(missing.exitCode).toBe(2);
  });
});

describe('the temporary file', () => {
  test.skipIf(process.platform === 'win32')(
    'is private (0600) while the editor has it, and removed afterwards, also when the editor fails',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'atl-editor-test-'));
      onTestFinished(() => rm(dir, { recursive: true, force: true }));
      const log = join(dir, 'seen.json');
      // The fake editor notes the file's path and mode, writes the text, and exits with the code it is given.
      const editor = (code: number) =>
        `${node} -e "const fs=require('node:fs');const f=process.argv[1];fs.writeFileSync(${JSON.stringify(log).replaceAll('"', "'")}, JSON.stringify({ f, mode: fs.statSync(f).mode & 0o777 }));fs.writeFileSync(f, 'saved');process.exit(${code})"`;
      const seen = async () => JSON.parse(await readFile(log, 'utf8')) as { f: string; mode: number };
      expect(await editText({ EDITOR: editor(0) }, 'start', 'comment.md')).toBe('saved');
      const ok = await seen();
      expect(ok.mode).toBe(0o600);
      expect(existsSync(ok.f)).toBe(false);
      expect(existsSync(dirname(ok.f))).toBe(false);
      const failed = (await editText({ EDITOR: editor(4) }, 'start', 'comment.md', 'BODY or --body-file').catch(
        (e: unknown) => e,
      )) as AtlError;
      expect(failed.message).toMatch(/exited with 4; nothing was sent$/);
      expect(failed.hint).toBe('save and quit the editor normally, or give BODY or --body-file');
      expect(existsSync(dirname((await seen()).f))).toBe(false);
    },
  );
});
