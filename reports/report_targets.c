/*
 * report_targets.c — `pledger report targets`: progress toward the cities'
 * targets (reports.md "report targets", targets.md).
 *
 * Sheet 目标进度: the rows of `pledger targets --year Y` (every city, all
 * levels, each metric), with target, actual and projection in 亿元,
 * progress and time as percentages, and the status in Chinese coloured by
 * conditional formatting.
 * Sheet 月度累计: per city and metric, the cumulative actual at the end of
 * each month of Y (from the start of the target's period, so a cumulative
 * target's line starts where the earlier years left it), the target lines
 * the chart draws, and a libxlsxwriter line chart of each target's
 * cumulative actual against its target.
 *
 * Figures are computed in fen by ledger/targets.c (integers); a double
 * appears only where a cell is written.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/lang.h"
#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/targets.h"
#include "reports/report.h"
#include "reports/xlsxfmt.h"

/* 1 亿元 in fen. */
#define YI_FEN INT64_C(10000000000)  /* fen in 1 亿元 */

/* Formats this report adds to the shared ones (owned by the workbook). */
struct tgt_formats {
	lxw_format *yi;        /* bordered "#,##0.00" (亿元) */
	lxw_format *pct;       /* bordered "0.0%" */
	lxw_format *good;      /* conditional: 已完成 */
	lxw_format *ok;        /* conditional: 进度正常 */
	lxw_format *late;      /* conditional: 进度滞后 */
	lxw_format *none;      /* conditional: 无量化目标 / 未开始 */
};

/* A bordered 宋体 number format, NULL when libxlsxwriter runs out of memory. */
static lxw_format *number_format(lxw_workbook *wb, const char *num)
{
	lxw_format *f = workbook_add_format(wb);

	if (f) {
		format_set_font_name(f, "宋体");
		format_set_font_size(f, 11);  /* xlsx-boundary */
		format_set_border(f, LXW_BORDER_THIN);
		format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
		format_set_num_format(f, num);
	}
	return f;
}

/* A conditional-format fill with a font colour. */
static lxw_format *fill_format(lxw_workbook *wb, lxw_color_t bg, lxw_color_t fg)
{
	lxw_format *f = workbook_add_format(wb);

	if (f) {
		format_set_bg_color(f, bg);
		format_set_font_color(f, fg);
	}
	return f;
}

static int make_formats(struct rpt_book *b, struct tgt_formats *tf)
{
	tf->yi = number_format(b->wb, "#,##0.00");   /* reports.md: 亿元, 2 decimals */
	tf->pct = number_format(b->wb, "0.0%");
	tf->good = fill_format(b->wb, 0xC6EFCE, 0x006100);  /* Excel's "good" green */
	tf->ok = fill_format(b->wb, 0xDDEBF7, 0x1F4E78);    /* light blue */
	tf->late = fill_format(b->wb, 0xFFC7CE, 0x9C0006);  /* Excel's "bad" red */
	tf->none = fill_format(b->wb, 0xEDEDED, 0x595959);  /* grey */
	if (!tf->yi || !tf->pct || !tf->good || !tf->ok || !tf->late || !tf->none)
		return rpt_book_lxw(b, LXW_ERROR_MEMORY_MALLOC_FAILED, "formats");
	return 0;
}

/* A fen amount as a 亿元 number cell. */
static void cell_yi(struct rpt_table *t, const struct tgt_formats *tf, int col, int64_t fen)
{
	rpt_book_lxw(t->b, worksheet_write_number(t->ws, t->row, (lxw_col_t)col,
		     rpt_xlsx_number(fen, YI_FEN), tf->yi), "cell");
}

/* Tenths of a percent as a percentage number cell (41 → 0.041 shown 4.1%). */
static void cell_tenths(struct rpt_table *t, const struct tgt_formats *tf, int col,
			int64_t tenths)
{
	rpt_book_lxw(t->b, worksheet_write_number(t->ws, t->row, (lxw_col_t)col,
		     rpt_xlsx_number(tenths, 1000), tf->pct), "cell");
}

/* The status of a period that is over with its target missed. */
#define MISSED "未完成"

/*
 * The status word of row r as of as_of: 未完成 for a target whose period
 * is over and was missed (进度滞后 is for a period still running).
 */
static const char *status_word(const struct ldg_target_row *r, int32_t as_of)
{
	if (r->p.status == LDG_TSTATUS_BEHIND && as_of >= ldg_date_from_ymd(r->year_to, 12, 31))
		return MISSED;
	return ldg_tstatus_label(r->p.status);
}

