-- Rollup of an AWS CUR 2.0 export catalogued in Athena (Trino dialect), one scan per sync.
-- The FOCUS columns follow the line-item importer's rules (finops_tui/sync/formats/aws_cur.py and
-- docs/mapping-aws.md): EffectiveCost is the amortised cost of each line item type, ListCost the public
-- on-demand cost of usage. Days before the recent window keep the screens' dimensions only
-- ('daily-aggregate'); days inside it also keep the resource and its waste-check attributes
-- ('resource-daily'). Values arrive as Athena execution parameters, all in WHERE clauses (the only
-- place Athena accepts them), in text order: recent-window start, period start, then the
-- billing_period partition value. {table} is a quoted identifier; {tag_values} reads each kept tag
-- key, a quoted string literal naming a tag dimension; {tag_columns}, {partition_filter} and
-- {group_by} are fixed SQL and placeholders.
SELECT
  CAST(charge_day AS varchar) AS day,
  CAST(CAST(bill_billing_period_start_date AS date) AS varchar) AS billing_period_start,
  bill_payer_account_id AS billing_account_id,
  bill_payer_account_name AS billing_account_name,
  line_item_usage_account_id AS sub_account_id,
  line_item_usage_account_name AS sub_account_name,
  line_item_currency_code AS billing_currency,
  coalesce(element_at(product, 'product_name'), product_servicecode, line_item_product_code) AS service_name,
  CAST(NULL AS varchar) AS service_category,
  product_region_code AS region_id,
  charge_category,
  CASE WHEN lt IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'Recurring'
       WHEN charge_category = 'Usage' OR lt IN ('BundledDiscount', 'Discount', 'EdpDiscount',
            'PrivateRateDiscount', 'DistributorDiscount') THEN 'Usage-Based'
       ELSE 'One-Time' END AS charge_frequency,
  CASE WHEN charge_category = 'Tax' THEN NULL
       WHEN charge_category IN ('Credit', 'Adjustment') THEN 'Other'
       WHEN commitment IS NOT NULL OR pricing_term IN ('Reserved', 'Savings Plan') THEN 'Committed'
       WHEN pricing_term = 'Spot' OR line_item_usage_type LIKE '%SpotUsage%' THEN 'Dynamic'
       ELSE 'Standard' END AS pricing_category,
  line_item_usage_type AS usage_type,
  CASE commitment WHEN 'ri' THEN reservation_reservation_a_r_n
                  WHEN 'sp' THEN savings_plan_savings_plan_a_r_n END AS commitment_discount_id,
  CASE commitment WHEN 'ri' THEN 'Reserved Instance' WHEN 'sp' THEN 'Savings Plan' END
    AS commitment_discount_type,
  CASE commitment WHEN 'ri' THEN 'Usage' WHEN 'sp' THEN 'Spend' END AS commitment_discount_category,
  CASE WHEN lt IN ('DiscountedUsage', 'SavingsPlanCoveredUsage') THEN 'Used'
       WHEN lt IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'Unused' END AS commitment_discount_status,
  IF(recent, line_item_resource_id) AS resource_id,
  IF(recent, lt) AS line_item_type,
  IF(recent, product_instance_type) AS instance_type,
  IF(recent, element_at(product, 'volume_api_name')) AS volume_type,
  IF(recent, 'resource-daily', 'daily-aggregate') AS grain{tag_columns},
  CAST(sum(CAST(line_item_unblended_cost AS decimal(38, 10))) AS varchar) AS billed_cost,
  CAST(sum(CAST(CASE
    WHEN lt = 'DiscountedUsage' THEN coalesce(reservation_effective_cost, line_item_unblended_cost)
    WHEN lt = 'RIFee' AND reservation_unused_amortized_upfront_fee_for_billing_period IS NULL
         AND reservation_unused_recurring_fee IS NULL THEN line_item_unblended_cost
    WHEN lt = 'RIFee' THEN coalesce(reservation_unused_amortized_upfront_fee_for_billing_period, 0)
                           + coalesce(reservation_unused_recurring_fee, 0)
    WHEN lt = 'SavingsPlanCoveredUsage'
         THEN coalesce(savings_plan_savings_plan_effective_cost, line_item_unblended_cost)
    WHEN lt = 'SavingsPlanRecurringFee' THEN coalesce(
         savings_plan_total_commitment_to_date - savings_plan_used_commitment, line_item_unblended_cost)
    WHEN lt IN ('SavingsPlanNegation', 'SavingsPlanUpfrontFee') THEN 0
    WHEN lt = 'Fee' AND commitment IS NOT NULL THEN 0
    ELSE line_item_unblended_cost END AS decimal(38, 10))) AS varchar) AS effective_cost,
  CAST(sum(CAST(CASE
    WHEN lt = 'SavingsPlanNegation' OR lt IN ('BundledDiscount', 'Discount', 'EdpDiscount',
         'PrivateRateDiscount', 'DistributorDiscount') THEN 0
    WHEN charge_category = 'Usage' AND pricing_public_on_demand_cost <> 0 THEN pricing_public_on_demand_cost
    WHEN charge_category = 'Usage' AND pricing_public_on_demand_cost = 0
         AND line_item_unblended_cost <= 0 THEN 0
    ELSE line_item_unblended_cost END AS decimal(38, 10))) AS varchar) AS list_cost,
  CAST(sum(CAST(CASE
    WHEN lt = 'SavingsPlanNegation' THEN 0
    WHEN lt = 'DiscountedUsage' THEN coalesce(pricing_public_on_demand_cost, line_item_unblended_cost)
    ELSE line_item_unblended_cost END AS decimal(38, 10))) AS varchar) AS contracted_cost,
  CAST(sum(IF(charge_category = 'Usage', line_item_usage_amount)) AS varchar) AS consumed_quantity,
  CAST(count(*) AS varchar) AS line_items
