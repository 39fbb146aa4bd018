#include "cli_common.h"
#include "core/error.h"

namespace glassbox::cli {

int runInfo(const std::vector<std::string>&) { throw Error("not built yet"); }

}  // namespace glassbox::cli