/* Colour the status cells first_row..last_row of column col by their text. */
static void status_colours(struct rpt_book *b, lxw_worksheet *ws, lxw_row_t first_row,
			   lxw_row_t last_row, lxw_col_t col, const struct tgt_formats *tf)
{
	const struct {
		enum ldg_tstatus s;
		lxw_format *f;
	} rule[] = {
		{ LDG_TSTATUS_REACHED, tf->good },
		{ LDG_TSTATUS_ON_TRACK, tf->ok },
		{ LDG_TSTATUS_BEHIND, tf->late },
		{ LDG_TSTATUS_BEHIND, tf->late },   /* 未完成 (below) */
		{ LDG_TSTATUS_NO_TARGET, tf->none },
		{ LDG_TSTATUS_NOT_STARTED, tf->none },
	};
	size_t i;

	for (i = 0; i < sizeof(rule) / sizeof(rule[0]) && !b->rc; i++) {
		lxw_conditional_format cf;

		memset(&cf, 0, sizeof(cf));
		cf.type = LXW_CONDITIONAL_TYPE_TEXT;
		cf.criteria = LXW_CONDITIONAL_CRITERIA_TEXT_CONTAINING;
		/* the second BEHIND rule colours 未完成: a finished period missed */
		cf.value_string = (char *)(i == 3 ? MISSED : ldg_tstatus_label(rule[i].s));
		cf.format = rule[i].f;
		rpt_book_lxw(b, worksheet_conditional_format_range(ws, first_row, col, last_row,
			     col, &cf), "conditional format");
	}
}

/* Columns of 目标进度 (the 亿元 and percent columns are written here, as
 * numbers in this report's own formats; RPT_TEXT sizes them by header). */
static const struct rpt_col progress_cols[] = {
	{ "地区", RPT_TEXT, 0, NULL },
	{ "区划代码", RPT_IDENT, 0, NULL },
	{ "指标", RPT_TEXT, 0, NULL },
	{ "期间", RPT_CENTER, 0, NULL },
	{ "目标(亿元)", RPT_TEXT, 0, NULL },
	{ "实际(亿元)", RPT_TEXT, 0, NULL },
	{ "完成率", RPT_TEXT, 0, NULL },
	{ "时间进度", RPT_TEXT, 0, NULL },
	{ "预计全年(亿元)", RPT_TEXT, 0, NULL },
	{ "状态", RPT_CENTER, 0, NULL },
	{ "目标来源", RPT_TEXT, 0, NULL },
};
#define PROGRESS_NCOLS ((int)(sizeof(progress_cols) / sizeof(progress_cols[0])))
#define STATUS_COL 9

/* One row of 目标进度. */
static void progress_row(struct rpt_table *t, const struct tgt_formats *tf,
			 const struct ldg_target_row *r, int32_t as_of)
{
	char period[16];

	if (rpt_row_begin(t))
		return;
	rpt_cell_text(t, 0, r->city_name);
	rpt_cell_text(t, 1, r->city);
	rpt_cell_text(t, 2, ldg_metric_label(r->metric));
	rpt_cell_text(t, 3, ldg_period_format(r->year_from, r->year_to, period, sizeof(period)));
	if (r->p.has_target) {
		cell_yi(t, tf, 4, r->p.target_fen);
		cell_tenths(t, tf, 6, r->p.progress_tenths);
	} else {
		rpt_cell_blank(t, 4);
		rpt_cell_blank(t, 6);
	}
	cell_yi(t, tf, 5, r->p.actual_fen);
	cell_tenths(t, tf, 7, r->p.time_tenths);
	if (r->p.has_projected)
		cell_yi(t, tf, 8, r->p.projected_fen);
	else
		rpt_cell_blank(t, 8);
	rpt_cell_text(t, STATUS_COL, status_word(r, as_of));
	rpt_cell_text(t, 10, r->source);
	rpt_row_end(t);
}

/*
 * 目标进度: the rows with a quantified target first (cities in code order,
 * as l holds them), then the cities and metrics without one in a block of
 * their own under the line 无量化目标 (reports.md "report targets").
 */
