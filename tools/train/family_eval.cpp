#include "train/family_eval.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/thread_pool.h"
#include "tokenizers/tokenizer.h"
#include "train/corpus_choice.h"

namespace glassbox {
namespace {

int argmax(const float* row, int n) { return static_cast<int>(std::max_element(row, row + n) - row); }

// Ids of the 5 largest entries, largest first (ties: smaller id first).
std::vector<int> top5(const float* row, int n) {
  std::vector<int> order(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
  std::partial_sort(order.begin(), order.begin() + 5, order.end(),
                    [&](int a, int b) { return row[a] > row[b] || (row[a] == row[b] && a < b); });
  order.resize(5);
  return order;
}

std::string shown(const Tokenizer& tok, const std::vector<int>& ids) {
  std::string s;
  for (int id : ids) s += tok.isSpecial(id) ? tok.tokenRaw(id) : tok.tokenBytes(id);
  std::string out;  // Markdown-safe: a newline shows as \n, a bar is escaped
  for (char ch : s) out += ch == '\n' ? std::string("\\n") : ch == '|' ? std::string("\\|") : std::string(1, ch);
  return out;
}

double cosine(const float* a, const float* b, int n) {
  double ab = 0, aa = 0, bb = 0;
  for (int i = 0; i < n; ++i) {
    ab += static_cast<double>(a[i]) * b[i];
    aa += static_cast<double>(a[i]) * a[i];
    bb += static_cast<double>(b[i]) * b[i];
  }
  return ab / std::sqrt(aa * bb);
}

const char* kRiver[] = {"She ate a banana by the river bank.", "They sat on the grassy bank of the river.",
                        "The boat drifted toward the muddy bank of the stream."};
const char* kMoney[] = {"He put the money in the bank.", "The bank raised its interest rates.",
                        "She opened a savings account at the bank."};

}  // namespace

std::vector<Example> heldOutExamples(const Objective& objective, const std::vector<int>& heldIds) {
  std::vector<Example> out;
  const auto* bert = dynamic_cast<const BertMlmObjective*>(&objective);
  const auto* t5 = dynamic_cast<const T5SpanObjective*>(&objective);
  const std::size_t window = static_cast<std::size_t>(bert ? bert->window() : t5->window());
  for (std::size_t at = 0, w = 0; at + window <= heldIds.size(); at += window, ++w) {
    Rng rng(0xE7A1 + w);
    const std::span<const int> span(heldIds.data() + at, window);
    out.push_back(bert ? maskedLanguageModel(span, rng, bert->maskId(), bert->firstSpecial(), 0.15, true)
                       : corruptSpans(span, rng, t5->spans()));
  }
  return out;
}

nlohmann::ordered_json bertHeldOutMetrics(const BertMlmObjective& objective, const std::vector<float>& params,
                                          const std::vector<Example>& heldOut) {
  const BertConfig& c = objective.config();
  std::vector<double> nats(heldOut.size());
  std::vector<std::size_t> counted(heldOut.size()), hit1(heldOut.size()), hit5(heldOut.size());
  ThreadPool::global().parallelFor(heldOut.size(), [&](std::size_t begin, std::size_t end) {
    BertActivations<float> acts;
    std::vector<float> logits;
    for (std::size_t i = begin; i < end; ++i) {
      const Example& ex = heldOut[i];
      nats[i] = bertForwardBackward<float>(c, params.data(), ex.input.data(), ex.targets.data(),
                                           static_cast<int>(ex.input.size()), 1.0f, nullptr, acts, &logits);
      for (std::size_t t = 0; t < ex.targets.size(); ++t) {
        if (ex.targets[t] < 0) continue;
        const float* row = logits.data() + t * static_cast<std::size_t>(c.vocabSize);
        const std::vector<int> best = top5(row, c.vocabSize);
        ++counted[i];
        hit1[i] += best[0] == ex.targets[t];
        hit5[i] += std::find(best.begin(), best.end(), ex.targets[t]) != best.end();
      }
    }
  });
  double n = 0, total = 0, h1 = 0, h5 = 0;
  for (std::size_t i = 0; i < heldOut.size(); ++i) {
    n += static_cast<double>(counted[i]);
    total += nats[i];
    h1 += static_cast<double>(hit1[i]);
    h5 += static_cast<double>(hit5[i]);
  }
  return {{"masked_tokens", n}, {"nats_per_masked_token", total / n}, {"top1", h1 / n}, {"top5", h5 / n}};
}

nlohmann::ordered_json bertHomonymTest(const BertMlmObjective& objective, const std::vector<float>& params,
                                       const Tokenizer& tok) {
  const BertConfig& c = objective.config();
  const int bank = tok.tokenId("\xC4\xA0" "bank").value_or(-1);
  std::vector<std::string> texts;
  for (const char* s : kRiver) texts.emplace_back(s);
  for (const char* s : kMoney) texts.emplace_back(s);
  std::vector<std::vector<float>> vectors;
  BertActivations<float> acts;
  for (const auto& text : texts) {
    const std::vector<int> ids = tok.encode(text, false).ids;
    const std::vector<int> none(ids.size(), -1);
    std::vector<float> hidden;
    bertForwardBackward<float>(c, params.data(), ids.data(), none.data(), static_cast<int>(ids.size()), 1.0f, nullptr,
                               acts, nullptr, &hidden);
    const auto at = std::find(ids.begin(), ids.end(), bank);
    if (at == ids.end()) throw Error("homonym test: \" bank\" is not one token of \"" + text + "\"");
    const std::size_t pos = static_cast<std::size_t>(at - ids.begin());
    vectors.emplace_back(hidden.begin() + static_cast<std::ptrdiff_t>(pos * c.hidden),
                         hidden.begin() + static_cast<std::ptrdiff_t>((pos + 1) * c.hidden));
  }
  nlohmann::ordered_json matrix = nlohmann::ordered_json::array();
  double river = 0, money = 0, cross = 0;
  int nr = 0, nm = 0, nc = 0;
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    nlohmann::ordered_json row = nlohmann::ordered_json::array();
    for (std::size_t j = 0; j < vectors.size(); ++j) {
      const double cs = cosine(vectors[i].data(), vectors[j].data(), c.hidden);
      row.push_back(std::round(cs * 1e4) / 1e4);
      if (j <= i) continue;
      const bool ri = i < 3, rj = j < 3;
      if (ri && rj) river += cs, ++nr;
      else if (!ri && !rj) money += cs, ++nm;
      else cross += cs, ++nc;
    }
    matrix.push_back(row);
  }
  return {{"sentences", texts},
          {"cosine", matrix},
          {"mean_river_river", river / nr},
          {"mean_money_money", money / nm},
          {"mean_river_money", cross / nc},
          {"passes", river / nr > cross / nc && money / nm > cross / nc}};
}

void bertSamples(const BertMlmObjective& objective, const std::vector<float>& params, const Tokenizer& tok,
                 const nlohmann::ordered_json& homonym, std::ostream& out) {
  const BertConfig& c = objective.config();
  const char* prompts[] = {"The teacher [MASK] the student with the book.", "The tea tastes [MASK], but the cake tastes better.",
                           "She ate a [MASK] by the river bank.", "He put the money in the [MASK].",
                           "The [MASK] taught the student with the book."};
  out << "| text | top 5 guesses for [MASK] (probability) |\n|---|---|\n";
  BertActivations<float> acts;
  for (const char* p : prompts) {
    const std::vector<int> ids = tok.encode(p, false).ids;
    const std::vector<int> none(ids.size(), -1);
    std::vector<float> logits;
    bertForwardBackward<float>(c, params.data(), ids.data(), none.data(), static_cast<int>(ids.size()), 1.0f, nullptr,
                               acts, &logits);
    const auto at = std::find(ids.begin(), ids.end(), objective.maskId());
    if (at == ids.end()) continue;
    const float* row = logits.data() + static_cast<std::size_t>(at - ids.begin()) * c.vocabSize;
    const float mx = *std::max_element(row, row + c.vocabSize);
    double z = 0;
    for (int v = 0; v < c.vocabSize; ++v) z += std::exp(row[v] - mx);
    out << "| " << p << " |";
    for (int id : top5(row, c.vocabSize)) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), " (%.3f)", std::exp(row[id] - mx) / z);
      out << " `" << shown(tok, {id}) << "`" << buf;
    }
    out << " |\n";
  }
  out << "\nHomonym test, cosine of the last hidden state of \" bank\":\n\n```\n" << homonym.dump(1) << "\n```\n";
}

