import CLibPQ

// The pointer code of `NoticeSink`: libpq calls back with an opaque context and a borrowed `PGresult`.

extension NoticeSink {
    /// Installs itself on `connection`, which must not outlive this object.
    func install(on connection: OpaquePointer) {
        PQsetNoticeReceiver(connection, { context, result in
            guard let context, let result else { return }
            let sink = Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue()
            guard let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map({ String(cString: $0) }),
                  state.hasPrefix("57"),
                  let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map({ String(cString: $0) })
            else { return }
            sink.shutdownNotice = message
        }, Unmanaged.passUnretained(self).toOpaque())
    }
}
