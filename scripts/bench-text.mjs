// Side-by-side normalizer benchmark, part 2: the JS anchors on the same file.
// usage: node bench-text.mjs FILE   (run from a folder where virastar and
// @persian-tools/persian-tools are installed). Prints "name<TAB>MB/s".
import fs from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
const text = fs.readFileSync(process.argv[2], 'utf8');
const bytes = Buffer.byteLength(text);
const lines = text.split('\n');
function time(name, fn) {
  const t0 = process.hrtime.bigint();
  for (const l of lines) fn(l);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${name}\t${(bytes / 1e6 / s).toFixed(2)}`);
}
try {
  const Virastar = require('virastar');
  const v = new Virastar();
  time('virastar', (l) => v.cleanup(l));
} catch (e) { console.log(`virastar\tunavailable (${e.message.split('\n')[0]})`); }
try {
  const pt = require('@persian-tools/persian-tools');
  time('persian-tools', (l) => pt.halfSpace(pt.digitsEnToFa(pt.toPersianChars(l))));
} catch (e) { console.log(`persian-tools\tunavailable (${e.message.split('\n')[0]})`); }
