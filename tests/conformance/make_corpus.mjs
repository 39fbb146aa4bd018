// Writes corpus.json beside this file: the strings every tokenizer must encode exactly like its reference.
// Deterministic (no randomness, no clock): running it twice gives the same bytes.
//   node tests/conformance/make_corpus.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entries = [];
function add(group, ...texts) {
  for (const text of texts) entries.push({ id: `${group}-${String(entries.filter((e) => e.id.startsWith(group + '-')).length + 1).padStart(2, '0')}`, text });
}

// Empty and trivial.
add('empty', '', ' ', 'a', '\n', '.', '0');

// Whitespace runs, tabs, newlines, leading and trailing spaces.
add('space',
  'hello world', 'hello  world', 'hello   world', 'hello    world', '  leading two', ' leading one',
  'trailing one ', 'trailing two  ', '   both   ', '          ten spaces before', 'a b c d e f g',
  'word\tword', '\tleading tab', 'trailing tab\t', 'tabs\t\t\tthree', ' \t mixed \t space and tab \t ',
  'line one\nline two', 'line one\r\nline two', 'crlf at end\r\n', '\n\nleading newlines', 'trailing newlines\n\n\n',
  'blank\n\n\nlines', 'space before newline \nnext', 'newline then space\n next', '\r\n\r\n', '\r alone \r',
  'indent\n    four spaces\n        eight', ' \n \n ', '\u00a0no-break\u00a0space', 'em\u2003space and thin\u2009space',
  'ideographic\u3000space', 'vertical\u000btab and form\u000cfeed', 'line\u2028separator\u2029paragraph',
  '\u0085next line char', 'x' + ' '.repeat(40) + 'y', ' '.repeat(17), '\t'.repeat(9), '\n'.repeat(12));

// Contractions, both cases and with other apostrophes.
add('contraction',
  "it's", "don't", "they're", "we've", "I'm", "you'll", "he'd", "IT'S", "DON'T", "THEY'RE", "WE'VE", "I'M",
  "YOU'LL", "HE'D", "It'S mixed", "can't won't shouldn't", "the dog's bone's owner's", "'s at start", "ends with '",
  "rock 'n' roll", "''double apostrophe''", "o'clock o'neill", "it’s curly apostrophe", "don`t backtick",
  "y'all'd've", "'ll 'd 're 've 'm 't 's", "Let's go, let's GO, LET'S go");

// Numbers and digit runs.
add('number',
  '0', '7', '42', '123', '1234', '12345', '1234567890', '3.14159', '-273.15', '1,000,000', '1.000.000,50',
  '1e10', '6.022e23', '0x1F', '0b1011', '007', '2024-05-17', '12:34:56', '+1 (555) 010-9999', '$19.99', '€5',
  '50%', '1/2 + 3/4', '9'.repeat(64), 'abc123def456', '1st 2nd 3rd 4th', 'v1.2.3-rc.4', '١٢٣٤ arabic-indic',
  '१२३ devanagari digits', '①②③ circled', 'Ⅻ roman numeral', '½ ¾ fractions', '１２３ fullwidth', '²³ superscripts');

// Punctuation clusters.
add('punct',
  '!!!', '???', '?!?!', '...', '…', '---', '—–-', '***', '&&||', '!=', '<=>', '->', '=>', '::', ';;', '(((nested)))',
  '[brackets] {braces} <angles>', '"quoted" \'single\'', '«guillemets» „low“', '¿¡Hola!?', 'a.b.c', 'end.', 'Hi!!! How are you???',
  '#hashtag @mention', '~`!@#$%^&*()_+-={}|[]\\:";\'<>?,./', '_____', '====', '////', '\\\\\\\\', '%%%', '«»‹›', '、。「」');

