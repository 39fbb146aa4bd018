// Expected token ids for the conformance test, from the reference implementations.
//   node encode_reference.mjs tiktoken:gpt2 CORPUS_JSON
//   node encode_reference.mjs hf:PATH/TO/tokenizer.json CORPUS_JSON
// Prints one JSON object on stdout:
//   { "reference": "...", "spec": "...", "count": N,
//     "results": [ { "id": corpus id,
//                    "with_special":    ENCODING,
//                    "without_special": ENCODING,
//                    "pair":            ENCODING,   (hf only)
//                    "decoded": "..." or null } ... ],
//     "batches": [ { "ids": [[...] x 4], "attention_mask": [[...] x 4] } ... ] }   (hf only)
//   ENCODING = { "ids", "offsets": [[begin, end], ...], "type_ids", "attention_mask", "special_tokens_mask",
//                "sequence_ids" (pairs: 0, 1 or -1), "overflowing": [ { "ids", "type_ids", "attention_mask" } ] }
// Offsets are byte offsets into the UTF-8 text (the Hugging Face binding reports code-point offsets; they
// are converted here); in a pair they refer to the text of their sequence. "pair" encodes string i with
// string i + 1 (the last with the first), add_special_tokens on. "batches" encode strings 4k .. 4k + 3
// with encodeBatch (so BatchLongest padding applies to the group). "decoded" is the reference decode of
// the with_special ids, special tokens kept. The tokenizer's own truncation and padding apply throughout.
// Where the library refuses an input (OnlySecond truncation of a single text, a sequence too short to cut),
// the ENCODING or batch is { "error": message } instead.
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

function byteOffsets(e, texts) {
  const maps = texts.map(codePointToByte);
  const seq = e.getSequenceIds();
  return e.getOffsets().map(([b, en], k) => {
    const cp = maps[seq[k] ?? 0] ?? maps[0];
    if (b > cp.length - 1 || en > cp.length - 1) throw new Error('offset outside text');
    return [cp[b], cp[en]];
  });
}

function encodingJson(e, texts) {
  return {
    ids: e.getIds(),
    offsets: byteOffsets(e, texts),
    type_ids: e.getTypeIds(),
    attention_mask: e.getAttentionMask(),
    special_tokens_mask: e.getSpecialTokensMask(),
    sequence_ids: e.getSequenceIds().map((s) => s ?? -1),
    overflowing: e.getOverflowing().map((o) => ({ ids: o.getIds(), type_ids: o.getTypeIds(), attention_mask: o.getAttentionMask() })),
  };
}

// The library refuses some inputs (a truncation strategy that cannot cut enough): { "error": message }.
async function attempt(f) {
  try {
    return await f();
  } catch (e) {
    return { error: String(e.message || e) };
  }
}

async function hfReference(path, strings) {
  const { Tokenizer } = require('@anush008/tokenizers');
  const tok = Tokenizer.fromFile(path);
  const results = [];
  for (let i = 0; i < strings.length; ++i) {
    const { id, text } = strings[i];
    const other = strings[(i + 1) % strings.length].text;
    const withSpecial = await attempt(async () => encodingJson(await tok.encode(text, null, { addSpecialTokens: true }), [text]));
    const withoutSpecial = await attempt(async () => encodingJson(await tok.encode(text, null, { addSpecialTokens: false }), [text]));
    const pair = await attempt(async () => encodingJson(await tok.encode(text, other, { addSpecialTokens: true }), [text, other]));
    const decoded = withSpecial.ids ? await tok.decode(withSpecial.ids, false) : null;
    results.push({ id, with_special: withSpecial, without_special: withoutSpecial, pair, decoded });
  }
  const batches = [];
  for (let i = 0; i + 4 <= strings.length; i += 4) {
    batches.push(await attempt(async () => {
      const enc = await tok.encodeBatch(strings.slice(i, i + 4).map((s) => s.text), { addSpecialTokens: true });
      return { ids: enc.map((e) => e.getIds()), attention_mask: enc.map((e) => e.getAttentionMask()) };
    }));
  }
  const version = packageVersion('@anush008/tokenizers');
  return { reference: `@anush008/tokenizers ${version} (Hugging Face tokenizers)`, results, batches };
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
  process.stdout.write(JSON.stringify({ reference: out.reference, spec, count: out.results.length, results: out.results,
    batches: out.batches ?? [] }) + '\n');
}

main().catch((e) => {
  console.error(`encode_reference: ${e.stack || e}`);
  process.exit(1);
});
