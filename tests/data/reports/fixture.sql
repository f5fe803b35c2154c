-- fixture.sql — a small hand-made database for the report tests
-- (tests/t_report*.sh).  Loaded after `pledger init` by tests/xlsx_load.py
-- (which registers ldg_refuse so the lock triggers compile).  The figures
-- are made by hand and are consistent with rules.md; the arithmetic of
-- each is in the comment beside it.  The 2023 run is finalized last, so
-- that no lock trigger refuses the inserts.
--
-- City 东阳市 (330783), subsidy year 2024 (a draft run) and 2023 (finalized).
-- E2's name looks like a formula: it must stay text.  Contract numbers with
-- leading zeros must stay text.  P3's product holds a literal "_x0041_",
-- which Excel would read as an escaped "A" unless pledger escapes it.

INSERT INTO banks (id, name) VALUES (1, '中国工商银行东阳支行'), (2, '浙商银行');
INSERT INTO insurers (id, name) VALUES (1, '人保财险东阳支公司');

INSERT INTO enterprises (uscc, name, city, legal_person) VALUES
 ('91330783000000001A', '东阳市甲科技有限公司', '330783', 1),
 ('91330783000000002B', '=HYPERLINK("http://x","乙")', '330783', 1),
 ('91330783000000003C', '东阳市丙材料有限公司', '330783', 1),
 ('91330783000000004D', '东阳市丁电子有限公司', '330783', 1),
 ('91330382000000005E', '乐清市戊电器有限公司', '330382', 1);

INSERT INTO contributions (uscc, year, contribution_fen) VALUES
 ('91330783000000001A', 2024, 100000000),
 ('91330783000000003C', 2024, 3000000),
 ('91330783000000004D', 2024, 500000);
INSERT INTO bars (uscc, year, reason) VALUES ('91330783000000003C', 2024, '发生安全生产事故');

-- Loans.  Amounts in fen.
INSERT INTO loans (id, bank_id, contract_no, uscc, principal_fen, combined, ip_portion_fen,
  rate_ppm, start_date, maturity_date, settle_date, overdue, interest_paid_fen,
  registration_no, registration_date, credit_line_fen) VALUES
 -- L1 worked example of rules.md §4: 5 000 000.00, patent, 365 days at 3.65 %
 (1, 1, '0012023质字第001号', '91330783000000001A', 500000000, 0, NULL, 43500,
  '2023-03-15', '2024-03-14', '2024-03-14', 0, 22052083, '0001234', '2023-03-10', 600000000),
 -- L2 trademark 1 000 000.00, raw 18 503.47 cut to the 10 000.00 interest paid
 (2, 2, 'ZSYH-2023-002', '91330783000000001A', 100000000, 0, NULL, 40000,
  '2023-06-01', '2024-05-31', '2024-05-31', 0, 1000000, NULL, NULL, NULL),
 -- L3 combined 3 000 000.00, IP part 1 200 000.00, patent + trademark
 (3, 1, '0012023质字第003号', '91330783000000004D', 300000000, 1, 120000000, 42000,
  '2023-09-01', '2024-08-31', '2024-08-31', 0, NULL, NULL, NULL, NULL),
 -- L4 LATE: settled after maturity
 (4, 2, 'ZSYH-2023-004', '91330783000000001A', 80000000, 0, NULL, 40000,
  '2023-07-01', '2024-06-30', '2024-07-10', 0, 3000000, NULL, NULL, NULL),
 -- L5 BARRED enterprise
 (5, 1, '0012023质字第005号', '91330783000000003C', 200000000, 0, NULL, 40000,
  '2023-04-01', '2024-04-01', '2024-04-01', 0, NULL, NULL, NULL, NULL),
 -- L6 IP_SUBSIDISED_BEFORE: ZL202010566088.9 earned in the finalized 2023 run
 (6, 1, '0012023质字第006号', '91330783000000004D', 150000000, 0, NULL, 40000,
  '2023-10-10', '2024-10-10', '2024-10-10', 0, NULL, NULL, NULL, NULL),
 -- L7 KIND_NOT_COVERED: copyright only
 (7, 2, 'ZSYH-2023-007', '91330783000000002B', 50000000, 0, NULL, 40000,
  '2023-12-01', '2024-11-30', '2024-11-30', 0, NULL, NULL, NULL, NULL),
 -- L8 started 2024-09-10, not settled: new in 2024Q3 and in the balance
 (8, 1, '0012024质字第008号', '91330783000000001A', 200000000, 0, NULL, 38000,
  '2024-09-10', '2025-09-09', NULL, 0, NULL, NULL, NULL, NULL),
 -- L9 another city (乐清市): never in 东阳市's workbooks
 (9, 2, 'ZSYH-2024-009', '91330382000000005E', 999999999, 0, NULL, 38000,
  '2024-08-01', '2025-07-31', NULL, 0, NULL, NULL, NULL, NULL),
 -- L10 of the finalized 2023 run
 (10, 2, 'ZSYH-2022-010', '91330783000000004D', 100000000, 0, NULL, 43000,
  '2022-12-20', '2023-12-20', '2023-12-20', 0, NULL, NULL, NULL, NULL);

