#pragma once
// The example prompts of the Examples menu, grouped by the idea each one shows. Titles, groups and
// explanations are translated; the prompts stay in English, the language of the default model.
#include <QString>
#include <vector>

class QMenu;

namespace glassbox {

// Which view an example brings to the front when chosen.
enum class ExampleView { Tokens, NextToken, Generation, Attention, EmbeddingsHidden, EmbeddingsCompare };

struct ExamplePrompt {
  QString group;   // the idea, e.g. "Tokens: how text is cut into pieces"
  QString title;
  QString idea;    // one or two sentences: what to look at
  QString prompt;
  ExampleView view = ExampleView::Tokens;
  QString word;    // EmbeddingsCompare: the word to follow
  QString otherSentence;  // EmbeddingsCompare: the second sentence
};

std::vector<ExamplePrompt> examplePrompts();

}  // namespace glassbox