// Code.
add('code',
  'def f(x):\n    return x * 2\n',
  'for i in range(10):\n\tprint(i)',
  'import numpy as np\narr = np.zeros((3, 4), dtype=np.float32)',
  'class Foo:\n    def __init__(self):\n        self._x = None  # comment\n',
  'lambda a, b: a ** b // 3',
  '#include <vector>\nint main() { std::vector<int> v{1, 2, 3}; return v.size(); }',
  'template <typename T> constexpr T sq(T x) noexcept { return x * x; }',
  'auto p = std::make_unique<Widget>(42);\nif (p != nullptr && p->ok()) { p->run(); }',
  'a->b.c[0] = *d++ + --e; // done',
  '{"name": "glassbox", "version": 1, "tags": ["a", "b"], "nested": {"x": null, "y": true}}',
  '{\n  "key": "value",\n  "n": -1.5e-3\n}',
  '[1,2,3,{"a":[]}]',
  'SELECT id, name FROM users WHERE age >= 18 ORDER BY name;',
  '<div class="x"><p>Hello &amp; welcome</p></div>',
  'console.log(`template ${value}`);',
  'fn main() { let v: Vec<u8> = vec![0; 16]; }',
  '    indented code line',
  '$ ls -la | grep "foo" > out.txt 2>&1',
  'x=1;y=2;z=x+y',
  'if(a){b();}else{c();}');

// URLs and emails.
add('url',
  'https://example.com', 'https://www.example.org/path/to/page.html?query=1&x=y#frag', 'http://localhost:8080/api/v1',
  'ftp://files.example.net/pub/file.tar.gz', 'www.example.com/index.php', 'visit https://example.com/a_b-c.d now',
  'user@example.com', 'first.last+tag@sub.example.co.uk', 'Mail me: someone_123@example.org.', 'mailto:a@b.c',
  'https://例え.jp/パス', 'https://example.com/%E2%9C%93?q=a%20b');

// Emoji: simple, skin tones, ZWJ sequences, flags, keycaps, variation selectors.
add('emoji',
  '😀', 'hello 😀 world', '😀😃😄😁', '👍', '👍🏽', '👍🏿👍🏻', '👩‍💻', '👨‍👩‍👧‍👦', '🧑🏽‍🚀', '❤️', '❤️‍🔥', '🏳️‍🌈',
  '🇫🇷', '🇯🇵🇺🇸🇩🇪', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '1️⃣ #️⃣', '☺︎ text style', 'emoji at end 🎉', '🎉 emoji at start', 'a😀b😀c',
  '🙂🙃🙂🙃🙂🙃🙂🙃', '🐍 python', '🚀🚀🚀 launch');

// Scripts: CJK, Japanese, Korean, Arabic, Hebrew, Hindi, Thai, Greek, Cyrillic and others.
add('script',
  '中文', '你好，世界！', '我爱自然语言处理。', '漢字とひらがなとカタカナ', 'こんにちは世界', 'ｶﾀｶﾅ halfwidth katakana',
  '한국어', '안녕하세요 세계', '한국어 문장입니다.', 'مرحبا بالعالم', 'اللغة العربية جميلة', 'שלום עולם', 'नमस्ते दुनिया',
  'हिन्दी भाषा', 'สวัสดีชาวโลก', 'ภาษาไทยไม่มีช่องว่าง', 'Γειά σου Κόσμε', 'Привет, мир!', 'Ελληνικά ΚΕΦΑΛΑΙΑ',
  'ქართული', 'Հայերեն', 'বাংলা', 'தமிழ்', 'ಕನ್ನಡ', 'ትግርኛ', 'ᐃᓄᒃᑎᑐᑦ', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters',
  '𠀀𠀁 astral CJK', 'Tiếng Việt có dấu');

// Mixed scripts in one string.
add('mixed',
  'English中文mixed', 'Hello, 世界! 안녕 مرحبا', 'GPT-2は言語モデルです', 'Das ist ein Test. 这是一个测试。',
  'abc한국어def', 'email: 用户@例子.广告', 'x = "日本語"  # comment', 'Ünïcödé ïs fün', 'naïve café résumé',
  'Straße ß ẞ', 'İstanbul ıi', 'ﬁnal ﬂow ligatures', 'Ǆ ǅ ǆ digraphs', 'K Kelvin sign Å angstrom');

// Accents in NFC and NFD, combining marks.
const nfcNfd = ['café', 'résumé', 'naïve', 'Ångström', 'über', 'señor', 'crème brûlée', 'Việt Nam', 'ÉCOLE', 'Zoë'];
for (const w of nfcNfd) add('nfc', w.normalize('NFC'));
for (const w of nfcNfd) add('nfd', w.normalize('NFD'));
add('combining', 'e\u0301', 'a\u0300\u0301\u0302\u0303', 'Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319',
  'o\u0308\u0304', '\u0301 starts with combining mark', 'q\u0307\u0323', 'ก\u0e31\u0e49', 'क\u094d\u0937');

