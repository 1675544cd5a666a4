-- The newest billing period holding a charge on or before the as-of day. A period can start after the
-- as-of month (a provider bills the last hours of a month in the next period: the FOCUS sample's
-- Oracle account does), and leaving it out would leave its billed cost out of the reconciliation.
-- Parameters: $end_excl (the day after as-of).
-- Columns: period
SELECT max(CAST(BillingPeriodStart AS DATE)) FROM cost_and_usage WHERE ChargePeriodStart < $end_excl