INSERT INTO loan_rights (loan_id, seq, right_no, kind, value_fen) VALUES
 (1, 1, 'ZL201811564288.X', 'patent', 600000000),
 (2, 1, '12345678', 'trademark', NULL),
 (3, 1, 'ZL201510958772.0', 'patent', 200000000),
 (3, 2, '23456789', 'trademark', 100000000),
 (4, 1, 'ZL202411064734.6', 'patent', NULL),
 (5, 1, 'ZL202110123456.7', 'patent', NULL),
 (6, 1, 'ZL202010566088.9', 'patent', NULL),
 (7, 1, '2014SR001852', 'copyright', NULL),
 (8, 1, 'ZL201811564288.X', 'patent', NULL),
 (9, 1, 'ZL97101765.4', 'patent', NULL),
 (10, 1, 'ZL202010566088.9', 'patent', NULL);

INSERT INTO policies (id, insurer_id, policy_no, uscc, product, insured_rights, premium_fen,
  paid_date, start_date, end_date, coverage_fen) VALUES
 (1, 1, 'PICC-0001', '91330783000000001A', '专利执行保险', 'ZL201811564288.X', 2000000,
  '2024-05-01', '2024-05-01', '2025-04-30', 100000000),
 (2, 1, '000PICC-0002', '91330783000000002B', '=1+2', 'ZL202411064734.6;ZL201510958772.0', 300000,
  '2024-06-01', NULL, NULL, NULL),
 (3, 1, 'PICC-0003', '91330783000000003C', '专利被侵权损失保险_x0041_', '', 500000,
  '2024-03-01', NULL, NULL, NULL);

