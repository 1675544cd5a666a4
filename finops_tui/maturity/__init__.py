"""The FinOps maturity score and the executive summary: is the practice getting better?

Leadership asks one question of the review: are we getting better at this? The score answers it from
signals the cache and the workspace already hold — allocation readiness, commitment coverage and
utilisation, waste as a share of spend, how fast anomalies are triaged, how accurate the forecast was,
and how much spend sits under a budget — each scored 0-100 against published crawl / walk / run
levels, weighted, and explained line by line. Nothing here imports Textual.
"""
