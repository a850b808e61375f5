import Testing
@testable import InsightStore

/// Rows of a COPY stream own their bytes: libpq's buffer for a line is freed when the line has been
/// copied, before the callback runs. Under AddressSanitizer (`Scripts/sanitize.sh address`) a row
/// that still pointed into a freed buffer would be reported as a heap use-after-free here.
@Suite struct TextRowTests {
    /// Rows of different lengths (libpq allocates each line's buffer separately), with escapes.
    static let copy = """
        COPY (SELECT g, repeat('x' || chr(9), g * 7), CASE WHEN g % 3 = 0 THEN NULL ELSE 'n' || g END
              FROM generate_series(1, 300) g) TO STDOUT
        """

    static func expectedText(_ g: Int) -> String { String(repeating: "x\t", count: g * 7) }

    @Test func aRowKeptAfterItsCallbackStillReadsItsOwnValues() throws {
        try TestDatabase.with { conninfo in
            let connection = try Connection(conninfo)
            var row = TextRow(TableSpec.characters)
            var kept: [TextRow] = []
            let count = try connection.copyOut(Self.copy, into: &row) { (row: inout TextRow) throws(StoreError) in
                kept.append(row)
            }
            #expect(count == 300)
            #expect(kept.count == 300)
            for (index, row) in kept.enumerated() {
                let g = index + 1
                #expect(try row.int(0) == g)
                #expect(row.string(1) == Self.expectedText(g))
                #expect(row.string(2) == (g % 3 == 0 ? nil : "n\(g)"))
            }
            // The row the stream reused holds the last line.
            #expect(try row.int(0) == 300)
            #expect(row.string(1) == Self.expectedText(300))
        }
    }

    @Test func aFailingRowCancelsTheStreamAndLeavesTheConnectionUsable() throws {
        try TestDatabase.with { conninfo in
            let connection = try Connection(conninfo)
            var row = TextRow(TableSpec.characters)
            var seen: [Int] = []
            #expect(throws: StoreError.badValue(table: "characters", column: "name", rowId: 7,
                                                message: "invalid integer at byte 0: expected a digit")) {
                try connection.copyOut(Self.copy, into: &row) { (row: inout TextRow) throws(StoreError) in
                    let id = try row.int(0)!
                    row.rowId = id
                    seen.append(id)
                    if id == 7 { _ = try row.int(1) }  // text, not an integer
                }
            }
            #expect(seen == Array(1...7))
            #expect(try connection.execute("SELECT 41 + 1").string(0, 0) == "42")
        }
    }

    @Test func aQueryResultRowOwnsItsBytes() throws {
        try TestDatabase.with { conninfo in
            let connection = try Connection(conninfo)
            var rows: [TextRow] = []
            do {
                let result = try connection.execute("SELECT g, repeat('y', g * 11), NULL::text FROM generate_series(1, 50) g")
                for index in 0..<result.rowCount {
                    var row = TextRow(TableSpec.characters)
                    try row.load(result, row: index)
                    rows.append(row)
                }
            }  // the result is cleared here
            for (index, row) in rows.enumerated() {
                #expect(try row.int(0) == index + 1)
                #expect(row.string(1) == String(repeating: "y", count: (index + 1) * 11))
                #expect(row.string(2) == nil)
            }
        }
    }

    @Test func aRowWithTheWrongFieldCountIsRefused() throws {
        try TestDatabase.with { conninfo in
            let connection = try Connection(conninfo)
            var row = TextRow(TableSpec.characters)
            #expect(throws: StoreError.badValue(table: "characters", column: "(row)", rowId: nil,
                                                message: "expected 3 fields, got 2")) {
                try connection.copyOut("COPY (SELECT 1, 'a') TO STDOUT", into: &row) { (_: inout TextRow) throws(StoreError) in }
            }
        }
    }
}
