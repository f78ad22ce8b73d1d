import { existsSync } from 'node:fs';
import path from 'node:path';
import { findWasm, wasmCandidates, WASM_FILE } from '../../../functions/probe/wasm-path';

describe('the MediaInfo wasm', () => {
  it('is looked for beside the handler first, then in the installed package', () => {
    const candidates = wasmCandidates('/var/task', () => '/repo/node_modules/mediainfo.js/dist/MediaInfoModule.wasm');

    expect(candidates).toEqual(['/var/task/MediaInfoModule.wasm', '/repo/node_modules/mediainfo.js/dist/MediaInfoModule.wasm']);
  });

  it('is taken from beside the handler in a bundle without node_modules', () => {
    const candidates = wasmCandidates('/var/task', () => {
      throw new Error("Cannot find module 'mediainfo.js/MediaInfoModule.wasm'");
    });

    expect(findWasm(candidates, (file) => file === '/var/task/MediaInfoModule.wasm')).toBe('/var/task/MediaInfoModule.wasm');
  });

  it('is found in node_modules when not bundled', () => {
    const found = findWasm();

    expect(path.basename(found)).toBe(WASM_FILE);
    expect(found).toContain(`${path.sep}node_modules${path.sep}mediainfo.js${path.sep}`);
    expect(existsSync(found)).toBe(true);
  });

  it('says where it looked when it is nowhere', () => {
    expect(() => findWasm(['/var/task/MediaInfoModule.wasm'], () => false)).toThrow(/\/var\/task\/MediaInfoModule\.wasm.*next to the handler/);
  });
});