// Very long words and long texts.
add('long', 'a'.repeat(1000), 'ab'.repeat(600), 'supercalifragilisticexpialidocious'.repeat(40),
  'x'.repeat(2500), '中'.repeat(1200), '😀'.repeat(300), 'Lorem-ipsum-'.repeat(100),
  'pneumonoultramicroscopicsilicovolcanoconiosis', 'Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft',
  '0123456789'.repeat(120), ('The quick brown fox jumps over the lazy dog. ').repeat(60));

// Special tokens of the tokenizers under test, alone, embedded, glued, and near-misses.
add('special',
  '<|endoftext|>', 'Hello<|endoftext|>World', 'a <|endoftext|> b', '<|endoftext|><|endoftext|>', ' <|endoftext|> ',
  '<|endoftext', '<|endoftext|', '<|ENDOFTEXT|>', '<s>', '</s>', '<s>Hello</s>', ' <s> spaced </s> ', '<unk>', '<pad>',
  '[CLS]', '[SEP]', '[MASK]', '[CLS] Hello [SEP]', 'The [MASK] sat on the mat.', '[cls] lower case', '[UNK]', '[PAD]',
  '<|begin_of_text|>Hi', '<|im_start|>user\nhi<|im_end|>', 'x<s>y</s>z', '<<s>>', '[[MASK]]', '<mask>',
  '<|endoftext|>\n<s>\n[SEP]');

// Added tokens matched on the normalized text (normalized: true) and T5's sentinels: in the middle, at the
// start, at the end, next to spaces, next to each other, and near-misses. Names used by the tokenizers
// built in build_tokenizers.mjs with normalized added tokens: <|start_story|> <|end_story|> (Prepend/Replace
// and Metaspace), Ｔｅｓｔ (NFKC: "test"), <Extra_Tok> (lowercasing normalizers), 日本 (BertNormalizer's
// spaces around CJK), [MASK] marked normalized (BertNormalizer: "[mask]").
add('added',
  'Hi <|end_story|> there', 'The end.<|end_story|>', '<|start_story|>Once upon a time', 'Once upon a time <|end_story|>',
  '<|start_story|> <|end_story|>', '<|end_story|><|start_story|>', '  <|end_story|>  two spaces', 'a<|end_story|>b',
  ' <|start_story|>', '<|END_STORY|> upper case', 'Ｔｅｓｔ in full width', 'a test of Test and TEST', 'test', 'testing tests',
  '[MASK] at the start', 'ends with [MASK]', 'two [MASK][MASK] masks', '[mask] lower case', 'the [MASK] and the <mask>',
  '<Extra_Tok> mixed <extra_tok> cases <EXTRA_TOK>', '日本 in text', '日本語です', 'Ünïcode and unicode', '<extra_id_0>',
  'The <extra_id_0> walks in <extra_id_1> park', '<extra_id_0><extra_id_1>', ' <extra_id_99> ', '<extra_id_100> not a sentinel',
  '<extra_id_5>end', 'Translate English to German: That is good.', 'summarize: 12 345 6789 numbers   and   spaces');

// Zero-width and control characters.
add('control', 'zero\u200bwidth space', 'zero\u200cwidth\u200dnon-joiner joiner', '\ufeffbyte order mark', 'word\u2060joiner',
  'soft\u00adhyphen', 'bell\u0007char', 'null\u0000byte', 'escape\u001b[31mred\u001b[0m', 'del\u007fchar',
  '\u0001\u0002\u0003', 'rtl\u202emark\u202c', 'ltr\u200emark', 'variation\ufe0fselector', 'private\ue000use',
  'replacement \ufffd char', 'noncharacter \ufdd0', 'tag \u{e0041}\u{e0042} chars', 'ascii unit\u001fsep');

