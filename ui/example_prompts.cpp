#include "example_prompts.h"

#include <QCoreApplication>

#include "embeddings_data.h"

namespace glassbox {
namespace {

// tr() in the "ExamplePrompts" context, where lupdate finds the texts.
class ExamplePromptTexts {
  Q_DECLARE_TR_FUNCTIONS(ExamplePrompts)

 public:
  static std::vector<ExamplePrompt> all();
};

}  // namespace

std::vector<ExamplePrompt> examplePrompts() { return ExamplePromptTexts::all(); }

std::vector<ExamplePrompt> ExamplePromptTexts::all() {
  const QString tokens = tr("Tokens: how text is cut into pieces");
  const QString next = tr("Prediction: what comes next, and how sampling chooses");
  const QString attention = tr("Attention: which earlier tokens each token reads");
  const QString meaning = tr("Meaning in context: embeddings and hidden states");
  const QStringList pair = homonymExamplePrompts();
  const QString word = homonymExampleWord();
  return {
      {tokens, tr("Whitespace and newlines"), tr("Spaces, tabs and line breaks are tokens too: look at the Tokens view."),
       QStringLiteral("Verse one.\n\tVerse two,  with two spaces.\n"), ExampleView::Tokens, {}, {}},
      {tokens, tr("Characters split into bytes"),
       tr("Letters outside the tokenizer's vocabulary are split into bytes; chips that hold part of a character are "
          "marked with a red corner."),
       QStringLiteral("Naïve café — 日本語 🙂"), ExampleView::Tokens, {}, {}},
      {next, tr("Welcome: Genesis 1:1"), tr("A familiar sentence: the model should be confident about what comes next."),
       QStringLiteral("In the beginning God created the heaven and the earth."), ExampleView::NextToken, {}, {}},
      {next, tr("Temperature matters"),
       tr("An open-ended start: at low temperature one continuation dominates, at high temperature many compete."),
       QStringLiteral("And he said unto them,"), ExampleView::NextToken, {}, {}},
      {next, tr("Repetition under greedy decoding"),
       tr("Generate greedily and watch the text fall into a loop; raise the repetition penalty or sample to escape it."),
       QStringLiteral("And it came to pass, that"), ExampleView::Generation, {}, {}},
      {attention, tr("Ambiguity: who has the book?"),
       tr("The teacher or the student? Attention has to decide what \"with the book\" attaches to."),
       QStringLiteral("The teacher taught the student with the book."), ExampleView::Attention, {}, {}},
      {attention, tr("Repeated names: copying what came before"),
       tr("Names that come back: some heads look at the token after the name's earlier occurrence, which helps to "
          "predict the repeat."),
       QStringLiteral("And Abraham begat Isaac; and Isaac begat Jacob; and Jacob begat"), ExampleView::Attention, {}, {}},
      {meaning, tr("Homonym: a well of water"),
       tr("The same word \"well\" in two senses: Embeddings compares its hidden states with those in \"%1\"; the "
          "cosine falls as the layers read the context.")
           .arg(pair.value(1)),
       pair.value(0), ExampleView::EmbeddingsCompare, word, pair.value(1)},
      {meaning, tr("Homonym: it shall be well"),
       tr("The same word \"well\" in two senses: Embeddings compares its hidden states with those in \"%1\".")
           .arg(pair.value(0)),
       pair.value(1), ExampleView::EmbeddingsCompare, word, pair.value(0)},
      {meaning, tr("Context moves every token"),
       tr("Hidden states layer by layer: each path is one token, from its embedding (open circle) to the last layer."),
       QStringLiteral("In the beginning God created the heaven and the earth."), ExampleView::EmbeddingsHidden, {}, {}},
  };
}

}  // namespace glassbox
