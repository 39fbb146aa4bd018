// The window with an encoder-only model: random tiny BERT weights (tests/models/tiny_encoder) with the
// real all-MiniLM-L6-v2 tokenizer. Masking a chip gives the masked-token chart the engine's fill-mask
// distribution; the attention cells are the trace's; the similarity heatmap holds the cosines of the
// engine's pooled vectors; the heads' labels are the engine's; sessions and exports keep it all.
#include <gtest/gtest.h>

#include <QAction>
#include <QComboBox>
#include <QTextCursor>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTemporaryDir>
#include <cmath>
#include <qcustomplot.h>

#include "attention_data.h"
#include "classification_view.h"
#include "embeddings_view.h"
#include "encoder_outputs.h"
#include "engine_controller.h"
#include "generation_view.h"
#include "masked_token_view.h"
#include "models/model.h"
#include "models/sentence_pooling.h"
#include "models/session.h"
#include "models/tiny_encoder.h"
#include "models/tiny_model.h"
#include "next_token_chart.h"
#include "next_token_view.h"
#include "prompt_editor.h"
#include "sampling_bridge.h"
#include "similarity_view.h"
#include "tokens_view.h"
#include "tokenizers/tokenizer.h"
#include "ui_fixture.h"

namespace glassbox {
namespace {

namespace fs = std::filesystem;
const fs::path kMiniLm = fs::path(GLASSBOX_SHARED_DIR) / "fixtures" / "all-MiniLM-L6-v2-tokenizer";

#define SKIP_WITHOUT_MINILM() \
  if (!fs::exists(kMiniLm / "tokenizer.json")) GTEST_SKIP() << kMiniLm << " not found (the shared fixtures)"

// A BERT folder with MiniLM's tokenizer (vocabulary 30522) and random weights; withPooling adds the
// sentence-transformers files (mean pooling, then Normalize).
fs::path bertFolder(const fs::path& dir, const std::string& architecture, bool withPooling = false, int labels = 3) {
  testing::EncoderSpec s;
  s.architectureName = architecture;
  s.vocab = 30522;
  s.positions = 128;
  s.dModel = 16;
  s.hidden = 24;
  s.padTokenId = 0;
  s.labels = labels;
  testing::writeTinyEncoder(dir, s, 21);
  fs::copy_file(kMiniLm / "tokenizer.json", dir / "tokenizer.json", fs::copy_options::overwrite_existing);
  if (withPooling) {
    fs::copy_file(kMiniLm / "modules.json", dir / "modules.json", fs::copy_options::overwrite_existing);
    fs::create_directories(dir / "1_Pooling");
    fs::copy_file(kMiniLm / "1_Pooling" / "config.json", dir / "1_Pooling" / "config.json", fs::copy_options::overwrite_existing);
  }
  return dir;
}

QString path(const fs::path& p) { return QString::fromStdString(p.string()); }

// The engine by itself: the same input the window runs, encoded without the window.
struct Engine {
  std::shared_ptr<const Model> model;
  std::shared_ptr<const Tokenizer> tokenizer;
  std::unique_ptr<EncoderSession> session;
  Encoding encoding;
  explicit Engine(const fs::path& dir) {
    model = Model::load(dir.string());
    tokenizer = Tokenizer::load((dir / "tokenizer.json").string());
    session = std::make_unique<EncoderSession>(model);
  }
  void encode(const std::string& text, Trace* trace = nullptr) {
    encoding = tokenizer->encode(text, appEncodeOptions(*model));
    ForwardOptions o;
    o.trace = trace;
    session->encode(EncoderInput::fromEncoding(encoding), o);
  }
};

std::vector<double> softmax(const std::vector<float>& logits) { return labelProbabilities(logits); }

bool waitForAnalysisOf(MainWindow& w, const QString& text) {
  return testing::waitFor([&] {
    const auto a = w.engine()->analysis();
    return a && a->text == text.toStdString() && !w.engine()->isAnalysing();
  });
}

TEST(EncoderWindow, MaskingAChipGivesTheEnginesFillMaskDistribution) {
  SKIP_WITHOUT_MINILM();
  const fs::path dir = bertFolder(testing::freshTempDir() / "mlm", "BertForMaskedLM");
  auto w = testing::makeWindow();
  const QString prompt = QStringLiteral("Paris is the capital of France.");
  ASSERT_TRUE(testing::loadAndAnalyse(*w, path(dir), prompt));
  EXPECT_TRUE(w->isEncoderModel());
  EXPECT_EQ(w->maskedTokenView()->maskCount(), 0);
  // [CLS] paris is the capital of france . [SEP]: a click on "capital" masks it.
  const int capital = w->tokensView()->data().encoding.ids[4];
  emit w->tokensView()->tokenClicked(4);
  const QString masked = QStringLiteral("Paris is the [MASK] of France.");
  EXPECT_EQ(w->editor()->prompt(), masked);
  ASSERT_TRUE(waitForAnalysisOf(*w, masked));
  MaskedTokenView* view = w->maskedTokenView();
  ASSERT_EQ(view->maskCount(), 1);
  EXPECT_EQ(view->maskPosition(0), 4);

  Engine e(dir);
  e.encode(masked.toStdString());
  const std::vector<float> logits = e.session->maskedLmLogits(4);
  const std::vector<double> p = softmax(logits);
  view->distribution()->flush();
  const NextTokenData& d = view->distribution()->chart()->data();
  ASSERT_FALSE(d.bars.empty());
  for (const auto& b : d.bars) EXPECT_NEAR(b.original, p[static_cast<std::size_t>(b.id)], 1e-5) << b.id;
  const int best = static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
  EXPECT_EQ(d.bars[0].id, best);
  EXPECT_EQ(view->predictedId(0), best);
  EXPECT_EQ(view->distribution()->source().actualId, capital);  // ▶ marks the word that was masked
  EXPECT_TRUE(view->sentenceHtml().contains(QString::fromStdString(Tokenizer::displayBytes(e.tokenizer->tokenBytes(best))).trimmed()));

  // The sampler controls reshape it exactly as the engine's chain does (the same controls as Next token's).
  SamplingSettings s = w->nextTokenView()->controls()->settings();
  s.params.temperature = 0.5f;
  s.params.topK = 5;
  w->nextTokenView()->controls()->setSettings(s);
  EXPECT_FLOAT_EQ(view->distribution()->controls()->settings().params.temperature, 0.5f);
  view->distribution()->flush();
  ChainRun run;
  run.params = s.effective();
  run.greedy = !s.sample;
  const SampleResult r = runSamplerChain(logits, {}, run);
  std::map<int, float> finalP;
  for (const auto& c : r.final) finalP[c.id] = c.p;
  int survivors = 0;
  for (const auto& b : view->distribution()->chart()->data().bars) {
    EXPECT_NEAR(b.adjusted, finalP.count(b.id) ? finalP[b.id] : 0.0f, 1e-6) << b.id;
    survivors += b.adjusted > 0;
  }
  EXPECT_EQ(survivors, 5);
  // Next token says why it is empty.
  EXPECT_TRUE(w->nextTokenView()->source().logits.empty());
}

// Ctrl+M replaces the selected text of the prompt by the mask token (one undo step brings it back).
TEST(EncoderWindow, TheShortcutMasksTheSelectedText) {
  SKIP_WITHOUT_MINILM();
  const fs::path dir = bertFolder(testing::freshTempDir() / "shortcut", "BertForMaskedLM");
  auto w = testing::makeWindow();
  const QString prompt = QStringLiteral("Paris is the capital of France.");
  ASSERT_TRUE(testing::loadAndAnalyse(*w, path(dir), prompt));
  const int capital = w->tokensView()->data().encoding.ids[4];
  QTextCursor c = w->editor()->textCursor();
  c.setPosition(prompt.indexOf("capital"));
  c.setPosition(prompt.indexOf("capital") + 7, QTextCursor::KeepAnchor);
  w->editor()->setTextCursor(c);
  QAction* mask = nullptr;
  for (QAction* a : w->actions())
    if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_M)) mask = a;
  ASSERT_NE(mask, nullptr);
  mask->trigger();
  EXPECT_EQ(w->editor()->prompt(), QStringLiteral("Paris is the [MASK] of France."));
  ASSERT_TRUE(waitForAnalysisOf(*w, w->editor()->prompt()));
  ASSERT_EQ(w->maskedTokenView()->maskCount(), 1);
  EXPECT_EQ(w->maskedTokenView()->distribution()->source().actualId, capital);
  w->editor()->undo();
  EXPECT_EQ(w->editor()->prompt(), prompt);
}

