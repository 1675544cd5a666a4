-- Reservations and savings plans with unused (paid, not applied) hours in the window, both providers.
-- Parameters: $start, $end.
-- Columns: resource_id (commitment id), provider, account_id, account_name, region, tags, usage_type,
--          monthly_cost (unused cost), quantity (unused quantity), detail (commitment type | name | unit),
--          extra_cost (0)
-- The unused quantity: FOCUS 1.2's CommitmentDiscountQuantity, else what older exports put in
-- ConsumedQuantity, else PricingQuantity (FOCUS leaves ConsumedQuantity null on unused rows, which
-- once made the evidence read "0 unused units" beside a full month's unused cost).
SELECT CommitmentDiscountId, any_value(ProviderName), any_value(SubAccountId), any_value(SubAccountName),
       any_value(RegionId),
       any_value(Tags),
       any_value(x_UsageType), sum(EffectiveCost),
       coalesce(sum(CommitmentDiscountQuantity), sum(ConsumedQuantity), sum(PricingQuantity), 0),
       any_value(coalesce(CommitmentDiscountType, '') || ' | ' || coalesce(CommitmentDiscountName, '')
                 || ' | ' || coalesce(CommitmentDiscountUnit, PricingUnit, 'units')),
       0::DECIMAL(38, 10)
FROM cost_and_usage
WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end
  AND CommitmentDiscountStatus = 'Unused' AND CommitmentDiscountId IS NOT NULL
GROUP BY CommitmentDiscountId
ORDER BY CommitmentDiscountId
