import Foundation
import InsightGraph
import Testing
@testable import GraphML

@Suite struct GraphMLExporterTests {
    @Test func smoke() throws {
        let dir = try TestFiles.temporaryDirectory()
        let (path, report) = try TestFiles.export(SampleGraphs.awkward(), .init(flavour: .yed, withTimeline: true), in: dir)
        print(String(decoding: try TestFiles.bytes(path), as: UTF8.self))
        print(report)
    }
}
