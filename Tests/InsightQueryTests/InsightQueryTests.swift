import Testing
@testable import InsightQuery

@Suite struct InsightQueryPlaceholderTests {
    @Test func moduleLinks() { #expect(Bool(true)) }
}
