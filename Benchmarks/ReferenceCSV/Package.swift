// swift-tools-version:6.0
import PackageDescription

// A harness that runs the benchmark workload (shared/bench/README.md) from the generator's CSV
// files, without PostgreSQL: for checking answers against peers_from_csv.py and for timing the
// retrieval alone. Not part of the product.
let package = Package(
    name: "ReferenceCSV",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "InsightGraph", path: "../..")],
    targets: [
        .executableTarget(name: "reference-csv", dependencies: [
            .product(name: "InsightGraph", package: "InsightGraph"),
            .product(name: "InsightBench", package: "InsightGraph"),
        ]),
    ]
)