TEST(EncoderWindow, TypedMasksEachHaveTheirOwnChart) {
  SKIP_WITHOUT_MINILM();
  const fs::path dir = bertFolder(testing::freshTempDir() / "mlm2", "BertForMaskedLM");
  auto w = testing::makeWindow();
  const QString prompt = QStringLiteral("The [MASK] sat on the [MASK].");
  ASSERT_TRUE(testing::loadAndAnalyse(*w, path(dir), prompt));
  MaskedTokenView* view = w->maskedTokenView();
  ASSERT_EQ(view->maskCount(), 2);
  EXPECT_TRUE(view->maskSelector()->isVisibleTo(view));
  Engine e(dir);
  e.encode(prompt.toStdString());
  for (int m = 0; m < 2; ++m) {
    view->selectMask(m);
    const std::vector<float> logits = e.session->maskedLmLogits(view->maskPosition(m));
    const auto src = view->distribution()->source().logits;
    ASSERT_EQ(src.size(), logits.size());
    for (std::size_t i = 0; i < logits.size(); i += 97) EXPECT_NEAR(src[i], logits[i], 1e-4);
  }
  EXPECT_NE(view->maskPosition(0), view->maskPosition(1));
  // A click on a mask chip shows that mask's chart; the prompt is unchanged.
  emit w->tokensView()->tokenClicked(view->maskPosition(0));
  EXPECT_EQ(view->selectedMask(), 0);
  EXPECT_EQ(w->editor()->prompt(), prompt);
  const QJsonObject json = view->jsonData().toObject();
  EXPECT_EQ(json["masks"].toArray().size(), 2);
}

