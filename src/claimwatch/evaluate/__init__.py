"""evaluate: the metrics of ../shared/EVALUATION.md, exactly."""
