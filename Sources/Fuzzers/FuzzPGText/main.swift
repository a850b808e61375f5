import InsightStore

// libFuzzer entry point: the same bytes go through each PostgreSQL text-format parser the loader
// uses on column values (text[] arrays, timestamps, integers, floats). Each must return a value
// or throw TextParseError with an offset inside the input; never trap.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPGText(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes: [UInt8] = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    check(bytes.count) { () throws(TextParseError) in try ArrayParser.parse(bytes) }
    check(bytes.count) { () throws(TextParseError) in try TimestampParser.parse(bytes) }
    check(bytes.count) { () throws(TextParseError) in try NumberParser.parseInt(bytes) }
    check(bytes.count) { () throws(TextParseError) in try NumberParser.parseDouble(bytes) }
    // A slice that does not start at index 0, as the COPY row reader passes fields.
    if bytes.count > 1 {
        let tail = bytes[1...]
        check(tail.count) { () throws(TextParseError) in try ArrayParser.parse(tail) }
        check(tail.count) { () throws(TextParseError) in try TimestampParser.parse(tail) }
    }
    return 0
}

/// Runs one parser; an error must point inside the input.
func check<T>(_ count: Int, _ parse: () throws(TextParseError) -> T) {
    do {
        _ = try parse()
    } catch {
        precondition((0...count).contains(error.offset), "offset outside the \(count)-byte input: \(error)")
        _ = error.description
    }
}
