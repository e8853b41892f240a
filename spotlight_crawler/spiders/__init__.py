"""The spiders, one module per spider; the file name is the spider name."""
