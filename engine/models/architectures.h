#pragma once
// The registry entries, one per architecture file; registry.cpp lists them.
#include "models/registry.h"

namespace glassbox {

extern const ArchitectureSpec kGpt2Architecture;   // gpt2.cpp
extern const ArchitectureSpec kLlamaArchitecture;  // llama.cpp
extern const ArchitectureSpec kBertArchitecture;   // bert.cpp
extern const ArchitectureSpec kDistilBertArchitecture;  // distilbert.cpp
extern const ArchitectureSpec kRobertaArchitecture;     // roberta.cpp
extern const ArchitectureSpec kT5Architecture;     // t5.cpp

}  // namespace glassbox