FROM (
  SELECT t.*, line_item_line_item_type AS lt,
         CAST(t.line_item_usage_start_date AS date) AS charge_day,
         r.day IS NOT NULL AS recent{tag_values},
         CASE WHEN line_item_line_item_type IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage',
                   'SavingsPlanNegation') THEN 'Usage'
              WHEN line_item_line_item_type = 'Tax' THEN 'Tax'
              WHEN line_item_line_item_type IN ('Fee', 'RIFee', 'SavingsPlanRecurringFee',
                   'SavingsPlanUpfrontFee') THEN 'Purchase'
              WHEN line_item_line_item_type IN ('Credit', 'Refund', 'BundledDiscount', 'Discount',
                   'EdpDiscount', 'PrivateRateDiscount', 'DistributorDiscount') THEN 'Credit'
              ELSE 'Adjustment' END AS charge_category,
         CASE WHEN line_item_line_item_type IN ('DiscountedUsage', 'RIFee')
                   OR (line_item_line_item_type = 'Fee' AND reservation_reservation_a_r_n <> '') THEN 'ri'
              WHEN line_item_line_item_type IN ('SavingsPlanCoveredUsage', 'SavingsPlanRecurringFee',
                   'SavingsPlanUpfrontFee', 'SavingsPlanNegation')
                   OR (line_item_line_item_type = 'Fee' AND savings_plan_savings_plan_a_r_n <> '') THEN 'sp'
              END AS commitment
  FROM {table} t
  LEFT JOIN (
    -- the resource window as a relation: Athena takes `?` parameters only in WHERE clauses
    SELECT day FROM UNNEST(sequence(DATE '2015-01-01', DATE '2040-12-31')) AS days (day)
    WHERE day >= CAST(? AS date)
  ) r ON r.day = CAST(t.line_item_usage_start_date AS date)
  WHERE t.bill_billing_period_start_date >= CAST(? AS timestamp){partition_filter}
) s
GROUP BY {group_by}
