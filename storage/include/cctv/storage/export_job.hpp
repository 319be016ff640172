// SPDX-License-Identifier: Apache-2.0
// An export as the system makes one for a person (the CLI, the console's build worker): the
// footage goes under a legal hold first, so retention cannot delete it while or after it is
// exported; the build and its outcome are written to the audit log. A failed build releases
// its holds (nothing left the system).
#pragma once

#include <filesystem>
#include <string>

#include "cctv/storage/export_package.hpp"

namespace cctv::storage {

// Throws ExportError (audited as export.failed).
ExportPackage run_export(const std::string& db_path, const ExportKey& key, const ExportSpec& spec,
                         const std::filesystem::path& dir, const std::string& actor,
                         const ExportProgress& progress = {});

}  // namespace cctv::storage
