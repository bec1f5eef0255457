import { describe, expect, test } from 'vitest';
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