TEST(EncoderWindow, HeatmapCellsAreTheTracesBidirectionalMap) {
  SKIP_WITHOUT_MINILM();
  const fs::path dir = bertFolder(testing::freshTempDir() / "att", "BertForMaskedLM");
  auto w = testing::makeWindow();
  const QString prompt = QStringLiteral("A [MASK] of tea.");
  ASSERT_TRUE(testing::loadAndAnalyse(*w, path(dir), prompt));
  ASSERT_TRUE(testing::waitFor([&] { return w->engine()->views() && w->engine()->views()->attention; }));
  const AttentionData& a = *w->engine()->views()->attention;
  Engine e(dir);
  Trace trace;
  e.encode(prompt.toStdString(), &trace);
  const AttentionMap& m = trace.attentionMap(AttentionStream::EncoderSelf);
  const int T = static_cast<int>(e.encoding.ids.size());
  EXPECT_EQ(a.map->stream, AttentionStream::EncoderSelf);
  EXPECT_FALSE(a.map->causal);
  ASSERT_EQ(a.map->numQueries, T);
  for (int l = 0; l < m.numLayers; ++l)
    for (int h = 0; h < m.numHeads; ++h)
      for (int q = 0; q < T; ++q) {
        EXPECT_EQ(a.map->rowLength(q), T);  // a full square: every token sees every token
        for (int k = 0; k < T; ++k) EXPECT_NEAR(a.weight(l, h, q, k), m.at(l, h, q, k), 1e-6);
      }
  // A query's later keys carry weight (a causal map would hold zeros there).
  double later = 0;
  for (int k = 1; k < T; ++k) later += a.weight(0, 0, 0, k);
  EXPECT_GT(later, 0.01);
}

TEST(EncoderWindow, SimilarityIsTheCosineOfTheEnginesPooledVectors) {
  SKIP_WITHOUT_MINILM();
  const fs::path dir = bertFolder(testing::freshTempDir() / "st", "BertModel", true);
  auto w = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, path(dir), QStringLiteral("A bank.")));
  SimilarityView* view = w->similarityView();
  ASSERT_TRUE(testing::waitFor([&] { return view->data() != nullptr; }));
  const auto pooling = readSentencePooling(dir.string());
  ASSERT_TRUE(pooling && pooling->normalize);
  const QStringList sentences = defaultSimilaritySentences();
  ASSERT_EQ(view->data()->sentences, sentences);
  EXPECT_EQ(view->data()->pooling, QStringLiteral("mean"));
  Engine e(dir);
  std::vector<std::vector<float>> v;
  for (const QString& s : sentences) {
    e.encode(s.toStdString());
    v.push_back(e.session->pool(pooling->pooling));
    normalizeL2(v.back());
  }
  const int S = static_cast<int>(sentences.size());
  for (int a = 0; a < S; ++a)
    for (int b = 0; b < S; ++b) {
      double dot = 0, na = 0, nb = 0;
      for (std::size_t j = 0; j < v[a].size(); ++j) dot += double(v[a][j]) * v[b][j], na += double(v[a][j]) * v[a][j], nb += double(v[b][j]) * v[b][j];
      const double cosine = dot / std::sqrt(na * nb);
      EXPECT_NEAR(view->data()->at(a, b), cosine, 1e-6);
      EXPECT_NEAR(view->heatmap()->data()->cell(a, b), cosine, 1e-6);
    }
  // Editing the list recomputes it.
  view->editor()->setPlainText(QStringLiteral("one\ntwo\nthree"));
  ASSERT_TRUE(testing::waitFor([&] { return view->data()->sentences.size() == 3; }));
  // Sessions keep the sentences.
  const SessionData saved = sessionFromJson(sessionToJson(w->currentSession()), QStringLiteral("test"));
  EXPECT_EQ(saved.encoder.similaritySentences, (QStringList{"one", "two", "three"}));
}