static int write_progress(struct rpt_book *b, const struct tgt_formats *tf,
			  const struct ldg_target_list *l, const char *title,
			  const char *info, int32_t as_of)
{
	struct rpt_table t;
	size_t i, none = 0;

	/* A4 landscape at 10 pt or more (reports.md "Printed legibility") */
	static const int widths[PROGRESS_NCOLS] = { 10, 8, 12, 10, 10, 10, 8, 8, 10, 10, 18 };

	if (rpt_table_begin_w(&t, b, "目标进度", progress_cols, PROGRESS_NCOLS, title, info,
			      "单位：亿元", widths, 1))
		return rpt_table_end(&t);
	for (i = 0; i < l->n && !b->rc; i++)
		if (l->rows[i].p.has_target)
			progress_row(&t, tf, &l->rows[i], as_of);
		else
			none++;
	if (none && !b->rc) {
		rpt_table_line(&t, "无量化目标", b->f.note_head);
		for (i = 0; i < l->n && !b->rc; i++)
			if (!l->rows[i].p.has_target)
				progress_row(&t, tf, &l->rows[i], as_of);
	}
	/* Every sheet of the table (one unless the row limit split it). */
	for (i = 0; i < (size_t)t.nparts && !b->rc; i++)
		if (t.parts[i].rows > 0)
			status_colours(b, t.parts[i].ws, t.parts[i].first, t.parts[i].last,
				       STATUS_COL, tf);
	return rpt_table_end(&t);
}

static const struct rpt_col monthly_cols[] = {
	{ "地区", RPT_TEXT, 0, NULL },
	{ "指标", RPT_TEXT, 0, NULL },
	{ "期间", RPT_CENTER, 0, NULL },
	{ "目标(亿元)", RPT_TEXT, 0, NULL },
	{ "1月", RPT_TEXT, 0, NULL }, { "2月", RPT_TEXT, 0, NULL },
	{ "3月", RPT_TEXT, 0, NULL }, { "4月", RPT_TEXT, 0, NULL },
	{ "5月", RPT_TEXT, 0, NULL }, { "6月", RPT_TEXT, 0, NULL },
	{ "7月", RPT_TEXT, 0, NULL }, { "8月", RPT_TEXT, 0, NULL },
	{ "9月", RPT_TEXT, 0, NULL }, { "10月", RPT_TEXT, 0, NULL },
	{ "11月", RPT_TEXT, 0, NULL }, { "12月", RPT_TEXT, 0, NULL },
};
#define MONTHLY_NCOLS ((int)(sizeof(monthly_cols) / sizeof(monthly_cols[0])))
#define MONTH_COL 4

/* Line colours: a target's actual (solid) and target (dashed) share one. */
static const lxw_color_t palette[] = {
	0x1F77B4, 0xD62728, 0x2CA02C, 0xFF7F0E, 0x9467BD, 0x8C564B, 0x17BECF, 0x7F7F7F,
};
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))

/*
 * Name chart series s "<city> <metric> <what>" as literal text, built at
 * its full length (a city name has no length limit: a fixed buffer cut it
 * inside a UTF-8 character and made the chart XML invalid).  libxlsxwriter
 * reads a name that starts with '=' as a cell reference, so a name of a
 * city called e.g. "=A1" gets a leading U+200B ZERO WIDTH SPACE, which
 * shows nothing (reports.md "Common": imported text is never a formula).
 * Returns 0, or -1 when out of memory.
 */
static int series_name(lxw_chart_series *s, const char *city, const char *metric,
			     const char *what)
{
	const char *zw = city[0] == '=' ? "\xE2\x80\x8B" : "";
	size_t n = strlen(zw) + strlen(city) + strlen(metric) + strlen(what) + 3;
	char *name = malloc(n);

	if (!name)
		return -1;
	snprintf(name, n, "%s%s %s %s", zw, city, metric, what);
	chart_series_set_name(s, name);   /* libxlsxwriter copies it */
	free(name);
	return 0;
}

/* Last day of month m of year y. */
static int32_t month_end(int y, int m)
{
	return m == 12 ? ldg_date_from_ymd(y, 12, 31) : ldg_date_from_ymd(y, m + 1, 1) - 1;
}

/*
 * 月度累计: one row per row of l (city, metric, period), month cells = the
 * metric from the start of the row's period to the end of each month of
 * `year`, blank after the as-of day; then the target lines; then the chart.
 */
