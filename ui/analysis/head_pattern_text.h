#pragma once
// How the views name a head's attention pattern, in the reader's words and translated (the engine's
// headPatternName() stays the stable English key of the CSV and JSON exports), and the grid's summary
// of a whole model worded from the scores: uniform heads are counted as "no focus", not as a pattern.
#include <QString>

#include "analysis/attention_analysis.h"
#include "attention_data.h"

namespace glassbox {

QString headPatternTitle(HeadPatternKind kind);        // "previous token", "near uniform", ...
QString headPatternCellLabel(const HeadPattern& p);   // "prev .93", "unif .95"; empty for mixed

struct HeadPatternCounts {
  int previousToken = 0, firstToken = 0, self = 0, uniform = 0, mixed = 0;
  int focused() const { return previousToken + firstToken + self; }
  int total() const { return focused() + uniform + mixed; }
};
HeadPatternCounts countHeadPatterns(const AttentionData& data);

// Two or three sentences for the top of the grid: the shape, what the heads do, how to inspect one.
QString attentionGridSummary(const AttentionData& data);

}  // namespace glassbox
