import InsightGraph
#if canImport(Glibc)
import Glibc
#endif

/// The current row of a COPY stream, with typed accessors that name the table, column and row id
/// in their errors.
///
/// It points into libpq's row buffer, valid only inside the ``Connection/copyOut(_:row:_:)``
/// callback; accessors copy what they return.
struct CopyRow {
    let table: String
    let columns: [String]
    private var buffer = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
    private var fields: [FieldRange] = []
    /// The row's id once read (field 0), for error messages.
    var rowId: Int?

    init(table: String, columns: [String]) {
        self.table = table
        self.columns = columns
        fields.reserveCapacity(columns.count)
    }

    mutating func load(_ bytes: UnsafeMutableBufferPointer<UInt8>) throws(StoreError) {
        buffer = bytes
        rowId = nil
        do throws(TextParseError) {
            try CopyText.decodeRow(bytes, into: &fields)
        } catch {
            throw .badValue(table: table, column: "(row)", rowId: nil, message: error.description)
        }
        guard fields.count == columns.count else {
            throw .badValue(table: table, column: "(row)", rowId: nil,
                            message: "expected \(columns.count) fields, got \(fields.count)")
        }
    }

    private func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8>? {
        let field = fields[index]
        if field.isNull { return nil }
        return UnsafeBufferPointer(rebasing: buffer[field.start..<field.end])
    }

    private func failure(_ index: Int, _ error: TextParseError) -> StoreError {
        .badValue(table: table, column: columns[index], rowId: rowId, message: error.description)
    }

    func int(_ index: Int) throws(StoreError) -> Int? {
        guard let bytes = bytes(index) else { return nil }
        do throws(TextParseError) { return try NumberParser.parseInt(bytes) } catch { throw failure(index, error) }
    }

    func double(_ index: Int) throws(StoreError) -> Double? {
        guard let bytes = bytes(index) else { return nil }
        do throws(TextParseError) { return try NumberParser.parseDouble(bytes) } catch { throw failure(index, error) }
    }

    func string(_ index: Int) -> String? {
        bytes(index).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A low-cardinality string (a type name), shared with earlier rows through `interner`.
    func string(_ index: Int, interning interner: inout StringInterner) -> String? {
        bytes(index).map { interner.intern($0) }
    }

    func timestamp(_ index: Int) throws(StoreError) -> Timestamp? {
        guard let bytes = bytes(index) else { return nil }
        do throws(TextParseError) { return try TimestampParser.parse(bytes) } catch { throw failure(index, error) }
    }

    func textArray(_ index: Int) throws(StoreError) -> [String?]? {
        guard let bytes = bytes(index) else { return nil }
        do throws(TextParseError) { return try ArrayParser.parse(bytes) } catch { throw failure(index, error) }
    }
}

/// Shares one `String` per distinct value of a low-cardinality column (insight and relationship
/// types), so a million rows hold a handful of strings. Past `capacity` values it stops caching.
struct StringInterner {
    private var entries: [(bytes: [UInt8], string: String)] = []
    let capacity: Int

    init(capacity: Int = 64) { self.capacity = capacity }

    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        for entry in entries where entry.bytes.count == bytes.count {
            let equal = entry.bytes.withUnsafeBufferPointer { known in
                bytes.isEmpty || memcmp(known.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            }
            if equal { return entry.string }
        }
        let string = String(decoding: bytes, as: UTF8.self)
        if entries.count < capacity { entries.append((Array(bytes), string)) }
        return string
    }
}
