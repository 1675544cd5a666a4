-- List-price view per month and provider: the list price of usage, each discount, the other charges,
-- and the effective cost asked apart, so the walk from list to effective can be checked to the cent.
-- List falls back to contracted, then effective cost; contracted falls back to list.
-- Parameters: $first (DATE, first month), $last (DATE, last month).
-- Columns: month, provider, currency, list_cost, negotiated, commitment, unused, credits, tax, other,
--          effective
WITH lines AS (
    SELECT
        CAST(BillingPeriodStart AS DATE) AS month,
        coalesce(ProviderName, '') AS provider,
        BillingCurrency AS currency,
        coalesce(ChargeCategory = 'Usage' AND CommitmentDiscountStatus IS DISTINCT FROM 'Unused', false)
            AS usage,
        coalesce(CommitmentDiscountStatus = 'Used' OR CommitmentDiscountId IS NOT NULL, false) AS committed,
        coalesce(CommitmentDiscountStatus = 'Unused', false) AS unused,
        coalesce(ChargeCategory, '') AS category,
        coalesce(EffectiveCost, 0) AS e,
        coalesce(ListCost, ContractedCost, EffectiveCost, 0) AS l,
        coalesce(ContractedCost, ListCost, EffectiveCost, 0) AS c
    FROM cost_and_usage
    WHERE CAST(BillingPeriodStart AS DATE) BETWEEN $first AND $last
)
SELECT
    month,
    provider,
    currency,
    coalesce(sum(l) FILTER (WHERE usage), 0) AS list_cost,
    coalesce(sum(c - l) FILTER (WHERE usage), 0) AS negotiated,
    coalesce(sum(e - c) FILTER (WHERE usage AND committed), 0) AS commitment,
    coalesce(sum(e) FILTER (WHERE unused), 0) AS unused,
    coalesce(sum(e) FILTER (WHERE NOT usage AND NOT unused AND category = 'Credit'), 0) AS credits,
    coalesce(sum(e) FILTER (WHERE NOT usage AND NOT unused AND category = 'Tax'), 0) AS tax,
    coalesce(sum(e - c) FILTER (WHERE usage AND NOT committed), 0)
        + coalesce(sum(e) FILTER (WHERE NOT usage AND NOT unused AND category NOT IN ('Credit', 'Tax')), 0)
        AS other,
    coalesce(sum(e), 0) AS effective
FROM lines
GROUP BY ALL
ORDER BY month DESC, provider, currency
