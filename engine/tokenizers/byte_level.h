#pragma once
// GPT-2's reversible byte <-> printable-character map: bytes 33..126, 161..172 and 174..255 stand for
// themselves, the other 68 bytes for U+0100.. in order (so a space is "Ġ" U+0120, a newline "Ċ" U+010A).
#include <array>
#include <string>
#include <string_view>

namespace glassbox::tok {

// UTF-8 of the character standing for byte b.
const std::string& byteLevelChar(unsigned char b);
// Inverse: the raw bytes a byte-level string stands for; false when some character is not in the map
// (then `out` holds the string unchanged from that character on).
bool byteLevelDecode(std::string_view s, std::string& out);
// The byte-level encoding of raw bytes.
std::string byteLevelEncode(std::string_view bytes);

}  // namespace glassbox::tok
