import InsightGraph

/// One `<data>` per non-NULL value: the only way column text reaches the document, so every string
/// is sanitized and its replacements counted under the key's `attr.name`.
extension GraphMLDocumentWriter {
    func data(_ key: GraphMLKey, _ value: String?) {
        guard let value else { return }
        sink.raw(key.dataStartTag)
        count(sink.text(value), key)
        sink.raw("</data>\n")
    }

    func data(_ key: GraphMLKey, _ value: Int?) {
        guard let value else { return }
        sink.raw(key.dataStartTag)
        sink.int(value)
        sink.raw("</data>\n")
    }

    func data(_ key: GraphMLKey, _ value: Double?) {
        guard let value else { return }
        sink.raw(key.dataStartTag)
        sink.double(value)
        sink.raw("</data>\n")
    }

    func data(_ key: GraphMLKey, _ value: Timestamp?) {
        guard let value else { return }
        sink.raw(key.dataStartTag)
        sink.timestamp(value)
        sink.raw("</data>\n")
    }

    /// A `text[]` as ``GraphMLValueFormat/jsonArray(_:)`` spells it, written without building it.
    /// Its escapes leave nothing to sanitize.
    func data(_ key: GraphMLKey, _ values: [String?]?) {
        guard let values else { return }
        sink.raw(key.dataStartTag)
        sink.raw("[")
        var first = true
        for value in values {
            if !first { sink.raw(",") }
            first = false
            if let value { sink.jsonString(value) } else { sink.raw("null") }
        }
        sink.raw("]</data>\n")
    }

    /// The node label `V.shortLabel(text)`, cut without building the shortened string when the
    /// first characters are ASCII (the usual case).
    func label(shortening text: String) {
        let limit = V.labelLength
        var text = text
        let written: Int? = text.withUTF8 { bytes in
            if bytes.count <= limit {
                sink.raw(V.nodeLabel.dataStartTag)
                return sink.text(bytes)
            }
            // limit + 1 ASCII bytes without CR are limit + 1 characters (only CR LF joins two ASCII
            // bytes into one character), so the cut falls after byte limit - 1.
            for index in 0...limit where bytes[index] >= 0x80 || bytes[index] == 0x0D { return nil }
            sink.raw(V.nodeLabel.dataStartTag)
            let replaced = sink.text(UnsafeBufferPointer(rebasing: bytes[..<(limit - 1)]))
            sink.raw("…")
            return replaced
        }
        if let written {
            count(written, V.nodeLabel)
            sink.raw("</data>\n")
        } else {
            data(V.nodeLabel, V.shortLabel(text))
        }
    }

    /// `<data key="n_label">prefix id</data>` for a node without text of its own.
    func labelData(prefix: StaticString, _ id: Int) {
        sink.raw(V.nodeLabel.dataStartTag)
        sink.raw(prefix)
        sink.int(id)
        sink.raw("</data>\n")
    }

    func count(_ replaced: Int, _ key: GraphMLKey) {
        if replaced > 0 { report.replacedCharacters[key.name, default: 0] += replaced }
    }
}