std::vector<int> t5Greedy(const T5SpanObjective& objective, const std::vector<float>& params,
                          const std::vector<int>& input, int maxTokens) {
  const T5Config& c = objective.config();
  std::vector<int> dec = {objective.spans().decoderStart};
  std::vector<float> logits;
  for (int k = 0; k < maxTokens; ++k) {
    const std::vector<int> none(dec.size(), -1);
    t5ForwardBackward<float>(c, params.data(), input.data(), static_cast<int>(input.size()), dec.data(), none.data(),
                             static_cast<int>(dec.size()), 1.0f, nullptr, &logits);
    const int next = argmax(logits.data() + (dec.size() - 1) * static_cast<std::size_t>(c.vocabSize), c.vocabSize);
    dec.push_back(next);
    if (next == objective.spans().eos) break;
  }
  return std::vector<int>(dec.begin() + 1, dec.end());
}

namespace {

// Target / output -> spans by sentinel: span i is what follows sentinel i up to the next sentinel or eos.
std::vector<std::vector<int>> spansOf(const std::vector<int>& seq, const SpanCorruption& s) {
  std::vector<std::vector<int>> spans;
  for (int id : seq) {
    if (id == s.eos) break;
    if (id >= s.sentinel0 && id < s.sentinel0 + s.sentinels) spans.emplace_back();
    else if (!spans.empty()) spans.back().push_back(id);
  }
  return spans;
}

}  // namespace

