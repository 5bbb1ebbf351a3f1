// The sections of the report page, each appended to the page in order by RenderReportHtml.
//
// Thread-safety: stateless functions; safe from any thread.
#ifndef SARING_REPORT_REPORT_SECTIONS_H_
#define SARING_REPORT_REPORT_SECTIONS_H_

#include <string>

#include "report/report_data.h"
#include "saring/report.h"

namespace saring::report {

// report_render.cc: the run, the ledger, stages and filters, and the embedded key numbers.
void AppendRunSection(const ReportData& data, std::string* out);
void AppendLedgerSection(const ReportData& data, const ReportOptions& options, std::string* out);
void AppendFilterSection(const ReportData& data, std::string* out);
void AppendStatsJson(const ReportData& data, const ReportOptions& options, std::string* out);

// report_sections.cc: what the shards show.
void AppendLengthSection(const ReportData& data, std::string* out);
void AppendSpanSection(const ReportData& data, std::string* out);
void AppendNearDuplicateSection(const ReportData& data, const ReportOptions& options,
                                std::string* out);
void AppendLanguageSection(const ReportData& data, std::string* out);
void AppendTemplateSection(const ReportData& data, const ReportOptions& options, std::string* out);
void AppendExampleSection(const ReportData& data, std::string* out);
void AppendMethodSection(const ReportData& data, const ReportOptions& options, std::string* out);

}  // namespace saring::report

#endif  // SARING_REPORT_REPORT_SECTIONS_H_
