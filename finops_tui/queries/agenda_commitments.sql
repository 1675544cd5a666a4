-- Commitment utilisation and coverage of a month, from FOCUS commitment columns.
-- Utilisation: used / (used + unused) effective cost of commitment discounts.
-- Coverage: effective cost of usage covered by a commitment / (covered + on-demand usage) of services that had
-- any covered usage. On-demand is PricingCategory 'Standard' with no commitment; spot and other pricing a
-- commitment cannot cover are left out, as on the Commitments screen (commit_month.sql).
-- Parameters: $start, $end_excl (charge period start range, end exclusive).
-- Columns: used, unused, covered, eligible
WITH m AS (
    SELECT * FROM cost_and_usage WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end_excl
), eligible_services AS (
    SELECT DISTINCT ServiceName FROM m WHERE CommitmentDiscountId IS NOT NULL AND ChargeCategory = 'Usage'
)
SELECT
    coalesce(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus = 'Used'), 0) AS used,
    coalesce(sum(EffectiveCost) FILTER (WHERE CommitmentDiscountStatus = 'Unused'), 0) AS unused,
    coalesce(sum(EffectiveCost) FILTER (WHERE ChargeCategory = 'Usage' AND CommitmentDiscountId IS NOT NULL
                                        AND coalesce(CommitmentDiscountStatus, 'Used') = 'Used'), 0) AS covered,
    coalesce(sum(EffectiveCost) FILTER (WHERE ChargeCategory = 'Usage'
                                        AND coalesce(CommitmentDiscountStatus, 'Used') = 'Used'
                                        AND (CommitmentDiscountId IS NOT NULL OR PricingCategory = 'Standard')
                                        AND ServiceName IN (SELECT ServiceName FROM eligible_services)), 0)
        AS eligible
FROM m
