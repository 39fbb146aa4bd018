#include "formats/model_config.h"

namespace glassbox {

const char* familyName(Family f) {
  switch (f) {
    case Family::Decoder: return "decoder-only";
    case Family::Encoder: return "encoder-only";
    case Family::EncoderDecoder: return "encoder-decoder";
  }
  return "?";
}

const char* activationName(Activation a) {
  switch (a) {
    case Activation::GeluTanh: return "gelu (tanh)";
    case Activation::GeluErf: return "gelu";
    case Activation::Relu: return "relu";
    case Activation::Silu: return "silu";
  }
  return "?";
}

const char* positionSchemeName(PositionScheme p) {
  switch (p) {
    case PositionScheme::Learned: return "learned";
    case PositionScheme::Rotary: return "rotary";
    case PositionScheme::RelativeBuckets: return "relative buckets";
    case PositionScheme::None: return "none";
  }
  return "?";
}

}  // namespace glassbox
