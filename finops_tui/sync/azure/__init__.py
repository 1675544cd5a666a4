"""Azure sync: cost exports from Blob storage and the Cost Management Query API into the cache.

``run.sync_azure`` is the entry point; ``blob_exports`` mirrors export runs, ``query_api`` turns Query API
pages into FOCUS rows, ``clients`` builds the SDK clients and words Azure errors for the user.
"""