static int write_monthly(struct rpt_book *b, sqlite3 *db, const struct tgt_formats *tf,
			 const struct ldg_target_list *l, int year, int32_t as_of,
			 const char *title, const char *info)
{
	struct rpt_table t;
	lxw_row_t first = 0, tline_first = 0;
	lxw_chart *chart = NULL;
	size_t i, ntargets = 0;
	int64_t by_month[13], cum;
	int32_t last;
	int m;

	static const int widths[MONTHLY_NCOLS] = { 10, 10, 10, 8, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6 };

	if (rpt_table_begin_w(&t, b, "月度累计", monthly_cols, MONTHLY_NCOLS, title, info,
			      "单位：亿元", widths, 1))
		return rpt_table_end(&t);
	for (i = 0; i < l->n && !b->rc; i++) {
		const struct ldg_target_row *r = &l->rows[i];
		char period[16];

		if (rpt_row_begin(&t))
			break;
		if (i == 0)
			first = t.row;
		rpt_cell_text(&t, 0, r->city_name);
		rpt_cell_text(&t, 1, ldg_metric_label(r->metric));
		rpt_cell_text(&t, 2, ldg_period_format(r->year_from, r->year_to, period,
						       sizeof(period)));
		if (r->p.has_target) {
			cell_yi(&t, tf, 3, r->p.target_fen);
			ntargets++;
		} else {
			rpt_cell_blank(&t, 3);
		}
		/* Loans of the row's period up to the as-of day, by month. */
		last = month_end(year, 12) < as_of ? month_end(year, 12) : as_of;
		if (ldg_metric_months(db, r->city, r->metric, r->p.first_day, last, year, by_month,
				      &b->err)) {
			rpt_book_fail(b, b->err.code);
			break;
		}
		cum = by_month[0];
		for (m = 1; m <= 12 && !b->rc; m++) {
			/* A month not begun by the as-of day stays blank; the
			 * current month counts up to the as-of day. */
			if (ldg_date_from_ymd(year, m, 1) > as_of
			    || month_end(year, m) < r->p.first_day) {
				rpt_cell_blank(&t, MONTH_COL + m - 1);
				continue;
			}
			if (ldg_add(cum, by_month[m], &cum)) {
				ldg_err_set(&b->err, LDG_ERANGE, _("loan total out of range"));
				rpt_book_fail(b, LDG_ERANGE);
				break;
			}
			cell_yi(&t, tf, MONTH_COL + m - 1, cum);
		}
		rpt_row_end(&t);
	}
	if (b->rc || ntargets == 0)
		return rpt_table_end(&t);

	/* The target lines the chart draws: the target in every month. */
	rpt_table_line(&t, "", NULL);
	rpt_table_line(&t, "目标线（图表数据）", NULL);
	tline_first = t.row;
	for (i = 0; i < l->n && !b->rc; i++) {
		const struct ldg_target_row *r = &l->rows[i];
		char period[16];

		if (!r->p.has_target)
			continue;
		if (rpt_row_begin(&t))
			break;
		rpt_cell_text(&t, 0, r->city_name);
		rpt_cell_text(&t, 1, "目标");
		rpt_cell_text(&t, 2, ldg_period_format(r->year_from, r->year_to, period,
						       sizeof(period)));
		cell_yi(&t, tf, 3, r->p.target_fen);
		for (m = 1; m <= 12; m++)
			cell_yi(&t, tf, MONTH_COL + m - 1, r->p.target_fen);
		rpt_row_end(&t);
	}
	/* The chart reads rows of this one sheet: when a tiny row limit
	 * (RPT_MAX_ROWS_ENV, tests only) split the table, leave it out. */
	if (b->rc || t.nparts > 1)
		return rpt_table_end(&t);

	/* One actual series and one target series per target. */
	if (!(chart = workbook_add_chart(b->wb, LXW_CHART_LINE))) {
		rpt_book_lxw(b, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart");
		return rpt_table_end(&t);
	}
	{
		char name[160];
		size_t k = 0;

		snprintf(name, sizeof(name), "%d年各地知识产权质押融资累计完成与目标（亿元）", year);
		chart_title_set_name(chart, name);
		chart_axis_set_name(chart->x_axis, "月份");
		chart_axis_set_name(chart->y_axis, "亿元");
		chart_axis_set_num_format(chart->y_axis, "#,##0.00");
		chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
		{
			/* printed at 10 pt or more, like the tables (reports.md) */
			lxw_chart_font big = { 0 }, title_font = { 0 };

			big.name = "宋体";
			big.size = 11;   /* xlsx-boundary */
			title_font = big;
			title_font.size = 14;   /* xlsx-boundary */
			title_font.bold = LXW_TRUE;
			chart_title_set_name_font(chart, &title_font);
			chart_axis_set_name_font(chart->x_axis, &big);
			chart_axis_set_name_font(chart->y_axis, &big);
			chart_axis_set_num_font(chart->x_axis, &big);
			chart_axis_set_num_font(chart->y_axis, &big);
			chart_legend_set_font(chart, &big);
		}
		for (i = 0; i < l->n; i++) {
			const struct ldg_target_row *r = &l->rows[i];
			lxw_row_t row = first + (lxw_row_t)i;
			lxw_chart_series *s;
			lxw_chart_line line;

			if (!r->p.has_target)
				continue;
			if (!(s = chart_add_series(chart, NULL, NULL)))
				break;
			chart_series_set_categories(s, "月度累计", first - 1, MONTH_COL, first - 1,
						    MONTH_COL + 11);
			chart_series_set_values(s, "月度累计", row, MONTH_COL, row, MONTH_COL + 11);
			if (series_name(s, r->city_name, ldg_metric_label(r->metric), "实际"))
				break;
			chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
			memset(&line, 0, sizeof(line));
			line.color = palette[k % NPALETTE];
			chart_series_set_line(s, &line);

			if (!(s = chart_add_series(chart, NULL, NULL)))
				break;
			chart_series_set_categories(s, "月度累计", first - 1, MONTH_COL, first - 1,
						    MONTH_COL + 11);
			chart_series_set_values(s, "月度累计", tline_first + (lxw_row_t)k, MONTH_COL,
						tline_first + (lxw_row_t)k, MONTH_COL + 11);
			if (series_name(s, r->city_name, ldg_metric_label(r->metric), "目标"))
				break;
			memset(&line, 0, sizeof(line));
			line.color = palette[k % NPALETTE];
			line.dash_type = LXW_CHART_LINE_DASH_DASH;
			chart_series_set_line(s, &line);
			k++;
		}
		if (i < l->n)
			rpt_book_lxw(b, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart series");
	}
	if (!b->rc) {
		lxw_chart_options co;
		lxw_row_t breaks[2];

		/* The chart prints on a page of its own, with no table header
		 * repeated above it (reports.md "report targets"). */
		rpt_table_no_repeat(&t);
		breaks[0] = t.row + 1;
		breaks[1] = 0;
		rpt_book_lxw(b, worksheet_set_h_pagebreaks(t.ws, breaks), "page break");

		/* the columns' widths first: the chart's anchor is computed from
		 * them, and a chart reaching past the table would widen the page */
		for (m = 0; m < MONTHLY_NCOLS && !b->rc; m++)
			rpt_book_lxw(b, worksheet_set_column(t.ws, (lxw_col_t)m, (lxw_col_t)m,
				     t.width[m], NULL), "column width");
		memset(&co, 0, sizeof(co));
		co.x_offset = 10;
		co.y_offset = 10;
		co.x_scale = 1.75; /* xlsx-boundary: 840 × 432 pixels, within the table */
		co.y_scale = 1.5;  /* xlsx-boundary */
		rpt_book_lxw(b, worksheet_insert_chart_opt(t.ws, t.row + 1, 0, chart, &co),
			     "chart");
	}
	return rpt_table_end(&t);
}

int rpt_targets_write(sqlite3 *db, const struct rpt_opts *o, const char *path,
		      struct ldg_err *err)
{
	struct ldg_target_list l = { 0 };
	struct tgt_formats tf;
	struct rpt_book b;
	char title[128], info[128], day[LDG_DATE_BUFSZ];
	int32_t as_of, last;
	int rc;

	if (o->year < 1900 || o->year > 2999)
		return ldg_err_set(err, LDG_EUSAGE, _("report targets needs a year"));
	/* targets.md: D defaults to today, or the end of P when P is over. */
	last = ldg_date_from_ymd(o->year, 12, 31);
	as_of = o->as_of_day != INT32_MIN ? o->as_of_day : ldg_today();
	if (o->as_of_day == INT32_MIN && as_of > last)
		as_of = last;
	if ((rc = ldg_targets_progress(db, NULL, o->year, o->as_of_day, &l, err)))
		goto out;
	snprintf(title, sizeof(title), "%d年度知识产权质押融资目标进度表", o->year);
	if ((rc = rpt_book_open(&b, path, 0, o->max_rows, title,
				l.n ? l.rows[0].city_name : "", err)))
		goto out;
	snprintf(info, sizeof(info), "地区：各地（含下级）　截至：%s　制表日期：%s",
		 ldg_date_format(as_of, day), b.made_date);
	if (!make_formats(&b, &tf)) {
		write_progress(&b, &tf, &l, title, info, as_of);
		if (!b.rc)
			write_monthly(&b, db, &tf, &l, o->year, as_of, title, info);
	}
	rc = rpt_book_close(&b, err);
out:
	ldg_target_list_release(&l);
	return rc;
}
