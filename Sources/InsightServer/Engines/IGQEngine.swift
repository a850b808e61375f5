import InsightGraph
import InsightQuery

/// `/v1/query` through IGQ, with the IGQ limits and the service's deadline.
struct IGQEngine: QueryEngine {
    var limits = QueryLimits.default

    func execute(_ request: QueryRequest, on snapshot: GraphSnapshot) throws -> [UInt8] {
        var limits = self.limits
        limits.deadline = max(.milliseconds(1), request.deadline - .now)
        var parameters: [String: QueryValue] = [:]
        for (name, value) in request.params { parameters[name] = try Self.value(value, path: "body.params.\(name)") }
        do {
            let result = try IGQ.run(request.query, graph: snapshot, parameters: parameters, limits: limits,
                                     retrievers: request.retrievers)
            return Array(result.rendered(as: .json).utf8)
        } catch {
            let message = error.description
            switch error.stage {
            case .limit: throw EngineError.limitExceeded(code: "query_limit", message: message)
            case .lexer, .parser: throw EngineError.invalidRequest(code: "query_syntax", message: message)
            case .binder: throw EngineError.invalidRequest(code: "query_name", message: message)
            case .types: throw EngineError.invalidRequest(code: "query_type", message: message)
            case .executor: throw EngineError.invalidRequest(code: "query_execution", message: message)
            }
        }
    }

    /// JSON parameters: strings stay untyped (read as the type their position needs, like `--param`).
    static func value(_ json: JSONValue, path: String) throws -> QueryValue {
        switch json {
        case .null: return .null
        case .bool(let b): return .untyped(b ? "true" : "false")
        case .string(let s): return .untyped(s)
        case .number(let n):
            if n.rounded() == n, abs(n) < 9.0e15 { return .integer(Int64(n)) }
            return .number(n)
        case .array(let items):
            return .list(try items.enumerated().map { try value($1, path: "\(path)[\($0)]") })
        case .object:
            throw EngineError.invalidRequest(code: "invalid_parameter", message: "\(path): objects are not supported as IGQ parameters")
        }
    }
}
