"""Reading nbe's configuration files: YAML that keeps each value's line (yamlfile), fields checked
with messages that name the file and line (fields), and nbe's cache folder, where validated
configuration is kept between runs (cache)."""
