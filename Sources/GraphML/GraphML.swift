import InsightGraph
// Placeholder: the GraphML writer and reader land here.
