import Yams

extension ConfigNode {
    /// The most nodes one YAML document may expand to. Aliases are shared by the parser but copied here, so a
    /// "billion laughs" document would otherwise take unbounded time. CloudFormation caps a template at 1 MB,
    /// which is well under this many nodes; real templates have a few thousand.
    static let maxYAMLNodes = 250_000

    /// Parses a YAML document (YAML 1.1 as libyaml reads it, which also accepts most JSON).
    ///
    /// CloudFormation short-form tags become their long form here (`!Ref Api` → `{"Ref": "Api"}`,
    /// `!GetAtt Api.ApiId` → `{"Fn::GetAtt": ["Api", "ApiId"]}`, `!Sub …` → `{"Fn::Sub": …}`), exactly as
    /// CloudFormation itself reads them, so loaders never see tags. Merge keys (`<<: *defaults`) are applied.
    ///
    /// - Returns: The root node, or `nil` when the document holds nothing but comments and whitespace.
    /// - Throws: `RouteConfigError` with the line and column libyaml reports.
    static func parseYAML(_ text: String, fileName: String) throws(RouteConfigError) -> ConfigNode? {
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, fileName: fileName)
        } catch {
            throw RouteConfigError.syntax(fileName, language: "YAML", at: nil, "\(error)")
        }
        guard let root else { return nil }
        var budget = maxYAMLNodes
        guard let node = convert(root, budget: &budget) else {
            throw RouteConfigError.syntax(
                fileName, language: "YAML", at: nil,
                "the document expands to more than \(maxYAMLNodes) nodes (aliases nested too deeply)"
            )
        }
        return node
    }

    private static func syntaxError(_ error: YamlError, fileName: String) -> RouteConfigError {
        func place(_ mark: Mark) -> TextPosition { TextPosition(line: mark.line, column: mark.column) }
        func withContext(_ problem: String, _ context: YamlError.Context?) -> String {
            guard let context else { return problem }
            return "\(problem) (\(context.text) at \(context.mark.line):\(context.mark.column))"
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return .syntax(fileName, language: "YAML", at: place(mark), withContext(problem, context))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .syntax(
                fileName, language: "YAML", at: place(context.mark),
                "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping"
            )
        case .reader(let problem, _, _, _):
            return .syntax(fileName, language: "YAML", at: nil, problem)
        default:
            return .syntax(fileName, language: "YAML", at: nil, "\(error)")
        }
    }

    private static func convert(_ node: Yams.Node, budget: inout Int) -> ConfigNode? {
        budget -= 1
        guard budget >= 0 else { return nil }
        let position = node.mark.map { TextPosition(line: $0.line, column: $0.column) }
        let converted: ConfigNode
        switch node {
        case .scalar(let scalar):
            converted = ConfigNode(.scalar(scalar.string, scalarKind(node)), at: position)
        case .sequence(let sequence):
            var elements: [ConfigNode] = []
            for element in sequence {
                guard let child = convert(element, budget: &budget) else { return nil }
                elements.append(child)
            }
            converted = ConfigNode(.list(elements), at: position)
        case .mapping(let mapping):
            guard let entries = convertEntries(mapping, budget: &budget) else { return nil }
            converted = ConfigNode(.map(entries), at: position)
        case .alias:
            // Yams resolves aliases while composing; an unresolved one carries no value.
            converted = ConfigNode(.scalar("", .null), at: position)
        }
        return applyingShortFormTag(node.tag.description, to: converted)
    }

    private static func convertEntries(
        _ mapping: Yams.Node.Mapping, budget: inout Int
    ) -> [(key: String, value: ConfigNode)]? {
        var entries: [(key: String, value: ConfigNode)] = []
        var merged: [(key: String, value: ConfigNode)] = []
        for (key, value) in mapping {
            guard let child = convert(value, budget: &budget) else { return nil }
            if key.tag.description == Tag.Name.merge.rawValue {
                // `<<: *base` or `<<: [*a, *b]`: earlier sources win, explicit keys win over all (YAML merge key).
                let sources = child.elements ?? [child]
                for source in sources { merged += source.entries ?? [] }
                continue
            }
            // CloudFormation and Serverless keys are plain scalars; a complex key gets a placeholder name.
            let keyText = key.scalar?.string ?? "?"
            entries.append((keyText, child))
        }
        for entry in merged where !entries.contains(where: { $0.key == entry.key }) {
            entries.append(entry)
        }
        return entries
    }

    private static func scalarKind(_ node: Yams.Node) -> ScalarKind {
        switch node.tag.description {
        case Tag.Name.null.rawValue: .null
        case Tag.Name.int.rawValue, Tag.Name.float.rawValue: .number
        case Tag.Name.bool.rawValue: .boolean
        default: .string
        }
    }

    /// Rewrites a CloudFormation short-form tag to the long form (the CloudFormation user guide's
    /// "Intrinsic function reference": `!Ref` ↔ `Ref`, `!Condition` ↔ `Condition`, `!X` ↔ `Fn::X`).
    private static func applyingShortFormTag(_ tag: String, to node: ConfigNode) -> ConfigNode {
        // Standard tags (`tag:yaml.org,2002:…`), the non-specific `!` and `!!x` shorthands are not functions.
        guard tag.hasPrefix("!"), !tag.hasPrefix("!!"), tag.count > 1 else { return node }
        let name = String(tag.dropFirst())
        var argument = node
        if argument.isNull { argument.value = .scalar("", .string) }
        switch name {
        case "Ref", "Condition":
            return ConfigNode(.map([(name, argument)]), at: node.position)
        case "GetAtt":
            // `!GetAtt Api.ApiId` is the scalar form of `Fn::GetAtt: [Api, ApiId]`; the split is at the first dot
            // because attribute names may contain dots (`Endpoint.Address`).
            if case .scalar(let text, _) = argument.value, let dot = text.firstIndex(of: ".") {
                let parts = [String(text[..<dot]), String(text[text.index(after: dot)...])]
                argument.value = .list(parts.map { ConfigNode(.scalar($0, .string), at: node.position) })
            }
            return ConfigNode(.map([("Fn::GetAtt", argument)]), at: node.position)
        default:
            return ConfigNode(.map([("Fn::" + name, argument)]), at: node.position)
        }
    }
}
