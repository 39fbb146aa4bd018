// tiktoken's speed on a text file, for glassbox-bench (bench/bench_tokenizer.cpp).
//   node bench_tiktoken.mjs FILE [ENCODING=gpt2]
// Prints one JSON line: {"reference": "tiktoken X (gpt2)", "bytes": N, "tokens": T, "seconds": S, "mb_s": M}
// The encoder is created and warmed up once before timing; the timed figure is the best of several
// whole-file encodes (ordinary text: no special tokens allowed, as a user's text would be encoded).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [file, name = 'gpt2'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench_tiktoken.mjs FILE [ENCODING]');
  process.exit(2);
}
const version = JSON.parse(readFileSync(new URL('./node_modules/tiktoken/package.json', import.meta.url), 'utf8')).version;
const { get_encoding } = require('tiktoken');
const bytes = readFileSync(file);
const text = bytes.toString('utf8');
const enc = get_encoding(name);
enc.encode_ordinary(text.slice(0, 10000));
let best = Infinity, tokens = 0;
for (let run = 0; run < 3; ++run) {
  const t0 = process.hrtime.bigint();
  tokens = enc.encode_ordinary(text).length;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  best = Math.min(best, seconds);
}
enc.free();
console.log(JSON.stringify({ reference: `tiktoken ${version} (${name})`, bytes: bytes.length, tokens, seconds: best, mb_s: bytes.length / 1e6 / best }));