nlohmann::ordered_json t5HeldOutMetrics(const T5SpanObjective& objective, const std::vector<float>& params,
                                        const std::vector<Example>& heldOut, std::size_t decodeExamples) {
  const T5Config& c = objective.config();
  std::vector<double> nats(heldOut.size());
  std::vector<std::size_t> targets(heldOut.size()), exact(heldOut.size()), spanHits(heldOut.size()),
      spanCount(heldOut.size());
  const std::size_t decoded = std::min(decodeExamples, heldOut.size());
  ThreadPool::global().parallelFor(heldOut.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const Example& ex = heldOut[i];
      nats[i] = t5ForwardBackward<float>(c, params.data(), ex.input.data(), static_cast<int>(ex.input.size()),
                                         ex.decoderInput.data(), ex.targets.data(),
                                         static_cast<int>(ex.decoderInput.size()), 1.0f, nullptr);
      targets[i] = ex.targets.size();
      if (i >= decoded) continue;
      const std::vector<int> out = t5Greedy(objective, params, ex.input, static_cast<int>(ex.targets.size()) + 8);
      exact[i] = out == ex.targets;
      const auto want = spansOf(ex.targets, objective.spans()), got = spansOf(out, objective.spans());
      for (std::size_t s = 0; s + 1 < want.size(); ++s) {  // the last sentinel has no span
        ++spanCount[i];
        spanHits[i] += s < got.size() && got[s] == want[s];
      }
    }
  });
  double n = 0, total = 0, e = 0, sh = 0, sc = 0;
  for (std::size_t i = 0; i < heldOut.size(); ++i) {
    n += static_cast<double>(targets[i]);
    total += nats[i];
    e += static_cast<double>(exact[i]);
    sh += static_cast<double>(spanHits[i]);
    sc += static_cast<double>(spanCount[i]);
  }
  return {{"target_tokens", n},
          {"nats_per_target_token", total / n},
          {"decoded_examples", decoded},
          {"exact_match", e / static_cast<double>(std::max<std::size_t>(decoded, 1))},
          {"spans", sc},
          {"span_exact_match", sh / std::max(sc, 1.0)}};
}

void t5Samples(const T5SpanObjective& objective, const std::vector<float>& params, const Tokenizer& tok,
               std::ostream& out) {
  const char* prompts[] = {"The teacher <extra_id_0> the student with the book.",
                           "The tea tastes <extra_id_0>, but the cake tastes better.",
                           "She ate a <extra_id_0> by the river bank.", "He put the <extra_id_0> in the bank.",
                           "The <extra_id_0> taught the <extra_id_1> with the book."};
  out << "| encoder input | greedy decoder output |\n|---|---|\n";
  for (const char* p : prompts) {
    const std::vector<int> ids = tok.encode(p, false).ids;
    out << "| " << p << " | `" << shown(tok, t5Greedy(objective, params, ids, 24)) << "` |\n";
  }
}

}  // namespace glassbox
