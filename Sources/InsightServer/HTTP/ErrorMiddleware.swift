import Hummingbird
import Logging
import NIOCore

/// Turns every error below it into the JSON error body, so clients never see Hummingbird's
/// default bodies, and nothing internal: unexpected errors are logged and answered as a bare 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try map(error, request: request).response(from: request, context: context)
        }
    }

    func map(_ error: any Error, request: Request) -> ServiceError {
        if let error = error as? HTTPError { return ErrorMapping.map(error, path: request.uri.path) }
        if let mapped = ErrorMapping.known(error) { return mapped }
        logger.error("request failed", metadata: [
            "path": .string(request.uri.path), "error": .string(String(reflecting: error)),
        ])
        return .internalError
    }
}

/// Domain errors as the client sees them; the one place they are mapped to HTTP.
enum ErrorMapping {
    /// Any error as a ``ServiceError`` (unknown errors: a bare 500, see ``ErrorMiddleware``).
    static func map(_ error: any Error) -> ServiceError {
        if let error = error as? HTTPError { return map(error, path: "") }
        return known(error) ?? .internalError
    }

    /// The errors with a client-facing meaning; nil for anything else.
    static func known(_ error: any Error) -> ServiceError? {
        switch error {
        case let error as ServiceError:
            return error
        case let error as EngineError:
            switch error {
            case .invalidRequest(let code, let message):
                return located(ServiceError(.badRequest, code: code, message: message))
            case .limitExceeded(let code, let message):
                return located(ServiceError(.unprocessableContent, code: code, message: message))
            }
        case is NIOTooManyBytesError:
            return ServiceError(.contentTooLarge, code: "body_too_large", message: "request body is too large")
        default:
            return nil
        }
    }

    /// An IGQ error (`<query>:3:14: syntax error: ...`, QueryError's headline) with its position
    /// as `line` and `column` fields, so a client can point into the query without parsing text.
    static func located(_ error: ServiceError) -> ServiceError {
        guard error.code.hasPrefix("query_"), let location = queryLocation(in: error.message) else { return error }
        var copy = error
        copy.details["line"] = .number(Double(location.line))
        copy.details["column"] = .number(Double(location.column))
        return copy
    }

    /// `line:column` after the `<query>:` file name at the start of an IGQ error message.
    static func queryLocation(in message: String) -> (line: Int, column: Int)? {
        guard message.hasPrefix("<query>:") else { return nil }
        let parts = message.dropFirst("<query>:".count).split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let line = Int(parts[0]), let column = Int(parts[1]) else { return nil }
        return (line, column)
    }

    /// Hummingbird's own errors (no route, a malformed parameter) keep their status.
    static func map(_ error: HTTPError, path: String) -> ServiceError {
        switch error.status {
        case .notFound:
            return .notFound(path: path)
        case .methodNotAllowed:
            return ServiceError(.methodNotAllowed, code: "method_not_allowed", message: "method not allowed on \(path)")
        case .contentTooLarge:
            return ServiceError(.contentTooLarge, code: "body_too_large", message: "request body is too large")
        default:
            let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            return ServiceError(error.status, code: code, message: error.body ?? error.status.reasonPhrase)
        }
    }
}

/// Answers 405 with an `Allow` header, not 404, when a request's path is a route but its method
/// is not. Added to the router after every route, so it wraps only the not-found responder.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Route paths split into segments (`{name}` and `:name` match any one segment) and their methods.
    let routes: [(segments: [Substring], methods: [String])]

    init(routes: [(path: String, method: String)]) {
        var table: [String: Set<String>] = [:]
        for route in routes { table[route.path, default: []].insert(route.method) }
        self.routes = table.sorted { $0.key < $1.key }.map { path, methods in
            var allowed = methods
            if allowed.contains("GET") { allowed.insert("HEAD") }
            return (path.split(separator: "/"), allowed.sorted())
        }
    }

    /// The methods `path` answers, or nil when no route has that path.
    func allowedMethods(for path: String) -> [String]? {
        let segments = path.split(separator: "/")
        var allowed: Set<String> = []
        for route in routes where route.segments.count == segments.count {
            let matches = zip(route.segments, segments).allSatisfy { pattern, segment in
                pattern.hasPrefix("{") || pattern.hasPrefix(":") || pattern == segment
            }
            if matches { allowed.formUnion(route.methods) }
        }
        return allowed.isEmpty ? nil : allowed.sorted()
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = allowedMethods(for: request.uri.path) else { throw error }
            var refusal = ServiceError(.methodNotAllowed, code: "method_not_allowed",
                                       message: "\(request.method.rawValue) is not allowed on \(request.uri.path); allowed: "
                                           + allowed.joined(separator: ", "),
                                       details: ["allowed_methods": .array(allowed.map(JSONValue.string))])
            refusal.headers[.allow] = allowed.joined(separator: ", ")
            throw refusal
        }
    }
}

/// Records each request's count and latency under its route template.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let status: Int
        defer {
            metrics.recordRequest(endpoint: context.endpointPath ?? "NotFound", method: request.method.rawValue,
                                  status: status, duration: ContinuousClock.now - start)
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        } catch {
            status = 500
            throw error
        }
    }
}
