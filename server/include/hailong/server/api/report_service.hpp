#pragma once
// GET /api/v1/reports/monthly without the HTTP: the monthly report as an XLSX workbook
// (libxlsxwriter), laid out as a Vietnamese unit report ("Báo cáo kết quả đánh giá mức độ hài
// lòng ... tháng MM/YYYY"):
//
//   /api/v1/reports/monthly?month=YYYY-MM[&department=CODE][&lang=vi|en]
//
// Sheet 1, one row per department; sheet 2, one row per officer. Each row: responses, the
// distribution of the 3-level scale (Rất hài lòng / Hài lòng / Không hài lòng, counts and % of
// that scale's responses) and, only when the month has any, of the 5-level scale in five columns
// of its own (methodology §1: the distribution is kept per scale, the rate pools both); the
// satisfaction rate and its 95% Wilson interval; the TT 01 agency (sheet 1) or officer (sheet 2)
// score with its band, or marked partial with the missing indices; the suppressed excluded
// responses. A group under the minimum of responses shows "not enough responses" with n in
// place of its rate, and no percentages. A totals row, and a footer with the generation time and
// the number of suspicious responses excluded.
//
// The figures are those of GET /api/v1/indices (group=department and group=officer for the
// month, computed by the same code, index_figures.cpp), so the report says what the dashboard says. Access as for the indices: a manager only their own
// departments (another is 403); nothing here carries comment, contact or dossier text.
//
// Thread safety: monthly() may be called from any number of threads at once (each workbook is
// written to its own temporary file, then read back and removed).

#include <functional>
#include <string_view>

#include "hailong/server/api/answer.hpp"
#include "hailong/server/api/request_scope.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server {

class ReportService {
public:
    /// `store` must outlive the service; `now` gives the generation time written in the footer.
    ReportService(Store& store, IndicesSettings settings, std::function<Instant()> now);

    /// The workbook (Content-Type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,
    /// Content-Disposition attachment; filename="hailong-monthly-report-YYYY-MM[-CODE].xlsx"), or a
    /// 400/403 JSON error naming the field. Throws std::runtime_error if the workbook cannot be
    /// written (no space for the temporary file): the caller answers 503.
    Answer monthly(const User& user, const QueryParams& params, std::string_view lang);

private:
    Store& store_;
    IndicesSettings settings_;
    std::function<Instant()> now_;
};

}  // namespace hailong::server
