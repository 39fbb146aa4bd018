#pragma once
// Decoder for the LZW streams of the Unix `compress` program (.Z files): variable-width codes from 9 to
// maxBits bits, least-significant bit first, code 256 = CLEAR in block mode. Codes are read in groups of
// 8 (n_bits bytes); a width change or a CLEAR discards the rest of the group, as the original program did.
#include <cstdint>
#include <span>
#include <string>

namespace glassbox {

// Decodes a raw LZW stream (without the 3-byte 1F 9D flags header). Throws Error on a corrupt code.
std::string decompressLzw(std::span<const std::uint8_t> stream, int maxBits = 16, bool blockMode = true);

// Decodes a whole .Z file image (header 1F 9D, flags byte with maxbits and the block-mode bit).
std::string decompressUnixZ(std::span<const std::uint8_t> file);

}  // namespace glassbox