// The Embeddings view follows one word of the prompt into another sentence through the encoder's layers.
TEST(EncoderWindow, OneWordAcrossTwoSentencesInTheEmbeddingsView) {
  SKIP_WITHOUT_MINILM();
  const fs::path dir = bertFolder(testing::freshTempDir() / "bank", "BertForMaskedLM");
  auto w = testing::makeWindow();
  w->show();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, path(dir), QStringLiteral("We sat on the bank of the river.")));
  w->showDock(w->embeddingsDock());
  w->compareWord(QStringLiteral("bank"), QStringLiteral("I paid the money into the bank."));
  EmbeddingsView* emb = w->embeddingsView();
  ASSERT_TRUE(testing::waitFor([&] {
    return emb->comparison().active() && emb->comparison().word == QLatin1String("bank") && !emb->projectionPending();
  }));
  const std::vector<double> cosines = emb->comparisonCosines();
  EXPECT_EQ(cosines.size(), 3u) << "embeddings + 2 layers";
  // The word's input embedding is the same row in both sentences; BERT adds positions, then context.
  Engine e(dir);
  Trace a, b;
  e.encode("We sat on the bank of the river.", &a);
  const int ta = 5;  // [CLS] we sat on the bank
  e.encode("I paid the money into the bank.", &b);
  const int tb = 7;  // [CLS] i paid the money into the bank
  ASSERT_EQ(e.encoding.tokens[tb].display, "bank");
  const auto last = static_cast<int>(cosines.size()) - 1;
  const auto va = a.output().residualAt(last, ta), vb = b.output().residualAt(last, tb);
  EXPECT_NEAR(cosines.back(), cosineSimilarity(va, vb), 1e-4);
}

