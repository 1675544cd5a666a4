"""``finops-tui sync aws``: AWS Data Exports from S3, Cost Explorer, Budgets and EC2 inventory.

Everything here only reads from AWS (boto3's default credential chain and endpoint settings, so
``AWS_PROFILE`` and ``AWS_ENDPOINT_URL`` work as they do for the AWS CLI) and writes the cache only
through :class:`finops_tui.sync.writer.CacheWriter`, so an interrupted sync leaves the cache whole.
"""
