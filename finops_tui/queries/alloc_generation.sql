-- What identifies the cache's content: any import changes it (keys the in-process tag-set memo).
-- Parameters: none.
-- Columns: last_import, periods, rows, files_digest
SELECT max(imported_at), count(*), sum(row_count), md5(string_agg(checksum, ',' ORDER BY checksum))
FROM imports
