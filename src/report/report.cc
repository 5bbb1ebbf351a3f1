#include "saring/report.h"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "report/report_data.h"
#include "saring/file_util.h"

namespace saring {

Status RenderReport(const std::string& dir, const ReportOptions& options, std::string* html,
                    ReportSummary* summary) {
  report::ReportData data(options);
  SARING_RETURN_IF_ERROR(report::CollectReportData(dir, options, &data));
  *html = report::RenderReportHtml(data, options);
  if (summary != nullptr) {
    summary->html_bytes = html->size();
    summary->documents_read = data.kept_scan.records + data.removed_scan.records +
                              data.cluster_scan.records + data.quarantine_scan.records;
    summary->shard_bytes = data.kept_scan.bytes + data.removed_scan.bytes +
                           data.cluster_scan.bytes + data.quarantine_scan.bytes;
  }
  return Status::Ok();
}

Result<ReportSummary> WriteReport(const std::string& dir, const ReportOptions& options) {
  ReportSummary summary;
  std::string html;
  SARING_RETURN_IF_ERROR(RenderReport(dir, options, &html, &summary));
  summary.path = options.output_path.empty() ? dir + "/report.html" : options.output_path;
  // The page is written to a temporary file and renamed over the target, which would replace a
  // symbolic link or a device (say -o /dev/stdout) with a plain file: refuse those up front.
  std::error_code ec;
  std::filesystem::file_status st = std::filesystem::symlink_status(summary.path, ec);
  if (std::filesystem::exists(st) && !std::filesystem::is_regular_file(st)) {
    return Status::InvalidArgument(
        fmt::format("{} exists and is not a regular file; the report is written to a new file "
                    "(write it, then copy it)",
                    summary.path));
  }
  SARING_RETURN_IF_ERROR(WriteFileAtomically(summary.path, html));
  return summary;
}

}  // namespace saring
