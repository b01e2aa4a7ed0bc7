"""What every output is made with besides the book: the typeface's static instances and the
CMYK colour profile, prepared once into the per-user cache (paths.user_cache)."""
