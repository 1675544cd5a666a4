-- When each commitment discount was seen in the data: its first and last day with a used or unused row
-- up to as-of. FOCUS carries no term end date, so "ended" can only mean "the rows stopped".
-- Parameters: $as_of_excl (the day after as-of).
-- Columns: provider, billing_account_id, commitment_id, commitment_name, commitment_type, first_day,
--          last_day
SELECT
    ProviderName AS provider,
    any_value(BillingAccountId) AS billing_account_id,
    CommitmentDiscountId AS commitment_id,
    any_value(CommitmentDiscountName) AS commitment_name,
    any_value(CommitmentDiscountType) AS commitment_type,
    min(ChargePeriodStart)::DATE AS first_day,
    max(ChargePeriodStart)::DATE AS last_day
FROM cost_and_usage
WHERE CommitmentDiscountId IS NOT NULL AND CommitmentDiscountStatus IN ('Used', 'Unused')
  AND ChargePeriodStart < $as_of_excl
GROUP BY ProviderName, CommitmentDiscountId
ORDER BY last_day, provider, commitment_id
