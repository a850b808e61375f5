import ArgumentParser
import Foundation

/// `--characters-file F`: one character name per line; blank lines and lines starting with `#`
/// are ignored, surrounding whitespace is trimmed.
enum CharacterListFile {
    static func read(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("--characters-file \(path): cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("--characters-file \(path): the file is not UTF-8")
        }
        let names = parse(text)
        guard !names.isEmpty else { throw ValidationError("--characters-file \(path): the file names no character") }
        return names
    }

    static func parse(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
