import InsightGraph
// Placeholder: the PostgreSQL loader lands here.
