#pragma once
// How a token's text is shown in the views: whitespace made visible (· space, ⏎ newline, → tab),
// bytes that are not valid UTF-8 as \xNN, and conversions between UTF-8 byte offsets (the engine's)
// and UTF-16 positions (Qt's).
#include <QString>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox {

// Readable form of the bytes a token stands for.
QString visibleTokenText(std::string_view bytes);

// utf16Index[b] = UTF-16 position of byte offset b in `utf8` (size()+1 entries). Bytes inside a
// multi-byte character map to the position of that character.
std::vector<int> utf16IndexOfBytes(const std::string& utf8);

}  // namespace glassbox
