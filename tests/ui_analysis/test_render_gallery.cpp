// Renders every analysis view from a real model (aidreams260K, when ../shared is present) or from
// synthetic data, into <build>/ui_analysis_gallery/*.png for people to look at; checks the head view
// against the trace's own attention probabilities.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <cstdio>

#include "analysis/trace_attention.h"
#include "attention_grid.h"
#include "attention_head_view.h"
#include "attention_model_view.h"
#include "embeddings_view.h"
#include "models/model.h"
#include "positions_view.h"
#include "synthetic_data.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {
namespace {

const QString kFixture = QString(GLASSBOX_SHARED_DIR) + "/fixtures/aidreams260K";

QString galleryDir() {
  const QString dir = QString(GLASSBOX_BINARY_DIR) + "/ui_analysis_gallery";
  QDir().mkpath(dir);
  return dir;
}

void save(QWidget& w, const QString& name, QSize size) {
  w.resize(size);
  w.show();
  QCoreApplication::processEvents();
  QCoreApplication::processEvents();
  EXPECT_TRUE(w.grab().save(galleryDir() + "/" + name + ".png")) << name.toStdString();
}

struct Loaded {
  std::shared_ptr<const Model> model;
  std::shared_ptr<const Tokenizer> tokenizer;
};

Loaded loadFixture() {
  Loaded l;
  if (!QFileInfo::exists(kFixture + "/aidreams260K.bin")) return l;
  l.model = Model::load((kFixture + "/aidreams260K.bin").toStdString());
  l.tokenizer = Tokenizer::load((kFixture + "/tok512.bin").toStdString());
  return l;
}

// Like the app's token display: spaces made visible.
QString shown(const Tokenizer& tok, int id) {
  return QString::fromStdString(Tokenizer::displayBytes(tok.tokenBytes(id))).replace(' ', QStringLiteral("·"));
}

QStringList tokenTexts(const Tokenizer& tok, const std::vector<int>& ids) {
  QStringList out;
  for (int id : ids) out << shown(tok, id);
  return out;
}

std::shared_ptr<const Trace> traceOf(const Loaded& l, const std::vector<int>& ids) {
  auto trace = std::make_shared<Trace>();
  InferenceSession session(l.model);
  ForwardOptions o;
  o.trace = trace.get();
  session.forward(ids, o);
  return trace;
}

TEST(RenderGallery, RealModelViews) {
  const Loaded l = loadFixture();
  if (!l.model) GTEST_SKIP() << "no " << kFixture.toStdString() << " (the shared fixtures are not checked out)";
  const std::string text = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park.";
  const std::vector<int> ids = l.tokenizer->encode(text).ids;
  const auto trace = traceOf(l, ids);
  const AttentionData att = attentionDataFromTrace(trace, tokenTexts(*l.tokenizer, ids), l.model->config().numKvHeads);

  AttentionHeadView head;
  head.setData(att);
  head.setHead(1, 2);
  for (int q = 0; q < trace->output().numTokens; ++q)
    for (int k = 0; k <= q; ++k)
      ASSERT_FLOAT_EQ(static_cast<float>(head.cellValue(q, k)), trace->selfAttention().at(1, 2, q, k)) << q << "," << k;
  head.selectQuery(trace->output().numTokens - 3);
  save(head, "real_head", {900, 750});
  head.setDisplayMode(AttentionHeadView::DisplayMode::Lines);
  save(head, "real_head_lines", {900, 750});
  head.setDisplayMode(AttentionHeadView::DisplayMode::Heatmap);
  head.setAggregate(AttentionAggregate::Rollout);
  head.setHead(3, 0);
  save(head, "real_rollout", {900, 750});

  AttentionModelView grid;
  grid.setData(att);
  grid.flush();  // thumbnails are built on the grid's worker
  save(grid, "real_grid", {900, 800});

  auto text2id = [&](int id) { return shown(*l.tokenizer, id); };
  EmbeddingsView emb;
  emb.setData(tokenEmbeddingsData(*l.model, ids, sampleVocabularyIds(*l.tokenizer, 300), text2id));
  emb.flush();  // PCA runs on the view's worker
  emb.selectPoint(3);
  save(emb, "real_token_embeddings", {1100, 750});

  std::vector<TracedPrompt> prompts;
  for (const QString& p : homonymExamplePrompts()) {
    const std::vector<int> pids = l.tokenizer->encode(p.toStdString()).ids;
    prompts.push_back({p, pids, traceOf(l, pids)});
  }
  EmbeddingsView ctx;
  ctx.setData(contextualStatesData(prompts, text2id));
  ctx.setLayer(4);
  ctx.flush();
  save(ctx, "real_contextual_paths", {1100, 750});
  ctx.setLayerLayout(EmbeddingsView::LayerLayout::EachLayer);
  save(ctx, "real_contextual_states", {1100, 750});

  PositionsView pos;
  pos.setData(positionsDataFromModel(*l.model, 128));
  save(pos, "real_positions", {1200, 850});
}

TEST(RenderGallery, SyntheticViewsAndGridRepaintCost) {
  // 12 x 12 heads over 64 tokens, like GPT-2 small on a short prompt; grouped-query variant with 4 KV heads.
  const AttentionData att = test::syntheticAttention(12, 12, 64, 4);
  AttentionModelView grid;
  grid.setData(att);
  grid.flush();
  save(grid, "synthetic_grid_12x12", {1200, 1000});
  AttentionGrid* g = grid.grid();
  QImage canvas(g->size(), QImage::Format_ARGB32_Premultiplied);
  QElapsedTimer clock;
  clock.start();
  const int repeats = 20;
  for (int i = 0; i < repeats; ++i) g->render(&canvas);
  std::printf("[ info ] 12x12 grid over 64 tokens: %.2f ms per full repaint (%dx%d px)\n",
              static_cast<double>(clock.nsecsElapsed()) / 1e6 / repeats, g->width(), g->height());
  clock.restart();
  const AttentionThumbnails thumbs = buildAttentionThumbnails(att);  // what the grid's worker does
  EXPECT_TRUE(thumbs.complete(att));
  std::printf("[ info ] 12x12 grid over 64 tokens: %.2f ms to build thumbnails (off the UI thread)\n",
              static_cast<double>(clock.nsecsElapsed()) / 1e6);

  const AttentionData longPrompt = test::syntheticAttention(2, 2, 512);
  AttentionHeadView head;
  clock.restart();
  head.setData(longPrompt);
  std::printf("[ info ] head view at 512 tokens: %.1f ms to set data\n", static_cast<double>(clock.nsecsElapsed()) / 1e6);
  save(head, "synthetic_head_512", {900, 750});
  head.setHead(1, 1);
  save(head, "synthetic_head_uniform", {900, 750});
}

}  // namespace
}  // namespace glassbox