-- The 2023 run (finalized at the end of this file).
INSERT INTO subsidy_runs (id, city, year, status, computed_at, finalized_at, scheme) VALUES
 (1, '330783', 2023, 'draft', '2024-01-20T09:00:00', NULL,
  'effective_from=2021-01-01
reference_rate=LPR1Y
interest_share=50.00%
day_basis=360
cap_by_interest_paid=on
covered_kinds=patent,trademark
interest_cap_per_kind=300000.00
ip_once=on
premium_share=50.00%
premium_cap=100000.00
contribution_cap=on
carry_years=2
');
INSERT INTO run_rows (run_id, uscc, enterprise, interest_patent_fen, interest_trademark_fen,
  interest_copyright_fen, premium_fen, due_fen, carried_in_fen, contribution_fen, payable_fen,
  carried_out_fen, forfeited_fen, status) VALUES
 (1, '91330783000000004D', '东阳市丁电子有限公司', 2000000, 0, 0, 0, 2000000, 1000000, 0, 0, 3000000, 0, 'ok');
INSERT INTO run_items (run_id, item_type, item_id, item_key, uscc, item_date, reason, base_fen,
  days, rate_ppm, share_ppm, day_basis, raw_fen, subsidy_fen, patent_fen) VALUES
 (1, 'loan', 10, '浙商银行/ZSYH-2022-010', '91330783000000004D', '2023-12-20', 'ELIGIBLE',
  100000000, 365, 36500, 500000, 360, 1850347, 2000000, 2000000);
INSERT INTO run_rights (run_id, right_no, item_key) VALUES (1, 'ZL202010566088.9', '浙商银行/ZSYH-2022-010');
INSERT INTO run_carry (run_id, uscc, origin_year, amount_fen) VALUES
 (1, '91330783000000004D', 2022, 1000000), (1, '91330783000000004D', 2023, 2000000);

-- The 2024 run, a draft.  Rows (fen):
--  E1: patent 9 251 736 (L1) + trademark 1 000 000 (L2) + premium 1 000 000 (P1)
--      = due 11 251 736; contribution 100 000 000 >= due, so payable 11 251 736.
--  E2: premium 150 000 (P2), no contribution recorded: blocked, nothing moves.
--  E3: barred; carried in 500 000 (origin 2023) carries on.
--  E4: L3 1 399 167 patent + 699 583 trademark = due 2 098 750; carried in
--      1 000 000 (2022) + 2 000 000 (2023) = 3 000 000; contribution 500 000
--      pays 500 000 of the 2022 origin, the other 500 000 lapses (forfeited);
--      carried out 2 000 000 + 2 098 750 = 4 098 750.
--  Payable total 11 251 736 + 500 000 = 11 751 736 fen = 117 517.36 yuan.
INSERT INTO subsidy_runs (id, city, year, status, computed_at, finalized_at, scheme) VALUES
 (2, '330783', 2024, 'draft', '2025-01-15T10:30:00', NULL,
  'effective_from=2021-01-01
reference_rate=LPR1Y
interest_share=50.00%
day_basis=360
cap_by_interest_paid=on
covered_kinds=patent,trademark
interest_cap_per_kind=300000.00
ip_once=on
premium_share=50.00%
premium_cap=100000.00
contribution_cap=on
carry_years=2
');
INSERT INTO run_rows (run_id, uscc, enterprise, interest_patent_fen, interest_trademark_fen,
  interest_copyright_fen, premium_fen, due_fen, carried_in_fen, contribution_fen, payable_fen,
  carried_out_fen, forfeited_fen, status) VALUES
 (2, '91330783000000001A', '东阳市甲科技有限公司', 9251736, 1000000, 0, 1000000, 11251736, 0, 100000000, 11251736, 0, 0, 'ok'),
 (2, '91330783000000002B', '=HYPERLINK("http://x","乙")', 0, 0, 0, 150000, 150000, 0, NULL, 0, 0, 0, 'blocked'),
 (2, '91330783000000003C', '东阳市丙材料有限公司', 0, 0, 0, 0, 0, 500000, 3000000, 0, 500000, 0, 'barred'),
 (2, '91330783000000004D', '东阳市丁电子有限公司', 1399167, 699583, 0, 0, 2098750, 3000000, 500000, 500000, 4098750, 500000, 'ok');
INSERT INTO run_items (run_id, item_type, item_id, item_key, uscc, item_date, reason, base_fen,
  days, rate_ppm, rate_date, share_ppm, day_basis, raw_fen, paid_cap_fen, subsidy_fen,
  patent_fen, trademark_fen, copyright_fen, premium_fen) VALUES
 -- 500 000 000 × 36 500 × 500 000 × 365 / (10^12 × 360) = 9 251 736.1 → 9 251 736
 (2, 'loan', 1, '中国工商银行东阳支行/0012023质字第001号', '91330783000000001A', '2024-03-14', 'ELIGIBLE',
  500000000, 365, 36500, '2022-08-22', 500000, 360, 9251736, 22052083, 9251736, 9251736, 0, 0, NULL),
 -- 100 000 000 × 36 500 × 500 000 × 365 / (10^12 × 360) = 1 850 347.2 → cut to 1 000 000 paid
 (2, 'loan', 2, '浙商银行/ZSYH-2023-002', '91330783000000001A', '2024-05-31', 'ELIGIBLE',
  100000000, 365, 36500, '2022-08-22', 500000, 360, 1850347, 1000000, 1000000, 0, 1000000, 0, NULL),
 -- 120 000 000 × 34 500 × 500 000 × 365 / (10^12 × 360) = 2 098 750; split 2:1 by valuation
 (2, 'loan', 3, '中国工商银行东阳支行/0012023质字第003号', '91330783000000004D', '2024-08-31', 'ELIGIBLE',
  120000000, 365, 34500, '2023-08-21', 500000, 360, 2098750, NULL, 2098750, 1399167, 699583, 0, NULL),
 (2, 'loan', 4, '浙商银行/ZSYH-2023-004', '91330783000000001A', '2024-07-10', 'LATE',
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, NULL),
 (2, 'loan', 5, '中国工商银行东阳支行/0012023质字第005号', '91330783000000003C', '2024-04-01', 'BARRED',
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, NULL),
 (2, 'loan', 6, '中国工商银行东阳支行/0012023质字第006号', '91330783000000004D', '2024-10-10', 'IP_SUBSIDISED_BEFORE',
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, NULL),
 (2, 'loan', 7, '浙商银行/ZSYH-2023-007', '91330783000000002B', '2024-11-30', 'KIND_NOT_COVERED',
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, NULL),
 -- premium × 50 %: 2 000 000 → 1 000 000; 300 000 → 150 000
 (2, 'policy', 1, '人保财险东阳支公司/PICC-0001', '91330783000000001A', '2024-05-01', 'ELIGIBLE',
  NULL, NULL, NULL, NULL, 500000, NULL, NULL, NULL, 1000000, 0, 0, 0, 2000000),
 (2, 'policy', 2, '人保财险东阳支公司/000PICC-0002', '91330783000000002B', '2024-06-01', 'ELIGIBLE',
  NULL, NULL, NULL, NULL, 500000, NULL, NULL, NULL, 150000, 0, 0, 0, 300000),
 (2, 'policy', 3, '人保财险东阳支公司/PICC-0003', '91330783000000003C', '2024-03-01', 'BARRED',
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 500000);
INSERT INTO run_carry (run_id, uscc, origin_year, amount_fen) VALUES
 (2, '91330783000000003C', 2023, 500000),
 (2, '91330783000000004D', 2023, 2000000), (2, '91330783000000004D', 2024, 2098750);

UPDATE subsidy_runs SET status = 'finalized', finalized_at = '2024-02-01T08:00:00' WHERE id = 1;
