import InsightGraph

/// The JSON of a retrieval, shared by `POST /v1/retrieve` and `insightgraph retrieve --format json`
/// so the two can never drift apart: keys sorted (by UTF-8 bytes), slashes not escaped, `content`
/// and `type` `null` when the row has none.
///
/// Written field by field with ``JSONByteWriter`` (keys listed here in sorted order), byte-identical
/// to the `JSONEncoder` encoding it replaced (`.sortedKeys, .withoutEscapingSlashes`; kept as the
/// oracle in RetrievalJSONTests), which cost ~22% of service CPU under load (now ~2.5%). Throws
/// `EncodingError.invalidValue` for a non-finite number, as `JSONEncoder` did.
public enum RetrievalJSON {
    public static func encode(_ response: RetrievalResponse, prompt: PromptSection, micros: Int) throws -> [UInt8] {
        var w = JSONByteWriter(reservingCapacity: estimatedSize(response, prompt: prompt))
        w.beginObject()
        w.key("character"); w.string(response.character.normalizedName ?? "")
        w.key("micros"); w.int(micros)
        w.key("prompt"); w.string(prompt.text)
        w.key("results"); w.beginArray()
        for result in response.results { try write(result, to: &w) }
        w.endArray()
        w.key("seeds"); w.beginArray()
        for seed in response.seeds { try write(seed, to: &w) }
        w.endArray()
        w.endObject()
        return w.bytes
    }

    private static func write(_ seed: Seed, to w: inout JSONByteWriter) throws {
        w.beginObject()
        w.key("bm25"); try w.double(seed.bm25)
        w.key("caller_weight"); try w.double(seed.callerWeight)
        w.key("id"); w.int(seed.insightId)
        w.key("trigger_score"); try w.double(seed.triggerScore)
        w.key("triggers"); w.beginArray()
        for trigger in seed.matchedTriggers { w.string(trigger) }
        w.endArray()
        w.key("weight"); try w.double(seed.weight)
        w.endObject()
    }

    private static func write(_ r: RetrievedInsight, to w: inout JSONByteWriter) throws {
        w.beginObject()
        w.key("collapsed"); w.beginArray()
        for id in r.collapsed { w.int(id) }
        w.endArray()
        w.key("components"); try write(r.components, to: &w)
        w.key("content"); w.string(r.insight.content)
        w.key("id"); w.int(r.id)
        w.key("path"); w.beginArray()
        for id in r.path { w.int(id) }
        w.endArray()
        w.key("path_has_contradiction"); w.bool(r.pathHasContradiction)
        w.key("path_strength"); try w.double(r.pathStrength)
        w.key("path_types"); w.beginArray()
        for type in r.pathTypes { w.string(type) }
        w.endArray()
        w.key("score"); try w.double(r.score)
        w.key("seeds"); w.beginArray()
        for reach in r.seeds {
            w.beginObject()
            w.key("hops"); w.int(reach.hops)
            w.key("id"); w.int(reach.insightId)
            w.key("path_strength"); try w.double(reach.pathStrength)
            w.key("seed_weight"); try w.double(reach.seedWeight)
            w.endObject()
        }
        w.endArray()
        w.key("type"); w.string(r.insight.type)
        w.endObject()
    }

    private static func write(_ c: ScoreComponents, to w: inout JSONByteWriter) throws {
        w.beginObject()
        w.key("bm25"); try w.double(c.bm25)
        w.key("boost_from")
        if let id = c.boostFrom { w.int(id) } else { w.null() }
        w.key("caller"); try w.double(c.caller)
        w.key("confidence"); try w.double(c.confidence)
        w.key("direct"); try w.double(c.direct)
        w.key("graph"); try w.double(c.graph)
        w.key("graph_raw"); try w.double(c.graphRaw)
        w.key("importance"); try w.double(c.importance)
        w.key("phrase"); try w.double(c.phrase)
        w.key("recency"); try w.double(c.recency)
        w.key("total"); try w.double(c.total)
        w.key("valence"); try w.double(c.valence)
        w.endObject()
    }

    /// A little over the usual size, so the answer is written into one allocation: fixed bytes
    /// per seed/result/reach (keys, ~20-digit numbers) plus the text they carry.
    static func estimatedSize(_ response: RetrievalResponse, prompt: PromptSection) -> Int {
        var size = 128 + prompt.text.utf8.count + (response.character.normalizedName?.utf8.count ?? 0)
        for seed in response.seeds {
            size += 160
            for trigger in seed.matchedTriggers { size += trigger.utf8.count + 3 }
        }
        for r in response.results {
            size += 640 + (r.insight.content?.utf8.count ?? 0) + (r.insight.type?.utf8.count ?? 0)
            size += r.seeds.count * 96 + (r.path.count + r.collapsed.count) * 12
            for type in r.pathTypes { size += (type?.utf8.count ?? 4) + 3 }
        }
        return size + size / 16
    }
}
