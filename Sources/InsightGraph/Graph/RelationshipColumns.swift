/// Relationship rows as the builder stages them: one array per column (43 bytes a row instead of
/// an 88-byte ``Relationship`` value), with the type interned as rows arrive.
///
/// Why: on a 5M-edge graph the staged rows are the builder's largest allocation. As columns they
/// also become the snapshot's own edge columns in place (``GraphBuilder`` compacts them), so a
/// load never holds two full copies of the edges.
struct RelationshipColumns {
    static let nullId = Int.min

    var ids: [Int] = []
    var fromIds: [Int] = []
    var toIds: [Int] = []
    var typeCodes: [UInt16] = []
    var strengths: [Double] = []
    var strengthIsNull: [Bool] = []
    var createdMicros: [Int64] = []
    /// Interned types; a NULL type is `nil`. More than 65,535 distinct types fold into the last code.
    private(set) var types: [String?] = []
    private var codeByType: [String?: UInt16] = [:]

    var count: Int { ids.count }

    mutating func reserveCapacity(_ n: Int) {
        ids.reserveCapacity(n); fromIds.reserveCapacity(n); toIds.reserveCapacity(n)
        typeCodes.reserveCapacity(n); strengths.reserveCapacity(n); strengthIsNull.reserveCapacity(n)
        createdMicros.reserveCapacity(n)
    }

    mutating func append(_ row: Relationship) {
        ids.append(row.id)
        fromIds.append(row.fromInsightId ?? Self.nullId)
        toIds.append(row.toInsightId ?? Self.nullId)
        typeCodes.append(code(for: row.type))
        strengths.append(row.strength ?? .nan)
        strengthIsNull.append(row.strength == nil)
        createdMicros.append(row.createdDate?.microsecondsSinceEpoch ?? GraphSnapshot.nullMicros)
    }

    private mutating func code(for type: String?) -> UInt16 {
        // Few distinct types: a linear scan (identical strings compare by pointer) beats hashing.
        if types.count <= 16, let index = types.firstIndex(of: type) { return UInt16(index) }
        if let known = codeByType[type] { return known }
        let code = UInt16(min(types.count, Int(UInt16.max)))
        if types.count < Int(UInt16.max) {
            codeByType[type] = code
            types.append(type)
        }
        return code
    }

    /// Orders every column by id (stable, so the first of two rows with one id stays first).
    /// Rows usually arrive in id order already; then nothing moves.
    mutating func sortById() {
        var sorted = true
        for i in ids.indices.dropFirst() where ids[i - 1] > ids[i] {
            sorted = false
            break
        }
        if sorted { return }
        let order = ids.indices.sorted { ids[$0] != ids[$1] ? ids[$0] < ids[$1] : $0 < $1 }
        func gather<T>(_ column: inout [T]) { column = order.map { column[$0] } }
        gather(&ids); gather(&fromIds); gather(&toIds); gather(&typeCodes)
        gather(&strengths); gather(&strengthIsNull); gather(&createdMicros)
    }

    /// Keeps the first `n` rows of the columns that become the snapshot's edge columns.
    mutating func truncate(to n: Int) {
        ids.removeLast(ids.count - n)
        typeCodes.removeLast(typeCodes.count - n)
        strengths.removeLast(strengths.count - n)
        strengthIsNull.removeLast(strengthIsNull.count - n)
        createdMicros.removeLast(createdMicros.count - n)
        fromIds = []
        toIds = []
    }
}
