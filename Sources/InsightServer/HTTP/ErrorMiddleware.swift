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
        switch error {
        case let error as ServiceError:
            return error
        case let error as EngineError:
            switch error {
            case .invalidRequest(let code, let message):
                return ServiceError(.badRequest, code: code, message: message)
            case .limitExceeded(let code, let message):
                return ServiceError(.unprocessableContent, code: code, message: message)
            }
        case is NIOTooManyBytesError:
            return ServiceError(.contentTooLarge, code: "body_too_large", message: "request body is too large")
        case let error as HTTPError:
            return Self.map(error, path: request.uri.path)
        default:
            logger.error("request failed", metadata: [
                "path": .string(request.uri.path), "error": .string(String(reflecting: error)),
            ])
            return .internalError
        }
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
