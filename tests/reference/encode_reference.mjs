// Expected token ids for the conformance test, from the reference implementations.
//   node encode_reference.mjs tiktoken:gpt2 CORPUS_JSON
//   node encode_reference.mjs hf:PATH/TO/tokenizer.json CORPUS_JSON
// Prints one JSON object on stdout:
//   { "reference": "...", "spec": "...", "count": N,
//     "results": [ { "id": corpus id,
//                    "with_special":    { "ids": [...], "offsets": [[begin, end], ...] },
//                    "without_special": { "ids": [...], "offsets": [...] },
//                    "decoded": "..." } ... ] }
// Offsets are byte offsets into the UTF-8 text (the Hugging Face binding reports code-point offsets; they
// are converted here). "decoded" is the reference decode of the with_special ids, special tokens kept.
//
// tiktoken: the "gpt2" encoding, encoded with allowed_special "all", so "<|endoftext|>" in the text
// becomes its special id 50256 — which is what a Hugging Face GPT-2 tokenizer.json does with its added
// token. GPT-2 adds no BOS/EOS, so with_special and without_special are the same; tiktoken gives no
// offsets (the field is omitted) and "decoded" is tiktoken's decode.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function packageVersion(name) {
  return JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
}

// Byte offset of every code-point index of text (length = code points + 1).
function codePointToByte(text) {
  const map = [0];
  let bytes = 0;
  for (const ch of text) {
    bytes += Buffer.byteLength(ch, 'utf8');
    map.push(bytes);
  }
  return map;
}

async function hfReference(path, strings) {
  const { Tokenizer } = require('@anush008/tokenizers');
  const tok = Tokenizer.fromFile(path);
  const results = [];
  for (const { id, text } of strings) {
    const cp = codePointToByte(text);
    const one = async (addSpecialTokens) => {
      const e = await tok.encode(text, null, { addSpecialTokens });
      const offsets = e.getOffsets().map(([b, en]) => {
        if (b > cp.length - 1 || en > cp.length - 1) throw new Error(`offset outside text for ${id}`);
        return [cp[b], cp[en]];
      });
      return { ids: e.getIds(), offsets };
    };
    const withSpecial = await one(true);
    const withoutSpecial = await one(false);
    const decoded = await tok.decode(withSpecial.ids, false);
    results.push({ id, with_special: withSpecial, without_special: withoutSpecial, decoded });
  }
  const version = packageVersion('@anush008/tokenizers');
  return { reference: `@anush008/tokenizers ${version} (Hugging Face tokenizers)`, results };
}

async function tiktokenReference(name, strings) {
  const { get_encoding } = require('tiktoken');
  const enc = get_encoding(name);
  const results = [];
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  for (const { id, text } of strings) {
    const ids = Array.from(enc.encode(text, 'all'));
    const decoded = utf8.decode(enc.decode(new Uint32Array(ids)));
    results.push({ id, with_special: { ids }, without_special: { ids }, decoded });
  }
  enc.free();
  const version = packageVersion('tiktoken');
  return { reference: `tiktoken ${version} (${name})`, results };
}

async function main() {
  const [spec, corpusPath] = process.argv.slice(2);
  if (!spec || !corpusPath) {
    console.error('usage: node encode_reference.mjs (tiktoken:NAME | hf:TOKENIZER_JSON) CORPUS_JSON');
    process.exit(2);
  }
  const corpus = JSON.parse(readFileSync(corpusPath, 'utf8'));
  let out;
  if (spec.startsWith('tiktoken:')) out = await tiktokenReference(spec.slice(9), corpus.strings);
  else if (spec.startsWith('hf:')) out = await hfReference(spec.slice(3), corpus.strings);
  else throw new Error(`unknown reference spec ${spec}`);
  process.stdout.write(JSON.stringify({ reference: out.reference, spec, count: out.results.length, results: out.results }) + '\n');
}

main().catch((e) => {
  console.error(`encode_reference: ${e.stack || e}`);
  process.exit(1);
});