// Ordinary prose, casing and mixed content.
add('prose',
  'The quick brown fox jumps over the lazy dog.', 'THE QUICK BROWN FOX', 'tHe QuIcK bRoWn FoX', 'Hello, World!',
  'Mr. Smith went to Washington D.C. on Jan. 5th.', 'She said, "It\'s fine." Then left.',
  'Transformers use self-attention; RNNs use recurrence.', 'e.g. i.e. etc. vs.', 'U.S.A. U.K. E.U.',
  'Once upon a time,\nthere was a model.\n\nThe end.', 'CamelCaseIdentifier snake_case_identifier kebab-case-identifier',
  'McDonald\'s iPhone eBay YouTube', 'I have 3 apples and 12 oranges.', 'Temperature: 21.5°C (70.7°F)',
  'Price: £1,234.56 / ¥9800 / ₹500', 'A–Z — en dash and em dash', 'Ω ≈ ∑ ∫ √ ∞ ≠ ≤ ≥ ±', '→ ← ↑ ↓ ⇒',
  '©2024 ®™', '♠♣♥♦ ★☆', '§ ¶ † ‡ •', 'x² + y² = z²', 'H₂O CO₂', 'AI/ML', 'don\'t stop believin\'');

// Compatibility characters that SentencePiece's nmt_nfkc map (ALBERT's Precompiled normalizer) rewrites:
// full-width and half-width forms, squared and circled letters, ligatures, combining sequences it maps as
// one grapheme, and clusters it leaves alone.
add('compat',
  'ＡＢＣ ｈｅｌｌｏ ｗｏｒｌｄ', 'Ｆｕｌｌ－ｗｉｄｔｈ！？（ｐａｒｅｎｓ）＆＠＃', '１２３．４５％ ￥１００ ￡５ ￠', 'ﾊﾟﾋﾟﾌﾟ ｶﾞｷﾞ ﾜｰﾙﾄﾞ',
  '㍻ ㍼ ㈱ ㎏ ㎞ ㏄ ㌔ ㌢', 'ⓐⓑⓒ Ⓐ ⑴ ⒜ ⒈', 'ﬀ ﬃ ﬄ ﬅ ﬆ', '…‥ ‼ ⁇ ⁈', '～〜 ‐‑‒ ―', 'e\u0301 a\u0308\u0304 n\u0303o',
  '\u1100\u1161\u11a8 decomposed hangul', 'ㄱㄴㄷ ㅏㅑ compatibility jamo', 'ℌ ℑ ℜ ℭ ℵ', '𝐀𝐁𝐂 𝑥𝑦𝑧 𝟘𝟙𝟚 math',
  'Ǳ ǲ ǳ ĳ Ĳ ŉ', 'ｱｲｳｴｵ ｧｨｩ', '👩\u200d👩\u200d👧 family 🏳️\u200d🌈 flag', '\u00a0\u2002\u2003\u3000 spaces',
  'ÅÅ Ω Ω K K', '\u0130\u0131 ﬁﬂ ß ẞ');

// Script changes (UnicodeScripts) and characters newer than Unicode 9.0 (script "Any" there).
add('script',
  'Москва-City 2024', 'Ελληνικά123abc', '日本語テキストとEnglishの混在', 'ラーメン ー長音符', 'español русский 中文 한국어 ไทย',
  'עברית and العربية mixed', 'a1b2c3', '₿ bitcoin sign ₾ lari', '🥰🤩🥳 newer emoji', 'x🫠y🪿z',
  'ꭰꭱ Cherokee small ᏣᎳᎩ', 'Ελλά\u0301δα combining', '  leading spaces then text', '日本 語  ');

// Deterministic pseudo-random strings over a fixed alphabet (a simple linear congruential sequence).
let state = 12345;
function next() { state = (state * 1103515245 + 12345) % 2147483648; return state; }
const alphabet = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?\'"-_()[]{}\n\t  éüñçß中文한국😀👍🏽\u200dαβγ'];
for (let i = 0; i < 24; ++i) {
  const len = 5 + (next() % 80);
  let s = '';
  for (let k = 0; k < len; ++k) s += alphabet[next() % alphabet.length];
  add('random', s);
}

const ids = new Set(entries.map((e) => e.id));
if (ids.size !== entries.length) throw new Error('duplicate corpus ids');
const out = {
  about: 'Conformance corpus for the tokenizers: every tokenizer must give the same ids as its reference for every text. Generated by make_corpus.mjs; edit that script, not this file.',
  count: entries.length,
  strings: entries,
};
const path = join(dirname(fileURLToPath(import.meta.url)), 'corpus.json');
writeFileSync(path, JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${entries.length} strings to ${path}`);
