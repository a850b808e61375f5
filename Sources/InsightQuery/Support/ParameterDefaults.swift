extension IGQ {
    /// The `$name`s a query's text mentions: what a caller may give values for (the CLI's
    /// `--param`, the MCP tool's `params`) beside the file's defaults.
    public static func parameterNames(in text: String) -> Set<String> {
        var names: Set<String> = []
        var scalars = text.unicodeScalars[...]
        while let dollar = scalars.firstIndex(of: "$") {
            let rest = scalars[scalars.index(after: dollar)...]
            let name = rest.prefix { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
            if !name.isEmpty { names.insert(String(String.UnicodeScalarView(name))) }
            scalars = rest.dropFirst(name.count)
        }
        return names
    }

    /// Default parameter values written in a query file as comments, one per line:
    /// `-- @param message=I saw coral bleaching today`. Values are untyped text (like `--param`)
    /// and are overridden by values given on the command line or through the API.
    public static func defaultParameters(in text: String) -> [String: QueryValue] {
        var result: [String: QueryValue] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = String(line).trimmed
            guard trimmed.hasPrefix("--") else { continue }
            let body = String(trimmed.dropFirst(2)).trimmed
            guard body.hasPrefix("@param "), let equals = body.firstIndex(of: "=") else { continue }
            let name = String(body[body.index(body.startIndex, offsetBy: 7)..<equals]).trimmed
            guard !name.isEmpty else { continue }
            result[name] = .untyped(String(body[body.index(after: equals)...]))
        }
        return result
    }
}
