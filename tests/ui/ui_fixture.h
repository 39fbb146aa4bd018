#pragma once
// A tiny random GPT-2 on disk (config.json, model.safetensors and a byte-level BPE tokenizer.json)
// and helpers to drive the real window.
#include <QString>
#include <filesystem>
#include <functional>
#include <memory>

#include "main_window.h"

namespace glassbox::testing {

struct TinyGpt2Options {
  int layers = 2, dModel = 32, heads = 4, context = 64;
};

// Writes the model folder into dir and returns it. Vocabulary: 256 byte tokens, merges "Ġ t" and
// "h e", and <|endoftext|> (id 258); the model has 260 rows.
std::filesystem::path writeTinyGpt2(const std::filesystem::path& dir, const TinyGpt2Options& options = {},
                                    std::uint64_t seed = 7);

// A window that persists nothing and restores nothing.
std::unique_ptr<MainWindow> makeWindow();

// Runs the event loop until pred() or the timeout; returns pred().
bool waitFor(const std::function<bool()>& pred, int timeoutMs = 20000);

// Opens the model and waits until its prompt analysis (with trace) arrived.
bool loadAndAnalyse(MainWindow& window, const QString& modelPath, const QString& prompt);

}  // namespace glassbox::testing
