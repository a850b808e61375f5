import FuzzSupport
import Hummingbird
import InsightServer
import Logging

// libFuzzer entry point: the input is a request body, handed to both `POST /v1/retrieve` and
// `POST /v1/query` exactly as the routes handle a body once read (JSON decoding with field-path
// errors, validation against the served snapshot, then the retrieval or IGQ engine) on a small
// fixed graph. ServiceError / EngineError are the expected answers to bad bodies; traps are not.

let routes: RetrievalRoutes = {
    var configuration = ServerConfiguration()
    configuration.maxBodyBytes = 1 << 20
    configuration.maxRetrieveLimit = 50
    configuration.queryDeadline = .milliseconds(200)
    let service = InsightService(source: nil, engines: .standard, configuration: configuration,
                                 logger: Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() }))
    do {
        try service.store.install(FuzzGraph.snapshot, full: true)
    } catch {
        fatalError("cannot install the fuzz graph: \(error)")
    }
    return service.retrievalRoutes()
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    var body = ByteBuffer()
    if let start { body.writeBytes(UnsafeRawBufferPointer(start: start, count: count)) }
    _ = try? routes.retrieve(body: body)
    _ = try? routes.query(body: body)
    return 0
}
