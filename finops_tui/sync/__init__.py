"""Everything that writes the cache: importers of export files, the demo, and (later) cloud syncs."""
