import InsightGraph
// Placeholder: the IGQ language lands here.
