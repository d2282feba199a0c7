import Foundation

/// Resolves the Serverless Framework variables that a `serverless.yml` determines by itself.
///
/// `${self:custom.routeKey}`, alone or inside longer text, is looked up in the same
/// document. Every other source (`opt:`, `env:`, `sls:`, `ssm:`, `file(…)`, `cf:`…) depends on the deploy command
/// or the cloud, so the text is kept and the result says it is incomplete.
struct ServerlessVariables {
    /// A value as far as the file determines it.
    struct Text: Hashable {
        var text: String
        var isComplete: Bool
    }

    /// The whole document, for `self:` lookups.
    let root: ConfigNode

    /// Replaces each resolvable `${self:…}` in `text`.
    func resolve(_ text: String) -> Text {
        resolve(text, depth: 0)
    }

    private func resolve(_ text: String, depth: Int) -> Text {
        guard text.contains("${") else { return Text(text: text, isComplete: true) }
        var output = ""
        var isComplete = true
        var rest = Substring(text)
        while let open = rest.firstRange(of: "${") {
            output += rest[..<open.lowerBound]
            guard let close = matchingBrace(in: rest, from: open.upperBound) else {
                output += rest[open.lowerBound...]
                rest = ""
                break
            }
            let inner = rest[open.upperBound..<close]
            rest = rest[rest.index(after: close)...]
            if depth < ServerlessVariables.maxDepth, let value = selfReference(inner) {
                let resolved = resolve(value, depth: depth + 1)
                output += resolved.text
                isComplete = isComplete && resolved.isComplete
            } else {
                output += "${" + inner + "}"
                isComplete = false
            }
        }
        output += rest
        return Text(text: output, isComplete: isComplete)
    }

    private static let maxDepth = ServerlessRoutes.maxVariableDepth

    /// The closing brace of a `${`, skipping nested `${…}` (as in `${self:custom.${opt:stage}}`).
    private func matchingBrace(in text: Substring, from start: Substring.Index) -> Substring.Index? {
        var depth = 0
        var index = start
        while index < text.endIndex {
            let character = text[index]
            if character == "{" { depth += 1 }
            if character == "}" {
                if depth == 0 { return index }
                depth -= 1
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// The scalar text a `self:a.b.c` reference points at, or `nil` (another source, a fallback, not a scalar).
    private func selfReference(_ inner: Substring) -> String? {
        let trimmed = inner.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("self:"), !trimmed.contains(","), !trimmed.contains("${") else { return nil }
        var node: ConfigNode? = root
        for key in trimmed.dropFirst(5).split(separator: ".") {
            if let index = Int(key), let elements = node?.elements, elements.indices.contains(index) {
                node = elements[index]
            } else {
                node = node?[String(key)]
            }
        }
        return node?.scalarText
    }
}
