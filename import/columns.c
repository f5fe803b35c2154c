/*
 * columns.c — the canonical columns of each kind of file and the header
 * texts offices use for them (import.md §2), and header folding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import_int.h"
#include "ledger/text.h"
#include "ledger/lang.h"

static const struct imp_coldef loans[] = {
	{ "bank", IMP_T_TEXT, 1, "贷款银行|银行名称|放款机构|质权人|银行|贷款机构|放款银行" },
	{ "contract_no", IMP_T_TEXT, 1, "合同编号|借款合同编号|贷款合同号|贷款合同编号|合同号|借款合同号" },
	{ "uscc", IMP_T_USCC, 1, "统一社会信用代码|信用代码|社会信用代码" },
	{ "enterprise", IMP_T_TEXT, 1, "企业名称|借款人|借款企业|出质人|借款人名称" },
	{ "city", IMP_T_CITY, 0, "所属地区|所在县市区|地区|所在地区|县市区" },
	{ "principal", IMP_T_MONEY, 1, "贷款金额|放款金额|借款金额" },
	{ "combined", IMP_T_BOOL, 0, "是否组合贷款|组合贷款" },
	{ "ip_portion", IMP_T_MONEY, 0, "知识产权质押部分金额|知识产权质押金额" },
	{ "rate", IMP_T_RATE, 0, "执行年利率|年利率|利率|贷款利率" },
	{ "start_date", IMP_T_DATE, 1, "放款日期|贷款发放日|起始日期|发放日期" },
	{ "maturity_date", IMP_T_DATE, 1, "到期日期|到期日" },
	{ "settle_date", IMP_T_DATE, 0, "结清日期|实际还款日期" },
	{ "overdue", IMP_T_BOOL, 0, "是否逾期" },
	{ "interest_paid", IMP_T_MONEY, 0, "实付利息|已付利息" },
	{ "ip_kind", IMP_T_KIND, 0, "质押物类型|知识产权类型" },
	{ "ip_rights", IMP_T_RIGHTS, 1, "质押知识产权|专利号|商标注册号|质押物编号" },
	{ "ip_values", IMP_T_VALUES, 0, "评估价值" },
	{ "registration_no", IMP_T_TEXT, 0, "质押登记号" },
	{ "registration_date", IMP_T_DATE, 0, "质押登记日期|登记日期" },
	{ "credit_line", IMP_T_MONEY, 0, "授信额度|授信金额" },
};

static const struct imp_coldef policies[] = {
	{ "insurer", IMP_T_TEXT, 1, "保险公司|保险机构|承保公司" },
	{ "policy_no", IMP_T_TEXT, 1, "保单号|保单编号|保险单号" },
	{ "uscc", IMP_T_USCC, 1, "统一社会信用代码|信用代码|社会信用代码" },
	{ "enterprise", IMP_T_TEXT, 1, "企业名称|投保人|被保险人|投保企业" },
	{ "city", IMP_T_CITY, 0, "所属地区|所在县市区|地区|所在地区" },
	{ "product", IMP_T_TEXT, 0, "险种|保险产品|险种名称" },
	{ "insured_rights", IMP_T_RIGHTS, 0, "被保险专利|被保险知识产权|保险标的" },
	{ "premium", IMP_T_MONEY, 1, "保费|保险费" },
	{ "paid_date", IMP_T_DATE, 1, "保费缴纳日期|缴费日期|保费支付日期" },
	{ "start_date", IMP_T_DATE, 0, "保险起期|保险起始日期|起保日期" },
	{ "end_date", IMP_T_DATE, 0, "保险止期|保险终止日期|终保日期" },
	{ "coverage", IMP_T_MONEY, 0, "保险金额|保额" },
};

static const struct imp_coldef enterprises[] = {
	{ "uscc", IMP_T_USCC, 1, "统一社会信用代码|信用代码|社会信用代码" },
	{ "name", IMP_T_TEXT, 1, "企业名称|名称|企业" },
	{ "city", IMP_T_CITY, 1, "所属地区|所在县市区|地区|所在地区" },
	{ "industry", IMP_T_TEXT, 0, "所属行业|行业" },
	{ "legal_person", IMP_T_BOOL, 0, "是否独立法人|独立法人" },
};

static const struct imp_coldef contributions[] = {
	{ "uscc", IMP_T_USCC, 1, "统一社会信用代码|信用代码|社会信用代码" },
	{ "enterprise", IMP_T_TEXT, 0, "企业名称|名称" },
	{ "year", IMP_T_YEAR, 1, "年度|年份" },
	{ "contribution", IMP_T_MONEY, 1, "地方综合贡献额|综合贡献额|地方贡献额" },
};

static const struct imp_coldef bars[] = {
	{ "uscc", IMP_T_USCC, 1, "统一社会信用代码|信用代码|社会信用代码" },
	{ "enterprise", IMP_T_TEXT, 0, "企业名称|名称" },
	{ "year", IMP_T_YEAR, 1, "年度|年份" },
	{ "reason", IMP_T_TEXT, 1, "原因|理由|不予支持原因" },  /* issue 11: required */
};

static const struct imp_coldef rates[] = {
	{ "kind", IMP_T_CODE, 1, "利率类型|利率种类|种类|类型" },
	{ "effective_date", IMP_T_DATE, 1, "生效日期|调整日期|执行日期" },
	{ "rate", IMP_T_RATE, 1, "利率|年利率" },
};

