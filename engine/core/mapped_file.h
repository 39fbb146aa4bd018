#pragma once
// A read-only memory mapping of a whole file. Weights are read through it, never copied into a buffer
// first. Immutable after open(); any number of threads may read concurrently.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace glassbox {

class MappedFile {
 public:
  // Throws Error naming the path when the file cannot be opened or mapped. An empty file maps to an
  // empty span.
  static std::shared_ptr<const MappedFile> open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::span<const std::uint8_t> bytes() const { return {data_, size_}; }
  const std::string& path() const { return path_; }

 private:
  MappedFile() = default;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::string path_;
};

// Reads a whole small file (config.json, tokenizer.json) into a string, refusing files larger than
// maxBytes so a hostile path cannot make us allocate gigabytes.
std::string readTextFile(const std::string& path, std::size_t maxBytes = std::size_t{1} << 30);

}  // namespace glassbox
