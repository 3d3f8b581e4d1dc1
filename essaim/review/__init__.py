"""Selection: the assessment grid, experts' independent scores, aggregation and decisions."""
