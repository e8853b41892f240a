"""Runs that emit only what is new: the seen-store, its extension and middleware, the JOBDIR guard, recovery."""