static const struct imp_coldef targets[] = {
	{ "city", IMP_T_CITY, 1, "地区|城市|所属地区|县市区" },
	{ "metric", IMP_T_CODE, 1, "指标|指标名称" },
	{ "period", IMP_T_CODE, 1, "期间|年度|周期" },
	{ "target", IMP_T_MONEY, 1, "目标|目标值|目标金额" },
	{ "source", IMP_T_TEXT, 0, "来源|依据|文件" },
};

static const struct imp_coldef accounts[] = {
	{ "uscc", IMP_T_USCC, 1, "统一社会信用代码|信用代码|社会信用代码" },
	{ "enterprise", IMP_T_TEXT, 0, "企业名称|名称" },
	{ "account_name", IMP_T_TEXT, 1, "户名|收款单位全称|收款单位|账户名称|收款户名" },
	{ "bank_name", IMP_T_TEXT, 1, "开户银行|开户行|开户银行名称|开户行名称" },
	{ "account_no", IMP_T_TEXT, 1, "银行账号|账号|收款账号|银行帐号|帐号" },
};

/* imp_coldefs: see import.h / import_int.h. */
const struct imp_coldef *imp_coldefs(enum imp_kind kind, int *n)
{
#define KIND(k, t) case k: *n = (int)(sizeof(t) / sizeof(t[0])); return t
	switch (kind) {
	KIND(IMP_LOANS, loans);
	KIND(IMP_POLICIES, policies);
	KIND(IMP_ENTERPRISES, enterprises);
	KIND(IMP_CONTRIBUTIONS, contributions);
	KIND(IMP_BARS, bars);
	KIND(IMP_RATES, rates);
	KIND(IMP_TARGETS, targets);
	KIND(IMP_ACCOUNTS, accounts);
	}
#undef KIND
	*n = 0;
	return NULL;
}

/* imp_col_index: see import.h / import_int.h. */
int imp_col_index(enum imp_kind kind, const char *name)
{
	const struct imp_coldef *d;
	int n, i;

	d = imp_coldefs(kind, &n);
	for (i = 0; i < n; i++)
		if (strcmp(d[i].name, name) == 0)
			return i;
	return -1;
}

/* imp_columns: see import.h / import_int.h. */
const char *const *imp_columns(enum imp_kind kind)
{
	static const char *names[IMP_KIND_COUNT][IMP_MAXCOLS + 1];
	const struct imp_coldef *d;
	int n, i;

	if ((int)kind < 0 || kind >= IMP_KIND_COUNT)
		return NULL;
	d = imp_coldefs(kind, &n);
	for (i = 0; i < n; i++)
		names[kind][i] = d[i].name;
	names[kind][n] = NULL;
	return names[kind];
}

static const char *const kind_names[IMP_KIND_COUNT] = {
	"loans", "policies", "enterprises", "contributions", "bars", "rates", "targets",
	"accounts"
};

/* imp_kind_name: see import.h / import_int.h. */
const char *imp_kind_name(enum imp_kind kind)
{
	return (int)kind >= 0 && kind < IMP_KIND_COUNT ? kind_names[kind] : "?";
}

/* imp_kind_parse: see import.h / import_int.h. */
int imp_kind_parse(const char *text, enum imp_kind *kind, struct ldg_err *err)
{
	int i;

	for (i = 0; i < IMP_KIND_COUNT; i++)
		if (strcmp(text, kind_names[i]) == 0) {
			*kind = (enum imp_kind)i;
			return 0;
		}
	return ldg_err_set(err, LDG_EUSAGE, _("unknown kind of file '%s': loans, policies,"
			   " enterprises, contributions, bars, rates or targets"), text);
}

/* imp_encoding_parse: see import.h / import_int.h. */
int imp_encoding_parse(const char *text, enum imp_encoding *enc, struct ldg_err *err)
{
	if (strcmp(text, "auto") == 0)
		*enc = IMP_ENC_AUTO;
	else if (strcasecmp(text, "utf-8") == 0 || strcasecmp(text, "utf8") == 0)
		*enc = IMP_ENC_UTF8;
	else if (strcasecmp(text, "gb18030") == 0 || strcasecmp(text, "gbk") == 0)
		*enc = IMP_ENC_GB18030;
	else
		return ldg_err_set(err, LDG_EUSAGE,
				   _("unknown encoding '%s': auto, utf-8 or gb18030"), text);
	return 0;
}

/* imp_fold_header: see import.h / import_int.h. */
void imp_fold_header(const char *in, char *out, size_t outsz)
{
	char tmp[512];
	size_t i, k = 0;

	if (outsz == 0)
		return;
	if (ldg_text_fold(in ? in : "", tmp, sizeof(tmp)) < 0)
		snprintf(tmp, sizeof(tmp), "%s", in ? in : "");
	for (i = 0; tmp[i] && k + 1 < outsz; i++) {
		unsigned char ch = (unsigned char)tmp[i];

		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
			continue;
		if (ch >= 'A' && ch <= 'Z')
			ch = (unsigned char)(ch - 'A' + 'a');
		if (ch == '-')
			ch = '_';
		out[k++] = (char)ch;
	}
	out[k] = '\0';
}
