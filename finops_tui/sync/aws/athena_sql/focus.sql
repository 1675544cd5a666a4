-- Rollup of an AWS FOCUS 1.x export catalogued in Athena (Trino dialect), one scan per sync.
-- Days before the recent window keep the screens' dimensions only ('daily-aggregate'); days inside it
-- also keep the resource and its waste-check attributes ('resource-daily'). Values arrive as Athena
-- execution parameters, all in WHERE clauses (the only place Athena accepts them), in text order:
-- recent-window start, period start, then the billing_period partition value when the table is
-- partitioned by it. {table} is a quoted identifier; {tag_values} reads each kept tag key, a quoted
-- string literal naming a tag dimension; {tag_columns}, {partition_filter}, {usage_type} (AWS's
-- x_UsageType, or NULL for FOCUS tables without it) and {group_by} are fixed SQL and placeholders.
SELECT
  CAST(charge_day AS varchar) AS day,
  CAST(CAST(billingperiodstart AS date) AS varchar) AS billing_period_start,
  billingaccountid AS billing_account_id,
  billingaccountname AS billing_account_name,
  subaccountid AS sub_account_id,
  subaccountname AS sub_account_name,
  billingcurrency AS billing_currency,
  servicename AS service_name,
  servicecategory AS service_category,
  regionid AS region_id,
  chargecategory AS charge_category,
  chargefrequency AS charge_frequency,
  pricingcategory AS pricing_category,
  {usage_type} AS usage_type,
  commitmentdiscountid AS commitment_discount_id,
  commitmentdiscounttype AS commitment_discount_type,
  commitmentdiscountcategory AS commitment_discount_category,
  commitmentdiscountstatus AS commitment_discount_status,
  IF(recent, resourceid) AS resource_id,
  IF(recent, CAST(NULL AS varchar)) AS line_item_type,
  IF(recent, CAST(NULL AS varchar)) AS instance_type,
  IF(recent, CAST(NULL AS varchar)) AS volume_type,
  IF(recent, 'resource-daily', 'daily-aggregate') AS grain{tag_columns},
  CAST(sum(CAST(billedcost AS decimal(38, 10))) AS varchar) AS billed_cost,
  CAST(sum(CAST(effectivecost AS decimal(38, 10))) AS varchar) AS effective_cost,
  CAST(sum(CAST(coalesce(listcost, effectivecost) AS decimal(38, 10))) AS varchar) AS list_cost,
  CAST(sum(CAST(coalesce(contractedcost, billedcost) AS decimal(38, 10))) AS varchar) AS contracted_cost,
  CAST(sum(consumedquantity) AS varchar) AS consumed_quantity,
  CAST(count(*) AS varchar) AS line_items
FROM (
  SELECT t.*, CAST(t.chargeperiodstart AS date) AS charge_day, r.day IS NOT NULL AS recent{tag_values}
  FROM {table} t
  LEFT JOIN (
    -- the resource window as a relation: Athena takes `?` parameters only in WHERE clauses
    SELECT day FROM UNNEST(sequence(DATE '2015-01-01', DATE '2040-12-31')) AS days (day)
    WHERE day >= CAST(? AS date)
  ) r ON r.day = CAST(t.chargeperiodstart AS date)
  WHERE t.billingperiodstart >= CAST(? AS timestamp){partition_filter}
) s
GROUP BY {group_by}