TEST(EncoderWindow, SequenceAndTokenClassificationFollowTheHeads) {
  SKIP_WITHOUT_MINILM();
  const QString prompt = QStringLiteral("Ada Lovelace lived in London.");
  {
    const fs::path dir = bertFolder(testing::freshTempDir() / "seq", "BertForSequenceClassification", false, 2);
    auto w = testing::makeWindow();
    ASSERT_TRUE(testing::loadAndAnalyse(*w, path(dir), prompt));
    Engine e(dir);
    e.encode(prompt.toStdString());
    const auto p = softmax(e.session->sequenceLogits());
    const auto& shown = w->classificationView()->probabilities();
    ASSERT_EQ(shown.size(), 2u);
    for (std::size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(shown[i], p[i], 1e-6);
    EXPECT_EQ(w->classificationView()->labels(), (QStringList{"LABEL_0", "LABEL_1"}));
    EXPECT_EQ(w->maskedTokenView()->maskCount(), 0);
  }
  {
    const fs::path dir = bertFolder(testing::freshTempDir() / "tok", "BertForTokenClassification", false, 3);
    auto w = testing::makeWindow();
    ASSERT_TRUE(testing::loadAndAnalyse(*w, path(dir), prompt));
    Engine e(dir);
    e.encode(prompt.toStdString());
    const std::vector<float> logits = e.session->tokenLogits();
    const auto analysis = w->engine()->analysis();
    const auto spans = groupEntities(*analysis);
    const std::size_t N = 3, T = e.encoding.ids.size();
    ASSERT_EQ(logits.size(), T * N);
    // Every span's tokens have a PER label by the engine's argmax, and every PER token is in a span.
    std::vector<bool> inSpan(T, false);
    for (const auto& s : spans) {
      EXPECT_EQ(s.entity, QStringLiteral("PER"));
      for (int t = s.firstToken; t <= s.lastToken; ++t) inSpan[static_cast<std::size_t>(t)] = true;
    }
    for (std::size_t t = 0; t < T; ++t) {
      const auto begin = logits.begin() + static_cast<std::ptrdiff_t>(t * N);
      const int id = static_cast<int>(std::max_element(begin, begin + N) - begin);
      if (!e.encoding.tokens[t].special) EXPECT_EQ(inSpan[t], id != 0) << t;
    }
    EXPECT_TRUE(w->classificationView()->tokensHtml().contains(QStringLiteral("london")));
  }
}

TEST(EncoderWindow, SwitchingFamiliesLeavesNoStaleState) {
  SKIP_WITHOUT_MINILM();
  const fs::path root = testing::freshTempDir();  // (each call empties it)
  const fs::path bert = bertFolder(root / "switch-bert", "BertForMaskedLM");
  const fs::path gpt = testing::writeTinyGpt2(root / "switch-gpt");
  auto w = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, path(gpt), QStringLiteral("the theme")));
  EXPECT_FALSE(w->nextTokenView()->source().logits.empty());
  EXPECT_EQ(w->maskedTokenView()->maskCount(), 0);
  const bool loaded = testing::loadAndAnalyse(*w, path(bert), QStringLiteral("the [MASK] theme"));
  ASSERT_TRUE(loaded) << w->lastError().toStdString() << " model " << (w->engine()->model() ? w->engine()->model()->modelPath.toStdString() : "none")
                      << " analysis " << (w->engine()->analysis() ? w->engine()->analysis()->text : "none");
  EXPECT_EQ(w->maskedTokenView()->maskCount(), 1);
  EXPECT_TRUE(w->nextTokenView()->source().logits.empty());
  EXPECT_FALSE(w->generationView()->isEnabled());
  ASSERT_TRUE(testing::loadAndAnalyse(*w, path(gpt), QStringLiteral("the theme")));
  EXPECT_EQ(w->maskedTokenView()->maskCount(), 0);
  EXPECT_TRUE(w->maskedTokenView()->distribution()->source().logits.empty());
  EXPECT_FALSE(w->nextTokenView()->source().logits.empty());
  EXPECT_TRUE(w->generationView()->isEnabled());
  EXPECT_FALSE(w->similarityView()->data());
  // A decoder's chip click pins a position again instead of masking.
  emit w->tokensView()->tokenClicked(0);
  EXPECT_EQ(w->editor()->prompt(), QStringLiteral("the theme"));
}

TEST(EncoderWindow, SessionsKeepTheMasks) {
  SKIP_WITHOUT_MINILM();
  const fs::path dir = bertFolder(testing::freshTempDir() / "session", "BertForMaskedLM");
  auto w = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, path(dir), QStringLiteral("The cat sat on the mat.")));
  const int cat = w->tokensView()->data().encoding.ids[2];
  emit w->tokensView()->tokenClicked(2);  // [CLS] the cat …
  ASSERT_TRUE(waitForAnalysisOf(*w, QStringLiteral("The [MASK] sat on the mat.")));
  emit w->tokensView()->tokenClicked(6);  // … the mat
  ASSERT_TRUE(waitForAnalysisOf(*w, QStringLiteral("The [MASK] sat on the [MASK].")));
  ASSERT_EQ(w->maskedTokenView()->maskCount(), 2);
  w->maskedTokenView()->selectMask(0);
  const SessionData s = sessionFromJson(sessionToJson(w->currentSession()), QStringLiteral("test"));
  ASSERT_EQ(s.encoder.maskedIds.size(), 2u);
  EXPECT_EQ(s.encoder.maskedIds[0], cat);
  EXPECT_EQ(s.encoder.selectedMask, 0);

  auto other = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*other, path(dir), QStringLiteral("x")));
  other->applySession(s);
  ASSERT_TRUE(waitForAnalysisOf(*other, s.prompt));
  EXPECT_EQ(other->maskedTokenView()->maskCount(), 2);
  EXPECT_EQ(other->maskedTokenView()->selectedMask(), 0);
  EXPECT_EQ(other->maskedTokenView()->distribution()->source().actualId, cat);
}

