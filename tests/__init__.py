"""The unkg test suite: tables of real cases from the seed and ../shared/corpus."""
