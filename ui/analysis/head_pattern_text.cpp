#include "head_pattern_text.h"

#include <QCoreApplication>
#include <QStringList>

namespace glassbox {
namespace {

class HeadPatternTexts {
  Q_DECLARE_TR_FUNCTIONS(HeadPatternTexts)

 public:
  static QString title(HeadPatternKind kind);
  static QString cellLabel(const HeadPattern& p);
  static QString summary(const AttentionData& d);
};

QString HeadPatternTexts::title(HeadPatternKind kind) {
  switch (kind) {
    case HeadPatternKind::PreviousToken: return tr("previous token");
    case HeadPatternKind::FirstToken: return tr("first token");
    case HeadPatternKind::Self: return tr("itself");
    case HeadPatternKind::Uniform: return tr("near uniform (no focus)");
    case HeadPatternKind::Mixed: break;
  }
  return tr("mixed");
}

QString HeadPatternTexts::cellLabel(const HeadPattern& p) {
  const QString score = QString::number(p.score, 'f', 2).mid(p.score < 1.0 ? 1 : 0);
  switch (p.kind) {
    case HeadPatternKind::PreviousToken: return tr("prev %1").arg(score);
    case HeadPatternKind::FirstToken: return tr("first %1").arg(score);
    case HeadPatternKind::Self: return tr("self %1").arg(score);
    case HeadPatternKind::Uniform: return tr("unif %1").arg(score);
    case HeadPatternKind::Mixed: break;
  }
  return {};
}

QString HeadPatternTexts::summary(const AttentionData& d) {
  if (d.empty()) return tr("Attention of every head: run a prompt to fill this view.");
  const HeadPatternCounts c = countHeadPatterns(d);
  QStringList sentences;
  sentences << tr("%1 layers × %2 heads, %n token(s).", "", d.numTokens).arg(d.numLayers).arg(d.numHeads);
  if (c.total() > 0 && c.uniform == c.total()) {
    sentences << tr("Every head spreads its attention almost evenly over the earlier tokens: none has a clear "
                    "focus (as in an untrained or random model).");
  } else if (c.focused() == 0) {
    sentences << tr("No head puts most of its attention on one position (%1 near uniform, %2 mixed).")
                     .arg(c.uniform).arg(c.mixed);
  } else {
    sentences << tr("%n head(s) with a clear focus: previous token %1, first token %2, itself %3; near uniform %4, "
                    "mixed %5.", "", c.focused())
                     .arg(c.previousToken).arg(c.firstToken).arg(c.self).arg(c.uniform).arg(c.mixed);
  }
  if (d.numKvHeads > 0 && d.numKvHeads < d.numHeads)
    sentences << tr("Grouped-query attention: %1 query heads share each of %n key/value head(s).", "", d.numKvHeads)
                     .arg(d.numHeads / d.numKvHeads);
  sentences << tr("Click a head to open it.");
  return sentences.join(QLatin1Char(' '));
}

}  // namespace

QString headPatternTitle(HeadPatternKind kind) { return HeadPatternTexts::title(kind); }
QString headPatternCellLabel(const HeadPattern& p) { return HeadPatternTexts::cellLabel(p); }
QString attentionGridSummary(const AttentionData& data) { return HeadPatternTexts::summary(data); }

HeadPatternCounts countHeadPatterns(const AttentionData& data) {
  HeadPatternCounts c;
  for (const HeadPattern& p : data.patterns) {
    switch (p.kind) {
      case HeadPatternKind::PreviousToken: ++c.previousToken; break;
      case HeadPatternKind::FirstToken: ++c.firstToken; break;
      case HeadPatternKind::Self: ++c.self; break;
      case HeadPatternKind::Uniform: ++c.uniform; break;
      case HeadPatternKind::Mixed: ++c.mixed; break;
    }
  }
  return c;
}

}  // namespace glassbox
