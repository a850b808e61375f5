/// `insightgraph schema apply [--production]`: the seed tables that are missing (``SchemaDDL``),
/// then the recommended indexes and, only on request, the production constraints — those two in
/// one transaction, so a production check that fails leaves the database as it was.
public enum SchemaSetup {
    public struct Result: Sendable, Equatable {
        public var tables: SchemaDDL.ApplyResult
        public var indexes: SchemaIndexes.ApplyResult
        public var constraints: ProductionConstraints.ApplyResult?
    }

    public static func apply(on connection: Connection, production: Bool) throws(ProductionConstraints.ApplyError) -> Result {
        let tables = try store { () throws(StoreError) in try SchemaDDL.apply(on: connection) }
        try store { () throws(StoreError) in try connection.execute("BEGIN") }
        do throws(ProductionConstraints.ApplyError) {
            let indexes = try store { () throws(StoreError) in try SchemaIndexes.apply(on: connection) }
            let constraints = production ? try ProductionConstraints.apply(on: connection) : nil
            try store { () throws(StoreError) in try connection.execute("COMMIT") }
            return Result(tables: tables, indexes: indexes, constraints: constraints)
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    @discardableResult
    private static func store<T>(_ body: () throws(StoreError) -> T) throws(ProductionConstraints.ApplyError) -> T {
        do { return try body() } catch { throw .database(error) }
    }
}
