"""serve: the command line, the terminal report and JSON output."""