// glassbox --export on BERT-shaped folders writes the encoder's views with their data.
TEST(EncoderWindow, ExportWritesTheEncoderViews) {
  SKIP_WITHOUT_MINILM();
  const QString exe = QStringLiteral(GLASSBOX_BINARY_DIR "/bin/glassbox");
  if (!QFileInfo::exists(exe)) GTEST_SKIP() << "the glassbox executable is not built: " << exe.toStdString();
  struct Case {
    std::string architecture;
    bool pooling;
    std::vector<QString> written, absent;
  };
  const std::vector<Case> cases{
      {"BertForMaskedLM", true, {"masked-token", "similarity", "tokens", "attention-heads", "embeddings"}, {"classification", "next-token", "generation"}},
      {"BertForSequenceClassification", false, {"classification", "similarity"}, {"masked-token", "next-token"}}};
  for (const Case& c : cases) {
    const fs::path dir = bertFolder(testing::freshTempDir() / ("export-" + c.architecture), c.architecture, c.pooling, 2);
    QTemporaryDir out;
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("XDG_CONFIG_HOME", out.filePath("config"));
    p.setProcessEnvironment(env);
    p.start(exe, {"--model", path(dir), "--prompt", "Paris is the [MASK] of France.", "--export", out.filePath("views")});
    ASSERT_TRUE(p.waitForFinished(120000));
    EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    for (const QString& v : c.written) {
      EXPECT_GT(QFileInfo(out.filePath("views/" + v + ".svg")).size(), 1000) << c.architecture << " " << v.toStdString();
      EXPECT_GT(QFileInfo(out.filePath("views/" + v + ".png")).size(), 0) << c.architecture << " " << v.toStdString();
    }
    for (const QString& v : c.absent) EXPECT_FALSE(QFileInfo::exists(out.filePath("views/" + v + ".png"))) << v.toStdString();
    for (const QString& v : {QStringLiteral("masked-token"), QStringLiteral("similarity"), QStringLiteral("classification")}) {
      const bool expected = std::find(c.written.begin(), c.written.end(), v) != c.written.end();
      QFile f(out.filePath("views/" + v + ".json"));
      EXPECT_EQ(f.exists(), expected) << v.toStdString();
      if (!expected) continue;
      ASSERT_TRUE(f.open(QIODevice::ReadOnly));
      const QJsonObject j = QJsonDocument::fromJson(f.readAll()).object();
      if (v == QLatin1String("masked-token")) EXPECT_EQ(j["masks"].toArray().size(), 1);
      if (v == QLatin1String("similarity")) EXPECT_EQ(j["cosine"].toArray().size(), defaultSimilaritySentences().size());
      if (v == QLatin1String("classification")) EXPECT_EQ(j["probabilities"].toArray().size(), 2);
    }
  }
}

// With GLASSBOX_TINY_BERT_DIR set, writes the folders the views were looked at with (skipped otherwise).
TEST(EncoderWindow, WriteFoldersForLooking) {
  SKIP_WITHOUT_MINILM();
  const QByteArray target = qgetenv("GLASSBOX_TINY_BERT_DIR");
  if (target.isEmpty()) GTEST_SKIP() << "GLASSBOX_TINY_BERT_DIR is not set";
  const fs::path root(target.toStdString());
  bertFolder(root / "mlm", "BertForMaskedLM", true);
  bertFolder(root / "sentiment", "BertForSequenceClassification", false, 2);
  bertFolder(root / "ner", "BertForTokenClassification", false, 3);
  // Pictures of the whole window at classroom sizes.
  for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
    auto w = testing::makeWindow();
    w->resize(size);
    w->show();
    const QString prompt = QStringLiteral("Paris is the [MASK] of France, and Berlin is the [MASK] of Germany.");
    ASSERT_TRUE(testing::loadAndAnalyse(*w, path(root / "mlm"), prompt));
    ASSERT_TRUE(testing::waitFor([&] { return w->similarityView()->data() != nullptr; }));
    for (const char* dock : {"dock.masked", "dock.similarity"}) {
      w->showDock(w->dock(QString::fromLatin1(dock)));
      testing::waitFor([] { return false; }, 300);
      w->grab().save(path(root / QStringLiteral("window-%1-%2x%3.png").arg(QString::fromLatin1(dock).mid(5)).arg(size.width()).arg(size.height()).toStdString()));
    }
  }
}

}  // namespace
}  // namespace glassbox
