import Foundation
import InsightGraph

/// The IGQ entry points: text → tokens → AST → bound query → plan → result.
///
/// ```swift
/// let result = try IGQ.run("FROM CHARACTER 'elena' WHERE confidence >= 0.8 LIMIT 5",
///                          graph: snapshot, parameters: ["message": .string(text)])
/// ```
/// Every error is a ``QueryError`` carrying the stage, `file:line:column` and an excerpt.
public enum IGQ {
    /// Parses text into an AST (lexer and parser only; no graph needed).
    public static func parse(_ text: String, file: String = "<query>") throws(QueryError) -> Query {
        do {
            return try Parser.parse(text)
        } catch {
            throw error.located(file: file, source: text)
        }
    }

    /// Parses (or finds the text parsed already: ``ParsedQueries``), binds against `graph` and plans.
    public static func compile(_ text: String, file: String = "<query>", graph: GraphSnapshot,
                               parameters: [String: QueryValue] = [:], limits: QueryLimits = .default) throws(QueryError) -> Plan {
        do {
            let query = try ParsedQueries.shared.query(text)
            let bound = try Binder(graph: graph, parameters: parameters, limits: limits).bind(query)
            return Planner(graph: graph, limits: limits).plan(bound)
        } catch {
            throw error.located(file: file, source: text)
        }
    }

    /// Compiles and runs a query. `now` is the time `recency()` measures from (default: the clock).
    /// Callers that run many queries on one snapshot pass its `retrievers` (see ``Executor``).
    public static func run(_ text: String, file: String = "<query>", graph: GraphSnapshot,
                           parameters: [String: QueryValue] = [:], limits: QueryLimits = .default,
                           now: Timestamp? = nil, retrievers: RetrieverPool? = nil) throws(QueryError) -> QueryResult {
        let plan = try compile(text, file: file, graph: graph, parameters: parameters, limits: limits)
        do {
            return try Executor(graph: graph, limits: limits, now: now ?? currentTime(), retrievers: retrievers).run(plan)
        } catch {
            throw error.located(file: file, source: text)
        }
    }

    /// The wall clock as a ``Timestamp``.
    public static func currentTime() -> Timestamp {
        Timestamp(secondsSinceEpoch: Date().timeIntervalSince1970)
    }
}
