import Testing
import Foundation
@testable import InsightQuery

@Suite struct ScratchTests {
    @Test func show() throws {
        guard let qs = ProcessInfo.processInfo.environment["IGQ_SCRATCH"] else { return }
        for q in qs.components(separatedBy: "||") {
            do { print(q + "\n" + (try IGQ.run(q, graph: DemoData.graph)).rendered(as: .table)) } catch { print(error) }
        }
    }
}
