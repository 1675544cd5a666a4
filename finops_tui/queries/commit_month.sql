-- Commitment use and coverage of a month, one row per provider, billing account, commitment, instance
-- type and region; the screen and report roll these up (provider, account, commitment, family).
-- Definitions are the agenda's (agenda_commitments.sql): used / unused = EffectiveCost of rows with
-- CommitmentDiscountStatus 'Used' / 'Unused'; covered = usage with a commitment id that is not unused;
-- the "same kind" of usage is usage of services that had any covered usage this month. On-demand is the
-- part of that with PricingCategory 'Standard' and no commitment; other = the rest (spot, free tier ...).
-- Hours are ConsumedQuantity of rows whose unit is hours (PricingQuantity for unused rows, which FOCUS
-- leaves without a consumed quantity).
-- Parameters: $start, $end_excl (charge period start range, end exclusive).
-- Columns: provider, billing_account_id, billing_account_name, commitment_id, commitment_name,
--          commitment_type, instance_type, region, currency, used, unused, covered, on_demand, other,
--          covered_hours, on_demand_hours, unused_hours
WITH m AS (
    SELECT * FROM cost_and_usage WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end_excl
), eligible_services AS (
    SELECT DISTINCT ServiceName FROM m WHERE CommitmentDiscountId IS NOT NULL AND ChargeCategory = 'Usage'
), tagged AS (
    SELECT
        *,
        ChargeCategory = 'Usage' AND CommitmentDiscountId IS NOT NULL
            AND coalesce(CommitmentDiscountStatus, 'Used') = 'Used' AS is_covered,
        ChargeCategory = 'Usage' AND coalesce(CommitmentDiscountStatus, 'Used') = 'Used'
            AND ServiceName IN (SELECT ServiceName FROM eligible_services) AS is_eligible,
        lower(coalesce(ConsumedUnit, PricingUnit, '')) IN ('hours', 'hour', 'hrs', 'hr', '1 hour') AS in_hours
    FROM m
    WHERE CommitmentDiscountId IS NOT NULL OR ServiceName IN (SELECT ServiceName FROM eligible_services)
)
SELECT
    ProviderName AS provider,
    BillingAccountId AS billing_account_id,
    any_value(BillingAccountName) AS billing_account_name,
    CommitmentDiscountId AS commitment_id,
    any_value(CommitmentDiscountName) AS commitment_name,
    any_value(CommitmentDiscountType) AS commitment_type,
    x_InstanceType AS instance_type,
    RegionId AS region,
    BillingCurrency AS currency,
    coalesce(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus = 'Used'), 0) AS used,
    coalesce(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus = 'Unused'), 0) AS unused,
    coalesce(sum(EffectiveCost) FILTER (WHERE is_covered), 0) AS covered,
    coalesce(sum(EffectiveCost) FILTER (WHERE is_eligible AND NOT is_covered
                                        AND PricingCategory = 'Standard'), 0) AS on_demand,
    coalesce(sum(EffectiveCost) FILTER (WHERE is_eligible AND NOT is_covered
                                        AND coalesce(PricingCategory, '') <> 'Standard'), 0) AS other,
    coalesce(sum(ConsumedQuantity) FILTER (WHERE is_covered AND in_hours), 0)::DECIMAL(38, 6) AS covered_hours,
    coalesce(sum(ConsumedQuantity) FILTER (WHERE is_eligible AND NOT is_covered AND in_hours
                                           AND PricingCategory = 'Standard'), 0)::DECIMAL(38, 6)
        AS on_demand_hours,
    coalesce(sum(coalesce(ConsumedQuantity, PricingQuantity))
             FILTER (WHERE CommitmentDiscountStatus = 'Unused' AND in_hours), 0)::DECIMAL(38, 6)
        AS unused_hours
FROM tagged
GROUP BY ALL
HAVING used <> 0 OR unused <> 0 OR covered <> 0 OR on_demand <> 0 OR other <> 0
ORDER BY provider, billing_account_id, commitment_id NULLS LAST, instance_type NULLS LAST, region
