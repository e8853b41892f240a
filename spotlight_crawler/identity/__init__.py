"""When two records are one story: URL and headline rules and the body fingerprint behind them."""
